"""Inputs that cut an over-long paste at their limit and say so, instead of refusing it whole.

Textual's Input refuses a whole paste that would pass `max_length`, so pasting 49 characters into
a 48-character field left it empty. Here the paste is cut to what fits and a message names what
was kept; pasted lines are joined with spaces (a single-line field cannot hold a newline).
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widgets import Input, TextArea
from textual.widgets.text_area import EditResult, Location


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


class LimitedTextArea(TextArea):
    """A multi-line field with a `12/256` counter in its border; typing stops at the limit and a
    longer paste is cut there with a message, as in `LimitedInput`."""

    def __init__(self, text: str = "", *, label: str, max_length: int, id: str | None = None) -> None:
        super().__init__(text, id=id, soft_wrap=True, tab_behavior="focus", show_line_numbers=False)
        self.label = label
        self.max_length = max_length

    def on_mount(self) -> None:
        self._count()

    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.load_text(text[: self.max_length])
        self._count()

    def _replace_via_keyboard(self, insert: str, start: Location, end: Location) -> EditResult | None:
        """Every typed or pasted edit passes here: cut what would go past the limit."""
        replaced = len(self.get_text_range(start, end))
        room = self.max_length - (len(self.text) - replaced)
        cut = max(len(insert) - max(room, 0), 0)
        if cut:
            if len(insert) > 1:
                self.notify(
                    f"{self.label}: pasted text cut to the limit of {self.max_length} characters "
                    f"({cut} left out).",
                    severity="warning", timeout=6,
                )
            insert = insert[: max(room, 0)]
            if not insert and start == end:
                self.app.bell()
                return None
        return super()._replace_via_keyboard(insert, start, end)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._count()

    def _count(self) -> None:
        used = len(self.text)
        style = "$text-warning" if used >= self.max_length else "$text-muted"
        self.border_subtitle = Content.styled(f"{used}/{self.max_length}", style)
