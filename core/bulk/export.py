"""Export: every contact of a list (all pages) as CSV or JSON, or every list as CSV.

Files are written 0600 (they hold customers' numbers); columns keep the order Kore.ai's records
use, the documented ones first and anything else the records carry after them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from core.bulk.lists import ListGateway, PageCallback, require_list

if TYPE_CHECKING:
    from core.client import KoreClient

Format = Literal["csv", "json"]

CONTACT_COLUMNS = (
    "_id",
    "phoneNumber",
    "firstName",
    "lastName",
    "timeZone",
    "uniqueId",
    "createdAt",
    "updatedAt",
)
LIST_COLUMNS = (
    "_id",
    "name",
    "description",
    "totalRecordCount",
    "status",
    "allowDuplicates",
    "isListInUse",
    "campaignInUse",
    "source",
    "createdAt",
    "updatedAt",
)


def columns_for(records: Sequence[dict[str, Any]], preferred: Sequence[str]) -> list[str]:
    """The preferred columns that appear, then every other key in order of first appearance."""
    seen: dict[str, None] = {}
    for record in records:
        for key in record:
            seen.setdefault(key, None)
    first = [name for name in preferred if name in seen]
    return first + [name for name in seen if name not in first]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        if isinstance(value, list) and all(isinstance(item, dict) and "name" in item for item in value):
            return "; ".join(str(item["name"]) for item in value)
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def to_csv(records: Sequence[dict[str, Any]], preferred: Sequence[str]) -> str:
    columns = columns_for(records, preferred) or list(preferred)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([_cell(record.get(column)) for column in columns])
    return buffer.getvalue()


def to_json(records: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(records), indent=2, ensure_ascii=False) + "\n"


def render(records: Sequence[dict[str, Any]], fmt: Format, preferred: Sequence[str]) -> str:
    return to_json(records) if fmt == "json" else to_csv(records, preferred)


async def list_contacts(
    gateway: ListGateway, list_name: str, on_page: PageCallback | None = None
) -> list[dict[str, Any]]:
    """Every contact of the named list; UnknownListError when there is none by that name."""
    target = require_list(await gateway.lists(), list_name, flag="check the name (kore lists all)")
    return await gateway.contacts(target.id, on_page)


async def all_lists(client: KoreClient) -> list[dict[str, Any]]:
    envelope = await client.list_contact_lists()
    return [record.model_dump(mode="json", by_alias=True) for record in envelope.data]
