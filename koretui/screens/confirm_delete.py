"""Asks before a destructive call, naming what goes (id, and name and record count when known).

Cancel has the focus, so Enter on a reflex keeps the data; Escape cancels too.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from core.operations import Operation
from koretui.known_ids import KnownId


class ConfirmDeleteScreen(ModalScreen[bool]):
    """Dismisses with True only when Delete is pressed."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#cancel"

    def __init__(self, op: Operation, target: str, known: KnownId | None) -> None:
        super().__init__(classes="confirm-delete")
        self.op = op
        self.target = target
        self.known = known

    def compose(self) -> ComposeResult:
        lines: list[str | tuple[str, str]] = [
            (f"{self.op.title}?\n\n", "bold"),
            ("Id:      ", "dim"), (self.target, "bold"), "\n",
        ]
        if self.known and self.known.name:
            lines += [("Name:    ", "dim"), (self.known.name, "bold"), "\n"]
        if self.known and self.known.detail:
            lines += [("Records: ", "dim"), (self.known.detail, "bold"), "\n"]
        lines += ["\n", (self.op.help + ". This cannot be undone.", "$text-warning")]
        with Vertical(id="dialog") as dialog:
            dialog.border_title = f"Confirm: {self.op.describe({self.op.target_field or '': self.target})}"
            yield Static(Content.assemble(*lines), id="question")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Delete", id="delete", variant="error")
        yield Footer()  # this modal's own keys, not the screen's below

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "delete")

    def action_cancel(self) -> None:
        self.dismiss(False)
