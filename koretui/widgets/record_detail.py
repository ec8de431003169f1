"""One record, every field labelled (from core's presentation layer), with a raw JSON toggle (`j`)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.json import JSON
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from core.presentation import for_record
from koretui.table_export import row_json


def detail_content(record: Any) -> Content:
    """`Label   value` lines, labels aligned; multi-line values indented under their first line."""
    rows = for_record(record).detail_rows(record)
    width = max((len(label) for label, _ in rows), default=0) + 2
    parts: list[str | tuple[str, str]] = []
    for label, value in rows:
        parts += [(label.ljust(width), "bold $text-accent"), value.replace("\n", "\n" + " " * width), "\n"]
    return Content.assemble(*parts).rstrip()


class RecordDetail(VerticalScroll, can_focus=True):
    """Labelled fields of one record; `j` switches to the raw JSON and back."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("j", "toggle_json", "JSON", id="detail.json")]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.record: Any = None
        self.raw = False

    def compose(self) -> Any:
        yield Static("", classes="detail-body")

    def show(self, record: Any) -> None:
        self.record = record
        self._draw()

    def action_toggle_json(self) -> None:
        self.raw = not self.raw
        self._draw()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.record is not None

    def _draw(self) -> None:
        body = self.query_one(".detail-body", Static)
        if self.record is None:
            body.update("")
        elif self.raw:
            body.update(JSON(row_json(self.record, indent=2)))
        else:
            body.update(detail_content(self.record))
        self.border_subtitle = "j: fields" if self.raw else "j: raw JSON"
        self.scroll_home(animate=False)
