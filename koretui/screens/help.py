"""F1 / ?: the key bindings and where settings are read from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

FIXED_KEYS = [
    ("↑ ↓  Enter", "pick an operation in the sidebar and open its form", ""),
    ("Tab / shift+Tab", "move between fields and panels", ""),
    ("ctrl+p", "command palette: every operation and theme by name", ""),
    ("F1 or ?", "this help", "app.help"),
    ("ctrl+q", "quit", ""),
]


def shown_keys(keys: str) -> str:
    """`slash` -> `/`, `escape` -> `esc`, `ctrl+s,f5` -> `ctrl+s f5`: as the footer writes them."""
    from textual.keys import format_key

    return " ".join(format_key(key.strip()) for key in keys.split(",") if key.strip())


def key_rows(keymap: dict[str, str]) -> list[tuple[str, str, str]]:
    """(keys, what they do, binding id) for help: fixed keys, then every rebindable one."""
    from koretui.keys import EXPLAINED, rebindable

    rows = list(FIXED_KEYS)
    for binding in rebindable():
        if binding.id and binding.id in EXPLAINED:
            rows.append((shown_keys(keymap.get(binding.id, binding.key)), EXPLAINED[binding.id], binding.id))
    return rows


class HelpScreen(ModalScreen[None]):
    """Static help; any of Escape, F1, ? or q closes it."""

    BINDINGS = [Binding("escape,f1,question_mark,q", "close", "Close")]

    def __init__(
        self, *, backend_label: str, config_file: str, data_dir: str, keymap: dict[str, str] | None = None
    ) -> None:
        super().__init__(classes="help")
        self.keymap = keymap or {}
        self.backend_label = backend_label
        self.config_file = config_file
        self.data_dir = data_dir

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog") as dialog:
            dialog.border_title = "koretui help"
            title = Content.assemble(("Keys", "bold $text-accent"), ("   (binding id, for [keymap])", "dim"))
            yield Static(title)
            with Grid(id="keys"):  # three columns: a long explanation wraps in its own
                for key, what, ident in key_rows(self.keymap):
                    yield Static(Content.styled(key, "bold"))
                    yield Static(what)
                    yield Static(Content.styled(ident, "dim"))
            yield Static(self._settings())
        yield Footer()  # this modal's own keys, not the screen's below

    def _settings(self) -> Content:
        parts: list[str | tuple[str, str]] = [
            ("\nSettings (highest first)\n", "bold $text-accent"),
            "  1. environment variables KORE_HOST, KORE_CLIENT_ID, KORE_CLIENT_SECRET (or KORE_JWT),\n"
            "     KORE_ACCOUNT_ID, KORE_APP_ID\n",
            "  2. a .env file in the current directory (same names)\n",
            f"  3. the config file {self.config_file}\n",
            "     (top-level keys, or a [profiles.NAME] table picked with --profile NAME)\n",
            "  With none of them set, koretui runs the embedded sandbox (or force it with --sandbox).\n",
            "  Keys: a [keymap] table in the config file, binding id = keys, e.g. \"table.filter\" = \"f\"\n",
            ("\nNow: ", "bold"), self.backend_label, "\n",
            ("Data (history, sandbox state): ", "bold"), self.data_dir, "\n",
            ("\nEscape closes this help.", "dim"),
        ]
        return Content.assemble(*parts)

    def action_close(self) -> None:
        self.dismiss(None)
