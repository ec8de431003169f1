"""F1 / ?: the key bindings and where settings are read from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

KEYS = [
    ("↑ ↓  Enter", "pick an operation in the sidebar and open its form"),
    ("Tab / shift+Tab", "move between fields"),
    ("ctrl+s", "send the form (destructive operations ask first)"),
    ("ctrl+y", "copy the form as a curl command (token masked)"),
    ("ctrl+r", "show or hide the history; Enter on an entry re-fills its form"),
    ("Enter on a table row", "act on that record (update, delete, its contacts)"),
    ("ctrl+p", "command palette: every operation by name"),
    ("F1 or ?", "this help"),
    ("ctrl+q", "quit"),
]


class HelpScreen(ModalScreen[None]):
    """Static help; any of Escape, F1, ? or q closes it."""

    BINDINGS = [Binding("escape,f1,question_mark,q", "close", "Close")]

    def __init__(self, *, backend_label: str, config_file: str, data_dir: str) -> None:
        super().__init__(classes="help")
        self.backend_label = backend_label
        self.config_file = config_file
        self.data_dir = data_dir

    def compose(self) -> ComposeResult:
        parts: list[str | tuple[str, str]] = [("Keys\n", "bold $text-accent")]
        for key, what in KEYS:
            parts += [(f"  {key:<22}", "bold"), what, "\n"]
        parts += [
            ("\nSettings (highest first)\n", "bold $text-accent"),
            "  1. environment variables KORE_HOST, KORE_CLIENT_ID, KORE_CLIENT_SECRET (or KORE_JWT),\n"
            "     KORE_ACCOUNT_ID, KORE_APP_ID\n",
            "  2. a .env file in the current directory (same names)\n",
            f"  3. the config file {self.config_file}\n",
            "     (top-level keys, or a [profiles.NAME] table picked with --profile NAME)\n",
            "  With none of them set, koretui runs the embedded sandbox (or force it with --sandbox).\n",
            ("\nNow: ", "bold"), self.backend_label, "\n",
            ("Data (history, sandbox state): ", "bold"), self.data_dir, "\n",
            ("\nEscape closes this help.", "dim"),
        ]
        with VerticalScroll(id="dialog") as dialog:
            dialog.border_title = "koretui help"
            yield Static(Content.assemble(*parts))
        yield Footer()  # this modal's own keys, not the screen's below

    def action_close(self) -> None:
        self.dismiss(None)
