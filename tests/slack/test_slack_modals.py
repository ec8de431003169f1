"""A subcommand without arguments opens its form; a bad submission is answered on the field."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from botkit import ALICE, CAROL, Bot, text_input
from fake_slack import Call

from slackbot.modals import FORM_CALLBACK


async def open_form(bot: Bot, text: str, *, user: str = ALICE) -> dict[str, Any]:
    response = await bot.command(text, user=user)
    assert response.status == 200
    opened = await bot.fake.wait_for(lambda c: c.name == "views.open")
    assert opened[-1].body["trigger_id"] == "111.222.abc"
    view: dict[str, Any] = opened[-1].body["view"]
    return view


def ack_of(response: Any) -> dict[str, Any]:
    return json.loads(response.body) if response.body else {}


async def test_create_without_arguments_opens_a_form_generated_from_the_model(bot: Bot) -> None:
    view = await open_form(bot, "lists create")
    assert view["callback_id"] == FORM_CALLBACK
    blocks = {block["block_id"]: block for block in view["blocks"]}
    assert list(blocks) == ["kore_name", "kore_description", "kore_allow_duplicates"]
    assert blocks["kore_name"]["element"]["type"] == "plain_text_input"
    assert blocks["kore_name"]["element"]["max_length"] == 48 and blocks["kore_name"]["optional"] is False
    assert blocks["kore_allow_duplicates"]["element"]["type"] == "checkboxes"
    metadata = json.loads(view["private_metadata"])
    assert metadata["op"] == "contact_list.create" and metadata["response_url"].endswith("/response/cmd")
    assert bot.kore.calls == []


async def test_update_form_puts_the_id_first_and_keeps_the_given_id(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    view = await open_form(bot, f"lists update {list_id}")
    first = view["blocks"][0]
    assert first["block_id"] == "kore_contact_list_id" and first["element"]["initial_value"] == list_id
    duplicates = next(b for b in view["blocks"] if b["block_id"] == "kore_allow_duplicates")
    assert duplicates["element"]["type"] == "static_select"  # optional tri-state: empty = unchanged


async def test_form_is_refused_before_opening_for_a_user_who_may_not_write(bot: Bot) -> None:
    await bot.command("lists create", user=CAROL)
    answer = await bot.fake.wait_response()
    assert "not allowed" in answer.text and bot.fake.api("views.open") == []


async def test_submission_with_a_bad_field_gets_errors_then_a_valid_one_runs(bot: Bot) -> None:
    view = await open_form(bot, "lists create")
    typed = {
        "kore_name": text_input("N" * 49),
        "kore_description": text_input("Customers renewing in July"),
        "kore_allow_duplicates": {"value": {"type": "checkboxes", "selected_options": [{"value": "true"}]}},
    }
    response = await bot.submit(view, typed)
    assert response.status == 200
    body = ack_of(response)
    assert body["response_action"] == "errors"
    assert list(body["errors"]) == ["kore_name"] and "48 characters" in body["errors"]["kore_name"]
    assert bot.kore.calls == []

    typed["kore_name"] = text_input("Renewal Due - July")
    response = await bot.submit(view, typed)
    assert response.status == 200 and ack_of(response) == {}
    answer = await bot.fake.wait_response()
    assert "POST contact list" in answer.text
    created = [r for r in bot.lists.values() if r["name"] == "Renewal Due - July"]
    assert created and created[0]["allowDuplicates"] is True
    assert (await bot.audit())[-1]["operation"] == "contact_list.create"


async def test_update_form_with_nothing_to_change_gets_the_error_on_a_field(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    view = await open_form(bot, "lists update")
    response = await bot.submit(view, {"kore_contact_list_id": text_input(list_id), "kore_name": text_input(None)})
    body = ack_of(response)
    assert body["response_action"] == "errors"
    assert body["errors"] == {"kore_name": "give at least one field to change (name, description, allow_duplicates)"}


async def test_delete_form_leads_to_the_confirmation(bot: Bot) -> None:
    list_id, record = bot.first_list()
    view = await open_form(bot, "lists delete")
    assert view["submit"]["text"] == "Continue"
    response = await bot.submit(view, {"kore_contact_list_id": text_input(list_id)})
    assert ack_of(response) == {}
    answer: Call = await bot.fake.wait_response()
    assert record["name"] in answer.text and "kore_confirm" in answer.text
    assert list_id in bot.lists


async def test_reads_with_only_optional_arguments_run_without_a_form(bot: Bot) -> None:
    await bot.command("contacts all")
    answer = await bot.fake.wait_response()
    assert "1-10 of 25" in answer.text and bot.fake.api("views.open") == []


async def test_a_form_slack_will_not_open_is_one_clear_line_not_a_traceback(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.fake.errors["views.open"] = "expired_trigger_id"
    await bot.command("lists create")
    answer = await bot.fake.wait_response()
    assert "Slack refused views.open (expired_trigger_id): the form could not open in time" in answer.text
    (line,) = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert line.exc_info is None and "expired_trigger_id" in line.getMessage() and "\n" not in line.getMessage()


async def test_a_command_is_named_on_one_line_in_the_log(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    async def broken(op_key: str, values: object) -> object:
        raise RuntimeError("a bug")

    bot.kore.inner.execute = broken  # type: ignore[method-assign, assignment]
    await bot.command('lists all name="a\n2026-01-01 00:00:00 WARNING slackbot: forged line"')
    assert "Something went wrong" in (await bot.fake.wait_response()).text
    (line,) = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert "\n" not in line and line.startswith("`/kore lists all name=")
