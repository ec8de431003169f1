"""The Import screen's form: file, list, region, create, DNC lists, phone column, and its buttons.

It turns what was typed into the engine's `ImportOptions`; whatever is wrong comes back as one
line naming the field, and nothing typed is ever cleared.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Label, Static

from koretui.widgets.import_inputs import NameSuggester, PathSuggester

if TYPE_CHECKING:
    from core.bulk.plan import ImportOptions

FIELDS = ("import-file", "import-list", "import-region", "import-dnc", "import-phone")


class ImportForm(Vertical):
    """Inputs with completion (paths, list names) and the Dry run / Import / Rejects CSV buttons."""

    def __init__(self, *, list_name: str, region: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.preset_list = list_name
        self.default_region = region
        self.list_names = NameSuggester()
        self.dnc_names = NameSuggester(separator=",")

    def compose(self) -> ComposeResult:
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
                placeholder="contact list name (→ completes)",
                suggester=self.list_names,
                compact=True,
                id="import-list",
            )
            yield Label("Region", classes="import-label -short")
            yield Input(self.default_region, max_length=2, compact=True, id="import-region")
            yield Checkbox("create", compact=True, id="import-create", tooltip="Create the list if missing")
        with Horizontal(classes="import-row"):
            yield Label("DNC", classes="import-label")
            yield Input(
                placeholder="DNC list names, comma separated (optional)",
                suggester=self.dnc_names,
                compact=True,
                id="import-dnc",
            )
            yield Label("Phone col", classes="import-label -short")
            yield Input(placeholder="found by name", compact=True, id="import-phone")
        with Horizontal(id="import-actions"):
            yield Button("Dry run", id="dry-run", compact=True)
            yield Button("Import", id="import", variant="warning", compact=True)
            yield Button("Rejects CSV", id="rejects", compact=True, disabled=True)
            yield Static("", id="import-status")

    def set_names(self, names: list[str]) -> None:
        self.list_names.names = names
        self.dnc_names.names = names

    def field(self, name: str) -> str:
        return self.query_one(f"#import-{name}", Input).value.strip()

    def fill(self, name: str, value: str) -> None:
        self.query_one(f"#import-{name}", Input).value = value

    def options(self, batch_size: int | None = None) -> ImportOptions:
        """What the form asks for; InputFileError (one line) names the field to fix."""
        from core.bulk.errors import InputFileError
        from core.bulk.plan import DEFAULT_BATCH_SIZE, ImportOptions

        if not self.field("file"):
            raise InputFileError("choose the file to import: a .csv or .xlsx path in File")
        if not self.field("list"):
            raise InputFileError("give the list to import into in List")
        dnc = tuple(name.strip() for name in self.field("dnc").split(",") if name.strip())
        return ImportOptions(
            file=Path(self.field("file")).expanduser(),
            list_name=self.field("list"),
            region=self.field("region") or self.default_region,
            dnc=dnc,
            phone_column=self.field("phone") or None,
            create=self.query_one("#import-create", Checkbox).value,
            batch_size=batch_size or DEFAULT_BATCH_SIZE,
        ).checked()

    def options_or_none(self, batch_size: int | None = None) -> ImportOptions | None:
        from core.bulk.errors import BulkError

        try:
            return self.options(batch_size)
        except BulkError:
            return None

    def is_last(self, field: Input) -> bool:
        """Enter here runs the dry run: the Phone col field, or DNC while Phone col is empty."""
        return field.id == FIELDS[-1] or (field.id == "import-dnc" and not self.field("phone"))

    def set_locked(self, locked: bool, *, rejects: bool) -> None:
        """While a job runs nothing can be edited; Rejects CSV only when there are rejected rows."""
        for name in FIELDS:
            self.query_one(f"#{name}", Input).disabled = locked
        self.query_one("#import-create", Checkbox).disabled = locked
        for button in self.query(Button):
            button.disabled = locked or (button.id == "rejects" and not rejects)

    def set_status(self, text: str, style: str) -> None:
        self.query_one("#import-status", Static).update(Content.styled(text, style) if text else "")
