"""Models of the address-book operations beyond read and update: create, delete, bulk update, bulk delete.

Create a Contact takes a JSON array even for one contact (§7.1) and answers the array of created
contacts; the client sends one contact per call. The bulk operations answer a tally plus the records
that succeeded and those that failed; a failed record says why in the shape of an error body
(decisions: bulk results).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

from core.limits import limit
from core.models import (
    CellPhoneInput,
    Contact,
    CountryCode,
    FirstName,
    KoreModel,
    KoreResponse,
    LastName,
    PhoneDigits,
    ResourceId,
    Salutation,
    UpdateContactInput,
    limited,
)


def _sentence(key: str) -> str:
    words = limit(key).readable
    return words[:1].upper() + words[1:]


class NewCellPhoneInput(CellPhoneInput):
    """A new contact's phone: the number and its country code are both needed (Kore stores code + digits)."""

    model_config = ConfigDict(loc_by_alias=False)  # a missing part is named as forms name it

    phone_number: PhoneDigits = Field(description=_sentence("contact.cell_phone.phone_number"))
    country_code: CountryCode = Field(description=_sentence("contact.cell_phone.country_code"))


class CreateContactInput(KoreModel):
    """Create a Contact: a first name and a phone; last name, salutation and extension optional."""

    first_name: FirstName = Field(description="First name")
    last_name: LastName | None = Field(default=None, description="Last name (may be left out)")
    salutation: Salutation | None = Field(default=None, description="Mr, Mrs, Dr...")
    cell_phone: NewCellPhoneInput = Field(description="Mobile phone")

    model_config = ConfigDict(loc_by_alias=False)

    @model_validator(mode="before")
    @classmethod
    def _phone_parts_are_named(cls, data: Any) -> Any:
        """No phone at all is reported as its missing number and code, the fields a person fills."""
        if isinstance(data, dict) and "cell_phone" not in data and "cellPhone" not in data:
            return {**data, "cell_phone": {}}
        return data


class ContactsCreated(RootModel[list[Contact]]):
    """What Create a Contact answers: the array of created contacts (each `status: ACTIVE`)."""


class ContactIdInput(KoreModel):
    """Inputs of operations that address one address-book contact."""

    contact_id: ResourceId = Field(
        description="Id of the contact (24 hex characters)", json_schema_extra={"in": "path"}
    )


ContactId = Annotated[str, limited("resource.id")]


CHANGEABLE = ("firstName", "lastName", "salutation", "cellPhone")


class BulkUpdateItem(UpdateContactInput):
    """One contact of Update Bulk Contacts: its `id` and the fields to change (at least one)."""

    contact_id: ResourceId = Field(alias="id", description="Id of the contact (24 hex characters)")

    model_config = ConfigDict(
        json_schema_extra={"anyOf": [{"required": [name]} for name in CHANGEABLE]}  # at least one change
    )


class BulkUpdateInput(KoreModel):
    """Update Bulk Contacts: the body is the array of `{id, ...fields}` itself."""

    contacts: Annotated[list[BulkUpdateItem], limited("contact.bulk_update.items")] = Field(
        description="The contacts to change, each with its id"
    )


class BulkDeleteInput(KoreModel):
    """Delete Bulk Contacts: the ids, sent as `{"ids": [...]}` in a DELETE body."""

    ids: Annotated[list[ContactId], limited("contact.bulk_delete.ids")] = Field(
        description="Ids of the contacts to delete (24 hex characters each)"
    )


class FailedRecord(KoreResponse):
    """A record a bulk operation could not change, and why (decisions: bulk results)."""

    id: str | None = None
    index: int | None = None
    """Its position in the request (0 is the first)."""
    code: int | None = None
    """What a single call would have answered: 400 (invalid) or 404 (no such active contact)."""
    msg: str = ""
    field: str | None = None


class UpdatedRecord(KoreResponse):
    id: str
    contact: dict[str, Any] = Field(default_factory=dict)


class DeletedRecord(KoreResponse):
    id: str


class BulkResult(KoreResponse):
    """The tally every bulk contact operation answers."""

    total_requested: int
    successful: int
    failed: int
    failed_records: list[FailedRecord] = Field(default_factory=list)


class BulkUpdateResult(BulkResult):
    successful_records: list[UpdatedRecord] = Field(default_factory=list)


class BulkDeleteResult(BulkResult):
    successful_records: list[DeletedRecord] = Field(default_factory=list)


def failed_lines(result: BaseModel) -> list[str]:
    """`667e...: cellPhone.phoneNumber: +1... already belongs to another contact`, one per failure."""
    failed = getattr(result, "failed_records", [])
    return [f"{record.id or f'item {record.index}'}: {record.msg}" for record in failed]
