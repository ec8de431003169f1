"""Bulk update of address-book contacts: rows checked like Update a Contact, failures by row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.bulk.errors import InputFileError
from core.bulk.updating import failures_of, plan_update, send_update
from tests.bulk.fakes import write_csv

ANN, BOB, CY = "667e48f7c8b972fc691a0b1c", "667e48f7c8b972fc691a0b1d", "667e48f7c8b972fc691a0b1e"


class FakeContacts:
    def __init__(self, refuse: dict[str, str] | None = None) -> None:
        self.batches: list[list[dict[str, Any]]] = []
        self.refuse = refuse or {}

    async def bulk_update(self, items: list[dict[str, Any]]) -> list[tuple[str, str]]:
        self.batches.append(items)
        return [(item["id"], self.refuse[item["id"]]) for item in items if item["id"] in self.refuse]


def test_rows_become_partial_updates_with_the_phone_split_as_kore_stores_it(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "book.csv",
        f"id,firstName,cellPhoneNumber,cellPhoneCountryCode,Salutation\n{ANN},Ann,9550112345,+91,\n{BOB},,(415) 555-0123,,Dr\n",
    )
    plan = plan_update(path)
    assert plan.items == [
        {"id": ANN, "firstName": "Ann", "cellPhone": {"phoneNumber": "9550112345", "countryCode": "+91"}},
        {"id": BOB, "salutation": "Dr", "cellPhone": {"phoneNumber": "4155550123", "countryCode": "+1"}},
    ]
    assert plan.problems == []


def test_rows_that_would_be_refused_are_reported_with_the_catalog_limits(tmp_path: Path) -> None:
    long_name = "x" * 65
    path = write_csv(
        tmp_path / "book.csv",
        f"id,firstName,phone\n{ANN},,12\n{BOB},,\n{CY},{long_name},\n,Dee,\n{CY},Cy,\n",
    )
    plan = plan_update(path)
    assert [(p.row, p.reason) for p in plan.problems] == [
        (2, "phone '12': too short"),
        (3, "give at least one field to change (first_name, last_name, salutation, cell_phone)"),
        (4, "first_name: up to 64 characters (got 65)"),
        (5, "id: required"),
    ]
    assert [item["id"] for item in plan.items] == [CY]


def test_a_file_without_an_id_column_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="has no id column"):
        plan_update(write_csv(tmp_path / "book.csv", "firstName,phone\nAnn,4155550123\n"))


async def test_failures_kore_reports_are_traced_back_to_their_rows(tmp_path: Path) -> None:
    rows = "".join(f"{cid},Name{i}\n" for i, cid in enumerate([ANN, BOB, CY]))
    plan = plan_update(write_csv(tmp_path / "book.csv", "id,firstName\n" + rows))
    gateway = FakeContacts(refuse={BOB: "contact not found"})
    outcome = await send_update(plan, gateway, batch_size=2)
    assert [len(batch) for batch in gateway.batches] == [2, 1]
    assert (outcome.requested, outcome.updated) == (3, 2)
    assert [(p.row, p.contact_id, p.reason) for p in outcome.failed] == [(3, BOB, "contact not found")]


def test_failed_records_are_read_from_the_decided_answer() -> None:
    body = {
        "totalRequested": 3,
        "successful": 1,
        "failed": 2,
        "failedRecords": [
            {
                "id": BOB,
                "index": 1,
                "code": 400,
                "msg": "already belongs to another contact",
                "field": "cellPhone.phoneNumber",
            },
            {"index": 2, "code": 404, "msg": "no active contact with this id"},
        ],
    }
    items = [{"id": ANN}, {"id": BOB}, {"id": CY}]
    assert failures_of(body, items) == [
        (BOB, "cellPhone.phoneNumber: already belongs to another contact"),
        (CY, "no active contact with this id"),
    ]
    assert failures_of({"failedRecords": [{"id": CY}]}) == [(CY, "not updated")]
    assert failures_of(None) == []
