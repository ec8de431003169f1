"""The Import screen: choose a file, a list, a region and DNC lists; dry run; import with progress.

All the work is core/bulk's (the same engine `kore import` drives); this screen only collects the
choices, runs the engine in workers and shows what they post.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static

from koretui.catalog_index import OperationEntry
from koretui.widgets.import_inputs import NameSuggester, PathSuggester

if TYPE_CHECKING:
    from koretui.backend import Backend

TITLE = "Import contacts"
IMPORT_ENTRY = OperationEntry(
    "bulk.import", TITLE, "Check a CSV or Excel file, then add its numbers to a list", "Bulk", False
)
"""The sidebar's and palette's way in (not a catalog operation: it drives core/bulk)."""


def default_region(backend: Backend) -> str:
    """The `default_region` setting of the tenant's profile (as `kore import` reads it), else US."""
    from koretui.cli.importing import default_region as configured

    return configured(None if backend.is_sandbox else backend.client.settings.profile)


class ImportScreen(Screen[None]):
    """Import a CSV or Excel file into a contact list, checked first (dry run), then sent in batches."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="import.close"),
    ]
    AUTO_FOCUS = "#import-file"

    def __init__(self, backend: Backend, *, list_name: str = "", region: str = "US") -> None:
        super().__init__(classes="import-screen")
        self.backend = backend
        self.preset_list = list_name
        self.default_region = region
        self.list_names = NameSuggester()
        self.dnc_names = NameSuggester(separator=",")

    def compose(self) -> ComposeResult:
        yield Static(f"{TITLE} · {self.backend.label}", id="import-banner")
        with Vertical(id="import-form"):
            with Horizontal(classes="import-row"):
                yield Label("File", classes="import-label")
                yield Input(
                    placeholder="path to a .csv or .xlsx file (→ completes)",
                    suggester=PathSuggester(),
                    compact=True,
                    id="import-file",
                )
            with Horizontal(classes="import-row"):
                yield Label("List", classes="import-label")
                yield Input(
                    self.preset_list,
                    placeholder="contact list name",
                    suggester=self.list_names,
                    compact=True,
                    id="import-list",
                )
                yield Label("Region", classes="import-label -short")
                yield Input(self.default_region, max_length=2, compact=True, id="import-region")
            with Horizontal(classes="import-row"):
                yield Label("DNC", classes="import-label")
                yield Input(
                    placeholder="DNC list names, comma separated (optional)",
                    suggester=self.dnc_names,
                    compact=True,
                    id="import-dnc",
                )
        yield Static("", id="import-error")
        yield Footer(compact=True)

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_close(self) -> None:
        self.dismiss(None)
