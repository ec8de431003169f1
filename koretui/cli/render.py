"""Results as text for a person: a table for records, the message for everything else.

Scripts use `--json` (the body exactly as Kore.ai sent it); this is only for eyes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.client import CallResult

PREFERRED = (
    "_id",
    "id",
    "name",
    "fullName",
    "phoneNumber",
    "totalRecordCount",
    "status",
    "allowDuplicates",
    "updatedAt",
)
MAX_WIDTH = 40


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return text if len(text) <= MAX_WIDTH else text[: MAX_WIDTH - 1] + "…"


def table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """Plain aligned columns (no colour: the output may be piped)."""
    cells = [[_cell(row.get(column)) for column in columns] for row in rows]
    widths = [max([len(column), *(len(line[i]) for line in cells)]) for i, column in enumerate(columns)]
    lines = ["  ".join(column.ljust(widths[i]) for i, column in enumerate(columns)).rstrip()]
    lines += ["  ".join(value.ljust(widths[i]) for i, value in enumerate(line)).rstrip() for line in cells]
    return "\n".join(lines)


def _flat(record: Any) -> dict[str, Any]:
    data: dict[str, Any] = record.model_dump(mode="json", by_alias=True)
    phone = data.get("cellPhone")
    if isinstance(phone, dict) and phone.get("phoneNumber"):
        number = str(phone["phoneNumber"])
        code = phone.get("countryCode") or ""
        data["phoneNumber"] = number if number.startswith("+") else f"{code}{number}"
    return data


def render_result(result: CallResult) -> str:
    body = result.body if isinstance(result.body, dict) else {}
    message = str(body.get("message") or "")
    if not result.records:
        return message or "done"
    rows = [_flat(record) for record in result.records]
    columns = [name for name in PREFERRED if any(row.get(name) not in (None, "") for row in rows)]
    if "_id" in columns and "id" in columns:
        columns.remove("id")
    text = table(rows, columns)
    return f"{message}\n{text}" if message else text
