"""Asks before a destructive call, naming what goes (id, and name and record count when known).

The summary is core/impact.py's `Impact`, the same one Slack shows. Cancel has the focus, so Enter
on a reflex keeps the data; Escape cancels too. When Kore.ai is known to refuse the call (a list a
campaign uses, a start of a running campaign: `Impact.refusal`), the dialog says why and offers
only Close: no button that is bound to fail.
"""

from __future__ import annotations

import textwrap

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from core.impact import Impact

TEXT_WIDTH = 58
"""Columns inside the dialog: its width (64, koretui.tcss) less border and padding."""


class ConfirmDeleteScreen(ModalScreen[bool]):
    """Dismisses with True only when the confirming button (Delete, Start, Stop) is pressed."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#cancel"

    def __init__(self, impact: Impact) -> None:
        super().__init__(classes="confirm-delete")
        self.impact = impact
        self.op = impact.operation

    @property
    def refused(self) -> bool:
        return self.impact.refusal is not None

    def compose(self) -> ComposeResult:
        call = self.op.describe({self.op.target_field or "": self.impact.id})
        with Vertical(id="dialog") as dialog:
            dialog.border_title = f"Kore.ai would refuse: {call}" if self.refused else f"Confirm: {call}"
            yield Static(self._question(), id="question")
            with Horizontal(id="buttons"):
                if self.refused:
                    yield Button("Close", id="cancel")
                else:
                    yield Button("Cancel", id="cancel")
                    yield Button(self.impact.confirm_word, id="delete", variant="error")
        yield Footer()  # this modal's own keys, not the screen's below

    def _question(self) -> Content:
        """The facts, then why Kore.ai will refuse (and that nothing is offered), or what the call does."""
        facts = self.impact.facts()
        pad = max((len(label) for label, _ in facts), default=0) + 2
        title = self.op.title if self.refused else f"{self.op.title}?"
        lines: list[str | tuple[str, str]] = [(f"{title}\n\n", "bold")]
        for label, value in facts:  # a long value (three campaigns) wraps under itself, not the labels
            wrapped = textwrap.wrap(value, max(TEXT_WIDTH - pad, 20)) or [value]
            lines += [(f"{label}:".ljust(pad), "dim"), ("\n".ljust(pad + 1).join(wrapped), "bold"), "\n"]
        # The facts already name the users; the warning adds only why Kore.ai will refuse.
        if self.impact.warning:
            lines += ["\n", (self.impact.refusal or self.impact.warning, "$text-error")]
        if self.refused:
            lines += ["\n", (f"Nothing was sent; {self.impact.confirm_word} is not offered.", "dim")]
        else:
            lines += ["\n", (f"{self.op.help}. {self.impact.consequence}", "$text-warning")]
        return Content.assemble(*lines)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "delete")

    def action_cancel(self) -> None:
        self.dismiss(False)
