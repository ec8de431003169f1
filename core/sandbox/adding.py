"""The sandbox's Add Contacts (§6.7): check the batch, find the list by name, queue the batch, answer at once.

The contacts appear later (core/sandbox/pending.py applies the batch after `async_delay_ms`), so the list's
`totalRecordCount` and Get Contacts of a Contact List change only then, as with the real service.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from core.sandbox.documents import Reader
from core.sandbox.errors import ApiError, SafeJSONResponse, shorten
from core.sandbox.records import Record
from core.sandbox.registry import handles
from core.sandbox.schema import CONTACT_LISTS
from core.sandbox.validation import read_json_object, validate_add_contacts

IN_PROGRESS = "Adding contacts to public list is in progress"  # the current doc's answer, word for word


@handles("contact_list.add_contacts")
async def add_contacts(api: Any, request: Request) -> Response:
    batch = validate_add_contacts(await read_json_object(request))
    contact_list = await api.store.read(lambda reader: list_named(reader, batch.list_name))
    await api.pending.enqueue(contact_list, batch.items)
    return SafeJSONResponse({"message": IN_PROGRESS})


def list_named(reader: Reader, name: str) -> Record:
    """The list called `name` (ignoring case, as names are unique that way), or a 404 naming it."""
    found = reader.first(CONTACT_LISTS, "lname = ?", (name.lower(),))
    if found is None:
        raise ApiError(
            404, f"Contact list named {shorten(name)!r} not found", 404, field="contact_list_name"
        )
    return found
