"""The answer to the last submission: status and duration in the border, the one-line error in red,
many records as a table (filter, sort, paging), one record as labelled fields, and `j` for the
body as highlighted JSON."""

from __future__ import annotations

import json
from http import HTTPStatus
from pathlib import Path
from typing import Any, ClassVar

from rich.json import JSON
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from core.client import CallResult
from core.errors import InvalidInputError, KoreError
from core.presentation import for_operation, returns_many
from koretui.messages import CopyRequested, PageRequested, RefreshRequested
from koretui.table_export import export_path, row_json, write_csv
from koretui.widgets.record_detail import RecordDetail
from koretui.widgets.results_table import ResultsTable

PLACEHOLDER = "Nothing sent yet: fill the form and press {send_key}."


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
    """Shows one CallResult or one error: a ResultsTable, a RecordDetail, or the raw body."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "toggle_raw", "JSON", show=False, id="response.json"),
    ]

    def __init__(
        self, op_key: str, *, show_timings: bool = True, send_key: str = "ctrl+s", id: str | None = None
    ) -> None:
        super().__init__(id=id, classes="response-panel")
        self.op_key = op_key
        self.send_key = send_key
        self.show_timings = show_timings
        self.border_title = "Response"
        self._page: Any = None
        self.result: CallResult | None = None
        self.view = "body"  # "table", "detail" or "body"
        self.raw = False

    def compose(self) -> ComposeResult:
        yield Static("", id="response-error")
        with Horizontal(id="pager"):
            yield Button("◀ Prev", id="prev", compact=True)
            yield Static("", id="page-info")
            yield Button("Next ▶", id="next", compact=True)
        with Horizontal(id="filter-row"):
            yield Label("Filter", id="filter-label")
            yield FilterInput(placeholder="type to filter (Esc clears)", id="filter", compact=True)
            yield Static("", id="filter-info")
        yield ResultsTable(id="results")
        yield RecordDetail(id="detail")
        with VerticalScroll(id="body-scroll"):
            yield Static(Content.styled(PLACEHOLDER.format(send_key=self.send_key), "dim"), id="body")

    def on_mount(self) -> None:
        for ident in ("#pager", "#results", "#response-error", "#filter-row", "#detail"):
            self.query_one(ident).display = False
        self.query_one("#body-scroll").can_focus = False  # nothing to scroll until a call returns

    @property
    def table(self) -> ResultsTable:
        return self.query_one("#results", ResultsTable)

    @property
    def detail(self) -> RecordDetail:
        return self.query_one("#detail", RecordDetail)

    # --- showing ----------------------------------------------------------------------------

    def show_result(self, result: CallResult) -> None:
        self.result = result
        ok = 200 <= result.status < 300
        line = status_line(result.status, result.elapsed, show_timings=self.show_timings)
        self.border_title = Content.assemble(("✓ ", "bold $text-success"), line) if ok else line
        self.set_class(False, "-error")
        self.set_class(ok, "-ok")
        self.query_one("#response-error").display = False
        op = result.operation
        if op.is_read and (result.page is not None or returns_many(op)):
            self.view = "table"
            self.table.show(result.records, for_operation(op), paged=result.page is not None)
            self.table.set_filter(self.query_one("#filter", Input).value)
        elif len(result.records) == 1:
            self.view = "detail"
            self.detail.show(result.records[0])
        else:
            self.view = "body"
        self._show_pager(result)
        self.query_one("#body", Static).update(body_renderable(result.body))
        self._show_view()

    def show_error(self, error: Exception) -> None:
        self.result = None
        status = error.status if isinstance(error, KoreError) else None
        self.border_title = status_line(status, None)
        self.set_class(True, "-error")
        self.set_class(False, "-ok")
        line = self.query_one("#response-error", Static)
        line.display = True
        line.update(Content.styled(str(error), "bold $text-error"))
        self.view = "body"
        self.query_one("#pager").display = False
        raw = getattr(error, "body", None)
        if isinstance(error, InvalidInputError):
            raw = "Nothing was sent."
        self.query_one("#body", Static).update(body_renderable(raw) if raw else "")
        self._show_view()

    def _show_view(self) -> None:
        view = "body" if self.raw else self.view
        self._hidden_note()
        self.query_one("#body-scroll").can_focus = True
        self.table.display = view == "table"
        filtering = bool(self.query_one("#filter", Input).value)
        self.query_one("#filter-row").display = view == "table" and filtering
        self.detail.display = view == "detail"
        self.query_one("#body-scroll").display = view == "body"
        self.refresh_bindings()

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
        """Focus what was just shown: the table of a read, the record, else the body."""
        view = "body" if self.raw else self.view
        target = {"table": self.table, "detail": self.detail}.get(view) or self.query_one("#body-scroll")
        target.focus()

    def drop(self, record_id: str) -> None:
        self.table.drop(record_id)

    # --- keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_raw":
            return self.result is not None and self.view != "body"
        return True

    def action_toggle_raw(self) -> None:
        self.raw = not self.raw
        self._show_view()
        self.focus_result()

    @on(Button.Pressed, "#prev, #next")
    def _page_button(self, event: Button.Pressed) -> None:
        event.stop()
        self.turn_page(1 if event.button.id == "next" else -1)

    def turn_page(self, step: int) -> None:
        page = self._page
        if page is None:
            return
        if (step > 0 and not page.has_more) or (step < 0 and page.skip <= 0):
            self.notify("This is the last page." if step > 0 else "This is the first page.")
            return
        size = page.limit or max(len(page.results), 1)
        skip = page.skip + size if step > 0 else max(page.skip - size, 0)
        self.post_message(PageRequested(self.op_key, skip, size))

    @on(ResultsTable.ColumnsHidden)
    def _columns_hidden(self, message: ResultsTable.ColumnsHidden) -> None:
        message.stop()
        self._hidden_note()

    def _hidden_note(self) -> None:
        """`2 columns hidden · v shows all: Priority, Dialing` under a table too narrow for all."""
        hidden = self.table.hidden if self.view == "table" and not self.raw else ()
        count = f"{len(hidden)} column{'s' if len(hidden) != 1 else ''} hidden"
        self.border_subtitle = f"{count} · v shows all: {', '.join(hidden)}" if hidden else ""

    @on(ResultsTable.Action)
    def _table_action(self, message: ResultsTable.Action) -> None:
        message.stop()
        table = self.table
        record = table.current
        entry = table.entry
        if message.name == "filter":
            self.query_one("#filter-row").display = True
            self.query_one("#filter", Input).focus()
        elif message.name == "page":
            self.turn_page(message.argument)
        elif message.name == "refresh":
            self.post_message(RefreshRequested(self.op_key))
        elif message.name == "copy_id" and record is not None and entry is not None:
            record_id = entry.id_of(record) or ""
            self.post_message(CopyRequested(record_id, f"id {record_id}"))
        elif message.name == "copy_row" and record is not None and entry is not None:
            self.post_message(CopyRequested(row_json(record), f"{entry.title.lower()} as JSON"))
        elif message.name == "export" and entry is not None:
            self._export()

    def _export(self) -> None:
        table = self.table
        entry = table.entry
        assert entry is not None
        path = export_path(entry, Path.cwd())
        try:
            count = write_csv(path, entry, table.visible_records(), table.visible_rows())
        except OSError as exc:
            self.notify(f"Export failed: cannot write {path} ({exc.strerror or exc})", severity="error")
            return
        self.notify(f"Exported {count} row{'s' if count != 1 else ''} to {path}", timeout=8)

    # --- the filter line ----------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.table.set_filter(event.value)
        self._filter_info()

    @on(Input.Submitted, "#filter")
    def _filter_kept(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def _filter_info(self) -> None:
        table = self.table
        total = len(table.records)
        text = f"{table.row_count} of {total}" if table.filter_text else ""
        self.query_one("#filter-info", Static).update(Content.styled(text, "dim"))

    def clear_filter(self) -> None:
        """Escape in the filter: every row again, back to the table."""
        self.query_one("#filter", Input).value = ""
        self.query_one("#filter-row").display = False
        self.table.focus()

    @on(Input.Blurred, "#filter")
    def _filter_left(self, event: Input.Blurred) -> None:
        if not event.input.value:
            self.query_one("#filter-row").display = False

    def on_filter_input_cleared(self, message: FilterInput.Cleared) -> None:
        message.stop()
        self.clear_filter()


class FilterInput(Input):
    """The `/` filter line; Escape empties it and gives the table back the focus."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "clear", "Clear filter")]

    class Cleared(Message):
        pass

    def action_clear(self) -> None:
        self.post_message(self.Cleared())
