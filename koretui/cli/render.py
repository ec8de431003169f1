"""Results as text for a person: records as a table with the columns every front end shows.

The columns and their text come from core/presentation.py. Scripts use `--json` (the body exactly
as Kore.ai sent it); this is only for eyes, and never coloured (it may be piped).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.client import CallResult


def _cell(value: str) -> str:
    """One line, whatever the value held (a description with newlines would break the columns)."""
    return " ".join(value.split())


def table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """Plain aligned columns from dicts (missing values blank)."""
    cells = [[_cell(str(row.get(column, "") or "")) for column in columns] for row in rows]
    return _aligned(columns, cells)


def _aligned(header: list[str], cells: list[list[str]]) -> str:
    widths = [max([len(name), *(len(line[i]) for line in cells)]) for i, name in enumerate(header)]
    lines = ["  ".join(name.ljust(widths[i]) for i, name in enumerate(header)).rstrip()]
    lines += ["  ".join(value.ljust(widths[i]) for i, value in enumerate(line)).rstrip() for line in cells]
    return "\n".join(lines)


def records_table(records: list[Any]) -> str:
    """The presentation's columns with the id first (a script or a person needs it), never clipped."""
    from core.presentation import for_record

    entry = for_record(records[0])
    columns = [column for column in entry.columns if column.role != "id"]
    header = ["Id", *(column.label for column in columns)]
    cells = [
        [entry.id_of(record) or "", *(_cell(column.read(record)) for column in columns)] for record in records
    ]
    return _aligned(header, cells)


def message_of(result: CallResult) -> str:
    """The sentence Kore.ai sent with the answer (`Contacts retrieved successfully`), or ''."""
    body = result.body if isinstance(result.body, dict) else {}
    return str(body.get("message") or "")


def render_result(result: CallResult) -> str:
    """The records as a table (one record: its labelled fields); '' when there are none. Kore.ai's
    message is narration, not data: the caller writes it to stderr (see `message_of`)."""
    if not result.records:
        return ""
    if len(result.records) == 1 and result.page is None:
        from core.presentation import for_record

        message = message_of(result)
        rows = [
            row for row in for_record(result.records[0]).detail_rows(result.records[0]) if row[1] != message
        ]
        if not rows:
            return ""
        width = max(len(label) for label, _ in rows)
        return "\n".join(f"{label:<{width}}  {value}" for label, value in rows)
    return records_table(result.records)
