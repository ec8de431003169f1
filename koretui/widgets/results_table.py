"""Records of a read as a table (one row per record, keyed by id); selecting a row offers its operations.

Columns, their order and widths come from the record's entry in core/presentation.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.widgets import DataTable

from core.presentation import Presentation, for_record
from koretui.messages import RowChosen


class ResultsTable(DataTable[object]):
    """A DataTable that knows its records, so a selected row can name the record behind it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.records: dict[str, Any] = {}

    def show(self, records: Sequence[Any], entry: Presentation | None = None) -> None:
        """Show `records`; `entry` gives the columns when there may be none (an empty page)."""
        self.clear(columns=True)
        self.records = {}
        if entry is None:
            if not records:
                return
            entry = for_record(records[0])
        for column in entry.columns:
            self.add_column(column.label)  # sized to the content, so names are never cut short
        for index, record in enumerate(records):
            key = entry.id_of(record) or str(index)
            self.records[key] = record
            self.add_row(*entry.row(record), key=key)

    def drop(self, record_id: str) -> None:
        """Remove a deleted record's row, if shown."""
        if record_id in self.records:
            del self.records[record_id]
            self.remove_row(record_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        record = self.records.get(str(event.row_key.value))
        if record is not None:
            self.post_message(RowChosen(record))
