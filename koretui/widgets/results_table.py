"""Records of a read as a table (one row per record, keyed by id); selecting a row offers its operations."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from textual.widgets import DataTable

from koretui.known_ids import name_of
from koretui.messages import RowChosen

Column = tuple[str, Callable[[Any], object]]


def _when(value: object) -> str:
    return value.strftime("%Y-%m-%d") if isinstance(value, datetime) else ""


def _clip(text: str | None, width: int = 18) -> str:
    """Long names are cut so the other columns stay on screen at 80 columns."""
    text = text or ""
    return text if len(text) <= width else text[: width - 1] + "…"


def _phone(record: Any) -> str:
    """Kore stores the number with its country code already in front (+91 + 98765... = +9198765...)."""
    phone = getattr(record, "cell_phone", None)
    if phone is None or not phone.phone_number:
        return ""
    number: str = phone.phone_number
    if number.startswith("+") or not phone.country_code:
        return number
    return f"{phone.country_code}{number}"


COLUMNS: dict[str, list[Column]] = {
    "ContactList": [
        ("Name", lambda r: _clip(r.name)),
        ("Records", lambda r: r.total_record_count),
        ("Status", lambda r: r.status or ""),
        ("Updated", lambda r: _when(r.updated_at or r.created_at)),
    ],
    "ListContact": [
        ("Id", lambda r: r.id),
        ("Phone", lambda r: r.phone_number or ""),
        ("Created", lambda r: _when(r.created_at)),
    ],
    "Contact": [
        ("Name", lambda r: _clip(name_of(r))),
        ("Phone", _phone),
        ("Status", lambda r: r.status or ""),
    ],
}
FALLBACK: list[Column] = [("Id", lambda r: getattr(r, "id", "")), ("Name", lambda r: name_of(r) or "")]


class ResultsTable(DataTable[object]):
    """A DataTable that knows its records, so a selected row can name the record behind it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.records: dict[str, Any] = {}

    def show(self, records: Sequence[Any]) -> None:
        self.clear(columns=True)
        self.records = {}
        columns = COLUMNS.get(type(records[0]).__name__, FALLBACK) if records else FALLBACK
        self.add_columns(*(title for title, _ in columns))
        for index, record in enumerate(records):
            key = str(getattr(record, "id", index))
            self.records[key] = record
            self.add_row(*(str(get(record)) for _, get in columns), key=key)

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
