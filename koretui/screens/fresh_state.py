"""Offered when the sandbox's state file cannot be used: move it aside and start fresh, or quit.

The file is renamed (`<name>.corrupt-<time>`), never deleted, so nothing is lost for good.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static


class FreshStateScreen(ModalScreen[bool]):
    """Dismisses with True for "start fresh", False for quit (Escape quits too)."""

    BINDINGS = [Binding("escape", "quit_app", "Quit")]
    AUTO_FOCUS = "#fresh"

    def __init__(self, problem: str, state_file: str) -> None:
        super().__init__()
        self.problem = problem
        self.state_file = state_file

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = "Sandbox state cannot be used"
            yield Static(
                Content.assemble(
                    (self.problem, "$text-error"), "\n\n",
                    "Start fresh moves the file aside (", (self.state_file + ".corrupt-<time>", "bold"),
                    ") and opens a new sandbox with the sample data. Nothing is deleted.",
                ),
                id="question",
            )
            with Horizontal(id="buttons"):
                yield Button("Quit", id="quit")
                yield Button("Move aside and start fresh", id="fresh", variant="warning")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "fresh")

    def action_quit_app(self) -> None:
        self.dismiss(False)
