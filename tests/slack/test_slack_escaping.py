"""Text from users and from Kore.ai never becomes a Slack link or mention: `&`, `<` and `>` are
escaped in answers, notices, acks and audit-channel posts, inside code spans and outside."""

from __future__ import annotations

import json
import re

import pytest
from botkit import AUDIT_CHANNEL, BOB, CAROL, Bot, seed_lists

from core.sandbox.schema import CONTACT_LISTS
from slackbot.mrkdwn import code, cut, escape, mention

RAW = ("<!channel>", "<!here>", "<!everyone>", "<https://evil", "<#C_EVIL")


def raw_controls(text: str) -> list[str]:
    return [raw for raw in RAW if raw in text]


async def everything_posted(bot: Bot) -> str:
    await bot.services.tasks.drain()
    return "\n".join(call.text for call in bot.fake.calls)


async def test_channel_mention_as_an_id_is_escaped_in_the_answer_and_the_audit_channel(bot: Bot) -> None:
    await bot.command("lists update <!channel> name=x")  # a writer; Slack sends the mention as is
    await bot.fake.wait_response()
    posted = await bot.fake.wait_for(lambda c: c.name == "chat.postMessage")
    assert posted[0].body["channel"] == AUDIT_CHANNEL and "&lt;!channel&gt;" in posted[0].text
    assert raw_controls(await everything_posted(bot)) == []


async def test_disguised_link_in_a_quoted_value_is_shown_as_text(bot: Bot) -> None:
    # Slack escapes a typed "<" as &lt; in command text; the grammar decodes it, the answers re-encode it.
    await bot.command('lists update "&lt;https://evil.example/login|Kore login&gt;" name=x')
    await bot.fake.wait_response()
    await bot.fake.wait_for(lambda c: c.name == "chat.postMessage")
    text = await everything_posted(bot)
    assert raw_controls(text) == [] and "&lt;https://evil.example/login|Kore login&gt;" in text


@pytest.mark.parametrize(
    "command",
    ["<!here>", "lists <!here>", "lists create <!here>=1", "lists show a b<!everyone>", "help <!channel> x"],
)
async def test_grammar_errors_escape_what_was_typed(bot: Bot, command: str) -> None:
    response = await bot.command(command)
    shown = (response.body or "") + await everything_posted(bot)
    assert shown.strip() and raw_controls(shown) == []


async def test_record_names_from_kore_are_escaped_in_lists_and_details(bot: Bot) -> None:
    list_id, record = bot.first_list()
    record["name"] = "<!channel> & <https://evil.example|login>"
    record["description"] = "<#C_EVIL>"
    bot.sandbox.state.write_now(lambda writer: writer.put(CONTACT_LISTS, record))
    await bot.command("lists all", token="all")
    await bot.command(f"lists show {list_id}", token="show")
    await bot.command(f"lists delete {list_id}", token="delete")
    for token in ("all", "show", "delete"):
        answer = await bot.fake.wait_response(token)
        assert "&lt;!channel&gt; &amp; &lt;https://evil.example|login&gt;" in answer.text
    assert raw_controls(await everything_posted(bot)) == []


async def test_refusals_are_audited_with_escaped_targets(bot: Bot) -> None:
    await bot.command("lists update <!everyone> name=x", user=CAROL)
    await bot.command("lists delete <!here>", user=BOB, token="bob")
    await bot.fake.wait_response()
    await bot.fake.wait_response("bob")
    await bot.fake.wait_for(lambda c: c.name == "chat.postMessage", count=2)
    assert raw_controls(await everything_posted(bot)) == []


def test_code_spans_cannot_be_closed_or_overflowed() -> None:
    assert code("a`b<!here>") == "`a\u02cbb&lt;!here&gt;`"
    assert len(code("x" * 5000)) < 90
    assert escape("&lt;") == "&amp;lt;"
    assert mention("@", "U123ABC") == "<@U123ABC>" and mention("#", "C1> <!here") == "`C1&gt; &lt;!here`"
    assert json.dumps(code("<@U1>")).count("<") == 0


async def test_the_confirm_dialog_is_cut_between_entities_never_inside_one(bot: Bot) -> None:
    (list_id,) = seed_lists(bot, ["&" * 48])
    await bot.command(f"lists delete {list_id}")
    answer = await bot.fake.wait_response()
    (actions,) = [block for block in answer.body["blocks"] if block["type"] == "actions"]
    text = actions["elements"][0]["confirm"]["text"]["text"]
    assert len(text) <= 300 and text.endswith("&amp;…")
    assert re.sub(r"&(amp|lt|gt);", "", text).count("&") == 0


def test_cut_keeps_entities_whole() -> None:
    assert cut("a &amp; b", 100) == "a &amp; b"
    assert cut("&amp;" * 10, 8) == "&amp;…"
    assert cut("ab&lt;cd", 5) == "ab…"
