"""How each kind of record is shown, once, for every front end (headless: plain text only).

One `Presentation` per record model the catalog returns: its titles, the input field that
addresses one record, its display name, its table columns, its detail fields and the catalog
operations that act on it. The TUI's tables, known ids and confirmations and Slack's blocks all
render from here, so a new operation needs one entry (a test derives the list from the catalog).
Values become text in core/formatting.py; delete summaries are core/impact.py.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, RootModel

from core import models
from core.formatting import Read, attr, date_text, e164, label, text
from core.models_add_contacts import AddContactsAccepted
from core.operations import OPERATIONS, Operation

# --- what a presentation holds --------------------------------------------------------------------


ColumnRole = Literal["", "id", "name", "count"]


@dataclass(frozen=True)
class Column:
    """One table column: `width` is the minimum that keeps it readable; `grow` columns take spare room.

    `role` marks the column showing the record's id, display name or record count, which one-line
    listings show their own way (`*name* · `id` · 5 records · ...`).
    """

    label: str
    read: Read
    width: int
    grow: bool = False
    role: ColumnRole = ""


@dataclass(frozen=True)
class Detail:
    """One labelled field of the detail view; `path` is the model field (or dotted path) it shows."""

    label: str
    path: str
    read: Read | None = None

    def value(self, record: Any) -> str:
        return (self.read or attr(self.path))(record)


@dataclass(frozen=True)
class Presentation:
    """How one record model is shown and addressed."""

    model: type[BaseModel]
    title: str
    plural: str
    id_field: str
    """The catalog input field that addresses one record of this kind (`contact_list_id`)."""
    name: Read
    columns: tuple[Column, ...]
    details: tuple[Detail, ...]
    """Chosen labels first; `all_details` adds every other model field with a plain label."""
    id_attr: str = "id"
    count: Callable[[Any], int | None] = field(default=lambda record: None)
    """How many records this one holds (a contact list's contacts), when it holds any."""
    used_by: Callable[[Any], tuple[str, ...]] = field(default=lambda record: ())
    """What uses this record (campaigns using a list), by name or id."""
    name_field: str | None = None
    """The catalog input field that addresses a record by its name instead (Add Contacts: the list's)."""
    parts: Callable[[Any], tuple[str, ...]] = field(default=lambda record: ())
    """The records this one draws on, by name (the lists a campaign dials); core/impact.py counts them."""
    parts_read: str | None = None
    """The catalog read that lists those parts (their names and record counts)."""

    def id_of(self, record: Any) -> str | None:
        value = getattr(record, self.id_attr, None)
        return value if isinstance(value, str) and value else None

    def name_of(self, record: Any) -> str | None:
        """The human name shown beside the id (in suggestions, confirmations, row menus)."""
        return self.name(record) or None

    def label_of(self, record: Any) -> str:
        """The name, or the id when the record has no name."""
        return self.name_of(record) or self.id_of(record) or self.title

    def row(self, record: Any) -> list[str]:
        return [column.read(record) for column in self.columns]

    def brief(self, record: Any) -> list[str]:
        """The facts after name and id in a one-line listing: record count, then the plain columns."""
        facts = [self.count_text(record) or ""]
        facts += [column.read(record) for column in self.columns if not column.role]
        return [fact for fact in facts if fact]

    def count_text(self, record: Any) -> str | None:
        """`5 records`, or None when this kind holds no records."""
        count = self.count(record)
        return None if count is None else f"{count} record" + ("" if count == 1 else "s")

    @property
    def all_details(self) -> tuple[Detail, ...]:
        """Every field of the model, labelled: the chosen details, then the rest in model order."""
        shown = {detail.path.split(".")[0] for detail in self.details}
        rest = tuple(Detail(label(name), name) for name in self.model.model_fields if name not in shown)
        return self.details + rest

    def detail_rows(self, record: Any) -> list[tuple[str, str]]:
        """(label, text) for every field that has a value, extra fields Kore.ai added included."""
        rows = [(detail.label, detail.value(record)) for detail in self.all_details]
        extra = getattr(record, "model_extra", None) or {}
        rows += [(label(name), text(value)) for name, value in extra.items()]
        return [(label, value) for label, value in rows if value]

    @property
    def operations(self) -> tuple[Operation, ...]:
        """The catalog operations that act on one record of this kind (its row actions)."""
        fields = {self.id_field, self.name_field} - {None, ""}
        return tuple(op for op in OPERATIONS if op.target_field in fields)

    def address(self, op: Operation, record: Any) -> dict[str, str]:
        """The inputs that point `op` at `record`: its id, or its name where `op` takes the name."""
        if op.target_field is None:
            return {}
        by_name = op.target_field == self.name_field
        value = self.name_of(record) if by_name else self.id_of(record)
        return {op.target_field: value or ""}

    @property
    def show_operation(self) -> Operation | None:
        """The read that returns one record of this kind by its id (for 'what will be deleted')."""
        for op in self.operations:
            if op.is_read and record_model(op.response_model) is self.model and not returns_many(op):
                return op
        return None


# --- the record model behind each catalog response ---------------------------------------------------


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(record type, whether many) behind an envelope, page or list annotation."""
    many = False
    while True:
        origin = typing.get_origin(annotation)
        if origin in (list, tuple, Sequence):
            annotation, many = typing.get_args(annotation)[0], True
        elif origin in (typing.Union, types.UnionType):
            args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = args[0]
        elif isinstance(annotation, type) and issubclass(annotation, models.Envelope):
            annotation = annotation.model_fields["data"].annotation
        elif isinstance(annotation, type) and issubclass(annotation, models.Page):
            annotation, many = annotation.model_fields["results"].annotation, True
        elif isinstance(annotation, type) and issubclass(annotation, RootModel):
            annotation = annotation.model_fields["root"].annotation
        else:
            return annotation, many


def record_model(response_model: type[BaseModel]) -> type[BaseModel]:
    """The record inside a response: `ContactListsEnvelope` -> `ContactList` (as `records_of` finds)."""
    found, _ = _unwrap(response_model)
    if not (isinstance(found, type) and issubclass(found, BaseModel)):
        raise TypeError(f"{response_model.__name__} holds no record model")
    return found


def returns_many(op: Operation) -> bool:
    return _unwrap(op.response_model)[1]


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

# Campaign entries live in their own module, which needs the classes above (hence the late import).
from core.presentation_campaigns import CAMPAIGN_PRESENTATIONS  # noqa: E402

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
