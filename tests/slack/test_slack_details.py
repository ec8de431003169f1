"""Small things users and operators notice: honest words in answers, forms that fit Slack, group
lookups that do not hammer Slack, log redaction that cuts only what it should."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from botkit import ALICE, DAVE, Bot, FakeClock, make_bot
from fake_slack import FakeSlack
from test_slack_delete_flow import request_delete
from test_slack_modals import open_form

from core.operations import OPERATIONS
from slackbot.access import AccessPolicy, Rule
from slackbot.logs import RedactRequests
from slackbot.modals import modal_title


def _filtered(message: str) -> str:
    record = logging.LogRecord("slackbot", logging.WARNING, __file__, 1, message, None, None)
    RedactRequests().filter(record)
    return record.getMessage()


def test_redaction_keeps_words_that_merely_contain_body() -> None:
    warning = "KORE_SLACK_DELETERS is not set: nobody may delete things in Kore.ai from Slack. Set it."
    assert _filtered(warning) == warning
    cut = _filtered("Invalid request signature detected (signature: v0=abc, body: token=x&text=secret)")
    assert "secret" not in cut and "v0=abc" not in cut and "redacted" in cut


async def test_failed_group_lookups_are_cached_too(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    bot.fake.errors["usergroups.users.list"] = "missing_scope"
    list_id, _ = bot.first_list()
    for n in range(3):
        await bot.command(f"lists delete {list_id}", user=DAVE, token=f"d{n}")
        assert "not allowed to delete" in (await bot.fake.wait_response(f"d{n}")).text
    assert len(bot.fake.api("usergroups.users.list")) == 1
    assert caplog.text.count("cannot read members of user group S_ADMINS") == 1


async def test_commands_arriving_together_share_one_group_lookup_and_warn_in_one_line(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.fake.errors["usergroups.users.list"] = "paid_teams_only"
    for n in range(4):
        await bot.command("help", user=DAVE, token=f"h{n}")  # help checks every level: delete via S_ADMINS
    for n in range(4):
        await bot.fake.wait_response(f"h{n}")
    assert len(bot.fake.api("usergroups.users.list")) == 1
    (warning,) = [r.getMessage() for r in caplog.records if "user group" in r.getMessage()]
    assert "(paid_teams_only)" in warning and "\n" not in warning and "http" not in warning


async def test_group_cache_time_to_live_is_a_setting() -> None:
    calls: list[str] = []

    async def lookup(group: str) -> list[str]:
        calls.append(group)
        raise RuntimeError("plan_upgrade_required")

    clock = FakeClock()
    policy = AccessPolicy(readers=Rule.parse("S1"), group_lookup=lookup, clock=clock, group_ttl=30)
    assert not await policy.may("U1", "read") and not await policy.may("U1", "read")
    clock.now += 31
    assert not await policy.may("U1", "read")
    assert calls == ["S1", "S1"]


async def test_id_inputs_are_single_line_and_long_text_is_not(bot: Bot) -> None:
    view = await open_form(bot, "lists update")
    elements = {block["block_id"]: block["element"] for block in view["blocks"]}
    assert elements["kore_contact_list_id"].get("multiline") is False
    assert elements["kore_description"]["multiline"] is True


def test_modal_titles_fit_slack_without_being_cut_mid_word() -> None:
    assert modal_title("Get Contacts of a Contact List") == "Contacts of Contact List"
    assert modal_title("Create Contact List") == "Create Contact List"
    for op in OPERATIONS:
        title = modal_title(op.title)
        assert len(title) <= 24 and all(word in op.title for word in title.rstrip("…").split())
        assert not title.endswith("…"), f"{op.title!r} is cut: {title!r}"
    assert modal_title("Add Contacts to a Contact List") == "Add Contacts to List"


async def test_changes_are_told_in_the_fields_words(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    await bot.command(f'lists update {list_id} name="Renewal Due - August" allow_duplicates=true')
    answer = (await bot.fake.wait_response()).text
    assert "Changed: Name “Renewal Due - August” · Allow duplicates: yes" in answer
    assert "allow_duplicates=True" not in answer


async def test_a_short_time_to_live_is_shown_as_it_is(fake_slack: FakeSlack, tmp_path: Path) -> None:
    bot = await make_bot(fake_slack, tmp_path, confirm_ttl_seconds=10)
    try:
        list_id, _ = bot.first_list()
        await request_delete(bot, list_id)
        assert "the buttons expire in 10 s." in bot.fake.responses("cmd")[0].text
    finally:
        await bot.services.tasks.drain()
        await bot.kore.inner.aclose()


async def test_an_expired_button_keeps_saying_expired(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    pending_id = await request_delete(bot, list_id)
    bot.clock.now += 601
    for n in range(2):
        await bot.click("kore_confirm", pending_id, user=ALICE, token=f"late{n}")
        answer = await bot.fake.wait_response(f"late{n}")
        assert "expired" in answer.text and "already used" not in answer.text
    assert list_id in bot.lists and bot.kore.count("contact_list.delete") == 0
