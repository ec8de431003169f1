"""Export: every contact of a list (all pages) as CSV or JSON, or every list.

CSV columns and their text come from core/presentation.py (the labels and values every front end
shows: numbers in E.164, times in UTC), followed by any field Kore.ai added that the models do not
name. JSON is the records exactly as Kore.ai sent them, for scripts. Files are written 0600.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from core import csv_cells, models
from core.bulk.lists import ListGateway, PageCallback, require_list
from core.formatting import label, text
from core.presentation import Presentation, presentation_of

if TYPE_CHECKING:
    from core.client import KoreClient

Format = Literal["csv", "json"]


def to_csv(records: Sequence[BaseModel], entry: Presentation) -> str:
    """One row per record: the presentation's fields that any record has, then extra fields."""
    details = [d for d in entry.all_details if any(d.value(record) for record in records)] or list(
        entry.details
    )
    extras: dict[str, None] = {}
    for record in records:
        for name in record.model_extra or {}:
            extras.setdefault(name, None)
    buffer = io.StringIO()
    writer = csv_cells.writer(buffer, lineterminator="\n")
    writer.writerow([d.label for d in details] + [label(name) for name in extras])
    for record in records:
        extra = record.model_extra or {}
        writer.writerow([d.value(record) for d in details] + [text(extra.get(name)) for name in extras])
    return buffer.getvalue()


def to_json(records: Sequence[BaseModel]) -> str:
    dumped = [record.model_dump(mode="json", by_alias=True) for record in records]
    return json.dumps(dumped, indent=2, ensure_ascii=False) + "\n"


def render(records: Sequence[BaseModel], fmt: Format, model: type[BaseModel]) -> str:
    return to_json(records) if fmt == "json" else to_csv(records, presentation_of(model))


async def list_contacts(
    gateway: ListGateway, list_name: str, on_page: PageCallback | None = None
) -> list[models.ListContact]:
    """Every contact of the named list; UnknownListError when there is none by that name."""
    target = require_list(await gateway.lists(), list_name, flag="check the name (kore lists all)")
    return await gateway.contacts(target.id, on_page)


async def all_lists(client: KoreClient) -> list[Any]:
    envelope = await client.list_contact_lists()
    return list(envelope.data)
