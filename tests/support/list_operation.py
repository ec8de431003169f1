"""A test-only operation with a list field, so every front end's list handling is tested on one shape."""

from __future__ import annotations

from typing import Annotated

from core import models
from core.models import KoreModel, ListName, PhoneDigits, limited
from core.operations import V1, Operation, Resource


class AddNumbersInput(KoreModel):
    """An input with a list field, shaped like Add Contacts (its limit is that operation's row)."""

    contact_list_name: ListName
    phone_numbers: Annotated[list[PhoneDigits], limited("contact_list.add_contacts.data")]


ADD_NUMBERS = Operation(
    key="test.add_numbers",
    resource=Resource.CONTACT_LIST,
    verb="add-numbers",
    title="Add numbers (test)",
    help="Add phone numbers to a list",
    method="POST",
    path=f"{V1}/test/addNumbers",
    input_model=AddNumbersInput,
    response_model=models.ContactListEnvelope,
    noun="contact list",
    method_name="add_numbers",
)
