"""The dry run against the sandbox: list and DNC comparisons, unknown lists, the report, rejects."""

from __future__ import annotations

import stat
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from core.bulk.errors import InputFileError, UnknownListError
from core.bulk.lists import KoreListGateway
from core.bulk.plan import ImportOptions, plan_import
from core.bulk.report import ImportReport, write_rejects
from core.sandbox.config import SandboxConfig
from core.sandbox.embedded import EmbeddedSandbox
from tests.bulk.fakes import write_csv

JULY = "Renewal Due - July 2025"  # seeded with +1 415 555 0101..0105
PAYMENTS = "Payment Reminder - Q3"  # seeded with +44 20 7946 0101..0104


@pytest.fixture
async def gateway() -> AsyncIterator[KoreListGateway]:
    sandbox = EmbeddedSandbox(SandboxConfig(rate_limit=0))
    async with sandbox.client(rate_limit_per_minute=0) as client:
        yield KoreListGateway(client)


@pytest.fixture
def crm(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "crm.csv",
        "First Name,Phone\n"
        "Ann,(415) 555-0199\n"  # new
        "Bob,415 555 0101\n"  # already in July
        "Cy,+44 20 7946 0102\n"  # on the Payments list used as DNC
        "Di,415-555-0199\n"  # duplicate of Ann
        "Ed,555\n",  # too short
    )


async def test_dry_run_sorts_every_row_into_exactly_one_bucket(gateway: KoreListGateway, crm: Path) -> None:
    plan = await plan_import(ImportOptions(crm, JULY.lower(), dnc=(PAYMENTS,)), gateway)
    report = ImportReport.from_plan(plan, dry_run=True)
    assert report.as_json() | {"problems": None} == {
        "job": None,
        "list": JULY,
        "dry_run": True,
        "rows": 5,
        "to_send": 1,
        "invalid": 1,
        "duplicates_in_file": 1,
        "already_in_list": 1,
        "on_dnc": 1,
        "sent": 0,
        "confirmed": 0,
        "invalid_by_reason": {"too_short": 1},
        "time_zones_filled": 1,  # of the one row to send, not of the rows dropped later
        "verified": False,
        "missing": [],
        "problems": None,
    }
    assert [(p["row"], p["reason"]) for p in report.as_json()["problems"]] == [
        (3, "already_in_list"),
        (4, "on_dnc"),
        (5, "duplicate_in_file"),
        (6, "too_short"),
    ]
    assert plan.to_send[0].item == {
        "phoneNumber": "+14155550199",
        "firstName": "Ann",
        "timeZone": "America/Los_Angeles",
    }
    assert "First problems" in report.render()


async def test_an_unknown_list_names_the_lists_and_the_create_flag(
    gateway: KoreListGateway, crm: Path
) -> None:
    with pytest.raises(UnknownListError) as caught:
        await plan_import(ImportOptions(crm, "Renewals"), gateway)
    assert str(caught.value).startswith("no contact list named 'Renewals' (lists: ")
    assert str(caught.value).endswith("check the name, or let the import create it (--create)")


async def test_with_create_a_missing_list_plans_everything_valid(gateway: KoreListGateway, crm: Path) -> None:
    plan = await plan_import(ImportOptions(crm, "Brand New", create=True), gateway)
    assert plan.target is None
    assert [c.phone for c in plan.to_send] == ["+14155550199", "+14155550101", "+442079460102"]


async def test_an_unknown_dnc_list_stops_the_dry_run(gateway: KoreListGateway, crm: Path) -> None:
    with pytest.raises(
        UnknownListError, match=r"no contact list named 'Global DNC'.*check the DNC list name"
    ):
        await plan_import(ImportOptions(crm, JULY, dnc=("Global DNC",)), gateway)


async def test_a_bad_file_stops_before_any_request(tmp_path: Path) -> None:
    class NoNetwork:
        async def lists(self) -> list[object]:
            raise AssertionError("no request may be made for a bad file")

    path = write_csv(tmp_path / "empty-phones.csv", "phone,name\n,Ann\n,Bob\n")
    with pytest.raises(InputFileError, match=r"'phone' of .* is empty in every row"):
        await plan_import(ImportOptions(path, JULY), NoNetwork())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"region": "XX"}, "unknown region 'XX'"),
        ({"batch_size": 1001}, "the batch size must be 1 to 1000"),
        ({"list_name": "  "}, "give the contact list to import into"),
    ],
)
def test_bad_options_are_refused_with_what_to_fix(
    tmp_path: Path, options: dict[str, object], message: str
) -> None:
    values: dict[str, object] = {"file": tmp_path / "x.csv", "list_name": JULY} | options
    with pytest.raises(InputFileError, match=message):
        ImportOptions(**values).checked()  # type: ignore[arg-type]


async def test_rejects_file_has_every_unsent_row_with_its_cells_and_is_private(
    gateway: KoreListGateway, crm: Path, tmp_path: Path
) -> None:
    plan = await plan_import(ImportOptions(crm, JULY, dnc=(PAYMENTS,)), gateway)
    out = tmp_path / "rejects.csv"
    out.write_text("old")
    out.chmod(0o644)
    assert write_rejects(plan, out) == 4
    assert out.read_text().splitlines() == [
        "row,reason,detail,First Name,Phone",
        "3,already_in_list,,Bob,415 555 0101",
        "4,on_dnc,,Cy,'+44 20 7946 0102",  # text a spreadsheet would run as a formula is marked
        "5,duplicate_in_file,row 2,Di,415-555-0199",
        "6,too_short,,Ed,555",
    ]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


async def test_reading_a_long_list_is_narrated_every_tenth_page_and_at_the_end() -> None:
    from core.bulk.lists import ListInfo
    from core.bulk.plan import existing_numbers
    from core.models import ListContact

    class Pages:
        async def contacts(self, list_id: str, on_page: Any) -> list[ListContact]:
            for page in range(1, 26):
                on_page(min(page * 100, 2_450), 2_450)
            return [ListContact(_id="cc-1", phoneNumber="14155550101")]

    said: list[str] = []
    numbers = await existing_numbers(Pages(), ListInfo("cl-1", "Big"), "US", said.append)  # type: ignore[arg-type]
    assert numbers == {"+14155550101"}
    assert said == [
        "reading 'Big': 1,000 of 2,450 contacts",
        "reading 'Big': 2,000 of 2,450 contacts",
        "reading 'Big': 2,450 of 2,450 contacts",
    ]
