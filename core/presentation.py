"""How each kind of record is shown, once, for every front end (headless: plain text only).

One `Presentation` per record model the catalog returns: its titles, the input field that
addresses one record, its display name, its table columns, its detail fields and the catalog
operations that act on it. The TUI's tables, known ids and confirmations and Slack's blocks all
render from here, so a new operation needs one entry (a test derives the list from the catalog).
Values become text in core/formatting.py; delete summaries are core/impact.py.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from core import models
from core.formatting import attr, date_text, e164
from core.models_add_contacts import AddContactsAccepted
from core.operations import Operation
from core.presentation_campaigns import CAMPAIGN_PRESENTATIONS
from core.presentation_types import (
    Column,
    ColumnRole,
    Detail,
    Presentation,
    record_model,
    returns_many,
)

__all__ = [
    "PRESENTATIONS", "Column", "ColumnRole", "Detail", "Presentation", "for_field", "for_operation",
    "for_record", "for_target", "presentation_of", "record_model", "returns_many",
]  # fmt: skip

# --- the entries ------------------------------------------------------------------------------------


def _person(record: Any) -> str:
    if record.full_name and record.full_name.strip():
        return str(record.full_name)
    return " ".join(part for part in (record.first_name, record.last_name) if part)


def _contact_phone(record: Any) -> str:
    phone = record.cell_phone
    return e164(phone.phone_number, phone.country_code) if phone is not None else ""


def _list_phone(record: Any) -> str:
    return e164(record.phone_number)


def _campaigns(record: Any) -> tuple[str, ...]:
    names = []
    for campaign in record.campaign_in_use:
        name = campaign if isinstance(campaign, str) else (campaign.name or campaign.id)
        if name:
            names.append(name)
    if not names and record.is_list_in_use:
        names.append("a campaign")
    return tuple(names)


def _updated(record: Any) -> str:
    return date_text(record.updated_at or record.created_at)


CONTACT_LIST = Presentation(
    model=models.ContactList,
    title="Contact list",
    plural="Contact lists",
    id_field="contact_list_id",
    name=attr("name"),
    columns=(
        Column("Name", attr("name"), 18, grow=True, role="name"),
        Column("Records", attr("total_record_count"), 7, role="count"),
        Column("Status", attr("status"), 8),
        Column("Updated", _updated, 10),
    ),
    details=(
        Detail("Name", "name"),
        Detail("Id", "id"),
        Detail("Description", "description"),
        Detail("Records", "total_record_count"),
        Detail("Status", "status"),
        Detail("Duplicates allowed", "allow_duplicates"),
        Detail("In use", "is_list_in_use"),
        Detail("Used by campaigns", "campaign_in_use", lambda record: ", ".join(_campaigns(record))),
        Detail("Source", "source"),
        Detail("List type", "list_type"),
        Detail("Active", "is_active"),
        Detail("Created", "created_at"),
        Detail("Updated", "updated_at"),
        Detail("Created by", "created_by"),
        Detail("Updated by", "updated_by"),
        Detail("App id", "i_id"),
        Detail("Org id", "org_id"),
        Detail("Account id", "account_id"),
        Detail("Column mapping", "mapping"),
        Detail("API settings", "api_configurations"),
        Detail("Files", "files"),
        Detail("Lowercase name", "lname"),
        Detail("Global DNC list", "is_global_dnc"),
        Detail("Default list", "is_default"),
        Detail("Columns", "columns"),
    ),
    count=lambda record: record.total_record_count,
    used_by=_campaigns,
    name_field="contact_list_name",
)

CONTACT_LIST_UPDATE = Presentation(
    model=models.ContactListUpdate,
    title="Contact list change",
    plural="Contact list changes",
    id_field="contact_list_id",
    id_attr="contact_list_id",
    name=attr("body.name"),
    columns=(
        Column("Id", attr("contact_list_id"), 12, role="id"),
        Column("Name", attr("body.name"), 18, grow=True, role="name"),
        Column("Description", attr("body.description"), 16, grow=True),
    ),
    details=(
        Detail("Id", "contact_list_id"),
        Detail("Name", "body.name"),
        Detail("Description", "body.description"),
        Detail("Duplicates allowed", "body.allow_duplicates"),
        Detail("Updated by", "body.updated_by"),
        Detail("List type", "body.list_type"),
        Detail("App id", "body.i_id"),
        Detail("Org id", "body.org_id"),
        Detail("Account id", "body.account_id"),
    ),
)

LIST_CONTACT = Presentation(
    model=models.ListContact,
    title="Contact of a list",
    plural="Contacts of a list",
    id_field="list_contact_id",
    name=_list_phone,
    columns=(
        Column("Id", attr("id"), 12, role="id"),
        Column("Phone", _list_phone, 16, role="name"),
        Column("Created", lambda record: date_text(record.created_at), 10),
    ),
    details=(
        Detail("Phone", "phone_number", _list_phone),
        Detail("Id", "id"),
        Detail("Created", "created_at"),
        Detail("Updated", "updated_at"),
    ),
)

CONTACT = Presentation(
    model=models.Contact,
    title="Contact",
    plural="Contacts",
    id_field="contact_id",
    name=_person,
    columns=(
        Column("Name", _person, 18, grow=True, role="name"),
        Column("Phone", _contact_phone, 16),
        Column("Status", attr("status"), 8),
    ),
    details=(
        Detail("Name", "full_name", _person),
        Detail("Id", "id"),
        Detail("Salutation", "salutation"),
        Detail("First name", "first_name"),
        Detail("Last name", "last_name"),
        Detail("Phone", "cell_phone", _contact_phone),
        Detail("Extension", "cell_phone.extension"),
        Detail("Status", "status"),
        Detail("Created", "created_at"),
        Detail("Updated", "updated_at"),
        Detail("Created by", "created_by"),
        Detail("Updated by", "updated_by"),
        Detail("App id", "instance_bot_id"),
        Detail("Org id", "org_id"),
        Detail("Account id", "account_id"),
    ),
)

ADD_CONTACTS_ACCEPTED = Presentation(
    model=AddContactsAccepted,
    title="Add contacts request",
    plural="Add contacts requests",
    id_field="",
    name=attr("message"),
    columns=(
        Column("Message", attr("message"), 30, grow=True, role="name"),
        Column("Status", attr("status"), 8),
    ),
    details=(Detail("Message", "message"), Detail("Status", "status")),
)

PRESENTATIONS: dict[type[BaseModel], Presentation] = {
    entry.model: entry
    for entry in (CONTACT_LIST, CONTACT_LIST_UPDATE, LIST_CONTACT, CONTACT, ADD_CONTACTS_ACCEPTED)
}

PRESENTATIONS.update({entry.model: entry for entry in CAMPAIGN_PRESENTATIONS})

from core.presentation_contacts import CONTACT_PRESENTATIONS  # noqa: E402

PRESENTATIONS.update({entry.model: entry for entry in CONTACT_PRESENTATIONS})


def presentation_of(model: type[BaseModel]) -> Presentation:
    """The entry for a record model (or its nearest base); KeyError names the model."""
    for klass in model.__mro__:
        if klass in PRESENTATIONS:
            return PRESENTATIONS[klass]
    raise KeyError(f"no presentation for {model.__name__}; add one to core/presentation.py")


def for_record(record: object) -> Presentation:
    return presentation_of(type(record))  # type: ignore[arg-type]


def for_operation(op: Operation) -> Presentation:
    """How the records an operation returns are shown."""
    return presentation_of(record_model(op.response_model))


def for_field(id_field: str) -> Presentation | None:
    """The record an id (or name) field addresses (the first entry with it; later ones are echoes)."""
    for entry in PRESENTATIONS.values():
        if id_field and id_field in (entry.id_field, entry.name_field):
            return entry
    return None


def for_target(op: Operation) -> Presentation | None:
    """How the one record an operation acts on is shown, if it acts on one."""
    return for_field(op.target_field) if op.target_field else None
