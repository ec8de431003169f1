"""An Input that cuts an over-long paste at its limit and says so, instead of refusing it whole.

Textual's Input refuses a whole paste that would pass `max_length`, so pasting 49 characters into
a 48-character field left it empty. Here the paste is cut to what fits and a message names what
was kept; pasted lines are joined with spaces (a single-line field cannot hold a newline).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


def fit_paste(text: str, *, room: int | None) -> tuple[str, int]:
    """(text to insert, characters cut off): lines joined by spaces, cut to `room` when given."""
    joined = " ".join(line.strip() for line in text.splitlines() if line.strip())
    if room is None or len(joined) <= room:
        return joined, 0
    return joined[: max(room, 0)], len(joined) - max(room, 0)


class LimitedInput(Input):
    """`label` names the field in the message about a cut paste."""

    def __init__(self, *, label: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.label = label

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # Input's own handler would insert the text a second time
        if not event.text:
            return
        start, end = sorted(self.selection) if not self.selection.is_empty else (self.cursor_position,) * 2
        room = self.max_length - (len(self.value) - (end - start)) if self.max_length else None
        text, cut = fit_paste(event.text, room=room)
        self.replace(text, start, end)
        if cut:
            self.notify(
                f"{self.label}: pasted text cut to the limit of {self.max_length} characters "
                f"({cut} left out).",
                severity="warning", timeout=6,
            )
