"""Offers the imports into this tenant that stopped before the end, so one can be resumed.

Resuming re-reads the list first (core/bulk/sending.py `prepare_resume`), so no number is sent twice
and none is skipped.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from core.bulk.journal import Job

NOT_NOW = "not-now"


def unfinished(jobs: list[Job], backend: str) -> list[Job]:
    """Jobs against this tenant that can resume (interrupted or failed), newest first."""
    return [job for job in jobs if job.backend == backend and job.status in ("interrupted", "failed")]


def describe(job: Job) -> Content:
    started = time.strftime("%Y-%m-%d %H:%M", time.localtime(job.created))
    why = f" · {job.error}" if job.error and job.error != "interrupted" else ""
    return Content.assemble(
        (f"{job.list_name}", "bold"),
        f"  {job.sent:,} of {job.total:,} sent · {job.status}\n",
        (f"job {job.id} · {started} · {job.source.rsplit('/', 1)[-1]}{why}", "dim"),
    )


class ResumeJobsScreen(ModalScreen[str | None]):
    """Dismisses with the job id to resume, or None (Not now, Escape)."""

    BINDINGS = [Binding("escape", "cancel", "Not now")]
    AUTO_FOCUS = "#jobs"

    def __init__(self, jobs: list[Job]) -> None:
        super().__init__(classes="resume-jobs")
        self.jobs = jobs

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            count = len(self.jobs)
            dialog.border_title = f"{count} unfinished import{'s' if count != 1 else ''}"
            yield Static(
                "These imports stopped before the end. Resuming re-reads the list first, so no number "
                "is sent twice and none is skipped."
            )
            options = [Option(describe(job), id=job.id) for job in self.jobs]
            options.append(Option(Content.styled("Not now", "italic"), id=NOT_NOW))
            yield OptionList(*options, id="jobs")
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(None if event.option.id == NOT_NOW else event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
