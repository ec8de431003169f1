"""The audit trail: every step of a mutation, who took it and on what, in a file only we can read."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from botkit import ALICE, BOB, CAROL, DAVE, Bot
from test_slack_delete_flow import request_delete

from slackbot.audit import AuditEntry, AuditLog
from slackbot.pending import SqlitePendingStore


async def test_delete_proposal_and_confirmation_are_both_recorded_and_linked(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    pending_id = await request_delete(bot, list_id)
    await bot.click("kore_confirm", pending_id)
    await bot.fake.wait_outcome("click", "DELETE contact list")
    proposal, done = await bot.audit()
    assert proposal["confirmation"] == "requested" and proposal["outcome"] == "awaiting confirmation"
    assert proposal["targets"] == {"contact_list_id": list_id} and proposal["user_id"] == ALICE
    assert proposal["details"]["pending"] == done["details"]["pending"] == pending_id
    assert done["confirmation"] == "confirmed" and done["outcome"] == "ok"


async def test_a_confirmed_delete_records_the_name_and_record_count_it_showed(bot: Bot) -> None:
    list_id, record = bot.first_list()
    pending_id = await request_delete(bot, list_id)
    await bot.click("kore_confirm", pending_id)
    await bot.fake.wait_outcome("click", "DELETE contact list")
    for entry in await bot.audit():
        assert entry["details"]["name"] == record["name"]
        assert entry["details"]["records"] == str(record["totalRecordCount"])
    posted = await bot.fake.wait_for(lambda c: c.name == "chat.postMessage", count=2)
    assert record["name"] in posted[-1].text and f"{record['totalRecordCount']} records" in posted[-1].text


async def test_another_users_click_is_recorded_with_who_clicked(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    pending_id = await request_delete(bot, list_id)
    await bot.click("kore_confirm", pending_id, user=DAVE)
    await bot.fake.wait_response("click")
    entry = (await bot.audit())[-1]
    assert entry["user_id"] == DAVE and entry["confirmation"] == "other user"
    assert entry["outcome"].startswith("refused") and entry["details"]["requested_by"] == ALICE
    assert entry["targets"] == {"contact_list_id": list_id}


async def test_refusals_name_their_targets(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    await bot.command(f"lists update {list_id} name=x", user=CAROL)
    await bot.command(f"lists delete {list_id}", user=BOB, token="bob")
    await bot.fake.wait_response()
    await bot.fake.wait_response("bob")
    entries = await bot.audit()
    assert [e["targets"] for e in entries] == [{"contact_list_id": list_id}] * 2
    assert all(e["outcome"].startswith("refused") for e in entries)


async def test_cancel_and_expiry_are_recorded(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    cancelled = await request_delete(bot, list_id)
    await bot.click("kore_cancel", cancelled)
    bot.fake.calls.clear()
    expired = await request_delete(bot, list_id)
    bot.clock.now += 601
    await bot.click("kore_confirm", expired, token="late")
    await bot.fake.wait_response("late")
    steps = [(e["details"]["pending"], e["confirmation"], e["outcome"]) for e in await bot.audit()]
    assert (cancelled, "cancelled", "not run") in steps and (expired, "expired", "not run") in steps
    assert list_id in bot.lists


async def test_create_records_the_id_kore_gave(bot: Bot) -> None:
    await bot.command('lists create name="Audited" description=x')
    await bot.fake.wait_response()
    entry = (await bot.audit())[-1]
    created = next(list_id for list_id, record in bot.lists.items() if record["name"] == "Audited")
    assert entry["details"]["created_id"] == created


async def test_audit_file_and_pending_store_are_created_private(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "new" / "audit.jsonl")
    await log.record(AuditEntry("U", "T", "C", "contact.update", {}, "not required", "ok", inputs={"phone": "+1"}))
    assert stat.S_IMODE(log.path.stat().st_mode) == 0o600
    store = SqlitePendingStore(tmp_path / "pending.sqlite3")
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


async def test_an_older_world_readable_audit_file_is_narrowed(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    path.write_text("")
    path.chmod(0o644)
    await AuditLog(path).record(AuditEntry("U", "T", "C", "contact.update", {}, "not required", "ok"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_channel_line_names_a_confirmation_step_only_when_there_was_one() -> None:
    create = AuditEntry(
        "U1", "T", "C1", "contact_list.create", {}, "not required", "ok", details={"created_id": "cl-1"}
    )
    assert create.line() == "<@U1> in <#C1>: `contact_list.create` created `cl-1` -> ok [0 ms]"
    refused = AuditEntry("U1", "T", "C1", "contact_list.create", {}, "not asked", "refused: not a writer")
    assert refused.line() == "<@U1> in <#C1>: `contact_list.create` -> refused: not a writer [0 ms]"
    click = AuditEntry("U1", "T", "C1", "contact_list.delete", {"id": "cl-1"}, "confirmed", "ok")
    assert click.line() == "<@U1> in <#C1>: `contact_list.delete` `cl-1` (confirmed) -> ok [0 ms]"


def test_the_channel_line_keeps_a_names_own_spacing() -> None:
    entry = AuditEntry(
        "U1",
        "T",
        "C1",
        "contact_list.delete",
        {"id": "cl-1"},
        "requested",
        "ok",
        details={"name": "Two  spaces"},
    )
    assert "*Two  spaces*" in entry.line()


async def test_an_audit_channel_that_refuses_later_is_one_warning_and_the_file_still_has_it(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.fake.errors["chat.postMessage"] = "not_in_channel"  # removed from the channel after start-up
    await bot.command('lists create name="Still audited" description=x')
    await bot.fake.wait_response()
    (entry,) = await bot.audit()
    assert entry["operation"] == "contact_list.create" and entry["outcome"] == "ok"
    (line,) = [r for r in caplog.records if "audit" in r.getMessage()]
    assert line.exc_info is None and "(not_in_channel)" in line.getMessage()
    assert "KORE_SLACK_AUDIT_CHANNEL C_AUDIT" in line.getMessage()
