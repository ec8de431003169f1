"""One record from a table row, every field labelled, `j` for its raw JSON; `a` offers its operations."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Footer

from core.presentation import for_record
from koretui.widgets.record_detail import RecordDetail


class RecordScreen(ModalScreen[str | None]):
    """Dismisses with "actions" when `a` is pressed (the screen below then offers them), else None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close"),
        Binding("a", "actions", "Actions", id="record.actions"),
    ]
    AUTO_FOCUS = "#record"

    def __init__(self, record: Any) -> None:
        super().__init__()
        self.record = record

    def compose(self) -> ComposeResult:
        entry = for_record(self.record)
        detail = RecordDetail(id="record")
        detail.border_title = f"{entry.title}: {entry.label_of(self.record)}"
        yield detail
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(RecordDetail).show(self.record)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "actions":
            return bool(for_record(self.record).operations)
        return True

    def action_close(self) -> None:
        self.dismiss(None)

    def action_actions(self) -> None:
        self.dismiss("actions")
