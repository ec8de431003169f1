"""The catalog and the models: documented paths, headers, limits and tolerant responses."""

from __future__ import annotations

import pydantic
import pytest

from core import models
from core.fields import field_errors, fields_of, validate_flat
from core.operations import OPERATIONS, by_resource, get_operation

SEED_CREATE_RESPONSE = {
    "status": "success",
    "message": "Contact list Contact list of Passive June 27 created successfully",
    "data": {
        "isActive": True,
        "name": "Contact list of Passive June 27",
        "description": "contact list Description",
        "totalRecordCount": 0,
        "status": "Ready",
        "createdBy": "u-4baef569",
        "updatedBy": "u-4baef569",
        "mapping": {
            "firstName": "firstName",
            "lastName": "lastName",
            "phoneNumber": "phoneNumber",
            "timeZone": "timeZone",
            "uniqueId": "uniqueId",
        },
        "isListInUse": False,
        "listType": "call",
        "campaignInUse": [],
        "source": "passiveApi",
        "apiConfigurations": {"dataSyncMode": "allowDuplicates"},
        "files": [],
        "createdAt": "2025-06-27T07:37:17.489Z",
        "updatedAt": "2025-06-27T07:37:17.489Z",
        "_id": "cl-4db9a03-07a3-4009-973a-b8940e81xxxx",
        "allowDuplicates": True,
        "isGlobalDNC": False,
    },
}


SEED_AND_READS = {
    "contact_list.create",
    "contact_list.update",
    "contact_list.delete",
    "contact.update",
    "contact_list.get",
    "contact_list.list",
    "contact.list",
    "contact_list.contacts",
}


def test_catalog_keeps_the_seed_operations_and_the_reads() -> None:
    """A floor, not the whole set: adding an operation must not break this test."""
    assert {op.key for op in OPERATIONS} >= SEED_AND_READS


def test_every_delete_is_destructive_and_names_what_it_deletes() -> None:
    for op in OPERATIONS:
        if op.method == "DELETE":
            assert op.destructive and op.target_field, op.key
    assert get_operation("contact_list.delete").destructive
    assert set(by_resource()) and all(by_resource().values())


def test_operation_keys_are_unique_resource_dot_verb() -> None:
    keys = [op.key for op in OPERATIONS]
    assert len(keys) == len(set(keys))
    assert all(op.key == f"{op.resource.key}.{op.key.split('.')[1]}" for op in OPERATIONS)


def test_paths_and_headers_follow_the_docs() -> None:
    assert get_operation("contact_list.create").path.endswith("/campaign/contactList/createContactList")
    assert get_operation("contact.update").path == "/agentassist/api/v1/public/{app_id}/contacts/{contact_id}"
    assert get_operation("contact.update").needs_iid is False
    assert get_operation("contact_list.update").needs_iid is True


def test_every_operation_has_a_client_method() -> None:
    from core import KoreClient

    for op in OPERATIONS:
        assert callable(getattr(KoreClient, op.method_name))


def test_create_response_from_the_docs_parses_and_keeps_extra_fields() -> None:
    parsed = models.ContactListEnvelope.model_validate(SEED_CREATE_RESPONSE)
    assert parsed.data.id.startswith("cl-") and parsed.data.allow_duplicates is True
    assert parsed.data.is_global_dnc is False and parsed.data.model_extra == {}  # a v2 field, typed (§6.8)
    extra = models.ContactList.model_validate({**SEED_CREATE_RESPONSE["data"], "someNewField": 1})
    assert extra.model_extra == {"someNewField": 1}


@pytest.mark.parametrize("source", ["passiveApi", "passiveApiIntegration"])
def test_both_source_spellings_are_accepted(source: str) -> None:
    body = {**SEED_CREATE_RESPONSE, "data": {**SEED_CREATE_RESPONSE["data"], "source": source}}
    assert models.ContactListEnvelope.model_validate(body).data.source == source


def test_campaign_in_use_accepts_ids_and_objects() -> None:
    body = {
        **SEED_CREATE_RESPONSE,
        "data": {**SEED_CREATE_RESPONSE["data"], "campaignInUse": ["cd-1", {"id": "cd-2", "name": "July"}]},
    }
    assert len(models.ContactListEnvelope.model_validate(body).data.campaign_in_use) == 2


def test_allow_duplicates_must_be_a_real_boolean() -> None:
    with pytest.raises(pydantic.ValidationError):
        models.CreateContactListInput.model_validate(
            {"name": "x", "description": "", "allow_duplicates": "yes"}
        )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": "", "description": ""}, "name"),
        ({"name": "x" * 49, "description": ""}, "name"),
        ({"name": "x", "description": "d" * 257}, "description"),
        ({"description": ""}, "name"),
        ({"name": "x", "description": "", "allow_duplicates": "maybe"}, "allow_duplicates"),
        ({"name": "x", "description": "", "name1": "y"}, "name1"),
    ],
)
def test_create_limits_are_enforced_per_field(values: dict[str, str], field: str) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        validate_flat(get_operation("contact_list.create"), values)
    assert field in field_errors(caught.value)


def test_form_fields_put_ids_first_and_flatten_the_phone() -> None:
    specs = fields_of(get_operation("contact.update"))
    assert specs[0].name == "contact_id" and specs[0].is_id
    phone = [spec for spec in specs if spec.group]
    assert [spec.name for spec in phone] == ["phone_number", "country_code", "extension"]
    name = next(spec for spec in fields_of(get_operation("contact_list.create")) if spec.name == "name")
    assert name.limit_text == "1-48 characters"


def test_an_id_field_shows_its_shape_not_its_sanity_bound() -> None:
    """`1-256 characters` beside "Id of the contact (24 hex characters)" contradicted it in help."""
    for op in OPERATIONS:
        for spec in fields_of(op):
            if spec.is_id:
                assert spec.limit_text == "", (op.key, spec.name)


def test_records_of_unwraps_envelopes_and_pages() -> None:
    parsed = models.ContactListEnvelope.model_validate(SEED_CREATE_RESPONSE)
    records, page = models.records_of(parsed)
    assert records == [parsed.data] and page is None


def test_a_country_code_alone_is_refused_on_update() -> None:
    op = get_operation("contact.update")
    with pytest.raises(pydantic.ValidationError) as caught:
        validate_flat(op, {"contact_id": "c1", "country_code": "+44"})
    assert "country code alone" in field_errors(caught.value)["phone_number"]
    assert validate_flat(op, {"contact_id": "c1", "country_code": "+44", "phone_number": "2079460101"})

