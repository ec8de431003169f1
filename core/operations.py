"""The catalog: one declarative entry per Kore.ai operation.

The TUI's forms, the Slack and `kore` commands, help texts, curl export, the sandbox's routes and
the OpenAPI document are generated from these entries. What else a new operation needs (its models,
limits rows, typed client method, sandbox handler, presentation entry) is listed in CONTRIBUTING.md.
"""

from __future__ import annotations

import enum
import string
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from core import models
from core import models_campaigns as campaigns
from core import models_contacts as contacts
from core.models_add_contacts import AddContactsAccepted, AddContactsInput

HttpMethod = Literal["GET", "POST", "PUT", "DELETE"]
BodyShape = Literal["object", "one_in_array", "array"]


class Resource(enum.Enum):
    """What an operation acts on; groups operations in the TUI sidebar and Slack commands."""

    CONTACT_LIST = ("contact_list", "Contact lists", "lists")
    CONTACT = ("contact", "Contacts", "contacts")
    CAMPAIGN = ("campaign", "Campaigns", "campaigns")

    def __init__(self, key: str, label: str, command: str) -> None:
        self.key = key
        self.label = label
        self.command = command


V1 = "/agentassist/api/v1/public/{app_id}"
V2 = "/campaign/api/v2/public/{app_id}"
"""The v2 campaign service (§6.8): the contact-list operations when the `api_version` setting is 2."""
CAMPAIGN_V1 = "/campaign/api/v1/public/{app_id}"
"""The campaign service's prefix: starting and stopping a voice campaign live there (§12)."""
PLATFORM = "/api/1.1/public/{app_id}"
"""The platform core's prefix: Add Contacts runs there as a background job (§6.7, no v2 twin)."""


@dataclass(frozen=True)
class Operation:
    """One Kore.ai endpoint and everything a front end needs to offer it."""

    key: str
    resource: Resource
    verb: str
    title: str
    help: str
    method: HttpMethod
    path: str
    input_model: type[models.KoreModel]
    response_model: type[BaseModel]
    noun: str
    method_name: str
    """The KoreClient convenience method that runs this operation (the generic one is `call`)."""
    needs_iid: bool = True
    destructive: bool = False
    scope: str = "Campaign Management"
    fixed_query: Mapping[str, str] = field(default_factory=dict)
    fixed_body: Mapping[str, Any] = field(default_factory=dict)
    account_in_query: bool = False
    example: Mapping[str, str] = field(default_factory=dict)
    reads: bool = False
    """A POST that only reads (the campaign reads take their filters and paging in a body)."""
    target: str | None = None
    """The input naming the one record acted on when no path field does (a list's name)."""
    v2_path: str | None = None
    """The same operation on the v2 service (§6.8), used when the `api_version` setting is 2; v2
    paths also carry `?accountId=`. None: the operation has no v2 twin (Add Contacts)."""
    confirm_word: str = "Delete"
    """The button that confirms a destructive call (`Start` for a campaign start)."""
    consequence: str = "This cannot be undone."
    """What confirming does, said in every front end's question."""
    body_shape: BodyShape = "object"
    """How the body is laid out: an object of the body fields; that object inside an array (Create a
    Contact takes an array even for one); or the one body field's list itself (Update Bulk Contacts)."""
    form: bool = True
    """False: for scripts and the bulk engine only; the TUI, Slack and `kore` leave it out."""

    def path_for(self, api_version: int) -> str:
        """The path template the client sends to: the v2 twin when asked for and there is one."""
        return self.v2_path if api_version == 2 and self.v2_path is not None else self.path

    @property
    def is_read(self) -> bool:
        return self.method == "GET" or self.reads

    @property
    def path_fields(self) -> tuple[str, ...]:
        """Input fields that fill the path template, in order (app_id comes from settings)."""
        names = [name for _, name, _, _ in string.Formatter().parse(self.path) if name]
        return tuple(name for name in names if name != "app_id")

    @property
    def query_fields(self) -> tuple[str, ...]:
        return tuple(
            name
            for name, info in self.input_model.model_fields.items()
            if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("in") == "query"
        )

    @property
    def body_fields(self) -> tuple[str, ...]:
        if self.method == "GET":
            return ()
        skip = set(self.path_fields) | set(self.query_fields)
        return tuple(name for name in self.input_model.model_fields if name not in skip)

    @property
    def target_field(self) -> str | None:
        """The field naming the one thing this operation acts on (an id in the path, else `target`)."""
        if self.target is not None:
            return self.target
        return self.path_fields[-1] if self.path_fields else None

    @property
    def targets_many(self) -> bool:
        """The target is a list of ids (Delete Bulk Contacts), not one record."""
        info = self.input_model.model_fields.get(self.target_field or "")
        return info is not None and typing.get_origin(info.annotation) is list

    def validate(self, fields: Mapping[str, Any]) -> models.KoreModel:
        """Check inputs against the documented limits; raises pydantic.ValidationError."""
        return self.input_model.model_validate(dict(fields))

    def describe(self, inputs: Mapping[str, Any] | None = None) -> str:
        """'DELETE contact list cl-123': the prefix of every message about this call."""
        target = ""
        if inputs and self.target_field and inputs.get(self.target_field):
            target = f" {target_text(self, inputs[self.target_field])}"
        return f"{self.method} {self.noun}{target}"


def target_items(op: Operation, value: Any) -> list[str]:
    """The records `op`'s target names: one id or name, or several when the target is a list field
    (given as a list, or as text separated by commas, spaces or new lines)."""
    if not op.targets_many:
        text = str(value or "").strip()
        return [text] if text else []
    items = value if isinstance(value, list | tuple) else str(value or "").replace(",", " ").split()
    return [str(item).strip() for item in items if str(item).strip()]


def target_text(op: Operation, value: Any, shown: int = 5) -> str:
    """`cl-1`, or `a, b, c and 4 more` for a target naming several records."""
    items = target_items(op, value)
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        key="contact_list.list",
        method_name="list_contact_lists",
        resource=Resource.CONTACT_LIST,
        verb="all",
        title="Get All Contact Lists",
        help="List every call contact list of the app",
        method="GET",
        path=f"{V1}/campaign/contactList/getAllListDetails",
        v2_path=f"{V2}/campaign/contactList/getAllListDetails",
        input_model=models.GetAllContactListsInput,
        response_model=models.ContactListsEnvelope,
        noun="contact lists",
        fixed_query={"type": "call"},
    ),
    Operation(
        key="contact_list.get",
        method_name="get_contact_list",
        resource=Resource.CONTACT_LIST,
        verb="show",
        title="Get Contact List Details",
        help="Show one contact list by id",
        method="GET",
        path=f"{V1}/campaign/contactList/{{contact_list_id}}",
        v2_path=f"{V2}/campaign/contactList/{{contact_list_id}}",
        input_model=models.ContactListIdInput,
        response_model=models.ContactListEnvelope,
        noun="contact list",
        example={"contact_list_id": "cl-4db9a03-07a3-4009-973a-b8940e81xxxx"},
    ),
    Operation(
        key="contact_list.create",
        method_name="create_contact_list",
        resource=Resource.CONTACT_LIST,
        verb="create",
        title="Create Contact List",
        help="Create an empty passive contact list, filled later through the API",
        method="POST",
        path=f"{V1}/campaign/contactList/createContactList",
        v2_path=f"{V2}/campaign/contactList/createContactList",
        input_model=models.CreateContactListInput,
        response_model=models.ContactListEnvelope,
        noun="contact list",
        fixed_body={"source": "passiveApi"},
        example={"name": "Renewal Due - July", "description": "Customers renewing in July"},
    ),
    Operation(
        key="contact_list.update",
        method_name="update_contact_list",
        resource=Resource.CONTACT_LIST,
        verb="update",
        title="Update Contact List",
        help="Rename a contact list or change its description or duplicate rule",
        method="PUT",
        path=f"{V1}/campaign/contactList/{{contact_list_id}}",
        v2_path=f"{V2}/campaign/contactList/{{contact_list_id}}",
        input_model=models.UpdateContactListInput,
        response_model=models.ContactListUpdateEnvelope,
        noun="contact list",
        example={"contact_list_id": "cl-4db9a03-07a3-4009-973a-b8940e81xxxx", "name": "Renewal Due - August"},
    ),
    Operation(
        key="contact_list.delete",
        method_name="delete_contact_list",
        resource=Resource.CONTACT_LIST,
        verb="delete",
        title="Delete Contact List",
        help="Delete a contact list and the contacts in it",
        method="DELETE",
        path=f"{V1}/campaign/contactList/{{contact_list_id}}",
        v2_path=f"{V2}/campaign/contactList/{{contact_list_id}}",
        input_model=models.ContactListIdInput,
        response_model=models.ContactListEnvelope,
        noun="contact list",
        destructive=True,
        example={"contact_list_id": "cl-4db9a03-07a3-4009-973a-b8940e81xxxx"},
    ),
    Operation(
        key="contact_list.contacts",
        method_name="list_contacts_of_list",
        resource=Resource.CONTACT_LIST,
        verb="contacts",
        title="Get Contacts of a Contact List",
        help="Page through the phone numbers in one contact list",
        method="GET",
        path=f"{V1}/campaign/contactList/{{contact_list_id}}/getAllContacts",
        v2_path=f"{V2}/campaign/contactList/{{contact_list_id}}/getAllContacts",
        input_model=models.ListContactsOfListInput,
        response_model=models.ListContactsEnvelope,
        noun="contacts of contact list",
        account_in_query=True,
        example={"contact_list_id": "cl-4db9a03-07a3-4009-973a-b8940e81xxxx", "limit": "20"},
    ),
    Operation(
        key="contact_list.add_contacts",
        method_name="add_contacts",
        resource=Resource.CONTACT_LIST,
        verb="add",
        title="Add Contacts to a Contact List",
        help="Add phone numbers (E.164) to a list named by its name; Kore.ai adds them shortly after",
        method="POST",
        path=f"{PLATFORM}/campaign/contactList/addContacts",
        input_model=AddContactsInput,
        response_model=AddContactsAccepted,
        noun="contacts to contact list",
        target="contact_list_name",
        example={"contact_list_name": "Renewal Due - July", "phones": "+14155550123,+14155550124"},
    ),
    Operation(
        key="contact.list",
        method_name="list_contacts",
        resource=Resource.CONTACT,
        verb="all",
        title="Get All Contacts",
        help="Page through the address-book contacts used for outbound calls",
        method="GET",
        path=f"{V1}/contacts",
        input_model=models.PageInput,
        response_model=models.ContactPage,
        noun="contacts",
        needs_iid=False,
        scope="Configuration",
        example={"skip": "10", "limit": "10"},
    ),
    Operation(
        key="contact.update",
        method_name="update_contact",
        resource=Resource.CONTACT,
        verb="update",
        title="Update a Contact",
        help="Change a contact's name, salutation or phone (only the fields given)",
        method="PUT",
        path=f"{V1}/contacts/{{contact_id}}",
        input_model=models.UpdateContactInput,
        response_model=models.Contact,
        noun="contact",
        needs_iid=False,
        scope="Configuration",
        example={
            "contact_id": "667e48f7c8b972fc691a0b1c",
            "first_name": "John",
            "phone_number": "9550112345",
        },
    ),
    Operation(
        key="contact.create",
        method_name="create_contact",
        resource=Resource.CONTACT,
        verb="create",
        title="Create a Contact",
        help="Add a contact to the address book: first name and phone (number and country code)",
        method="POST",
        path=f"{V1}/contacts",
        input_model=contacts.CreateContactInput,
        response_model=contacts.ContactsCreated,
        noun="contact",
        needs_iid=False,
        scope="Configuration",
        body_shape="one_in_array",
        example={"first_name": "Ada", "last_name": "Lovelace", "phone_number": "2079460101",
                 "country_code": "+44"},
    ),
    Operation(
        key="contact.delete",
        method_name="delete_contact",
        resource=Resource.CONTACT,
        verb="delete",
        title="Delete a Contact",
        help="Deactivate a contact (soft delete: it comes back INACTIVE and its number is free again)",
        method="DELETE",
        path=f"{V1}/contacts/{{contact_id}}",
        input_model=contacts.ContactIdInput,
        response_model=models.Contact,
        noun="contact",
        needs_iid=False,
        scope="Configuration",
        destructive=True,
        example={"contact_id": "667e48f7c8b972fc691a0b1c"},
    ),
    Operation(
        key="contact.bulk_update",
        method_name="update_contacts",
        resource=Resource.CONTACT,
        verb="bulk-update",
        title="Update Bulk Contacts",
        help="Change many contacts in one request, each by its id; the answer lists what failed and why",
        method="PUT",
        path=f"{V1}/contacts/bulk-update",
        input_model=contacts.BulkUpdateInput,
        response_model=contacts.BulkUpdateResult,
        noun="contacts",
        needs_iid=False,
        scope="Configuration",
        body_shape="array",
        form=False,
    ),
    Operation(
        key="contact.bulk_delete",
        method_name="delete_contacts",
        resource=Resource.CONTACT,
        verb="bulk-delete",
        title="Delete Bulk Contacts",
        help="Deactivate many contacts at once by id (soft delete); the answer lists what failed and why",
        method="DELETE",
        path=f"{V1}/contacts/bulk-delete",
        input_model=contacts.BulkDeleteInput,
        response_model=contacts.BulkDeleteResult,
        noun="contacts",
        needs_iid=False,
        scope="Configuration",
        destructive=True,
        target="ids",
        example={"ids": "667e48f7c8b972fc691a0b1c,667e48f7c8b972fc691a0b1d"},
    ),
)

CAMPAIGN_ID = "cd-5e1b2c3a-7d4f-4e8a-9b0c-1d2e3f4a5b6c"
"""The seeded sandbox's running campaign (July Renewals Outreach)."""
READY_CAMPAIGN_ID = "cd-22649eda-4ac6-507b-aa3a-a6e31ed7b31c"
"""The seeded sandbox's campaign that has not run yet (August Renewals): the start example."""

CAMPAIGN_OPERATIONS: tuple[Operation, ...] = (
    Operation(
        key="campaign.list",
        method_name="list_campaigns",
        resource=Resource.CAMPAIGN,
        verb="all",
        title="Get All Campaigns",
        help="Page through the voice (or SMS) campaigns, optionally by status, priority or dialing mode",
        method="POST",
        path=f"{V1}/campaign/getAllCampaignDetails",
        input_model=campaigns.GetAllCampaignsInput,
        response_model=campaigns.CampaignsEnvelope,
        noun="campaigns",
        reads=True,
        example={"type": "voice", "status": "Active,Paused"},
    ),
    Operation(
        key="campaign.get",
        method_name="get_campaign",
        resource=Resource.CAMPAIGN,
        verb="show",
        title="Get Voice Campaign by ID",
        help="Show one voice campaign: its lists, DNC list, calling hours and status",
        method="GET",
        path=f"{V1}/campaign/{{campaign_id}}",
        input_model=campaigns.CampaignIdInput,
        response_model=campaigns.CampaignEnvelope,
        noun="campaign",
        example={"campaign_id": CAMPAIGN_ID},
    ),
    Operation(
        key="campaign.status",
        method_name="get_campaign_status",
        resource=Resource.CAMPAIGN,
        verb="status",
        title="Get Campaign Status",
        help="Whether a campaign is running, paused, stopped or done",
        method="POST",
        path=f"{V1}/campaign/{{campaign_id}}/status",
        input_model=campaigns.CampaignIdInput,
        response_model=campaigns.CampaignStatusEnvelope,
        noun="campaign status",
        fixed_query={"view": "status"},
        reads=True,
        example={"campaign_id": CAMPAIGN_ID},
    ),
    Operation(
        key="campaign.contacts",
        method_name="list_campaign_contacts",
        resource=Resource.CAMPAIGN,
        verb="contacts",
        title="Get Campaign Contact Details",
        help="Page through a campaign's numbers and how dialing each went",
        method="POST",
        path=f"{V1}/campaign/{{campaign_id}}/status",
        input_model=campaigns.CampaignContactsInput,
        response_model=campaigns.CampaignContactsEnvelope,
        noun="contacts of campaign",
        fixed_query={"view": "contacts"},
        reads=True,
        example={"campaign_id": CAMPAIGN_ID, "limit": "20"},
    ),
)


def _trigger(verb: str, trigger: str, word: str, consequence: str, example: str) -> Operation:
    """Start or stop a voice campaign: one path, told apart by `trigger` (decisions table)."""
    title = f"{word} a Voice Campaign"
    return Operation(
        key=f"campaign.{verb}",
        method_name=f"{verb}_campaign",
        resource=Resource.CAMPAIGN,
        verb=verb,
        title=title,
        help=f"{word} an outbound voice campaign now",
        method="POST",
        path=f"{CAMPAIGN_V1}/campaign/{{campaign_id}}",
        input_model=campaigns.CampaignIdInput,
        response_model=campaigns.CampaignTrigger,
        noun="voice campaign",
        fixed_query={"campaignType": "voice", "trigger": trigger},
        destructive=True,
        confirm_word=word,
        consequence=consequence,
        example={"campaign_id": example},
    )


CAMPAIGN_OPERATIONS += (
    _trigger(
        "start",
        "play",
        "Start",
        "It starts dialing the numbers of its lists now (DNC numbers excepted).",
        READY_CAMPAIGN_ID,
    ),
    _trigger(
        "stop", "stop", "Stop", "Its outbound run stops now; calls already connected finish.", CAMPAIGN_ID
    ),
)

OPERATIONS = OPERATIONS + CAMPAIGN_OPERATIONS

CATALOG: dict[str, Operation] = {op.key: op for op in OPERATIONS}


def get_operation(key: str) -> Operation:
    """The catalog entry for `key`; KeyError names the known keys."""
    try:
        return CATALOG[key]
    except KeyError:
        raise KeyError(f"unknown operation {key!r}; known: {', '.join(CATALOG)}") from None


def by_resource() -> dict[Resource, list[Operation]]:
    """Operations grouped by resource, in catalog order (sidebar and help order)."""
    groups: dict[Resource, list[Operation]] = {resource: [] for resource in Resource}
    for op in OPERATIONS:
        groups[op.resource].append(op)
    return groups
