"""Messages the Import screen's workers post (workers only post; the screen's handlers change widgets)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from core.bulk.journal import Job
    from core.bulk.plan import Plan
    from core.bulk.report import ImportReport
    from core.bulk.sending import Progress
    from core.pacing import Wait
    from koretui.screens.import_confirm import Budget


@dataclass
class ListsRead(Message):
    """The tenant's list names, for the List and DNC inputs' completion."""

    names: list[str]


@dataclass
class UnfinishedJobs(Message):
    """Imports into this tenant that stopped before the end (offered for resumption)."""

    jobs: list[Job]


@dataclass
class DryRunDone(Message):
    """The engine's plan and its report; `then_import` when Import asked for this dry run."""

    plan: Plan
    report: ImportReport
    budget: Budget
    then_import: bool = False


@dataclass
class ImportNote(Message):
    """A line of narration from the engine ("reading 'Renewal Due': 300 of 1,000 contacts")."""

    text: str


@dataclass
class ImportWaiting(Message):
    """The client waits for the rate limit (or a retry backoff) before its next request."""

    wait: Wait


@dataclass
class ImportProgressed(Message):
    """The running job moved on (a batch acknowledged, verification polled)."""

    progress: Progress


@dataclass
class ImportStarted(Message):
    """A job is journaled (new, or resumed) and its batches are about to go."""

    job: Job
    note: str = ""


@dataclass
class ImportEnded(Message):
    """A job stopped: finished (`report` has sent and confirmed), cancelled, or failed (`error`)."""

    job_id: str
    report: ImportReport | None
    error: str | None = None
    cancelled: bool = False
    missing: list[str] = field(default_factory=list)


@dataclass
class ImportFailed(Message):
    """The dry run (or the start of a job) stopped with the engine's one-line error."""

    error: str
