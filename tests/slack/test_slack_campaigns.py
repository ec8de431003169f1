"""Campaigns in Slack: reads for anyone who may read; start and stop ask first, like deletes, naming
the campaign, its lists and how many numbers they hold, and only deleters may confirm."""

from __future__ import annotations

from typing import Any

from botkit import CAROL, Bot

CAMPAIGN = "cd-5e1b2c3a-7d4f-4e8a-9b0c-1d2e3f4a5b6c"  # July Renewals Outreach, running in the seed
STOP = "campaign.stop"


def buttons_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [el for block in body.get("blocks", []) if block["type"] == "actions" for el in block["elements"]]


async def status_of(bot: Bot) -> str:
    async with bot.sandbox.client() as kore:
        return (await kore.get_campaign_status(CAMPAIGN)).data.status


async def test_campaigns_all_lists_the_campaigns_for_a_reader(bot: Bot) -> None:
    await bot.command("campaigns all", user=CAROL)
    answer = await bot.fake.wait_response()
    assert "July Renewals Outreach" in answer.text and "August Renewals" in answer.text


async def test_campaign_contacts_show_the_dial_outcomes(bot: Bot) -> None:
    await bot.command(f"campaigns contacts {CAMPAIGN} limit=5")
    answer = await bot.fake.wait_response()
    assert "+14155550101" in answer.text and "completed" in answer.text


async def test_stop_only_asks_naming_lists_and_numbers_with_a_stop_button(bot: Bot) -> None:
    await bot.command(f"campaigns stop {CAMPAIGN}")
    answer = await bot.fake.wait_response()
    assert "July Renewals Outreach" in answer.text
    assert "Renewal Due - July 2025 (5 numbers)" in answer.text and "outbound run stops now" in answer.text
    confirm, cancel = buttons_of(answer.body)
    assert confirm["text"]["text"] == "Stop" and confirm["confirm"]["confirm"]["text"] == "Stop"
    assert cancel["text"]["text"] == "Cancel"
    assert bot.kore.count(STOP) == 0 and await status_of(bot) == "Active"


async def test_a_confirmed_stop_stops_the_campaign_once(bot: Bot) -> None:
    await bot.command(f"campaigns stop {CAMPAIGN}")
    answer = await bot.fake.wait_response()
    pending_id = buttons_of(answer.body)[0]["value"]
    await bot.click("kore_confirm", pending_id)
    _, outcome = await bot.fake.wait_for(lambda c: c.name == "click", count=2)
    assert "Campaign Stopped" in outcome.text
    assert bot.kore.count(STOP) == 1 and await status_of(bot) == "Stopped"
    entry = (await bot.audit())[-1]
    assert entry["operation"] == STOP and entry["confirmation"] == "confirmed" and entry["outcome"] == "ok"


async def test_a_cancelled_stop_says_nothing_was_sent(bot: Bot) -> None:
    await bot.command(f"campaigns stop {CAMPAIGN}")
    answer = await bot.fake.wait_response()
    await bot.click("kore_cancel", buttons_of(answer.body)[1]["value"])
    cancelled = await bot.fake.wait_response("click")
    assert "Nothing was sent" in cancelled.text
    assert bot.kore.count(STOP) == 0 and await status_of(bot) == "Active"


async def test_a_reader_may_not_start_or_stop(bot: Bot) -> None:
    await bot.command(f"campaigns stop {CAMPAIGN}", user=CAROL)
    answer = await bot.fake.wait_response()
    assert buttons_of(answer.body) == [] and bot.kore.count(STOP) == 0


async def test_starting_a_running_campaign_says_kore_refuses_and_offers_no_button(bot: Bot) -> None:
    await bot.command(f"campaigns start {CAMPAIGN}")
    answer = await bot.fake.wait_response()
    assert "status Active" in answer.text and "Nothing was sent" in answer.text
    assert buttons_of(answer.body) == []
    assert bot.kore.count("campaign.start") == 0 and await status_of(bot) == "Active"
    entry = (await bot.audit())[-1]
    assert entry["outcome"].startswith("refused: Kore.ai refuses to start") and entry["details"]["status"] == "Active"
