"""Records of a read as a table that behaves like a data tool: filter as you type, sort, copy, export.

Columns, their order and minimum widths come from the record's entry in core/presentation.py;
widths follow the terminal (a name is cut only when no room is left; first the columns the entry
ranks least useful are left out, and the table tells its panel which, `ColumnsHidden`). The table
is virtual: only the rows on screen are drawn, and filtering or sorting rearranges a list of row
numbers, so 10,000 rows filter as fast as 100 (bench/tui_table.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from core.presentation import Column, Presentation, for_record
from koretui.messages import RowChosen
from koretui.table_layout import column_widths

PAD = 1  # blank cells either side of each column's text
PAGE_KEYS = Binding.Group("Page", compact=True)


class ResultsTable(ScrollView, can_focus=True):
    """One row per record, keyed by id. Enter opens the record's next step; `a` offers the rest.

    Keys the table cannot carry out alone (page, refresh, filter, copy, export) go up as `Action`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="table.open"),
        Binding("a", "actions", "Actions", id="table.actions"),
        Binding("v", "details", "Details", show=False, id="table.details"),
        Binding("slash", "filter", "Filter", id="table.filter"),
        Binding("s", "sort", "Sort", id="table.sort"),
        Binding("left_square_bracket", "page(-1)", "Prev page", id="table.prev_page", group=PAGE_KEYS),
        Binding("right_square_bracket", "page(1)", "Next page", id="table.next_page", group=PAGE_KEYS),
        Binding("r", "refresh_read", "Refresh", show=False, id="table.refresh"),
        Binding("c", "copy_id", "Copy id", show=False, id="table.copy_id"),
        Binding("C", "copy_row", "Copy row", show=False, id="table.copy_row"),
        Binding("e", "export", "CSV", show=False, id="table.export"),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "cursor_page(-1)", "Page up", show=False),
        Binding("pagedown", "cursor_page(1)", "Page down", show=False),
        Binding("home", "cursor_to(0)", "First", show=False),
        Binding("end", "cursor_to(-1)", "Last", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "results-table--header", "results-table--cursor", "results-table--odd", "results-table--empty",
    }
    DEFAULT_CSS = """
    ResultsTable {
        background: $surface;
        color: $foreground;
        & > .results-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .results-table--cursor {
            background: $block-cursor-blurred-background; color: $foreground;
        }
        & > .results-table--empty { color: $text-muted; text-style: italic; }
        &:focus {
            background-tint: $foreground 5%;
            & > .results-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        &:dark > .results-table--odd { background: $surface-darken-1 40%; }
        &:light > .results-table--odd { background: $surface-darken-1 20%; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, repaint=True)

    class Action(Message):
        """A key on the table that its response panel or screen carries out (page, refresh, filter)."""

        def __init__(self, table: ResultsTable, name: str, argument: int = 0) -> None:
            super().__init__()
            self.table = table
            self.name = name
            self.argument = argument

    class ColumnsHidden(Message):
        """The columns left out for want of room changed (`labels` empty: every column shows)."""

        def __init__(self, table: ResultsTable, labels: tuple[str, ...]) -> None:
            super().__init__()
            self.table = table
            self.labels = labels

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entry: Presentation | None = None
        self.records: dict[str, Any] = {}
        self._rows: list[Any] = []
        self._cells: list[list[str]] = []
        self._haystack: list[str] = []
        self._order: list[int] = []  # row numbers in sort order
        self.view: list[int] = []  # the rows shown: sorted, then filtered
        self.filter_text = ""
        self.sort_column: int | None = None
        self.sort_descending = False
        self.paged = False
        self._longest: list[int] = []  # each column's longest value, over every row (not only those shown)
        self._widths: list[int] = []  # 0: the column is left out, too little room
        self.hidden: tuple[str, ...] = ()  # labels of the columns left out

    # --- data -----------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.view)

    def show(self, records: Sequence[Any], entry: Presentation | None = None, *, paged: bool = False) -> None:
        """Show `records`; `entry` gives the columns when there may be none (an empty page)."""
        if entry is None and records:
            entry = for_record(records[0])
        self.entry = entry
        self.paged = paged
        self._rows = list(records)
        self.records = {}
        columns = entry.columns if entry is not None else ()
        self._cells = [[column.read(record) for column in columns] for record in self._rows]
        for index, record in enumerate(self._rows):
            key = (entry.id_of(record) if entry else None) or str(index)
            self.records[key] = record
        self._haystack = ["\t".join(cells).casefold() for cells in self._cells]
        self._longest = [
            max([0, *(cell_len(cells[i]) for cells in self._cells)]) for i in range(len(columns))
        ]
        self._resort()
        self.cursor = 0
        self.refresh_bindings()

    def drop(self, record_id: str) -> None:
        """Remove a deleted record's row, if shown."""
        if record_id not in self.records:
            return
        record = self.records.pop(record_id)
        index = self._rows.index(record)
        for store in (self._rows, self._cells, self._haystack):
            del store[index]
        self._resort()

    def set_filter(self, text: str) -> None:
        """Show only rows whose cells contain `text` (any case)."""
        self.filter_text = text
        self._refilter()

    def _resort(self) -> None:
        order = list(range(len(self._rows)))
        if self.sort_column is not None:
            column = self.sort_column
            order.sort(key=lambda row: _sort_key(self._cells[row][column]), reverse=self.sort_descending)
        self._order = order
        self._refilter()

    def _refilter(self) -> None:
        needle = self.filter_text.casefold()
        haystack = self._haystack
        self.view = [row for row in self._order if needle in haystack[row]] if needle else list(self._order)
        self._layout()
        self.cursor = min(self.cursor, max(len(self.view) - 1, 0))

    @property
    def current(self) -> Any | None:
        """The record under the cursor, if any."""
        if 0 <= self.cursor < len(self.view):
            return self._rows[self.view[self.cursor]]
        return None

    def visible_rows(self) -> list[list[str]]:
        """The rows as shown (sorted and filtered): what Copy and CSV export take."""
        return [self._cells[row] for row in self.view]

    def visible_records(self) -> list[Any]:
        return [self._rows[row] for row in self.view]

    # --- layout and drawing -----------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._layout()

    def _layout(self) -> None:
        columns = self.entry.columns if self.entry is not None else ()
        available = max(self.scrollable_content_region.width, 1)
        self._widths = column_widths(columns, self._natural(columns), available, PAD)
        width = sum(width + 2 * PAD for width in self._widths if width)
        hidden = tuple(column.label for column, width in zip(columns, self._widths, strict=True) if not width)
        if hidden != self.hidden:
            self.hidden = hidden
            self.post_message(self.ColumnsHidden(self, hidden))
        self.virtual_size = Size(width, len(self.view) + 1)
        self.refresh()

    def _natural(self, columns: Sequence[Column]) -> list[int]:
        """Each column's whole width: its label (with room for ` ▲` on the sorted one) or longest value."""
        return [
            max(cell_len(column.label) + (2 if index == self.sort_column else 0), longest)
            for index, (column, longest) in enumerate(zip(columns, self._longest, strict=True))
        ]

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        if y == 0:
            strip = self._header_strip()
        else:
            position = scroll_y + y - 1
            strip = self._row_strip(position) if position < len(self.view) else self._blank(position)
        return strip.crop(scroll_x, scroll_x + width).extend_cell_length(width, self.rich_style)

    def _header_strip(self) -> Strip:
        style = self.get_component_rich_style("results-table--header")
        labels = []
        columns = self.entry.columns if self.entry is not None else ()
        for index, column in enumerate(columns):
            mark = ""
            if index == self.sort_column:
                mark = " ▼" if self.sort_descending else " ▲"
            labels.append(column.label + mark)
        return self._cells_strip(labels, style)

    def _row_strip(self, position: int) -> Strip:
        if position == self.cursor:
            style = self.get_component_rich_style("results-table--cursor")
        elif position % 2:
            style = self.rich_style + self.get_component_rich_style("results-table--odd")
        else:
            style = self.rich_style
        return self._cells_strip(self._cells[self.view[position]], style)

    def _blank(self, position: int) -> Strip:
        if position == 0 and not self.view:
            message = f"No rows match “{self.filter_text}”." if self.filter_text else "No records."
            style = self.get_component_rich_style("results-table--empty")
            return Strip([Segment(" " * PAD + message, style)])
        return Strip([])

    def _cells_strip(self, cells: Sequence[str], style: Style) -> Strip:
        segments = []
        for text, width in zip(cells, self._widths, strict=False):
            if not width:
                continue
            if cell_len(text) > width:
                text = set_cell_size(text, max(width - 1, 0)) + "…" if width else ""
            segments.append(Segment(" " * PAD + set_cell_size(text, width) + " " * PAD, style))
        return Strip(segments)

    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_to_region_of_cursor()

    def scroll_to_region_of_cursor(self) -> None:
        """Keep the cursor row on screen (below the fixed header line)."""
        height = self.scrollable_content_region.height - 1
        if height <= 0:
            return
        top = self.scroll_y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    # --- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page":
            return self.paged
        return True

    def action_cursor(self, step: int) -> None:
        self.cursor = max(0, min(self.cursor + step, len(self.view) - 1))

    def action_cursor_page(self, step: int) -> None:
        """PgUp/PgDn move a screenful; past the edges they turn the page of a paged read."""
        page = max(self.scrollable_content_region.height - 1, 1)
        target = self.cursor + step * page
        at_edge = self.cursor == 0 if step < 0 else self.cursor >= len(self.view) - 1
        if self.paged and at_edge and (target < 0 or target >= len(self.view)):
            self.action_page(step)  # at the first or last row: PgUp/PgDn turn the page
            return
        self.cursor = max(0, min(target, len(self.view) - 1))

    def action_cursor_to(self, position: int) -> None:
        self.cursor = max(len(self.view) - 1, 0) if position < 0 else 0

    def action_open(self) -> None:
        self._opened("open")

    def action_actions(self) -> None:
        self._opened("actions")

    def action_details(self) -> None:
        self._opened("details")

    def _opened(self, how: str) -> None:
        record = self.current
        if record is not None:
            self.post_message(RowChosen(record, how))

    def action_sort(self) -> None:
        """Each press: next column ascending, then descending; after the last column, unsorted."""
        shown = [index for index, width in enumerate(self._widths) if width]  # not those left out
        later = [index for index in shown if self.sort_column is None or index > self.sort_column]
        if self.sort_column is not None and not self.sort_descending:
            self.sort_descending = True
        elif later:
            self.sort_column, self.sort_descending = later[0], False
        else:
            self.sort_column, self.sort_descending = None, False
        self._resort()

    def sort_by(self, column: int | None, *, descending: bool = False) -> None:
        self.sort_column, self.sort_descending = column, descending
        self._resort()

    def action_filter(self) -> None:
        self.post_message(self.Action(self, "filter"))

    def action_page(self, step: int) -> None:
        self.post_message(self.Action(self, "page", step))

    def action_refresh_read(self) -> None:
        self.post_message(self.Action(self, "refresh"))

    def action_copy_id(self) -> None:
        self.post_message(self.Action(self, "copy_id"))

    def action_copy_row(self) -> None:
        self.post_message(self.Action(self, "copy_row"))

    def action_export(self) -> None:
        self.post_message(self.Action(self, "export"))

    # --- mouse ----------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            self._sort_by_x(event.x + int(self.scroll_x))
            return
        position = int(self.scroll_y) + event.y - 1
        if 0 <= position < len(self.view):
            self.cursor = position
            if event.chain >= 2:
                self.action_open()

    def _sort_by_x(self, x: int) -> None:
        left = 0
        for index, width in enumerate(self._widths):
            if not width:
                continue
            left += width + 2 * PAD
            if x < left:
                same = self.sort_column == index
                self.sort_by(index, descending=same and not self.sort_descending)
                return


def _sort_key(text: str) -> tuple[int, float, str]:
    """Numbers sort as numbers, text without case; blanks last."""
    if not text:
        return (2, 0.0, "")
    try:
        return (0, float(text), "")
    except ValueError:
        return (1, 0.0, text.casefold())
