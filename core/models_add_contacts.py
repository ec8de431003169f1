"""Models of Add Contacts to a Contact List (§6.7): the one operation that addresses a list by name.

Each item is a phone number in E.164 plus the optional columns of the list's `mapping`. Front ends
type the numbers as one list field (`phones=+14155550123,+14155550124`); scripts and the bulk import
send whole items (`{"phoneNumber": ..., "firstName": ...}`). Both are the one field `phones`, sent
as `data`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import Field, SerializerFunctionWrapHandler, WrapValidator, model_serializer
from pydantic_core import PydanticCustomError

from core.limits import limit
from core.models import KoreModel, KoreResponse, limited

PHONE = limit("contact_list.add_contacts.phone_number")
BATCH = limit("contact_list.add_contacts.data")


def _column(name: str, description: str) -> Any:
    """An optional mapped column; its limit is the sandbox's (its row), declared in the schema."""
    row = limit(f"contact_list.add_contacts.{name}")
    return Field(default=None, description=description, json_schema_extra=row.json_schema())

E164Phone = Annotated[str, limited("contact_list.add_contacts.phone_number")]


class AddContactItem(KoreModel):
    """One contact to add: the number, and the list's mapped columns when known."""

    phone_number: E164Phone = Field(description=PHONE.readable)
    first_name: str | None = _column("first_name", "First name column")
    last_name: str | None = _column("last_name", "Last name column")
    time_zone: str | None = _column("time_zone", "Time zone (tz database name)")
    unique_id: str | None = _column("unique_id", "Your own id for this contact")

    @model_serializer(mode="wrap")
    def _without_empty_columns(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Columns not given are left out of the item, not sent as null."""
        dumped: dict[str, Any] = handler(self)
        return {key: value for key, value in dumped.items() if value is not None}


def _number_or_item(value: Any, handler: Any) -> AddContactItem:
    """A bare number becomes `{phoneNumber}`; a bad one is reported on the item itself, so the error
    reads `phones[3]: E.164 ...` rather than pointing inside an item nobody typed."""
    if isinstance(value, str):
        number = value.strip()
        if PHONE.pattern is None or not re.fullmatch(PHONE.pattern, number):
            mismatch = "String should match pattern '{pattern}'"
            raise PydanticCustomError("string_pattern_mismatch", mismatch, {"pattern": PHONE.pattern})
        value = {"phoneNumber": number}
    item: AddContactItem = handler(value)
    return item


PhoneItem = Annotated[AddContactItem, WrapValidator(_number_or_item), PHONE]
"""An item given as a number or as an object; the trailing row tells core.fields what each item is."""


class AddContactsInput(KoreModel):
    """Body of Add Contacts: the list's name and up to 1,000 numbers (the client sends 500 at a time)."""

    contact_list_name: Annotated[str, limited("contact_list.add_contacts.list_name")] = Field(
        alias="contact_list_name",
        description="Name of the contact list (lists are addressed by name here, not by id)"
    )
    phones: Annotated[list[PhoneItem], limited("contact_list.add_contacts.data")] = Field(
        alias="data",
        description=f"Phone numbers in E.164 ({BATCH.min} to {BATCH.max}), e.g. +14155550123",
    )


class AddContactsAccepted(KoreResponse):
    """What Add Contacts answers at once: the contacts are added later (poll the list)."""

    message: str
    status: str | None = None
