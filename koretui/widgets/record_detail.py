"""One record, every field labelled (from core's presentation layer), with a raw JSON toggle (`j`)."""

from __future__ import annotations

import textwrap
from typing import Any, ClassVar

from rich.json import JSON
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from core.presentation import for_record
from koretui.table_export import row_json

MIN_VALUE_WIDTH = 20
"""Narrower than this beside the labels, values are left to the terminal's own wrapping."""


def detail_content(record: Any, width: int = 0) -> Content:
    """`Label   value` lines, labels aligned; a value longer than the `width` left beside the labels
    (0: no limit), or of several lines, goes on under itself, never under the labels."""
    rows = for_record(record).detail_rows(record)
    pad = max((len(label) for label, _ in rows), default=0) + 2
    room = width - pad if width - pad >= MIN_VALUE_WIDTH else 0
    parts: list[str | tuple[str, str]] = []
    for label, value in rows:
        lines = [piece for line in value.split("\n") for piece in _wrap(line, room)]
        parts += [(label.ljust(pad), "bold $text-accent"), ("\n" + " " * pad).join(lines), "\n"]
    return Content.assemble(*parts).rstrip()


def _wrap(line: str, width: int) -> list[str]:
    return (textwrap.wrap(line, width) if width else [line]) or [""]


class RecordDetail(VerticalScroll, can_focus=True):
    """Labelled fields of one record; `j` switches to the raw JSON and back."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("j", "toggle_json", "JSON", id="detail.json")]
    DEFAULT_CSS = """
    RecordDetail { scrollbar-gutter: stable; }
    """

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

    def on_resize(self) -> None:
        if self.record is not None and not self.raw:
            self._fill()  # the values wrap to the new width

    def _draw(self) -> None:
        self._fill()
        self.border_subtitle = "j: fields" if self.raw else "j: raw JSON"
        self.scroll_home(animate=False)

    def _fill(self) -> None:
        body = self.query_one(".detail-body", Static)
        if self.record is None:
            body.update("")
        elif self.raw:
            body.update(JSON(row_json(self.record, indent=2)))
        else:  # the gutter is kept for the scrollbar, so this width holds whether it shows or not
            width = self.scrollable_content_region.width - body.styles.gutter.width
            body.update(detail_content(self.record, width))
