"""Before an update is sent: each field that will change, from its current value to the new one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from koretui.update_flow import Change


class ReviewChangesScreen(ModalScreen[bool]):
    """Dismisses with True when "Send changes" is pressed; Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#send"

    def __init__(self, title: str, target: str, changes: dict[str, Change]) -> None:
        super().__init__()
        self.heading = title
        self.target = target
        self.changes = changes

    def compose(self) -> ComposeResult:
        width = max(len(change.label) for change in self.changes.values()) + 2
        parts: list[str | tuple[str, str]] = [(self.target, "dim"), "\n\n"]
        for change in self.changes.values():
            old = change.old or "(empty)"
            parts += [
                (change.label.ljust(width), "bold"), (old, "$text-error strike"), "  →  ",
                (change.new, "bold $text-success"), "\n",
            ]
        parts += ["\n", ("Only these fields are sent; the others keep their current values.", "dim")]
        with Vertical(id="dialog") as dialog:
            dialog.border_title = f"{self.heading}: review the changes"
            yield Static(Content.assemble(*parts), id="changes")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Send changes", id="send", variant="primary")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "send")

    def action_cancel(self) -> None:
        self.dismiss(False)
