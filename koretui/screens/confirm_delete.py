"""Asks before a destructive call, naming what goes (id, and name and record count when known).

The summary is core/presentation.py's `Impact`, the same one Slack shows. Cancel has the focus,
so Enter on a reflex keeps the data; Escape cancels too.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from core.impact import Impact


class ConfirmDeleteScreen(ModalScreen[bool]):
    """Dismisses with True only when the confirming button (Delete, Start, Stop) is pressed."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#cancel"

    def __init__(self, impact: Impact) -> None:
        super().__init__(classes="confirm-delete")
        self.impact = impact
        self.op = impact.operation

    def compose(self) -> ComposeResult:
        facts = self.impact.facts()
        pad = max((len(label) for label, _ in facts), default=0) + 2
        lines: list[str | tuple[str, str]] = [(f"{self.op.title}?\n\n", "bold")]
        for label, value in facts:
            lines += [(f"{label}:".ljust(pad), "dim"), (value, "bold"), "\n"]
        # The facts already name the users; the warning adds only why Kore.ai will refuse.
        if self.impact.warning:
            lines += ["\n", (self.impact.refusal or self.impact.warning, "$text-error")]
        lines += ["\n", (f"{self.op.help}. {self.impact.consequence}", "$text-warning")]
        with Vertical(id="dialog") as dialog:
            dialog.border_title = f"Confirm: {self.op.describe({self.op.target_field or '': self.impact.id})}"
            yield Static(Content.assemble(*lines), id="question")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.impact.confirm_word, id="delete", variant="error")
        yield Footer()  # this modal's own keys, not the screen's below

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "delete")

    def action_cancel(self) -> None:
        self.dismiss(False)
