"""The catalog: one declarative entry per Kore.ai operation.

The TUI's forms, the Slack and `kore` commands, help texts, curl export, the sandbox's routes and
the OpenAPI document are generated from these entries. What else a new operation needs (its models,
limits rows, typed client method, sandbox handler, presentation entry) is listed in CONTRIBUTING.md.
"""

from __future__ import annotations

from core import models
from core import models_contacts as contacts
from core.catalog_campaigns import CAMPAIGN_OPERATIONS
from core.catalog_entry import (
    CAMPAIGN_V1,
    PLATFORM,
    V1,
    V2,
    BodyShape,
    HttpMethod,
    Operation,
    Resource,
    StatusRule,
    target_items,
    target_text,
)
from core.models_add_contacts import AddContactsAccepted, AddContactsInput

__all__ = [
    "CAMPAIGN_V1", "CATALOG", "OPERATIONS", "PLATFORM", "V1", "V2", "BodyShape", "HttpMethod",
    "Operation", "Resource", "StatusRule", "by_resource", "get_operation", "target_items", "target_text",
]  # fmt: skip

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
