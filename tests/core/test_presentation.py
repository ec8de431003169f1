"""How records are shown: one presentation entry per record model the catalog returns."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from core import models
from core.formatting import e164
from core.impact import impact_of
from core.operations import OPERATIONS, get_operation
from core.presentation import PRESENTATIONS, for_operation, for_record, for_target, record_model

LONG_NAME = "Renewal Due - July 2025 customers in the north region"


def contact_list(**overrides: Any) -> models.ContactList:
    data: dict[str, Any] = {
        "_id": "cl-4db9a03-07a3-4009-973a-b8940e81aaaa",
        "name": LONG_NAME,
        "description": "Customers renewing in July",
        "totalRecordCount": 5,
        "status": "Ready",
        "isListInUse": False,
        "campaignInUse": [],
        "createdAt": "2025-06-27T07:37:17.489Z",
        "updatedAt": "2025-06-28T09:00:00.000Z",
    }
    data.update(overrides)
    return models.ContactList.model_validate(data)


def contact(**overrides: Any) -> models.Contact:
    data: dict[str, Any] = {
        "id": "667e48f7c8b972fc691a0b1c",
        "firstName": "Ada",
        "lastName": "Lovelace",
        "fullName": "Ada Lovelace",
        "cellPhone": {"phoneNumber": "+442079460101", "countryCode": "+44", "extension": "+"},
        "status": "ACTIVE",
    }
    data.update(overrides)
    return models.Contact.model_validate(data)


def list_contact() -> models.ListContact:
    return models.ListContact.model_validate(
        {"_id": "cc-1b2c3d4e-0000-4000-8000-000000000001", "phoneNumber": "442079460101"}
    )


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_every_catalog_response_has_a_presentation_entry(op: Any) -> None:
    entry = for_operation(op)
    assert entry.model is record_model(op.response_model)
    assert entry.title and entry.plural and entry.columns


@pytest.mark.parametrize("op", [op for op in OPERATIONS if op.target_field and not op.targets_many], ids=lambda op: op.key)
def test_every_operation_on_one_record_knows_what_it_addresses(op: Any) -> None:
    entry = for_target(op)
    assert entry is not None and op.target_field in (entry.id_field, entry.name_field)
    assert op in entry.operations


@pytest.mark.parametrize("entry", PRESENTATIONS.values(), ids=lambda entry: entry.model.__name__)
def test_chosen_detail_fields_name_real_model_fields(entry: Any) -> None:
    for detail in entry.details:
        model: type[BaseModel] = entry.model
        for part in detail.path.split("."):
            assert part in model.model_fields, f"{entry.model.__name__}: {detail.path}"
            annotation = model.model_fields[part].annotation
            inner = [arg for arg in getattr(annotation, "__args__", (annotation,)) if isinstance(arg, type)]
            model = next((arg for arg in inner if issubclass(arg, BaseModel)), model)
    assert {detail.path.split(".")[0] for detail in entry.all_details} >= set(entry.model.model_fields)


def test_record_model_unwraps_envelopes_pages_and_lists() -> None:
    assert record_model(models.ContactListsEnvelope) is models.ContactList
    assert record_model(models.ListContactsEnvelope) is models.ListContact
    assert record_model(models.ContactPage) is models.Contact
    assert record_model(models.Contact) is models.Contact


def test_contact_list_id_and_name_are_read_from_the_record() -> None:
    record = contact_list()
    entry = for_record(record)
    assert entry.id_field == "contact_list_id"
    assert entry.id_of(record) == "cl-4db9a03-07a3-4009-973a-b8940e81aaaa"
    assert entry.name_of(record) == LONG_NAME
    assert entry.count_text(record) == "5 records"


def test_long_names_are_not_clipped_in_table_rows() -> None:
    record = contact_list()
    assert for_record(record).row(record) == [LONG_NAME, "5", "Ready", "2025-06-28"]


def test_contact_name_falls_back_to_first_and_last_name() -> None:
    record = contact(fullName=None)
    assert for_record(record).name_of(record) == "Ada Lovelace"
    nameless = contact(fullName=None, firstName=None, lastName=None)
    assert for_record(nameless).label_of(nameless) == "667e48f7c8b972fc691a0b1c"


def test_contacts_of_a_list_show_their_number_in_e164() -> None:
    record = list_contact()
    entry = for_record(record)
    assert entry.name_of(record) == "+442079460101"
    assert "+442079460101" in entry.row(record)
    assert ("Phone", "+442079460101") in entry.detail_rows(record)


def test_contact_phone_is_e164_whether_or_not_the_code_is_stored_in_front() -> None:
    stored_with_code = contact()
    digits_and_code = contact(cellPhone={"phoneNumber": "4155550123", "countryCode": "+1"})
    assert for_record(stored_with_code).row(stored_with_code)[1] == "+442079460101"
    assert for_record(digits_and_code).row(digits_and_code)[1] == "+14155550123"


def test_e164_adds_the_plus_and_leaves_empty_numbers_empty() -> None:
    assert e164("442079460101") == "+442079460101"
    assert e164("4155550123", "1") == "+14155550123"
    assert e164("+14155550123", "+1") == "+14155550123"
    assert e164(None) == ""


def test_detail_rows_label_every_field_with_a_value_including_unknown_ones() -> None:
    record = contact_list(
        isGlobalDNC=True, apiConfigurations={"dataSyncMode": "allowDuplicates"}, dialWindow="evenings"
    )
    rows = dict(for_record(record).detail_rows(record))
    assert rows["Name"] == LONG_NAME
    assert rows["Records"] == "5"
    assert rows["In use"] == "no"
    assert rows["Updated"] == "2025-06-28 09:00 UTC"
    assert rows["API settings"] == "Data sync mode: allowDuplicates"
    assert rows["Global DNC list"] == "yes"
    assert rows["Dial window"] == "evenings"  # a field the docs do not list
    assert "Org id" not in rows  # empty fields are left out


def test_update_echo_is_addressed_by_the_list_id_and_named_by_the_new_name() -> None:
    echo = models.ContactListUpdate.model_validate(
        {"contactListId": "cl-1", "body": {"name": "August", "description": "d"}}
    )
    entry = for_record(echo)
    assert (entry.id_field, entry.id_of(echo), entry.name_of(echo)) == ("contact_list_id", "cl-1", "August")
    assert for_target(get_operation("contact_list.update")) is for_record(contact_list())


def test_a_list_row_offers_show_contacts_add_update_and_delete_and_shows_through_get() -> None:
    entry = for_record(contact_list())
    assert {op.key for op in entry.operations} >= {
        "contact_list.get", "contact_list.contacts", "contact_list.add_contacts", "contact_list.update",
        "contact_list.delete",
    }
    assert entry.show_operation is get_operation("contact_list.get")


def test_add_contacts_from_a_list_row_is_addressed_by_the_list_name_not_its_id() -> None:
    record = contact_list()
    entry = for_record(record)
    assert entry.address(get_operation("contact_list.add_contacts"), record) == {"contact_list_name": LONG_NAME}
    assert entry.address(get_operation("contact_list.delete"), record) == {
        "contact_list_id": "cl-4db9a03-07a3-4009-973a-b8940e81aaaa"
    }


def test_delete_impact_names_the_list_its_records_and_the_campaigns_using_it() -> None:
    op = get_operation("contact_list.delete")
    record = contact_list(isListInUse=True, campaignInUse=[{"id": "cd-1", "name": "July calls"}, "cd-2"])
    impact = impact_of(op, {"contact_list_id": " cl-4db9a03-07a3-4009-973a-b8940e81aaaa "}, record)
    assert impact.facts() == [
        ("Id", "cl-4db9a03-07a3-4009-973a-b8940e81aaaa"),
        ("Name", LONG_NAME),
        ("Records", "5 records"),
        ("In use by", "July calls, cd-2"),
    ]
    assert impact.sentence() == (
        f"Contact list {LONG_NAME} (cl-4db9a03-07a3-4009-973a-b8940e81aaaa) with 5 records,"
        " in use by July calls, cd-2"
    )
    assert impact.warning is not None and "July calls" in impact.warning


def test_delete_impact_without_a_record_names_the_id_and_any_known_name() -> None:
    op = get_operation("contact_list.delete")
    impact = impact_of(op, {"contact_list_id": "cl-9"}, None, name="July")
    assert impact.facts() == [("Id", "cl-9"), ("Name", "July")]
    assert impact.warning is None and impact.sentence() == "Contact list July (cl-9)"


def test_a_list_flagged_in_use_without_campaign_names_still_warns() -> None:
    record = contact_list(isListInUse=True)
    impact = impact_of(get_operation("contact_list.delete"), {"contact_list_id": "cl-1"}, record)
    assert impact.used_by == ("a campaign",)


def test_impact_of_an_operation_without_a_target_names_only_its_kind() -> None:
    op = get_operation("contact_list.create")  # no target: stands in for a bulk send
    impact = impact_of(op, {})
    assert impact.facts() == [] and impact.sentence() == "Contact list" and impact.warning is None
