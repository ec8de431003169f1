"""Confirmation before deletes: the command never deletes; only the requester's click does, once."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import pytest
from botkit import ALICE, BOB, CAROL, DAVE, Bot
from fake_slack import INTERIM

from slackbot.access import NOBODY
from slackbot.pending import Refusal

DELETE = "contact_list.delete"


async def request_delete(bot: Bot, list_id: str, *, user: str = ALICE) -> str:
    """Run `/kore lists delete <id>` and return the pending id carried by the Delete button."""
    await bot.command(f"lists delete {list_id}", user=user)
    answer = await bot.fake.wait_response()
    actions = next(block for block in answer.body["blocks"] if block["type"] == "actions")
    delete, cancel = actions["elements"]
    assert delete["value"] == cancel["value"]
    return str(delete["value"])


def buttons_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [el for block in body.get("blocks", []) if block["type"] == "actions" for el in block["elements"]]


async def test_delete_command_only_asks_and_shows_name_and_record_count(bot: Bot) -> None:
    list_id, record = bot.first_list()
    await bot.command(f"lists delete {list_id}")
    answer = await bot.fake.wait_response()
    assert record["name"] in answer.text and f"{record['totalRecordCount']} records" in answer.text
    delete, cancel = buttons_of(answer.body)
    assert delete["style"] == "danger" and delete["confirm"]["style"] == "danger"
    assert delete["action_id"] == "kore_confirm" and cancel["action_id"] == "kore_cancel"
    assert list_id not in delete["value"] and len(delete["value"]) >= 20  # opaque
    assert answer.body["response_type"] == "ephemeral"
    assert list_id in bot.lists
    assert bot.kore.count(DELETE) == 0


async def test_delete_of_unknown_list_says_so_and_offers_no_buttons(bot: Bot) -> None:
    await bot.command("lists delete cl-missing")
    answer = await bot.fake.wait_response()
    assert "Nothing to delete" in answer.text and "404" in answer.text
    assert buttons_of(answer.body) == []


async def test_confirm_deletes_and_replaces_the_buttons_with_the_outcome(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    pending_id = await request_delete(bot, list_id)
    response = await bot.click("kore_confirm", pending_id)
    assert response.status == 200
    working, outcome = await bot.fake.wait_for(lambda c: c.name == "click", count=2)
    assert working.body["replace_original"] is True and buttons_of(working.body) == []
    assert outcome.body["replace_original"] is True and "DELETE contact list" in outcome.text
    assert list_id not in bot.lists
    entry = (await bot.audit())[-1]
    assert entry["operation"] == DELETE and entry["confirmation"] == "confirmed" and entry["outcome"] == "ok"
    assert entry["targets"] == {"contact_list_id": list_id} and entry["status"] == 200


async def test_cancel_deletes_nothing(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    pending_id = await request_delete(bot, list_id)
    await bot.click("kore_cancel", pending_id)
    answer = await bot.fake.wait_response("click")
    assert answer.body["replace_original"] is True and "Nothing was deleted" in answer.text
    assert buttons_of(answer.body) == []
    await bot.click("kore_confirm", pending_id)  # a late click on the old message
    late = await bot.fake.wait_response("click", count=2)
    assert "already used" in late.text and late.body["replace_original"] is False
    assert list_id in bot.lists and bot.kore.count(DELETE) == 0
    cancelled, late = (await bot.audit())[-2:]
    assert cancelled["confirmation"] == "cancelled" and cancelled["outcome"] == "not run"
    assert late["confirmation"] == "confirmed" and late["outcome"] == "refused: " + Refusal.USED.value


async def test_double_click_deletes_once(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    pending_id = await request_delete(bot, list_id)
    responses = await asyncio.gather(*(bot.click("kore_confirm", pending_id) for _ in range(5)))
    assert all(response.status == 200 for response in responses)
    await bot.fake.wait_outcome("click", "DELETE contact list")
    await bot.fake.wait_for(lambda c: c.name == "click" and "already used" in c.text, count=4)
    assert bot.kore.count(DELETE) == 1
    outcomes = sorted(entry["outcome"] for entry in (await bot.audit()) if entry["confirmation"] == "confirmed")
    assert outcomes[0] == "ok" and outcomes[1:] == ["refused: " + Refusal.USED.value] * 4


async def test_expired_confirmation_deletes_nothing(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    pending_id = await request_delete(bot, list_id)
    bot.clock.now += 601
    await bot.click("kore_confirm", pending_id)
    answer = await bot.fake.wait_response("click")
    assert "expired" in answer.text and answer.body["replace_original"] is True
    assert list_id in bot.lists and bot.kore.count(DELETE) == 0
    assert (await bot.audit())[-1]["confirmation"] == "expired"


async def test_other_user_cannot_confirm_delete(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    pending_id = await request_delete(bot, list_id, user=ALICE)
    await bot.click("kore_confirm", pending_id, user=DAVE)  # DAVE may delete, but did not ask
    answer = await bot.fake.wait_response("click")
    assert "Only the person who ran the command" in answer.text
    assert answer.body["replace_original"] is False  # ALICE's buttons stay
    assert list_id in bot.lists and bot.kore.count(DELETE) == 0
    await bot.click("kore_confirm", pending_id, user=ALICE, token="alice")  # still usable by ALICE
    await bot.fake.wait_outcome("alice", "DELETE contact list")
    assert list_id not in bot.lists


async def test_other_user_cannot_cancel_either(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    pending_id = await request_delete(bot, list_id)
    await bot.click("kore_cancel", pending_id, user=BOB)
    answer = await bot.fake.wait_response("click")
    assert "Only the person who ran the command" in answer.text
    pending = await bot.services.store.get(pending_id)
    assert pending is not None and pending.state == "pending"


async def test_unauthorized_user_cannot_request_delete(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    for user in (BOB, CAROL):
        await bot.command(f"lists delete {list_id}", user=user, token=user)
        answer = await bot.fake.wait_response(user)
        assert "not allowed to delete" in answer.text and "KORE_SLACK_DELETERS" in answer.text
        assert buttons_of(answer.body) == []
    assert bot.kore.calls == [] and list_id in bot.lists


async def test_deleter_through_a_user_group_may_delete(bot: Bot) -> None:
    """The delete is held until the interim "confirmed, running…" notice is out, so waiting for the
    outcome can only be satisfied by the final answer, after the delete has run."""
    release = threading.Event()
    inner = bot.kore.inner.execute

    async def held(op_key: str, values: object) -> object:
        if op_key == DELETE:
            await asyncio.to_thread(release.wait)
        return await inner(op_key, values)  # type: ignore[arg-type]

    bot.kore.inner.execute = held  # type: ignore[method-assign, assignment]
    try:
        list_id, _ = bot.first_list()
        pending_id = await request_delete(bot, list_id, user=DAVE)
        await bot.click("kore_confirm", pending_id, user=DAVE)
        interim = await bot.fake.wait_for(lambda c: c.name == "click" and INTERIM in c.text)
        assert "DELETE contact list" in interim[0].text and list_id in bot.lists  # not run yet
        release.set()
        outcome = await bot.fake.wait_outcome("click", "DELETE contact list")
        assert "-> 200" in outcome.text and INTERIM not in outcome.text
        assert list_id not in bot.lists
        lookups = bot.fake.api("usergroups.users.list")
        assert lookups and lookups[0].body["usergroup"] == "S_ADMINS"
    finally:
        release.set()


async def test_permission_is_checked_again_on_the_click(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    pending_id = await request_delete(bot, list_id)
    bot.services.access.rules["delete"] = NOBODY  # ALICE lost the right meanwhile
    await bot.click("kore_confirm", pending_id)
    answer = await bot.fake.wait_response("click")
    assert "not allowed to delete" in answer.text and answer.body["replace_original"] is True
    assert list_id in bot.lists and bot.kore.count(DELETE) == 0
    assert (await bot.audit())[-1]["outcome"].startswith("refused")


async def test_unknown_confirmation_id_runs_nothing(bot: Bot) -> None:
    await bot.click("kore_confirm", "forged-id")
    answer = await bot.fake.wait_response("click")
    assert "unknown" in answer.text and bot.kore.calls == []


async def test_an_unknown_confirmation_click_is_logged_and_counted(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    """A forged or long-gone button ran nothing and left no trace at all."""
    await bot.click("kore_confirm", "forged-id")
    await bot.fake.wait_response("click")
    assert any("named no pending confirmation" in r.getMessage() and ALICE in r.getMessage() for r in caplog.records)
    async with bot.http() as http:
        exposition = (await http.get("/metrics")).text
    assert 'kore_slack_commands_total{outcome="unknown",subcommand="confirmation"} 1.0' in exposition


async def test_button_value_holds_only_the_opaque_id(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    await bot.command(f"lists delete {list_id}")
    answer = await bot.fake.wait_response()
    values = [button["value"] for button in buttons_of(answer.body)]
    assert all(list_id not in value and ALICE not in value for value in values)
    assert json.dumps(values).count("{") == 0


async def test_delete_of_a_list_in_use_says_why_kore_refuses_and_offers_no_button(bot: Bot) -> None:
    list_id, _ = bot.list_in_use()
    await bot.command(f"lists delete {list_id}")
    answer = await bot.fake.wait_response()
    assert "In use by July Renewals Outreach" in answer.text and "refuses to delete" in answer.text
    assert "Nothing was sent" in answer.text and buttons_of(answer.body) == []
    entry = (await bot.audit())[-1]
    assert entry["confirmation"] == "not asked" and entry["outcome"].startswith("refused: Kore.ai refuses")
    assert entry["targets"] == {"contact_list_id": list_id} and entry["details"]["used_by"]
    assert list_id in bot.lists


async def test_contact_delete_asks_first_then_deactivates_the_contact_once(bot: Bot) -> None:
    contact_id, contact = next(
        (key, record) for key, record in bot.sandbox.state.contacts.items() if record["status"] == "ACTIVE"
    )
    await bot.command(f"contacts delete {contact_id}")
    answer = await bot.fake.wait_response()
    assert contact_id in answer.text and "Delete a Contact" in answer.text
    delete, _ = buttons_of(answer.body)
    assert bot.sandbox.state.contacts[contact_id]["status"] == "ACTIVE"  # asking deleted nothing
    await bot.click("kore_confirm", str(delete["value"]))
    _, outcome = await bot.fake.wait_for(lambda c: c.name == "click", count=2)
    assert "DELETE contact" in outcome.text
    assert bot.sandbox.state.contacts[contact_id]["status"] == "INACTIVE"
    assert bot.kore.count("contact.delete") == 1
    assert contact["firstName"]  # the record is kept (soft delete), only its status changed


async def test_bulk_delete_names_how_many_and_which_then_deactivates_them(bot: Bot) -> None:
    active = [key for key, record in bot.sandbox.state.contacts.items() if record["status"] == "ACTIVE"][:3]
    await bot.command(f"contacts bulk-delete ids={','.join(active)}")
    answer = await bot.fake.wait_response()
    assert "3 contacts" in answer.text and all(contact_id in answer.text for contact_id in active)
    assert all(bot.sandbox.state.contacts[key]["status"] == "ACTIVE" for key in active)  # only asked
    delete, _ = buttons_of(answer.body)
    await bot.click("kore_confirm", str(delete["value"]))
    _, outcome = await bot.fake.wait_for(lambda c: c.name == "click", count=2)
    assert "DELETE contacts" in outcome.text
    assert all(bot.sandbox.state.contacts[key]["status"] == "INACTIVE" for key in active)
    assert bot.kore.count("contact.bulk_delete") == 1

