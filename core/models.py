"""Pydantic models of the Kore.ai contact-list and contact APIs.

Request models carry the documented limits, so every front end validates input the same way
before anything is sent. Response models type every documented field but tolerate fields the
docs do not list, because Kore.ai adds fields without notice (v2 adds `isGlobalDNC`, `columns`...).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

import annotated_types
from pydantic import BaseModel, ConfigDict, Field, RootModel, StrictBool, StringConstraints, model_validator
from pydantic.alias_generators import to_camel
from pydantic_core import InitErrorDetails, PydanticCustomError
from pydantic_core import ValidationError as CoreValidationError

from core.limits import Limit, limit

# --- shared field types -------------------------------------------------------------------


@dataclass(frozen=True)
class Limited(annotated_types.GroupedMetadata):
    """The pydantic constraints of one row of core.limits; core.fields reads the row back from it."""

    row: Limit

    def __iter__(self) -> Iterator[Any]:
        row = self.row
        if row.kind in ("text", "pattern"):
            yield StringConstraints(
                strip_whitespace=row.trimmed or None,
                min_length=row.min or None,
                max_length=row.max,
                pattern=row.effective_pattern,
            )
        elif row.kind == "integer":
            yield annotated_types.Ge(row.min or 0)
            if row.max is not None:
                yield annotated_types.Le(row.max)
        elif row.kind == "items":
            yield annotated_types.MinLen(row.min or 0)
            if row.max is not None:
                yield annotated_types.MaxLen(row.max)


def limited(key: str) -> Limited:
    """`Annotated[str, limited("contact.first_name")]`: a field checked by that row of the table."""
    return Limited(limit(key))


ListName = Annotated[str, limited("contact_list.name")]
ListDescription = Annotated[str, limited("contact_list.description")]
PhoneDigits = Annotated[str, limited("contact.cell_phone.phone_number")]
CountryCode = Annotated[str, limited("contact.cell_phone.country_code")]
Extension = Annotated[str, limited("contact.cell_phone.extension")]
FirstName = Annotated[str, limited("contact.first_name")]
LastName = Annotated[str, limited("contact.last_name")]
Salutation = Annotated[str, limited("contact.salutation")]
ResourceId = Annotated[str, limited("resource.id")]
Skip = Annotated[int, limited("paging.skip")]

_NAME = limit("contact_list.name")
_DESCRIPTION = limit("contact_list.description")


def _span(row: Limit) -> str:
    return f"{row.min}-{row.max} characters"


def _sentence(key: str) -> str:
    words = limit(key).readable
    return words[:1].upper() + words[1:]


Source = Literal["passiveApi", "passiveApiIntegration"]
"""The two spellings of a passive contact list's `source`; we send the first, accept both."""


class KoreModel(BaseModel):
    """Base for models sent to Kore.ai: snake_case in Python, camelCase on the wire."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", str_strip_whitespace=False
    )


class KoreResponse(BaseModel):
    """Base for models read from Kore.ai: undocumented extra fields are kept, not rejected."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow")


def _error_at(model: BaseModel, field: str, kind: str, message: str, value: Any) -> CoreValidationError:
    """A validation error placed on one field (a model validator's own would name the model)."""
    detail = InitErrorDetails(type=PydanticCustomError(kind, message), loc=(field,), input=value)
    return CoreValidationError.from_exception_data(type(model).__name__, [detail])


def _needs_one_field(model: BaseModel, fields: tuple[str, ...]) -> None:
    if all(getattr(model, name) is None for name in fields):
        names = ", ".join(fields)
        raise ValueError(f"give at least one field to change ({names})")


# --- request inputs (path, query and body fields of one operation) --------------------------


class ContactListIdInput(KoreModel):
    """Inputs of operations that address one contact list."""

    contact_list_id: ResourceId = Field(
        description="Id of the contact list (cl-...)", json_schema_extra={"in": "path"}
    )


class CreateContactListInput(KoreModel):
    """Body of Create Contact List. `source` is not an input: the client always sends passiveApi."""

    name: ListName = Field(description=f"Name of the list, shown across the platform ({_span(_NAME)})")
    description: ListDescription = Field(
        description=f"What the list is for (up to {_DESCRIPTION.max} characters)"
    )
    allow_duplicates: StrictBool = Field(
        default=False, description="Allow the same phone number more than once in the list"
    )


class UpdateContactListInput(ContactListIdInput):
    """Update Contact List by ID: a partial update, at least one field."""

    name: ListName | None = Field(default=None, description=f"New name ({_span(_NAME)})")
    description: ListDescription | None = Field(
        default=None, description=f"New description (up to {_DESCRIPTION.max})"
    )
    allow_duplicates: StrictBool | None = Field(
        default=None, description="Allow duplicate phone numbers; empty leaves it unchanged"
    )

    @model_validator(mode="after")
    def _at_least_one(self) -> UpdateContactListInput:
        _needs_one_field(self, ("name", "description", "allow_duplicates"))
        return self


class CellPhoneInput(KoreModel):
    """The contact's phone; each part optional on update (the stored parts are kept)."""

    phone_number: PhoneDigits | None = Field(
        default=None, description=_sentence("contact.cell_phone.phone_number")
    )
    country_code: CountryCode | None = Field(
        default=None, description=_sentence("contact.cell_phone.country_code")
    )
    extension: Extension | None = Field(default=None, description="Dialing prefix or extension")

    @model_validator(mode="after")
    def _fits_e164(self) -> CellPhoneInput:
        """Country code and number together fit E.164 (checked when both are given here)."""
        row = limit("contact.cell_phone.e164")
        if self.phone_number is None or self.country_code is None or row.max is None:
            return self
        if len(self.country_code.lstrip("+")) + len(self.phone_number) > row.max:
            raise _error_at(self, "phone_number", "e164_too_long", row.readable, self.phone_number)
        return self

    @model_validator(mode="after")
    def _country_code_needs_the_number(self) -> CellPhoneInput:
        # Kore stores country code + digits as one number: a code alone would move the stored
        # number to another country without anyone typing it.
        row = limit("contact.cell_phone.country_code.needs_number")
        if self.country_code is not None and self.phone_number is None:
            raise _error_at(self, row.field, "requires", row.readable, None)
        return self


class UpdateContactInput(KoreModel):
    """Update a Contact: a partial update of the address-book contact, at least one field."""

    contact_id: ResourceId = Field(
        description="Id of the contact (24 hex characters)", json_schema_extra={"in": "path"}
    )
    first_name: FirstName | None = Field(default=None, description="First name")
    last_name: LastName | None = Field(default=None, description="Last name")
    salutation: Salutation | None = Field(default=None, description="Mr, Mrs, Dr...")
    cell_phone: CellPhoneInput | None = Field(default=None, description="Mobile phone")

    @model_validator(mode="after")
    def _at_least_one(self) -> UpdateContactInput:
        if self.cell_phone is not None and self.cell_phone.model_dump(exclude_none=True) == {}:
            self.cell_phone = None
        _needs_one_field(self, ("first_name", "last_name", "salutation", "cell_phone"))
        return self


class GetAllContactListsInput(KoreModel):
    """Get All Contact Lists takes no input; the client asks for call lists."""


def _page_size(key: str) -> Any:
    row = limit(key)
    return Field(
        default=row.default,
        description=f"Page size ({row.min}-{row.max})",
        json_schema_extra={"in": "query"},
    )


def _skip() -> Any:
    return Field(
        default=limit("paging.skip").default,
        description="How many records to skip",
        json_schema_extra={"in": "query"},
    )


class PageInput(KoreModel):
    """skip/limit paging of Get All Contacts (maximum page size 100)."""

    skip: Skip = _skip()
    limit: Annotated[int, limited("contact.list.limit")] = _page_size("contact.list.limit")


class ListContactsOfListInput(ContactListIdInput):
    """Get Contacts of a Contact List, paged (default page size 50 as in the docs' sample)."""

    skip: Skip = _skip()
    limit: Annotated[int, limited("contact_list.contacts.limit")] = _page_size("contact_list.contacts.limit")


# --- responses --------------------------------------------------------------------------------


class ContactListMapping(KoreResponse):
    first_name: str | None = None
    last_name: str | None = None
    phone_number: str | None = None
    time_zone: str | None = None
    unique_id: str | None = None
    contact_priority: str | None = None


class ApiConfigurations(KoreResponse):
    data_sync_mode: str | None = None


class CampaignRef(KoreResponse):
    """A campaign using a list: the docs say an id, the samples show {id, name}."""

    id: str | None = None
    name: str | None = None


class ContactList(KoreResponse):
    """A contact list as Get/Create/Delete return it."""

    id: str = Field(alias="_id")
    name: str
    description: str | None = None
    lname: str | None = None
    is_active: bool | None = None
    org_id: str | None = None
    total_record_count: int = 0
    status: str | None = None
    created_by: str | None = None
    updated_by: str | None = None
    mapping: ContactListMapping | None = None
    is_list_in_use: bool | None = None
    i_id: str | None = Field(default=None, alias="iId")
    list_type: str | None = None
    campaign_in_use: list[CampaignRef | str] = Field(default_factory=list)
    account_id: str | None = None
    source: Source | str | None = None
    api_configurations: ApiConfigurations | None = None
    files: list[dict[str, Any]] = Field(default_factory=list)
    allow_duplicates: bool | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    is_global_dnc: bool | None = Field(default=None, alias="isGlobalDNC")
    """v2 only (§6.8): the account's global do-not-call list."""
    is_default: bool | None = None
    """v2 only (§6.8)."""
    columns: list[Any] | None = None
    """v2 only (§6.8): the list's column names."""


class ContactListUpdateBody(KoreResponse):
    name: str | None = None
    description: str | None = None
    allow_duplicates: bool | None = None
    org_id: str | None = None
    i_id: str | None = Field(default=None, alias="iId")
    list_type: str | None = None
    account_id: str | None = None
    updated_by: str | None = None
    scope: list[str] | None = None
    """v2 only (§6.8): `["campaign_management"]`."""


class ContactListUpdate(KoreResponse):
    """What Update Contact List returns: an echo of the change, not the whole list."""

    contact_list_id: str
    body: ContactListUpdateBody


DataT = TypeVar("DataT")


class Envelope(KoreResponse, Generic[DataT]):
    """The campaign endpoints' `{status, message, data}` envelope."""

    status: str
    message: str = ""
    data: DataT


class Page(KoreResponse, Generic[DataT]):
    """skip/limit paging fields around a page of results."""

    results: list[DataT]
    skip: int = 0
    limit: int = 0
    has_more: bool = False
    total_pages: int = 0
    total_results: int = 0


class ListContact(KoreResponse):
    """A contact inside a contact list (cc-...); the docs show only its phone number."""

    id: str = Field(alias="_id")
    phone_number: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class CellPhone(KoreResponse):
    phone_number: str | None = None
    country_code: str | None = None
    extension: str | None = None


class Contact(KoreResponse):
    """An address-book contact (no envelope on the /contacts endpoints)."""

    id: str
    first_name: str | None = None
    last_name: str | None = None
    full_name: str | None = None
    salutation: str | None = None
    cell_phone: CellPhone | None = None
    status: str | None = None
    instance_bot_id: str | None = None
    org_id: str | None = None
    account_id: str | None = None
    created_by: str | None = None
    created_by_a_id: str | None = Field(default=None, alias="createdByAId")
    updated_by: str | None = None
    updated_by_a_id: str | None = Field(default=None, alias="updatedByAId")
    address: list[Any] = Field(default_factory=list)
    twitter_details: list[Any] = Field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None


class ContactListEnvelope(Envelope[ContactList]):
    pass


class ContactListUpdateEnvelope(Envelope[ContactListUpdate]):
    pass


class ContactListsEnvelope(Envelope[list[ContactList]]):
    pass


class ListContactsEnvelope(Envelope[Page[ListContact]]):
    pass


class ContactPage(Page[Contact]):
    pass


def records_of(result: BaseModel) -> tuple[list[BaseModel], Page[Any] | None]:
    """The records a read returned and its paging, whatever envelope it came in."""
    data: Any = result.data if isinstance(result, Envelope) else result
    if isinstance(data, RootModel):  # an answer that is a bare array (Create a Contact)
        data = data.root
    if isinstance(data, Page):
        return list(data.results), data
    if isinstance(data, list):
        return list(data), None
    if isinstance(data, BaseModel):
        return [data], None
    return [], None
