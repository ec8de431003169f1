"""/kore help, every subcommand with inline arguments, bad arguments, Kore errors, refusals."""

from __future__ import annotations

import json

import pytest
from botkit import ALICE, AUDIT_CHANNEL, BOB, CAROL, CHANNEL, Bot

from core.operations import OPERATIONS, Operation
from slackbot.grammar import COMMAND, Invocation, example, parse, subcommand_of, subcommands


def ack_json(response: object) -> dict[str, object]:
    body = getattr(response, "body", "")
    return json.loads(body) if body else {}


async def test_command_is_acked_with_empty_body_and_answered_at_response_url(bot: Bot) -> None:
    response = await bot.command("lists all")
    assert response.status == 200
    answer = await bot.fake.wait_response()
    assert answer.body["response_type"] == "ephemeral"
    assert "Renewal Due - July 2025" in answer.text


async def test_help_lists_every_command_for_a_deleter(bot: Bot) -> None:
    await bot.command("help", user=ALICE)
    answer = (await bot.fake.wait_response()).text
    for name in subcommands():
        assert f"`{name}`" in answer
    assert "/kore lists create name=\\\"Renewal Due - July\\\"" in answer


async def test_help_shows_only_reads_to_a_user_who_may_not_write(bot: Bot) -> None:
    await bot.command("help", user=CAROL)
    answer = (await bot.fake.wait_response()).text
    assert "`lists all`" in answer and "`contacts all`" in answer and "`lists show`" in answer
    assert "`lists create`" not in answer and "`lists delete`" not in answer
    assert "`contacts update`" not in answer
    assert "need a permission you do not have" in answer


async def test_help_hides_delete_from_a_writer_who_may_not_delete(bot: Bot) -> None:
    await bot.command("help", user=BOB)
    answer = (await bot.fake.wait_response()).text
    assert "`lists create`" in answer and "`lists delete`" not in answer


async def test_help_for_a_subcommand_shows_its_arguments(bot: Bot) -> None:
    await bot.command("help lists create")
    answer = (await bot.fake.wait_response()).text
    assert "name=..." in answer and "description=..." in answer and "allow_duplicates" in answer
    assert "1-48 characters" in answer


async def test_typo_gets_did_you_mean_in_the_ack(bot: Bot) -> None:
    response = await bot.command("lists creat name=x")
    body = ack_json(response)
    assert body["response_type"] == "ephemeral"
    assert "Did you mean `lists create`?" in json.dumps(body)
    assert bot.kore.calls == []


async def test_unknown_argument_gets_usage_in_the_ack(bot: Bot) -> None:
    body = json.dumps(ack_json(await bot.command('lists create nam="x" description=y')))
    assert "unknown argument `nam`" in body and "Did you mean `name`?" in body
    assert "/kore lists create name=... description=..." in body


async def test_bad_argument_gets_usage_and_the_field_error_and_runs_nothing(bot: Bot) -> None:
    long_name = "x" * 49
    await bot.command(f'lists create name="{long_name}" description="too long a name"')
    answer = await bot.fake.wait_response()
    assert answer.body["response_type"] == "ephemeral"
    assert "`name`: up to 48 characters (got 49)" in answer.text
    assert "Arguments:" in answer.text
    assert bot.kore.calls == []


async def test_a_pattern_error_is_answered_in_words_not_a_regex(bot: Bot) -> None:
    await bot.command("contacts update 667e48f7c8b972fc691a0b1c phone_number=12ab")
    answer = await bot.fake.wait_response()
    assert "`phone_number`: digits only (1 to 15), no + or spaces" in answer.text
    assert "pattern" not in answer.text and "\\d" not in answer.text
    assert bot.kore.calls == []


async def test_create_with_quoted_values_creates_the_list(bot: Bot) -> None:
    await bot.command('lists create name="Renewal Due - July" description="Customers renewing in July"')
    answer = await bot.fake.wait_response()
    assert "POST contact list" in answer.text and "Renewal Due - July" in answer.text
    assert any(record["name"] == "Renewal Due - July" for record in bot.lists.values())
    entry = (await bot.audit())[-1]
    assert entry["operation"] == "contact_list.create" and entry["outcome"] == "ok"
    assert entry["user_id"] == ALICE and entry["team_id"] == "T_TEST" and entry["channel_id"] == CHANNEL
    assert entry["confirmation"] == "not required" and entry["duration_ms"] >= 0
    posted = await bot.fake.wait_for(lambda c: c.name == "chat.postMessage")
    assert posted[0].body["channel"] == AUDIT_CHANNEL and "contact_list.create" in posted[0].text


async def test_slack_smart_quotes_are_understood(bot: Bot) -> None:
    await bot.command("lists create name=\u201cQ3 Leads\u201d description=\u201cFrom the fair\u201d")
    await bot.fake.wait_response()
    assert any(record["name"] == "Q3 Leads" for record in bot.lists.values())


async def test_update_with_positional_id_renames_the_list(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    await bot.command(f'lists update {list_id} name="Renewal Due - August"')
    answer = await bot.fake.wait_response()
    assert "PUT contact list" in answer.text
    assert bot.lists[list_id]["name"] == "Renewal Due - August"
    assert (await bot.audit())[-1]["targets"] == {"contact_list_id": list_id}


async def test_show_renders_key_fields_and_the_json(bot: Bot) -> None:
    list_id, record = bot.first_list()
    await bot.command(f"lists show {list_id}")
    answer = await bot.fake.wait_response()
    assert record["name"] in answer.text
    assert f"Records: {record['totalRecordCount']}" in answer.text
    assert "```" in answer.text
    assert (await bot.audit()) == []  # reads are not audited


async def test_lists_contacts_pages(bot: Bot) -> None:
    list_id = max(bot.lists, key=lambda key: int(bot.lists[key]["totalRecordCount"]))  # more than a page of 2
    await bot.command(f"lists contacts {list_id} limit=2")
    answer = await bot.fake.wait_response()
    assert "1-2 of" in answer.text and "skip=2" in answer.text


async def test_contacts_all_with_paging(bot: Bot) -> None:
    await bot.command("contacts all skip=0 limit=3")
    answer = await bot.fake.wait_response()
    assert "James Carter" in answer.text and "1-3 of 25" in answer.text


async def test_contacts_update_changes_the_phone(bot: Bot) -> None:
    contact_id = next(iter(bot.sandbox.state.contacts))
    await bot.command(f"contacts update {contact_id} first_name=Jonathan phone_number=9550112345")
    answer = await bot.fake.wait_response()
    assert "PUT contact" in answer.text and "Jonathan" in answer.text
    assert bot.sandbox.state.contacts[contact_id]["firstName"] == "Jonathan"


@pytest.mark.parametrize("op", [op for op in OPERATIONS if op.form], ids=lambda op: op.key)
def test_every_operation_has_a_subcommand_whose_help_example_runs_it(op: Operation) -> None:
    """Derived from the catalog: a new entry gets a subcommand, and its example parses back to it."""
    assert subcommands()[subcommand_of(op)] is op
    parsed = parse(example(op).removeprefix(COMMAND).strip())
    assert isinstance(parsed, Invocation) and parsed.op is op
    assert parsed.values == {name: value for name, value in op.example.items()}


async def test_kore_error_is_one_readable_line(bot: Bot) -> None:
    await bot.command("lists show cl-does-not-exist")
    answer = await bot.fake.wait_response()
    assert "GET contact list cl-does-not-exist -&gt; 404" in answer.body["text"]
    assert answer.body["text"].count("\n") == 0


async def test_user_who_may_not_write_is_refused_and_nothing_runs(bot: Bot) -> None:
    await bot.command('lists create name="Nope" description="refused"', user=CAROL)
    answer = await bot.fake.wait_response()
    assert "not allowed to create or change" in answer.text and "KORE_SLACK_WRITERS" in answer.text
    assert bot.kore.calls == []
    assert (await bot.audit())[-1]["outcome"].startswith("refused")


@pytest.mark.parametrize("text", ["lists all", "help"])
async def test_channel_limit_refuses_commands_elsewhere(fake_slack: object, tmp_path: object, text: str) -> None:
    from botkit import make_bot

    bot = await make_bot(fake_slack, tmp_path, channels="C_ALLOWED")  # type: ignore[arg-type]
    try:
        await bot.command(text, channel="C_ELSEWHERE")
        answer = await bot.fake.wait_response()
        assert "work only in <#C_ALLOWED>" in answer.text
        assert bot.kore.calls == []
    finally:
        await bot.services.tasks.drain()
        await bot.kore.inner.aclose()


async def test_failure_after_ack_is_logged_with_traceback_and_reported(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    async def broken(op_key: str, values: object) -> object:
        raise RuntimeError("boom")

    bot.services.kore.execute = broken  # type: ignore[method-assign, assignment]
    await bot.command("lists all")
    answer = await bot.fake.wait_response()
    assert "Something went wrong" in answer.text and "boom" not in answer.text
    assert any(record.exc_info and "boom" in str(record.exc_info[1]) for record in caplog.records)


def test_manifest_declares_the_command_interactivity_and_least_scopes() -> None:
    from pathlib import Path

    import yaml

    import slackbot

    manifest = yaml.safe_load((Path(slackbot.__file__).parent / "manifest.yml").read_text())
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == "/kore" and "lists all" in command["usage_hint"]
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "commands", "chat:write", "usergroups:read", "files:read", "files:write", "im:write",
    }


async def test_lists_add_queues_the_numbers_by_list_name(fake_slack: object, tmp_path: object) -> None:
    from botkit import make_bot

    from core.sandbox.config import SandboxConfig
    from core.sandbox.embedded import EmbeddedSandbox

    sandbox = EmbeddedSandbox(SandboxConfig(rate_limit=0, async_delay_ms=0))
    bot = await make_bot(fake_slack, tmp_path, sandbox=sandbox)  # type: ignore[arg-type]
    try:
        list_id, record = bot.first_list()
        name = record["name"]
        await bot.command(f'lists add "{name}" phones=+14155550123,+14155550124')
        answer = await bot.fake.wait_response()
        assert "Adding contacts to public list is in progress" in answer.text
        entry = (await bot.audit())[-1]
        assert entry["operation"] == "contact_list.add_contacts" and entry["outcome"] == "ok"
        await bot.command(f"lists show {list_id}")
        shown = await bot.fake.wait_response(count=2)
        assert f"Records: {record['totalRecordCount'] + 2}" in shown.text
    finally:
        await bot.services.tasks.drain()
        await bot.kore.inner.aclose()


async def test_lists_add_names_the_bad_number_and_sends_nothing(bot: Bot) -> None:
    await bot.command('lists add "Renewal Due - July 2025" phones=+14155550123,4155550124')
    answer = await bot.fake.wait_response()
    assert "phones[1]" in answer.text and "E.164" in answer.text and "4155550124" in answer.text
    assert bot.kore.calls == []


async def test_lists_add_to_an_unknown_list_says_which(bot: Bot) -> None:
    await bot.command('lists add "No such list" phones=+14155550123')
    answer = await bot.fake.wait_response()
    assert "404" in answer.text and "No such list" in answer.text


async def test_contacts_create_adds_an_active_contact(bot: Bot) -> None:
    await bot.command("contacts create first_name=Ada last_name=Lovelace phone_number=2079460101 country_code=+44")
    answer = await bot.fake.wait_response()
    assert "POST contact" in answer.text and "Ada Lovelace" in answer.text and "+442079460101" in answer.text
    created = [c for c in bot.sandbox.state.contacts.values() if c["cellPhone"]["phoneNumber"] == "+442079460101"]
    assert len(created) == 1 and created[0]["status"] == "ACTIVE"
    assert (await bot.audit())[-1]["operation"] == "contact.create"


async def test_contacts_create_without_a_phone_names_the_missing_fields(bot: Bot) -> None:
    await bot.command("contacts create first_name=Ada")
    answer = await bot.fake.wait_response()
    assert "`phone_number`: required" in answer.text  # the first missing field, as for any command
    assert bot.kore.calls == []


async def test_bulk_update_is_for_scripts_not_a_slack_command(bot: Bot) -> None:
    body = json.dumps(ack_json(await bot.command("contacts bulk-update")))
    assert "is not a command" in body and "bulk-delete" in body
    assert bot.kore.calls == []
