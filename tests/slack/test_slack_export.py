"""`/kore lists export "<list>"`: the list's CSV uploaded into the channel (or a DM), audited."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from botkit import ALICE, CAROL, CHANNEL, Bot, make_bot, seed_lists
from bulkkit import add_numbers, configure, list_named
from fake_slack import FakeSlack

LIST = "Renewal Due - July"


@pytest.fixture
async def ebot(bot: Bot, tmp_path: Path) -> Bot:
    seed_lists(bot, [LIST])
    configure(bot, tmp_path)
    add_numbers(bot, list_named(bot, LIST), ["+14155550123", "+14155550124", "+442079460000"])
    return bot


def rows_of(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


async def test_export_uploads_the_lists_csv_into_the_channel(ebot: Bot) -> None:
    await ebot.command(f'lists export "{LIST}"')
    answer = await ebot.fake.wait_response()
    assert "3 contacts of *Renewal Due - July* exported as `renewal-due-july-contacts.csv`" in answer.text
    assert f"to <#{CHANNEL}>" in answer.text and answer.body["response_type"] == "ephemeral"
    (upload,) = ebot.fake.uploads
    assert upload.channel == CHANNEL and upload.filename == "renewal-due-july-contacts.csv"
    rows = rows_of(upload.content)
    phone = next(key for key in rows[0] if "phone" in key.lower())
    assert sorted(row[phone] for row in rows) == ["+14155550123", "+14155550124", "+442079460000"]
    assert f"<@{ALICE}>" in upload.comment and "3 contacts" in upload.comment
    length = ebot.fake.api("files.getUploadURLExternal")[0].body["length"]
    assert int(length) == len(upload.content)
    entry = (await ebot.audit())[-1]
    assert entry["operation"] == "contact_list.export" and entry["outcome"].startswith(
        "ok: 3 contacts uploaded"
    )
    assert entry["details"]["to"] == CHANNEL and entry["targets"] == {
        "contact_list_id": list_named(ebot, LIST)
    }


async def test_export_goes_to_a_direct_message_when_the_bot_is_not_in_the_channel(ebot: Bot) -> None:
    ebot.fake.not_in.add(CHANNEL)
    await ebot.command(f'lists export "{LIST}"')
    answer = await ebot.fake.wait_response()
    assert "to a direct message from me: I am not in" in answer.text and "invite me" in answer.text
    (upload,) = ebot.fake.uploads
    assert upload.channel == f"D{ALICE}" and len(rows_of(upload.content)) == 3
    assert ebot.fake.api("conversations.open")[0].body["users"] == ALICE


async def test_export_of_an_unknown_or_empty_list_answers_one_line(ebot: Bot) -> None:
    await ebot.command('lists export "Nope"', token="unknown")
    assert "no contact list named 'Nope'" in (await ebot.fake.wait_response("unknown")).text
    seed_lists(ebot, ["Empty"])
    await ebot.command('lists export "Empty"', token="empty")
    assert "*Empty* has no contacts; nothing to export." in (await ebot.fake.wait_response("empty")).text
    assert ebot.fake.uploads == []


async def test_export_needs_read_access_only_but_the_channel_rule_holds(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    bot = await make_bot(fake_slack, tmp_path, channels="C_OTHER")
    try:
        seed_lists(bot, [LIST])
        configure(bot, tmp_path)
        await bot.command(f'lists export "{LIST}"', user=CAROL)
        answer = await bot.fake.wait_response()
        assert "commands work only in" in answer.text and bot.fake.uploads == []
    finally:
        await bot.services.tasks.drain()
        await bot.kore.inner.aclose()
        bot.services.tasks.work.close()


async def test_export_escapes_a_list_name_holding_a_mention(ebot: Bot) -> None:
    seed_lists(ebot, ["<!channel> VIP"])
    add_numbers(ebot, list_named(ebot, "<!channel> VIP"), ["+14155550123"])
    await ebot.command('lists export "<!channel> VIP"')
    answer = await ebot.fake.wait_response()
    (upload,) = ebot.fake.uploads
    assert "<!channel>" not in answer.text and "<!channel>" not in upload.comment
    assert "&lt;!channel&gt; VIP" in upload.comment and upload.filename == "channel-vip-contacts.csv"


async def test_export_usage_without_a_name(ebot: Bot) -> None:
    response = await ebot.command("lists export")
    assert "needs the list's name" in str(response.body)
    assert ebot.fake.uploads == []


async def test_export_marks_cells_a_spreadsheet_would_run_and_keeps_numbers(bot: Bot, tmp_path: Path) -> None:
    from core.sandbox.records import new_list_contact, new_list_contact_id
    from core.sandbox.schema import LIST_CONTACTS

    seed_lists(bot, [LIST])
    configure(bot, tmp_path)
    list_id = list_named(bot, LIST)
    names = {"+14155550123": "=1+1", "+14155550124": "@cmd", "+14155550125": "-2", "+14155550126": "\tTab"}
    members = [
        {
            **new_list_contact(
                contact_id=new_list_contact_id(), phone_number=number, timestamp="2025-07-01T00:00:00Z"
            ),
            "firstName": name,
            "listId": list_id,
        }
        for number, name in names.items()
    ]
    bot.sandbox.state.write_now(lambda writer: writer.insert_many(LIST_CONTACTS, members))
    await bot.command(f'lists export "{LIST}"')
    await bot.fake.wait_response()
    (upload,) = bot.fake.uploads
    shown = {row["Phone"]: row["First name"] for row in rows_of(upload.content)}
    assert shown == {
        "+14155550123": "'=1+1",
        "+14155550124": "'@cmd",
        "+14155550125": "-2",
        "+14155550126": "'\tTab",
    }
