"""The /kore grammar and the access rules, without Slack."""

from __future__ import annotations

import pytest
from botkit import BOB, Bot

from core.operations import get_operation
from slackbot.access import AccessPolicy, Rule
from slackbot.grammar import GrammarError, Help, Invocation, example, parse, usage
from slackbot.logs import RedactRequests


def test_positional_id_maps_to_the_target_field_and_quotes_keep_spaces() -> None:
    parsed = parse('lists update cl-1 name="Renewal Due - July" allow-duplicates=yes')
    assert isinstance(parsed, Invocation) and parsed.op.key == "contact_list.update"
    assert parsed.values == {"contact_list_id": "cl-1", "name": "Renewal Due - July", "allow_duplicates": "yes"}


def test_slack_html_escapes_are_undone() -> None:
    parsed = parse('lists create name="A &amp; B &lt;3" description=x')
    assert isinstance(parsed, Invocation) and parsed.values["name"] == "A & B <3"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("list all", "Did you mean `lists all`?"),
        ("lists remove cl-1", "`lists` takes: all, show, create, update, delete, contacts"),
        ("lists creat", "Did you mean `lists create`?"),
        ("lists", "needs one of"),
        ('lists create name="open', "close every quote"),
        ("lists show cl-1 cl-2", "unexpected `cl-2`"),
        ("lists show cl-1 contact_list_id=cl-2", "given twice"),
    ],
)
def test_mistakes_are_explained(text: str, message: str) -> None:
    with pytest.raises(GrammarError) as caught:
        parse(text)
    assert message in caught.value.message


def test_help_topics() -> None:
    assert parse("") == Help(None) and parse("help lists delete") == Help("lists delete")


def test_examples_and_usage_come_from_the_catalog() -> None:
    op = get_operation("contact_list.update")
    assert example(op) == '/kore lists update cl-4db9a03-07a3-4009-973a-b8940e81xxxx name="Renewal Due - August"'
    assert "`/kore lists update &lt;contact_list_id&gt; [name=...]" in usage(op)


def test_rule_parsing_splits_users_groups_and_everyone() -> None:
    rule = Rule.parse(" U1, S2 ,*,")
    assert rule.everyone and rule.users == {"U1"} and rule.groups == {"S2"}


async def test_unset_mutation_rules_are_open_in_the_sandbox_and_closed_on_a_tenant() -> None:
    create, delete = get_operation("contact_list.create"), get_operation("contact_list.delete")
    sandbox = AccessPolicy.from_settings(readers=None, writers=None, deleters=None, channels=None, open_mutations=True)
    tenant = AccessPolicy.from_settings(readers=None, writers=None, deleters=None, channels=None, open_mutations=False)
    assert (await sandbox.check("U1", "C1", delete)).allowed and sandbox.startup_warnings() == []
    assert not (await tenant.check("U1", "C1", create)).allowed
    assert (await tenant.check("U1", "C1", get_operation("contact_list.list"))).allowed
    warnings = tenant.startup_warnings()
    assert any("KORE_SLACK_WRITERS is not set" in w and "U0123,S0456" in w for w in warnings)


async def test_failed_group_lookup_grants_nothing() -> None:
    async def broken(group: str) -> list[str]:
        raise RuntimeError("slack is down")

    policy = AccessPolicy(writers=Rule.parse("S_TEAM"), group_lookup=broken)
    assert not await policy.may("U1", "write")


async def test_readers_setting_limits_reads_too() -> None:
    policy = AccessPolicy.from_settings(readers="U1", writers="*", deleters=None, channels=None, open_mutations=False)
    assert not (await policy.check("U2", "C1", get_operation("contact_list.list"))).allowed
    assert not (await policy.check("U2", "C1", get_operation("contact_list.create"))).allowed


def test_log_filter_masks_tokens_and_request_bodies() -> None:
    import logging

    record = logging.LogRecord("slack_bolt.X", logging.INFO, __file__, 1,
                               "Invalid request signature detected (signature: v0=abc, body: %s)",
                               ("text=secret",), None)
    RedactRequests().filter(record)
    assert record.getMessage() == "Invalid request signature detected (request details redacted)"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "using xoxb-123-abc now", None, None)
    RedactRequests().filter(record)
    assert "xoxb-123" not in record.getMessage()


async def test_a_campaign_start_refusal_does_not_speak_of_deleting_only(bot: Bot) -> None:
    await bot.command("campaigns start camp-1", user=BOB)
    answer = await bot.fake.wait_response()
    assert "not allowed to delete things, or start and stop campaigns" in answer.text
    assert "KORE_SLACK_DELETERS" in answer.text
