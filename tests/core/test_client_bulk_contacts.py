"""Update Bulk Contacts and Delete Bulk Contacts through the client: one request, a tally, and why each failure failed."""

from __future__ import annotations

import pytest

from core import InvalidInputError, KoreClient, ValidationError
from core.sandbox.embedded import EmbeddedSandbox

UNKNOWN = "f" * 24



async def active_ids(kore: KoreClient, count: int) -> list[str]:
    return [contact.id for contact in (await kore.list_contacts(limit=count)).results]


async def test_bulk_update_sends_the_array_itself_and_lists_what_failed_and_why(kore: KoreClient) -> None:
    first, second, third = (await kore.list_contacts(limit=3)).results
    taken = third.cell_phone
    assert taken is not None and taken.phone_number and taken.country_code
    items = [
        {"id": first.id, "firstName": "Zed"},
        {"id": UNKNOWN, "lastName": "Nobody"},
        {"id": second.id, "cellPhone": {"phoneNumber": taken.phone_number.removeprefix(taken.country_code),
                                        "countryCode": taken.country_code}},
    ]  # fmt: skip
    prepared = kore.prepare("contact.bulk_update", contacts=items)
    assert isinstance(prepared.body, list) and prepared.body[0] == {"id": first.id, "firstName": "Zed"}
    result = await kore.update_contacts(items)
    assert (result.total_requested, result.successful, result.failed) == (3, 1, 2)
    assert result.successful_records[0].id == first.id
    assert result.successful_records[0].contact["firstName"] == "Zed"
    unknown, taken_number = result.failed_records
    assert (unknown.id, unknown.index, unknown.code) == (UNKNOWN, 1, 404)
    assert (taken_number.index, taken_number.code, taken_number.field) == (2, 400, "cellPhone.phoneNumber")


async def test_a_malformed_item_is_refused_before_sending_naming_its_place(kore: KoreClient) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await kore.update_contacts([{"id": UNKNOWN, "firstName": "A"}, {"id": UNKNOWN}])
    assert caught.value.field == "contacts[1]"


async def test_more_than_a_hundred_items_is_refused_by_the_client_and_the_sandbox(
    kore: KoreClient, sandbox: EmbeddedSandbox
) -> None:
    too_many = [{"id": UNKNOWN, "firstName": "A"}] * 101
    with pytest.raises(InvalidInputError):
        await kore.update_contacts(too_many)
    with pytest.raises(InvalidInputError):
        await kore.delete_contacts([UNKNOWN] * 101)


async def test_bulk_delete_deactivates_the_known_and_reports_the_rest(
    kore: KoreClient, sandbox: EmbeddedSandbox
) -> None:
    first, second = await active_ids(kore, 2)
    prepared = kore.prepare("contact.bulk_delete", ids=f"{first},{second}")
    assert prepared.operation.method == "DELETE" and prepared.body == {"ids": [first, second]}
    result = await kore.delete_contacts([first, second, first, UNKNOWN])
    assert (result.total_requested, result.successful, result.failed) == (4, 2, 2)
    assert [record.id for record in result.successful_records] == [first, second]
    assert [(record.index, record.code) for record in result.failed_records] == [(2, 404), (3, 404)]
    assert {sandbox.state.contacts[key]["status"] for key in (first, second)} == {"INACTIVE"}


async def test_a_malformed_bulk_delete_changes_nothing(kore: KoreClient, sandbox: EmbeddedSandbox) -> None:
    (first,) = await active_ids(kore, 1)
    prepared = kore.prepare("contact.bulk_delete", ids=[first])
    raw = prepared.__class__(**{**prepared.__dict__, "body": {"ids": [first, 7]}})
    request = kore.build_request(raw)
    with pytest.raises(ValidationError) as caught:
        await kore._send_with_retries(raw, None)  # the sandbox's own check, past the client's
    assert caught.value.field == "ids" and "item 1" in str(caught.value)
    assert sandbox.state.contacts[first]["status"] == "ACTIVE" and request.method == "DELETE"
