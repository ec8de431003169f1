"""The sandbox's address-book writes beyond Update a Contact: create, delete (soft), and their bulk forms.

A number belongs to at most one active contact (decisions: unique names and numbers); a soft-deleted
(INACTIVE) contact keeps its record but frees its number, and is "not found" to every later call.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from core.limits import limit
from core.sandbox.documents import Reader, Writer
from core.sandbox.errors import ApiError, SafeJSONResponse, bad_request, not_found
from core.sandbox.records import Record, app_actor_id, new_contact, new_contact_id, user_id
from core.sandbox.registry import handles
from core.sandbox.schema import CONTACTS
from core.sandbox.validation import NewContact, placed, read_json_array, validate_new_contacts

E164_MAX_DIGITS = limit("contact.cell_phone.e164").max or 15


def active_contact(reader: Reader, contact_id: str) -> Record:
    """The active contact with this id, or a 404 (a soft-deleted one is gone to the API)."""
    record = reader.get(CONTACTS, contact_id)
    if record is None or record.get("status") != "ACTIVE":
        raise not_found("Contact", contact_id)
    return record


@handles("contact.create")
async def create_contacts(api: Any, request: Request) -> Response:
    new = validate_new_contacts(await read_json_array(request))
    now = api.now()

    def insert(writer: Writer) -> list[Record]:
        created = []
        for index, contact in enumerate(new):
            try:
                created.append(_insert(writer, contact, now, api.config.account_id, api.config.app_id))
            except ApiError as error:
                raise placed(error, index, len(new)) from None
        return created

    return SafeJSONResponse(await api.store.write(insert))


def _insert(writer: Writer, new: NewContact, now: str, account_id: str, app_id: str) -> Record:
    if len(new.country_code.lstrip("+")) + len(new.digits) > E164_MAX_DIGITS:
        raise bad_request(
            "cellPhone.phoneNumber", f"with the country code it is longer than {E164_MAX_DIGITS} digits"
        )
    number = new.country_code + new.digits
    if writer.first(CONTACTS, "phone = ? AND status = 'ACTIVE'", (number,)) is not None:
        raise bad_request("cellPhone.phoneNumber", f"{number} already belongs to another contact")
    record = new_contact(
        contact_id=new_contact_id(),
        first_name=new.first_name,
        last_name=new.last_name,
        salutation=new.salutation,
        digits=new.digits,
        country_code=new.country_code,
        account_id=account_id,
        app_id=app_id,
        timestamp=now,
    )
    record["cellPhone"]["extension"] = new.extension
    writer.insert(CONTACTS, record)
    return record


@handles("contact.delete")
async def delete_contact(api: Any, request: Request) -> Response:
    contact_id = request.path_params["contact_id"]
    now = api.now()

    def deactivate(writer: Writer) -> Record:
        return soft_delete(writer, active_contact(writer, contact_id), now, api.config.account_id)

    return SafeJSONResponse(await api.store.write(deactivate))


def soft_delete(writer: Writer, record: Record, now: str, account_id: str) -> Record:
    """Mark `record` INACTIVE (its number is free again) and store it."""
    record["status"] = "INACTIVE"
    record["updatedAt"] = now
    record["updatedBy"] = user_id(account_id)
    record["updatedByAId"] = app_actor_id(account_id)
    record["id"] = record.pop("id")  # keep the documented key order: `id` last
    writer.put(CONTACTS, record)
    return record
