"""Create a Contact and Delete a Contact through the client against the sandbox."""

from __future__ import annotations

import pytest

from core import InvalidInputError, KoreClient, NotFoundError, ValidationError
from core.limits import limit
from core.sandbox.embedded import EmbeddedSandbox


async def test_create_sends_a_one_item_array_and_returns_the_created_contact(kore: KoreClient) -> None:
    prepared = kore.prepare("contact.create", first_name="Ada", phone_number="2079460101", country_code="+44")
    assert prepared.body == [{"firstName": "Ada", "cellPhone": {"phoneNumber": "2079460101", "countryCode": "+44"}}]
    assert "iid" not in prepared.headers  # the address book takes no iid (§7)
    created = await kore.create_contact("Ada", "2079460101", "+44", last_name="Lovelace", salutation="Ms")
    (contact,) = created.root
    assert contact.status == "ACTIVE" and contact.full_name == "Ada Lovelace" and contact.salutation == "Ms"
    assert contact.cell_phone is not None and contact.cell_phone.phone_number == "+442079460101"
    assert len(contact.id) == 24


async def test_a_number_an_active_contact_has_is_refused_naming_the_field(kore: KoreClient) -> None:
    await kore.create_contact("Ada", "2079460101", "+44")
    with pytest.raises(ValidationError) as caught:
        await kore.create_contact("Someone else", "2079460101", "+44")
    assert caught.value.status == 400 and caught.value.field == limit("contact.cell_phone.unique").wire_name
    assert "+442079460101" in str(caught.value)


async def test_the_client_refuses_a_contact_without_a_phone_before_sending(kore: KoreClient) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await kore.call("contact.create", first_name="Ada", phone_number="2079460101")
    assert caught.value.field == "country_code"


async def test_delete_is_soft_and_frees_the_number(kore: KoreClient, sandbox: EmbeddedSandbox) -> None:
    (contact,) = (await kore.create_contact("Ada", "2079460101", "+44")).root
    deleted = await kore.delete_contact(contact.id)
    assert deleted.id == contact.id and deleted.status == "INACTIVE"
    assert sandbox.state.contacts[contact.id]["status"] == "INACTIVE"  # kept, not removed
    listed = await kore.list_contacts(limit=100)
    assert contact.id not in {record.id for record in listed.results}
    (again,) = (await kore.create_contact("Ada", "2079460101", "+44")).root  # the number is free again
    assert again.id != contact.id


async def test_deleting_a_deleted_or_unknown_contact_is_not_found(kore: KoreClient) -> None:
    (contact,) = (await kore.create_contact("Ada", "2079460101", "+44")).root
    await kore.delete_contact(contact.id)
    for missing in (contact.id, "f" * 24):
        with pytest.raises(NotFoundError):
            await kore.delete_contact(missing)
