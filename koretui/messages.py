"""Messages between the widgets and the main screen (workers only post these; handlers change widgets)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from core.client import CallResult
    from core.pacing import Wait
    from koretui.history import HistoryEntry


@dataclass
class OperationChosen(Message):
    """Open an operation's form, optionally filling some fields (row action, palette, history)."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class SubmitRequested(Message):
    """A form wants its operation sent with these values (already validated)."""

    key: str
    values: dict[str, Any]


@dataclass
class CallCompleted(Message):
    """A call finished: a result, or the error core raised (never both)."""

    key: str
    inputs: dict[str, Any]
    result: CallResult | None
    error: Exception | None


@dataclass
class CallWaiting(Message):
    """A running call waits (rate limit or retry backoff) before its next attempt."""

    key: str
    wait: Wait


@dataclass
class PageRequested(Message):
    """The results table wants another page of the same read."""

    key: str
    skip: int
    limit: int = 0
    """The page size, for reads paged by page number (`page = skip // limit + 1`)."""


@dataclass
class RowChosen(Message):
    """A row of a results table was chosen: `open` (its next step), `actions` or `details`."""

    record: Any
    how: str = "actions"


@dataclass
class HistoryChosen(Message):
    """A history entry was selected: re-fill its form."""

    entry: HistoryEntry


@dataclass
class RefreshRequested(Message):
    """Send the last read again (the `r` key on a results table)."""

    key: str


@dataclass
class CopyRequested(Message):
    """Put `text` on the clipboard; `what` names it in the notice ("id cl-123")."""

    text: str
    what: str


@dataclass
class CurrentLoaded(Message):
    """The record an update form addresses, as read now (None when it could not be read)."""

    record_id: str
    record: Any
    problem: str | None = None
