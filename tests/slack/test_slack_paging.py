"""Paging shows what it says: every record of a page is on screen, within Slack's limits, and the
next-page hint starts right after the last record shown; `lists all` pages and filters by name."""

from __future__ import annotations

import json
import re
from typing import Any

from botkit import Bot, seed_lists, seed_members

from slackbot.pages import MAX_BLOCKS, SECTION_LIMIT, TEXT_BUDGET, fit

LONG = "Renewal Due - Northeast Region Priority Callbacks"[:44]  # close to the 48-character limit


def bullets(body: dict[str, Any]) -> list[str]:
    sections = [b["text"]["text"] for b in body["blocks"] if b["type"] == "section"]
    return [line for text in sections for line in text.split("\n") if line.startswith("• ")]


def footer(body: dict[str, Any]) -> str:
    return str(body["blocks"][-1]["elements"][0]["text"])


def assert_within_slack_limits(body: dict[str, Any]) -> None:
    texts = [b["text"]["text"] for b in body["blocks"] if b["type"] == "section"]
    texts += [e["text"] for b in body["blocks"] if b["type"] == "context" for e in b["elements"]]
    assert len(body["blocks"]) <= MAX_BLOCKS
    assert all(len(text) <= 3000 for text in texts) and sum(map(len, texts)) <= 12_000


async def test_contacts_of_a_long_list_show_every_record_of_the_page(bot: Bot) -> None:
    (list_id,) = seed_lists(bot, ["Callbacks"])
    seed_members(bot, list_id, 120)
    await bot.command(f"lists contacts {list_id}")
    answer = (await bot.fake.wait_response()).body
    assert len(bullets(answer)) == 50 and "more" not in json.dumps(answer)
    assert "1-50 of 120" in footer(answer) and f"lists contacts {list_id} limit=50 skip=50" in footer(answer)
    await bot.command(f"lists contacts {list_id} skip=100", token="last")
    last = (await bot.fake.wait_response("last")).body
    assert len(bullets(last)) == 20 and "101-120 of 120" in footer(last) and "next page" not in footer(last)


def test_fit_keeps_whole_lines_within_every_limit() -> None:
    lines = [f"• line {n} " + "x" * 200 for n in range(500)]
    fitted = fit(lines, blocks=MAX_BLOCKS - 3, chars=TEXT_BUDGET)
    assert 0 < fitted.shown < 500 and sum(map(len, fitted.sections)) <= TEXT_BUDGET
    assert all(len(text) <= SECTION_LIMIT for text in fitted.sections)
    assert "\n".join(fitted.sections).split("\n") == lines[: fitted.shown]
    few = fit(["a", "b"], blocks=3, chars=100)
    assert few.sections == ["a\nb"] and few.shown == 2


async def test_lists_all_pages_through_124_long_names_reaching_each_once(bot: Bot) -> None:
    ids = seed_lists(bot, [f"{LONG} {n:03d}" for n in range(124)])
    total = len(bot.lists)
    seen: list[str] = []
    command, page = "lists all", 0
    while command:
        page += 1
        await bot.command(command, token=f"p{page}")
        answer = (await bot.fake.wait_response(f"p{page}")).body
        assert_within_slack_limits(answer)
        lines = bullets(answer)
        assert lines and f"{len(seen) + 1}-{len(seen) + len(lines)} of {total}" in footer(answer)
        seen += [re.findall(r"`(cl-[^`]+)`", line)[0] for line in lines]
        hint = re.search(r"next page: `/kore ([^`]+)`", footer(answer))
        command = hint.group(1) if hint else ""
    assert page > 1 and len(seen) == total == len(set(seen)) and set(ids) <= set(seen)


async def test_lists_all_filters_by_name_in_any_case(bot: Bot) -> None:
    seed_lists(bot, ["Alpha renewals", "Beta leads", "RENEWAL backlog"])
    await bot.command("lists all name=renewal")
    answer = (await bot.fake.wait_response()).body
    names = " ".join(bullets(answer))
    assert "Alpha renewals" in names and "RENEWAL backlog" in names and "Beta leads" not in names
    assert "named like “renewal”" in footer(answer)
    await bot.command('lists all name="no such thing"', token="none")
    nothing = await bot.fake.wait_response("none")
    assert "No record's name contains “no such thing”" in nothing.text


async def test_paging_options_are_checked_and_documented(bot: Bot) -> None:
    ack = json.loads((await bot.command("lists all skip=-1")).body)
    assert "`skip` must be a whole number" in json.dumps(ack)
    await bot.command("help lists all", token="help")
    usage = (await bot.fake.wait_response("help")).text
    assert "[skip=...] [name=...]" in usage and "name contains this text" in usage
    assert bot.kore.calls == []


async def test_a_page_past_the_end_says_how_many_there_are(bot: Bot) -> None:
    (list_id,) = seed_lists(bot, ["Callbacks"])
    seed_members(bot, list_id, 3)
    total = len(bot.lists)
    await bot.command("lists all skip=500", token="lists")
    await bot.command(f"lists contacts {list_id} skip=10", token="contacts")
    lists = (await bot.fake.wait_response("lists")).body
    contacts = (await bot.fake.wait_response("contacts")).body
    assert f"Nothing from record 501 on: there are {total}" in json.dumps(lists, ensure_ascii=False)
    assert f"none of {total}" in footer(lists) and "500-500" not in footer(lists)
    assert "Nothing from record 11 on: there are 3" in json.dumps(contacts, ensure_ascii=False)
