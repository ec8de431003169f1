"""ctrl+y: the request as a curl command, on screen (and on the clipboard) to read before pasting."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static


class CurlScreen(ModalScreen[None]):
    """Shows the command; Escape closes."""

    BINDINGS = [Binding("escape,q,ctrl+y", "close", "Close")]

    def __init__(self, command: str, note: str) -> None:
        super().__init__()
        self.command = command
        self.note = note

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog") as dialog:
            dialog.border_title = "curl (copied to the clipboard)"
            dialog.border_subtitle = self.note
            yield Static(Content(self.command), id="command")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
