"""Pydantic models of the Kore.ai campaign reads and the voice campaign start/stop (kore-api.md §8).

Inputs carry their rows of core.limits like every other input model; responses type the documented
fields and keep the ones the docs do not list (KoreResponse).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Generic

from pydantic import ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from core.limits import limit
from core.models import (
    DataT,
    Envelope,
    KoreModel,
    KoreResponse,
    Page,
    ResourceId,
    Skip,
    limited,
)

CampaignType = Annotated[str, limited("campaign.list.type")]
StatusName = Annotated[str, limited("campaign.list.filters.status")]
Priority = Annotated[int, limited("campaign.list.filters.priority")]
DialingMode = Annotated[str, limited("campaign.list.filters.dialing_mode")]

# --- inputs ---------------------------------------------------------------------------------------

EMPTY_ALLOWED: dict[str, Any] = {"minProperties": 0}
"""In a model's JSON schema: `{}` is a valid request (every field has a default), unlike an update's."""


def _defaulted(key: str, description: str) -> Any:
    """A field whose default is its row's (`Any`: pydantic's Field is typed as the value it stands for)."""
    return Field(default=limit(key).default, description=description)


class CampaignIdInput(KoreModel):
    """Inputs of operations that address one campaign."""

    campaign_id: ResourceId = Field(
        description="Id of the campaign (cd-...)", json_schema_extra={"in": "path"}
    )


class CampaignFilters(KoreModel):
    """`filters` of Get All Campaigns: each a list, any of its values matches."""

    model_config = ConfigDict(json_schema_extra=EMPTY_ALLOWED)

    status: list[StatusName] | None = Field(
        default=None, description=f"Campaign statuses ({limit('campaign.list.filters.status').readable})"
    )
    priority: list[Priority] | None = Field(default=None, description="Priorities, 1 (highest) to 5")
    dialing_mode: list[DialingMode] | None = Field(
        default=None, description="Dialing modes (Progressive or Preview; voice only)"
    )


def _type_is_required(schema: dict[str, Any]) -> None:
    schema["required"] = [*schema.get("required", []), "type"]


class GetAllCampaignsInput(KoreModel):
    """Body of Get All Campaigns: the campaign type, skip/limit paging and optional filters.

    `type` is required on the wire (§8.1); the client fills in `voice` when none is given.
    """

    model_config = ConfigDict(json_schema_extra=_type_is_required)

    type: CampaignType = Field(default="voice", description="Campaign type: voice or sms")
    skip: Skip = _defaulted("paging.skip", "How many campaigns to skip")
    limit: Annotated[int, limited("campaign.list.limit")] = _defaulted(
        "campaign.list.limit", "Page size (1-100)"
    )
    filters: CampaignFilters | None = Field(default=None, description="Filters")

    @model_validator(mode="after")
    def _drop_empty_filters(self) -> GetAllCampaignsInput:
        if self.filters is not None and self.filters.model_dump(exclude_none=True) == {}:
            self.filters = None
        return self


class CampaignContactsInput(CampaignIdInput):
    """Get Campaign Contact Details: page numbers from 1, up to 100 numbers a page."""

    model_config = ConfigDict(json_schema_extra=EMPTY_ALLOWED)

    page: Annotated[int, limited("campaign.contacts.page")] = _defaulted(
        "campaign.contacts.page", "Page number, from 1"
    )
    limit: Annotated[int, limited("campaign.contacts.limit")] = _defaulted(
        "campaign.contacts.limit", "Numbers per page (1-100)"
    )


# --- responses --------------------------------------------------------------------------------------


class DncListRef(KoreResponse):
    """The do-not-call list a voice campaign checks (a contact list, §8.5)."""

    id: str | None = None
    name: str | None = None


class CampaignSchedule(KoreResponse):
    is_scheduling_enabled: bool | None = None
    is_recurrence_enabled: bool | None = None


def _id_or_sms_id(schema: dict[str, Any]) -> None:
    """The JSON schema says what the model reads: `_id` (voice) or `id` (SMS), one of them required."""
    schema["required"] = [name for name in schema.get("required", []) if name != "_id"]
    schema["properties"]["id"] = {"type": "string", "description": "The campaign's id in SMS items"}
    schema["anyOf"] = [{"required": ["_id"]}, {"required": ["id"]}]


class Campaign(KoreResponse):
    """A campaign as Get All Campaigns lists it and Get Voice Campaign by ID returns it.

    Voice items carry `_id`, SMS items `id` (§8.1); both read into `id`.
    """

    model_config = ConfigDict(json_schema_extra=_id_or_sms_id)

    id: str = Field(alias="_id")
    name: str
    description: str | None = None
    lname: str | None = None
    status: str | None = None
    priority: str | int | None = None
    dialing_mode: str | None = None
    dnc_lists: DncListRef | None = None
    is_filters_enabled: bool | None = None
    schedule: CampaignSchedule | None = None
    connection: str | None = None
    contact_lists: list[str] = Field(default_factory=list)
    """The names of the contact lists the campaign dials."""
    dialing_strategy: dict[str, Any] | None = None
    experience_flow: str | dict[str, Any] | None = None
    enable_machine_detect: bool | None = None
    format: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    campaign_instance_updated_at: datetime | None = None


class CampaignStatus(KoreResponse):
    """Get Campaign Status: the campaign's id, name and status."""

    id: str
    status: str
    name: str | None = None


class CampaignContact(KoreResponse):
    """One number of a campaign and how dialing it went (§8.4)."""

    phone_number: str
    unique_id: str | None = None
    dialer_outcome: str | None = None
    number_of_attempts_so_far: int | None = None
    bot_session_id: str | None = None
    agent_disposition_codes: list[str] = Field(default_factory=list)
    bot_outbound_status: str | None = None
    bot_outbound_status_detail: str | None = None


class NumberedPage(Page[DataT], Generic[DataT]):
    """page/limit paging (§8.4); `skip` and `has_more` are derived so every front end pages alike."""

    page: int
    skip: SkipJsonSchema[int] = 0
    has_more: SkipJsonSchema[bool] = False

    @model_validator(mode="after")
    def _derive_offsets(self) -> NumberedPage[DataT]:
        self.skip = max(self.page - 1, 0) * self.limit
        self.has_more = self.page < self.total_pages
        return self


class CampaignTrigger(KoreResponse):
    """What starting or stopping a voice campaign answers (decisions: start / stop)."""

    status: str
    message: str
    total_calls_completed: int | None = None
    updated_at: datetime | None = None
    campaign_instance_id: str | None = None


class CampaignsEnvelope(Envelope[Page[Campaign]]):
    pass


class CampaignEnvelope(Envelope[Campaign]):
    pass


class CampaignStatusEnvelope(Envelope[CampaignStatus]):
    pass


class CampaignContactsEnvelope(Envelope[NumberedPage[CampaignContact]]):
    pass
