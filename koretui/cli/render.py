"""Results as text for a person: a table for records, the message for everything else.

Scripts use `--json` (the body exactly as Kore.ai sent it); this is only for eyes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.client import CallResult

MAX_WIDTH = 40


def _cell(value: Any, clip: bool = True) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return text if len(text) <= MAX_WIDTH or not clip else text[: MAX_WIDTH - 1] + "…"


def table(rows: list[dict[str, Any]], columns: list[str], *, clip: bool = True) -> str:
    """Plain aligned columns (no colour: the output may be piped); `clip` cuts cells at MAX_WIDTH."""
    cells = [[_cell(row.get(column), clip) for column in columns] for row in rows]
    widths = [max([len(column), *(len(line[i]) for line in cells)]) for i, column in enumerate(columns)]
    lines = ["  ".join(column.ljust(widths[i]) for i, column in enumerate(columns)).rstrip()]
    lines += ["  ".join(value.ljust(widths[i]) for i, value in enumerate(line)).rstrip() for line in cells]
    return "\n".join(lines)


def render_result(result: CallResult) -> str:
    """The records as core/presentation.py shows them (the id first: a script or a person needs it)."""
    from core.presentation import for_record

    body = result.body if isinstance(result.body, dict) else {}
    message = str(body.get("message") or "")
    if not result.records:
        return message or "done"
    entry = for_record(result.records[0])
    columns = [column for column in entry.columns if column.role != "id"]
    labels = ["Id", *(column.label for column in columns)]
    rows = [
        dict(zip(labels, [entry.id_of(record), *(column.read(record) for column in columns)], strict=True))
        for record in result.records
    ]
    text = table(rows, labels, clip=False)
    return f"{message}\n{text}" if message else text
