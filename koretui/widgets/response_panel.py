"""The answer to the last submission: status and duration in the border, the one-line error in red,
the records as a table with paging for reads, and the body as highlighted JSON."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from rich.json import JSON
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from core.client import CallResult
from core.errors import InvalidInputError, KoreError
from core.presentation import for_operation
from koretui.messages import PageRequested
from koretui.widgets.results_table import ResultsTable

PLACEHOLDER = "Nothing sent yet: fill the form and press ctrl+s."


def status_line(status: int | None, elapsed: float | None, *, show_timings: bool = True) -> str:
    """'200 OK · 84 ms' (the duration is left out when timings are hidden, e.g. in snapshots)."""
    if status is None:
        text = "not sent"
    else:
        try:
            text = f"{status} {HTTPStatus(status).phrase}"
        except ValueError:
            text = str(status)
    if elapsed is not None and show_timings:
        text += f" · {elapsed * 1000:.0f} ms"
    return text


def body_renderable(body: Any) -> JSON | str:
    """Highlighted JSON for JSON bodies (and JSON text); anything else as plain text."""
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            return body
    try:
        return JSON.from_data(body, indent=2)
    except (TypeError, ValueError):
        return str(body)


class ResponsePanel(Vertical):
    """Shows one CallResult or one error; for reads, a ResultsTable with Prev/Next when the API pages."""

    def __init__(self, op_key: str, *, show_timings: bool = True, id: str | None = None) -> None:
        super().__init__(id=id, classes="response-panel")
        self.op_key = op_key
        self.show_timings = show_timings
        self.border_title = "Response"
        self._page: Any = None
        self.result: CallResult | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="response-error")
        with Horizontal(id="pager"):
            yield Button("◀ Prev", id="prev", compact=True)
            yield Static("", id="page-info")
            yield Button("Next ▶", id="next", compact=True)
        yield ResultsTable(id="results")
        with VerticalScroll(id="body-scroll"):
            yield Static(Content.styled(PLACEHOLDER, "dim"), id="body")

    def on_mount(self) -> None:
        self.query_one("#pager").display = False
        self.query_one("#results").display = False
        self.query_one("#response-error").display = False

    @property
    def table(self) -> ResultsTable:
        return self.query_one("#results", ResultsTable)

    def show_result(self, result: CallResult) -> None:
        self.result = result
        ok = 200 <= result.status < 300
        line = status_line(result.status, result.elapsed, show_timings=self.show_timings)
        self.border_title = Content.assemble(("✓ ", "bold $text-success"), line) if ok else line
        self.set_class(False, "-error")
        self.set_class(ok, "-ok")
        self.query_one("#response-error").display = False
        is_table = result.operation.is_read and bool(result.records or result.page)
        self.table.display = is_table
        self.query_one("#body-scroll").display = not is_table
        if is_table:
            self.table.show(result.records, for_operation(result.operation))
        self._show_pager(result)
        self.query_one("#body", Static).update(body_renderable(result.body))

    def show_error(self, error: Exception) -> None:
        self.result = None
        status = error.status if isinstance(error, KoreError) else None
        self.border_title = status_line(status, None)
        self.set_class(True, "-error")
        self.set_class(False, "-ok")
        line = self.query_one("#response-error", Static)
        line.display = True
        line.update(Content.styled(str(error), "bold $text-error"))
        self.table.display = False
        self.query_one("#pager").display = False
        self.query_one("#body-scroll").display = True
        raw = getattr(error, "body", None)
        if isinstance(error, InvalidInputError):
            raw = "Nothing was sent."
        self.query_one("#body", Static).update(body_renderable(raw) if raw else "")

    def _show_pager(self, result: CallResult) -> None:
        page = result.page
        self._page = page
        pager = self.query_one("#pager")
        pager.display = page is not None
        if page is None:
            return
        shown = len(page.results)
        first = page.skip + 1 if shown else 0
        total = page.total_results
        info = f"{first}-{page.skip + shown} of {total}" if shown else f"none of {total}"
        self.query_one("#page-info", Static).update(f" {info} ")
        self.query_one("#prev", Button).disabled = page.skip <= 0
        self.query_one("#next", Button).disabled = not page.has_more

    def focus_result(self) -> None:
        """Focus what was just shown: the table of a read, else the body."""
        target = self.table if self.table.display else self.query_one("#body-scroll")
        target.focus()

    def drop(self, record_id: str) -> None:
        self.table.drop(record_id)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id not in ("prev", "next") or self._page is None:
            return
        event.stop()
        page = self._page
        step = page.limit or max(len(page.results), 1)
        skip = page.skip + step if event.button.id == "next" else max(page.skip - step, 0)
        self.post_message(PageRequested(self.op_key, skip))
