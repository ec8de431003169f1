"""Every operation through KoreClient against the sandbox in-process: happy paths and documented failures."""

from __future__ import annotations

from typing import Any

import pytest

from core import (
    AuthenticationError,
    InvalidInputError,
    KoreClient,
    NotFoundError,
    ValidationError,
    models,
)
from core.operations import OPERATIONS, get_operation
from core.sandbox.embedded import EmbeddedSandbox


def any_list_id(sandbox: EmbeddedSandbox) -> str:
    """A seeded list no campaign uses (one in use cannot be deleted)."""
    return next(key for key, record in sandbox.state.contact_lists.items() if not record["isListInUse"])


def any_contact_id(sandbox: EmbeddedSandbox) -> str:
    return next(key for key, contact in sandbox.state.contacts.items() if contact["status"] == "ACTIVE")


async def test_create_contact_list_stores_it_and_returns_the_full_list(
    kore: KoreClient, sandbox: EmbeddedSandbox
) -> None:
    result = await kore.create_contact_list(
        "Renewal Due - July", "Customers renewing in July", allow_duplicates=True
    )
    created = result.data
    assert result.status == "success"
    assert result.message == "Contact list Renewal Due - July created successfully"
    assert created.id.startswith("cl-")
    assert created.allow_duplicates is True
    assert created.total_record_count == 0
    assert created.source == "passiveApi"
    assert sandbox.state.contact_lists[created.id]["name"] == "Renewal Due - July"


async def test_create_defaults_allow_duplicates_to_false(kore: KoreClient, sandbox: EmbeddedSandbox) -> None:
    created = (await kore.create_contact_list("No dups", "")).data
    assert sandbox.state.contact_lists[created.id]["allowDuplicates"] is False


async def test_create_rejects_a_name_over_48_characters_before_sending(
    kore: KoreClient, sandbox: EmbeddedSandbox
) -> None:
    before = len(sandbox.state.contact_lists)
    with pytest.raises(InvalidInputError) as caught:
        await kore.create_contact_list("x" * 49, "d")
    assert caught.value.field == "name"
    assert len(sandbox.state.contact_lists) == before


async def test_create_with_a_taken_name_is_a_400_naming_name(
    kore: KoreClient, sandbox: EmbeddedSandbox
) -> None:
    taken = sandbox.state.contact_lists[any_list_id(sandbox)]["name"]
    with pytest.raises(ValidationError) as caught:
        await kore.create_contact_list(taken.upper(), "d")
    assert caught.value.status == 400
    assert "name" in str(caught.value)


async def test_get_contact_list_returns_its_details(kore: KoreClient, sandbox: EmbeddedSandbox) -> None:
    list_id = any_list_id(sandbox)
    result = await kore.get_contact_list(list_id)
    assert result.data.id == list_id
    assert result.data.name == sandbox.state.contact_lists[list_id]["name"]


async def test_get_unknown_contact_list_is_not_found(kore: KoreClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        await kore.get_contact_list("cl-0000000-0000-4000-8000-000000000000")
    assert str(caught.value).startswith("GET contact list cl-0000000-0000-4000-8000-000000000000 -> 404:")


async def test_list_contact_lists_returns_every_list(kore: KoreClient, sandbox: EmbeddedSandbox) -> None:
    result = await kore.list_contact_lists()
    assert {item.id for item in result.data} == set(sandbox.state.contact_lists)


async def test_update_contact_list_changes_only_given_fields(
    kore: KoreClient, sandbox: EmbeddedSandbox
) -> None:
    list_id = any_list_id(sandbox)
    before = dict(sandbox.state.contact_lists[list_id])
    result = await kore.update_contact_list(list_id, name="Renewal Due - August")
    assert result.data.contact_list_id == list_id
    assert result.data.body.name == "Renewal Due - August"
    stored = sandbox.state.contact_lists[list_id]
    assert stored["name"] == "Renewal Due - August"
    assert stored["description"] == before["description"]


async def test_update_contact_list_needs_at_least_one_field(
    kore: KoreClient, sandbox: EmbeddedSandbox
) -> None:
    with pytest.raises(InvalidInputError, match="at least one field"):
        await kore.update_contact_list(any_list_id(sandbox))


async def test_update_unknown_contact_list_is_not_found(kore: KoreClient) -> None:
    with pytest.raises(NotFoundError):
        await kore.update_contact_list("cl-missing", name="x")


async def test_delete_contact_list_returns_it_and_removes_it(
    kore: KoreClient, sandbox: EmbeddedSandbox
) -> None:
    list_id = any_list_id(sandbox)
    name = sandbox.state.contact_lists[list_id]["name"]
    result = await kore.delete_contact_list(list_id)
    assert result.data.id == list_id
    assert result.message == f"Contact list {name} deleted successfully"
    assert list_id not in sandbox.state.contact_lists
    with pytest.raises(NotFoundError):
        await kore.delete_contact_list(list_id)


async def test_contacts_of_a_list_are_paged(kore: KoreClient, sandbox: EmbeddedSandbox) -> None:
    list_id = max(sandbox.state.list_contacts, key=lambda key: len(sandbox.state.list_contacts[key]))
    total = len(sandbox.state.list_contacts[list_id])
    first = await kore.list_contacts_of_list(list_id, limit=1)
    page = first.data
    assert page.total_results == total and page.limit == 1 and len(page.results) == 1
    assert page.has_more == (total > 1)
    assert page.results[0].phone_number


async def test_contacts_of_unknown_list_is_not_found(kore: KoreClient) -> None:
    with pytest.raises(NotFoundError):
        await kore.list_contacts_of_list("cl-missing")


async def test_list_contacts_pages_with_skip_and_limit(kore: KoreClient, sandbox: EmbeddedSandbox) -> None:
    first = await kore.list_contacts(limit=10)
    second = await kore.list_contacts(skip=10, limit=10)
    active = [c for c in sandbox.state.contacts.values() if c["status"] == "ACTIVE"]
    assert first.total_results == len(active)
    assert first.has_more is True
    assert {c.id for c in first.results}.isdisjoint({c.id for c in second.results})


async def test_list_contacts_rejects_a_page_over_100_before_sending(kore: KoreClient) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await kore.list_contacts(limit=101)
    assert caught.value.field == "limit"


async def test_update_contact_derives_full_name_and_stores_country_code_plus_digits(
    kore: KoreClient, sandbox: EmbeddedSandbox
) -> None:
    contact_id = any_contact_id(sandbox)
    contact = await kore.update_contact(
        contact_id, first_name="john", last_name="doe", phone_number="9550199999", country_code="+91"
    )
    assert contact.full_name == "john doe"
    assert contact.cell_phone is not None
    assert contact.cell_phone.phone_number == "+919550199999"
    assert sandbox.state.contacts[contact_id]["fullName"] == "john doe"


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"phone_number": "955-011"}, "phone_number"), ({"country_code": "91"}, "country_code"), ({}, "")],
)
async def test_update_contact_rejects_bad_phone_parts_before_sending(
    kore: KoreClient, sandbox: EmbeddedSandbox, fields: dict[str, str], field: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await kore.update_contact(any_contact_id(sandbox), **fields)
    assert caught.value.field == field


async def test_update_unknown_contact_is_not_found(kore: KoreClient) -> None:
    with pytest.raises(NotFoundError, match="PUT contact 0000"):
        await kore.update_contact("000000000000000000000000", first_name="x")


async def test_wrong_client_secret_is_an_authentication_error(sandbox: EmbeddedSandbox) -> None:
    async with sandbox.client(client_secret="a-wrong-secret-that-is-long-enough-for-hs256") as kore:
        with pytest.raises(AuthenticationError) as caught:
            await kore.list_contact_lists()
    message = str(caught.value)
    assert "Invalid SDK credentials (Kore code 4002)" in message
    assert "KORE_CLIENT_SECRET" in message
    assert "a-wrong-secret" not in message


async def test_wrong_app_id_is_an_authentication_error(sandbox: EmbeddedSandbox) -> None:
    async with sandbox.client(app_id="st-00000000-0000-4000-8000-000000000009") as kore:
        with pytest.raises(AuthenticationError):
            await kore.update_contact(any_contact_id(sandbox), first_name="x")


async def test_ready_made_jwt_is_sent_as_is(sandbox: EmbeddedSandbox) -> None:
    async with sandbox.client(jwt="not-a-jwt", client_id=None, client_secret=None) as kore:
        with pytest.raises(AuthenticationError):
            await kore.list_contact_lists()


@pytest.mark.parametrize(
    "hostile", ["../x", "a/b", "..", ".", "%2E%2E", "cl-1?x=1", "cl-1#frag", "é/../../contacts"]
)
async def test_hostile_ids_stay_one_path_segment(
    kore: KoreClient, sandbox: EmbeddedSandbox, hostile: str
) -> None:
    prepared = kore.prepare("contact_list.get", contact_list_id=hostile)
    request = kore.build_request(prepared)
    prefix = f"/agentassist/api/v1/public/{sandbox.config.app_id}/campaign/contactList/"
    raw = request.url.raw_path.decode()
    assert raw.startswith(prefix)
    assert "/" not in raw[len(prefix) :].split("?")[0]
    assert request.url.params.get("x") is None
    before = dict(sandbox.state.contact_lists)
    with pytest.raises(NotFoundError):
        await kore.delete_contact_list(hostile)
    assert sandbox.state.contact_lists == before


async def test_generic_call_accepts_the_flat_form_names(kore: KoreClient, sandbox: EmbeddedSandbox) -> None:
    result = await kore.execute(
        "contact.update", contact_id=any_contact_id(sandbox), phone_number="55501234", country_code="+1"
    )
    assert result.status == 200
    assert isinstance(result.model, models.Contact)
    assert result.body["cellPhone"]["phoneNumber"] == "+155501234"
    assert result.records == [result.model]


async def test_execute_exposes_records_and_paging_of_reads(kore: KoreClient) -> None:
    result = await kore.execute("contact.list", limit=5)
    assert len(result.records) == 5
    assert result.page is not None and result.page.limit == 5


def sample_inputs(op_key: str, sandbox: EmbeddedSandbox) -> dict[str, Any]:
    """Valid inputs for any catalog operation, with ids that exist in the seeded sandbox."""
    op = get_operation(op_key)
    values = dict(op.example)
    if "contact_list_id" in values:
        values["contact_list_id"] = any_list_id(sandbox)
    if "contact_id" in values:
        values["contact_id"] = any_contact_id(sandbox)
    if "contact_list_name" in values:
        values["contact_list_name"] = sandbox.state.contact_lists[any_list_id(sandbox)]["name"]
    if op.key == "contact_list.create":
        values["name"] = "A list nobody has made yet"
    if op.key == "contact.bulk_update":  # whole records, for scripts: no flat example
        return {"contacts": [{"id": any_contact_id(sandbox), "firstName": "Zed"}]}
    if op.key == "contact.bulk_delete":
        values["ids"] = [any_contact_id(sandbox)]
    return values


CATALOG_KEYS = [op.key for op in OPERATIONS]


@pytest.mark.parametrize("op_key", CATALOG_KEYS)
async def test_every_operation_succeeds_with_its_example(op_key: str, sandbox: EmbeddedSandbox) -> None:
    async with sandbox.client() as kore:
        result = await kore.execute(op_key, **sample_inputs(op_key, sandbox))
    assert result.status == 200


@pytest.mark.parametrize("op_key", CATALOG_KEYS)
async def test_every_operation_answers_401_to_bad_credentials(op_key: str, sandbox: EmbeddedSandbox) -> None:
    before = (dict(sandbox.state.contact_lists), dict(sandbox.state.contacts))
    async with sandbox.client(client_secret="another-secret-long-enough-for-hs256-signing") as kore:
        with pytest.raises(AuthenticationError):
            await kore.execute(op_key, **sample_inputs(op_key, sandbox))
    assert (sandbox.state.contact_lists, sandbox.state.contacts) == before


@pytest.mark.parametrize("op_key", [op.key for op in OPERATIONS if op.target_field and not op.targets_many])
async def test_every_operation_on_an_unknown_id_is_not_found(op_key: str, sandbox: EmbeddedSandbox) -> None:
    values = sample_inputs(op_key, sandbox)
    unknown = {
        "contact_list_id": "cl-0000000-0000-4000-8000-000000000000",
        "contact_id": "f" * 24,
        "campaign_id": "cd-00000000-0000-4000-8000-000000000000",
        "contact_list_name": "A list nobody has made",
    }
    for field, missing in unknown.items():
        if field in values:
            values[field] = missing
    async with sandbox.client() as kore:
        with pytest.raises(NotFoundError):
            await kore.execute(op_key, **values)
