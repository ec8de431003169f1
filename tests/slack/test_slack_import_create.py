"""`/kore lists import "<new list>" --create`: the list is made on the Import click (as `kore import
--create`), the confirmation says so, and the audit names the id Kore.ai gave it."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from botkit import Bot, seed_lists
from bulkkit import configure, csv_of, dry_run, list_named, numbers_in, open_form, pending_of

from slackbot.bulk import BulkCommand, parse_bulk
from slackbot.grammar import GrammarError
from slackbot.import_form import ImportContext

NEW = "Brand New Leads"
ROWS = [["phoneNumber"], ["+14155550123"], ["+14155550124"]]


@pytest.fixture
async def cbot(bot: Bot, tmp_path: Path) -> Bot:
    seed_lists(bot, ["Renewal Due"])
    configure(bot, tmp_path)
    return bot


def test_create_is_read_after_or_before_the_name_and_only_for_imports() -> None:
    assert parse_bulk(f'lists import "{NEW}" --create') == BulkCommand("import", NEW, create=True)
    assert parse_bulk(f'lists import --create "{NEW}"') == BulkCommand("import", NEW, create=True)
    assert parse_bulk(f'lists import "{NEW}" \u2014create') == BulkCommand("import", NEW, create=True)
    assert parse_bulk(f'lists import "{NEW}"') == BulkCommand("import", NEW)
    with pytest.raises(GrammarError, match="takes only `--create`"):
        parse_bulk(f'lists import "{NEW}" --force')
    with pytest.raises(GrammarError, match="takes no options"):
        parse_bulk(f'lists export "{NEW}" --create')


def test_the_forms_metadata_keeps_create() -> None:
    context = ImportContext(NEW, "C1", "https://hooks.example/r", create=True)
    assert ImportContext.load(context.dump()) == context
    assert ImportContext.load(ImportContext(NEW, "C1", "u").dump()).create is False


async def test_an_unknown_list_without_create_says_how_to_make_it(cbot: Bot) -> None:
    await cbot.command(f'lists import "{NEW}"')
    answer = await cbot.fake.wait_response()
    assert f"no contact list named '{NEW}'" in answer.text and "--create" in answer.text


async def test_import_with_create_makes_the_list_on_the_click_and_audits_its_id(cbot: Bot) -> None:
    view = await open_form(cbot, NEW, create=True, token="form")
    assert "created when you click Import" in str(view["blocks"][0])
    assert cbot.fake.responses("form") == []  # no "no such list" error
    report = await dry_run(cbot, NEW, "leads.csv", csv_of(ROWS), create=True)
    assert f"*{NEW}* (a new list)" in report.text
    assert f"Add *2 contacts* to the new list *{NEW}*, created when you click Import," in report.text
    assert "Create the list and send 2 contacts" in report.text
    assert all(record["name"] != NEW for record in cbot.lists.values())  # nothing made by the dry run
    proposal = (await cbot.audit())[-1]
    assert proposal["targets"] == {"list": NEW} and proposal["details"]["creates_list"] == "yes"
    await cbot.click("kore_import_confirm", pending_of(report), token="go")
    await cbot.fake.wait_outcome("go", "confirmed* in the list")
    made = list_named(cbot, NEW)
    assert sorted(numbers_in(cbot, made)) == ["+14155550123", "+14155550124"]
    outcome = (await cbot.audit())[-1]
    assert outcome["confirmation"] == "confirmed" and outcome["outcome"].startswith("ok: 2 sent")
    assert outcome["targets"] == {"contact_list_id": made} and outcome["details"]["created_id"] == made
    posted = [c for c in cbot.fake.api("chat.postMessage") if c.body["channel"] == "C_AUDIT"]
    assert f"created `{made}`" in posted[-1].body["text"]


async def test_create_with_a_list_that_exists_imports_into_it(cbot: Bot) -> None:
    existing = list_named(cbot, "Renewal Due")
    report = await dry_run(cbot, "Renewal Due", "leads.csv", csv_of(ROWS), create=True)
    assert "(a new list)" not in report.text and "(now " in report.text
    await cbot.click("kore_import_confirm", pending_of(report), token="go")
    await cbot.fake.wait_outcome("go", "confirmed* in the list")
    assert [record["name"] for record in cbot.lists.values()].count("Renewal Due") == 1
    assert len(numbers_in(cbot, existing)) == 2
    assert "created_id" not in (await cbot.audit())[-1]["details"]


async def test_a_name_kore_would_refuse_for_a_new_list_is_told_at_the_dry_run(cbot: Bot) -> None:
    long = "Renewals " * 9  # 81 characters; Kore.ai takes at most 48
    before = len(cbot.lists)
    report = await dry_run(cbot, long.strip(), "leads.csv", csv_of(ROWS), create=True)
    assert "a new list's name must be up to 48 characters (got 80)" in report.text
    assert "kore_import_confirm" not in report.text and len(cbot.lists) == before


async def test_a_long_file_name_does_not_fail_the_lists_creation(cbot: Bot) -> None:
    name = "leads-" + "q" * 300 + ".csv"
    report = await dry_run(cbot, NEW, name, csv_of(ROWS), create=True)
    await cbot.click("kore_import_confirm", pending_of(report), token="go")
    await cbot.fake.wait_outcome("go", "confirmed* in the list")
    made = list_named(cbot, NEW)
    assert len(cbot.lists[made]["description"]) == 256 and len(numbers_in(cbot, made)) == 2


async def test_two_creates_of_one_name_make_one_list_and_the_second_is_audited_into_it(cbot: Bot) -> None:
    first = await dry_run(cbot, NEW, "a.csv", csv_of(ROWS), create=True, token="one")
    second = await dry_run(cbot, NEW, "b.csv", csv_of([["phoneNumber"], ["+14155550125"]]), create=True, token="two")
    await cbot.click("kore_import_confirm", pending_of(first), token="go1")
    await cbot.fake.wait_outcome("go1", "confirmed* in the list")
    await cbot.click("kore_import_confirm", pending_of(second), token="go2")
    await cbot.fake.wait_outcome("go2", "confirmed* in the list")
    made = list_named(cbot, NEW)
    assert [record["name"] for record in cbot.lists.values()].count(NEW) == 1
    assert len(numbers_in(cbot, made)) == 3
    outcome = (await cbot.audit())[-1]
    assert outcome["details"]["file"] == "b.csv" and outcome["targets"] == {"contact_list_id": made}
    assert "creates_list" not in outcome["details"] and "created_id" not in outcome["details"]


async def test_a_list_made_by_another_import_between_plan_and_create_is_used(cbot: Bot) -> None:
    """Two replicas click Import on two --create imports of one name at the same moment: the one
    whose create Kore.ai refuses (the name is taken) imports into the list the other made."""
    report = await dry_run(cbot, NEW, "leads.csv", csv_of(ROWS), create=True)
    gateway_of = cbot.services.bulk.gateway
    assert gateway_of is not None

    def racing(kore: Any, estimate: Any) -> Any:
        gateway = gateway_of(kore, estimate)
        create = gateway.create_list

        async def other_replica_first(name: str, description: str) -> Any:
            seed_lists(cbot, [name])  # the other replica's create landed just before ours
            return await create(name, description)

        gateway.create_list = other_replica_first
        return gateway

    cbot.services.bulk = dataclasses.replace(cbot.services.bulk, gateway=racing)
    await cbot.click("kore_import_confirm", pending_of(report), token="go")
    await cbot.fake.wait_outcome("go", "confirmed* in the list")
    assert [record["name"] for record in cbot.lists.values()].count(NEW) == 1
    assert len(numbers_in(cbot, list_named(cbot, NEW))) == 2
