"""The sandbox's Update Bulk Contacts and Delete Bulk Contacts (§7.5, §7.7).

A malformed request (an item that is not a valid change, an id that is not a string) is refused whole
with a 400 naming the item, and nothing changes. A well-formed item that cannot be applied (no such
active contact, a number another contact has) is listed in `failedRecords` as `{id, index, code, msg,
field}`: what a single call for it would have answered, and its place in the request; the other items
go ahead (decisions: bulk results).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from core.limits import Limit, limit
from core.sandbox.contacts import active_contact, soft_delete
from core.sandbox.documents import Writer
from core.sandbox.endpoints import apply_contact_changes
from core.sandbox.errors import ApiError, SafeJSONResponse, bad_request
from core.sandbox.records import Record
from core.sandbox.registry import handles
from core.sandbox.schema import CONTACTS
from core.sandbox.validation import (
    ContactChanges,
    placed,
    read_json_array,
    read_json_object,
    validate_update_contact,
)

UPDATE_ITEMS = limit("contact.bulk_update.items")
DELETE_IDS = limit("contact.bulk_delete.ids")
ID = limit("resource.id")  # the shape the client checks; a malformed id refuses the whole request


def _within(count: int, row: Limit) -> None:
    low, high = row.min or 0, row.max or count
    if not low <= count <= high:
        raise bad_request(row.wire_name, f"must hold {low} to {high} items per request (got {count})")


def _failure(index: int, ident: Any, error: ApiError) -> Record:
    failed: Record = {"id": ident if isinstance(ident, str) else None, "index": index}
    failed.update(code=error.status_code, msg=error.msg)
    if error.field is not None:
        failed["field"] = error.field
    return failed


def _tally(total: int, done: list[Record], failed: list[Record]) -> Record:
    return {
        "totalRequested": total,
        "successful": len(done),
        "failed": len(failed),
        "successfulRecords": done,
        "failedRecords": failed,
    }


@handles("contact.bulk_update")
async def update_contacts(api: Any, request: Request) -> Response:
    items = await read_json_array(request)
    _within(len(items), UPDATE_ITEMS)
    checked = []
    for index, item in enumerate(items):
        try:
            checked.append(_checked(item))
        except ApiError as error:
            raise placed(error, index, len(items)) from None
    now, account = api.now(), api.config.account_id

    def apply(writer: Writer) -> Record:
        done: list[Record] = []
        failed: list[Record] = []
        for index, (ident, changes) in enumerate(checked):
            try:
                record = active_contact(writer, ident)
                apply_contact_changes(writer, record, changes, now=now, account_id=account)
                writer.put(CONTACTS, record)
                done.append({"id": ident, "contact": {"_id": ident, **record}})
            except ApiError as error:
                failed.append(_failure(index, ident, error))
        return _tally(len(items), done, failed)

    return SafeJSONResponse(await api.store.write(apply))


def _checked(item: Any) -> tuple[str, ContactChanges]:
    if not isinstance(item, dict):
        raise bad_request("body", "each item must be a JSON object with an `id`")
    ident = item.get("id")
    if not isinstance(ident, str) or not 1 <= len(ident.strip()) <= (ID.max or 0):
        raise bad_request("id", f"is required: the id of the contact to change (1 to {ID.max} characters)")
    return ident.strip(), validate_update_contact(item)


@handles("contact.bulk_delete")
async def delete_contacts(api: Any, request: Request) -> Response:
    body = await read_json_object(request)
    ids = body.get("ids")
    if not isinstance(ids, list):
        raise bad_request(DELETE_IDS.wire_name, 'is required: {"ids": ["<contact id>", ...]}')
    _within(len(ids), DELETE_IDS)
    for index, ident in enumerate(ids):
        if not isinstance(ident, str) or not 1 <= len(ident.strip()) <= (ID.max or 0):
            problem = f"each id must be a string of 1 to {ID.max} characters"
            raise placed(bad_request(DELETE_IDS.wire_name, problem), index, len(ids))
    now, account = api.now(), api.config.account_id

    def apply(writer: Writer) -> Record:
        done: list[Record] = []
        failed: list[Record] = []
        for index, ident in enumerate(ids):
            try:
                soft_delete(writer, active_contact(writer, ident.strip()), now, account)
                done.append({"id": ident.strip()})
            except ApiError as error:
                failed.append(_failure(index, ident, error))
        return _tally(len(ids), done, failed)

    return SafeJSONResponse(await api.store.write(apply))
