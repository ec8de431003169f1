"""What reaches the bot over HTTP: unsigned, stale, replayed and malformed requests are refused
before anything parses them; signed but odd payloads get a clear answer, never a traceback."""

from __future__ import annotations

import difflib
import json
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from botkit import (
    ALICE,
    Bot,
    action_payload,
    make_bot,
    payload_body,
    signed_headers,
    slash_body,
    view_payload,
)
from fake_slack import FakeSlack

from slackbot import grammar
from slackbot.gate import MAX_BODY_BYTES, Gate
from slackbot.pending import SqlitePendingStore

EVENTS = "/slack/events"
FORM = {"content-type": "application/x-www-form-urlencoded"}


def _problems(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize("body", ["payload=notjson", "payload={", "payload=null", "payload=[1,2,3]", "{"])
async def test_unsigned_garbage_is_refused_with_401_and_one_log_line(
    bot: Bot, caplog: pytest.LogCaptureFixture, body: str
) -> None:
    async with bot.http() as http:
        response = await http.post(EVENTS, content=body, headers=FORM)
    assert response.status_code == 401
    (line,) = _problems(caplog)
    assert "no Slack signature headers" in line.getMessage() and line.exc_info is None
    assert body not in caplog.text


async def test_timestamp_that_is_not_a_number_is_a_400_not_a_500(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    body = "payload=notjson"
    headers = {**signed_headers(body), "x-slack-request-timestamp": "abc"}
    async with bot.http() as http:
        response = await http.post(EVENTS, content=body, headers=headers)
    assert response.status_code == 400
    (line,) = _problems(caplog)
    assert "not a number" in line.getMessage() and line.exc_info is None


@pytest.mark.parametrize("payload", ["notjson", "{", "null", "[1,2,3]", '{"no_type": 1}'])
async def test_signed_but_malformed_body_is_a_400_before_bolt_parses_it(
    bot: Bot, caplog: pytest.LogCaptureFixture, payload: str
) -> None:
    body = urlencode({"payload": payload})
    async with bot.http() as http:
        response = await http.post(EVENTS, content=body, headers=signed_headers(body))
    assert response.status_code == 400
    (line,) = _problems(caplog)
    assert "payload is not" in line.getMessage() and line.exc_info is None


async def test_stale_and_forged_signatures_are_refused(bot: Bot) -> None:
    body = slash_body("lists all", user=ALICE, response_url=bot.fake.response_url())
    async with bot.http() as http:
        stale = await http.post(EVENTS, content=body, headers=signed_headers(body, timestamp=int(time.time()) - 301))
        future = await http.post(EVENTS, content=body, headers=signed_headers(body, timestamp=int(time.time()) + 301))
        forged = await http.post(EVENTS, content=body, headers=signed_headers(body, secret="not-it"))
    assert (stale.status_code, future.status_code, forged.status_code) == (401, 401, 401)
    assert bot.kore.calls == []


async def test_a_replayed_signed_command_is_refused_and_runs_once(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    body = slash_body('lists create name="Replayed" description=x', user=ALICE, response_url=bot.fake.response_url())
    headers = signed_headers(body)
    async with bot.http() as http:
        first = await http.post(EVENTS, content=body, headers=headers)
        again = await http.post(EVENTS, content=body, headers=headers)
    assert (first.status_code, again.status_code) == (200, 401)
    assert "replayed request" in caplog.text
    await bot.fake.wait_response()
    await bot.services.tasks.drain()
    assert bot.kore.count("contact_list.create") == 1


async def test_a_replay_on_another_replica_sharing_the_store_is_refused(fake_slack: FakeSlack, tmp_path: Path) -> None:
    shared = tmp_path / "shared.sqlite3"
    replicas = [
        await make_bot(fake_slack, tmp_path / name, store=SqlitePendingStore(shared)) for name in ("a", "b")
    ]
    try:
        body = slash_body("lists all", user=ALICE, response_url=fake_slack.response_url())
        headers = signed_headers(body)
        statuses = []
        for replica in replicas:
            async with replica.http() as http:
                statuses.append((await http.post(EVENTS, content=body, headers=headers)).status_code)
        assert statuses == [200, 401]
    finally:
        for replica in replicas:
            await replica.services.tasks.drain()
            await replica.kore.inner.aclose()


async def test_replay_memory_forgets_after_the_signature_window(tmp_path: Path) -> None:
    now = [1_750_000_000.0]
    store = SqlitePendingStore(tmp_path / "p.sqlite3")
    assert await store.first_use("k", now[0], 660) and not await store.first_use("k", now[0] + 659, 660)
    assert await store.first_use("k", now[0] + 661, 660)  # long stale by then: the signature check refuses it
    gate = Gate("s", store.first_use, clock=lambda: now[0])
    assert repr(gate) == "Gate(signing_secret=**********)"


async def test_click_without_actions_gets_an_ephemeral_error_not_a_500(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    payload = action_payload("kore_confirm", "x", user=ALICE, response_url=bot.fake.response_url("click"))
    payload["actions"] = []
    async with bot.http() as http:
        body = payload_body(payload)
        response = await http.post(EVENTS, content=body, headers=signed_headers(body))
    assert response.status_code == 200
    answer = await bot.fake.wait_response("click")
    assert "could not be read" in answer.text and answer.body["response_type"] == "ephemeral"
    assert not any(record.exc_info for record in caplog.records)


@pytest.mark.parametrize("broken", ["metadata_null", "values_list", "metadata_list"])
async def test_form_submission_with_a_broken_view_gets_an_error_view(
    bot: Bot, caplog: pytest.LogCaptureFixture, broken: str
) -> None:
    metadata = json.dumps({"op": "contact_list.create", "channel": "C", "response_url": "x"})
    view = {"callback_id": "kore_form", "private_metadata": metadata, "blocks": []}
    payload = view_payload(view, {"kore_name": {"value": {"type": "plain_text_input", "value": "n"}}}, user=ALICE)
    if broken == "metadata_null":
        payload["view"]["private_metadata"] = None
    elif broken == "values_list":
        payload["view"]["state"]["values"] = [1, 2]
    else:
        payload["view"]["private_metadata"] = "[1]"
    response = await bot.dispatch(payload_body(payload))
    assert response.status == 200
    answer = json.loads(response.body)
    assert answer["response_action"] == "update" and "could not be read" in json.dumps(answer["view"])
    assert not any(record.exc_info for record in caplog.records) and bot.kore.calls == []


async def test_command_longer_than_slack_allows_is_refused_in_the_ack(bot: Bot) -> None:
    response = await bot.command("lists create name=" + "x" * 5000)
    ack = json.loads(response.body)
    assert "Slack allows 4000" in json.dumps(ack) and ack["response_type"] == "ephemeral"
    assert bot.kore.calls == []


@pytest.mark.parametrize(
    "text", ["y" * 3990, "lists " + "y" * 3990, "lists all " + "k" * 3980 + "=1", "lists creat" + "e" * 3980]
)
def test_parsing_never_runs_quadratic_matching_on_long_words(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    matched: list[int] = []
    real = difflib.get_close_matches

    def spy(word: str, *args: object, **kwargs: object) -> list[str]:
        matched.append(len(word))
        return real(word, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(difflib, "get_close_matches", spy)
    with pytest.raises(grammar.GrammarError):
        grammar.parse(text)
    assert all(length <= grammar.SUGGEST_MAX for length in matched)


@pytest.mark.parametrize(
    "payload",
    [
        {"type": "view_submission", "user": {"id": ALICE}, "view": {
            "callback_id": "kore_form", "private_metadata": "{}", "state": {"values": {}}}},
        {"type": "view_closed", "user": {"id": ALICE}, "view": None},
    ],
    ids=["view_without_type", "view_closed_without_view"],
)
async def test_signed_payloads_bolt_cannot_match_are_refused_without_a_traceback(
    bot: Bot, caplog: pytest.LogCaptureFixture, payload: dict[str, object]
) -> None:
    response = await bot.dispatch(payload_body(payload))
    assert response.status in (200, 400)
    assert not any(record.exc_info for record in caplog.records), caplog.text
    assert "malformed" in caplog.text and bot.kore.calls == []


@pytest.mark.parametrize("event", ['"type"', '{"no_type": 1}', "null"])
async def test_signed_event_callback_without_an_event_type_is_a_400(
    bot: Bot, caplog: pytest.LogCaptureFixture, event: str
) -> None:
    for body, content_type in (
        (f'{{"type": "event_callback", "event": {event}}}', "application/json"),
        (urlencode({"payload": f'{{"type": "event_callback", "event": {event}}}'}), FORM["content-type"]),
    ):
        async with bot.http() as http:
            headers = {**signed_headers(body), "content-type": content_type}
            response = await http.post(EVENTS, content=body, headers=headers)
        assert response.status_code == 400
    assert not any(record.exc_info for record in caplog.records), caplog.text
    assert caplog.text.count("event has no type") == 2 and bot.kore.calls == []


async def test_signed_slash_command_without_a_response_url_is_a_400_not_a_traceback(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    body = urlencode({"command": "/kore", "text": "help", "user_id": ALICE, "channel_id": "C_OPS"})
    async with bot.http() as http:
        response = await http.post(EVENTS, content=body, headers=signed_headers(body))
    await bot.services.tasks.drain()
    assert response.status_code == 400
    (line,) = _problems(caplog)
    assert "slash command without response_url" in line.getMessage() and line.exc_info is None


async def test_a_store_that_does_not_answer_is_a_503_with_one_line_not_a_traceback(
    bot: Bot, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def down(key: str, now: float, ttl: float) -> bool:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(bot.services.store, "first_use", down)
    body = slash_body("lists all", user=ALICE, response_url=bot.fake.response_url())
    async with bot.http() as http:
        response = await http.post(EVENTS, content=body, headers=signed_headers(body))
    assert response.status_code == 503 and response.text == "store unavailable"
    (line,) = _problems(caplog)
    assert "the store does not answer (ConnectionError)" in line.getMessage() and line.exc_info is None
    assert bot.kore.calls == []


@pytest.mark.parametrize("declared", [True, False], ids=["content_length", "chunked"])
async def test_an_endless_body_is_refused_once_it_passes_the_limit_not_read_to_the_end(
    bot: Bot, caplog: pytest.LogCaptureFixture, declared: bool
) -> None:
    sent = [0]

    async def endless() -> AsyncIterator[bytes]:
        while sent[0] < 50 * 1024 * 1024:  # a test that failed would stop here, not hang
            sent[0] += 64 * 1024
            yield b"x" * 64 * 1024

    headers = {**FORM, "content-length": str(50 * 1024 * 1024)} if declared else FORM
    async with bot.http() as http:
        response = await http.post(EVENTS, content=endless(), headers=headers)
    assert response.status_code == 413 and sent[0] <= MAX_BODY_BYTES + 64 * 1024
    (line,) = _problems(caplog)
    assert "not read further" in line.getMessage()


@pytest.mark.parametrize(
    "body",
    [
        payload_body({"type": "event_callback", "event": "x"}),
        urlencode({"command": "/kore", "text": "help", "user_id": ALICE}),
    ],
    ids=["event_without_type", "command_without_response_url"],
)
async def test_socket_mode_envelopes_bolt_would_crash_on_are_refused_in_one_line(
    bot: Bot, caplog: pytest.LogCaptureFixture, body: str
) -> None:
    """Socket Mode has no HTTP gate: the app itself refuses them (and acknowledges, so Slack does
    not deliver them again)."""
    from slack_bolt.request.async_request import AsyncBoltRequest

    response = await bot.app.async_dispatch(AsyncBoltRequest(body=body, mode="socket_mode"))
    await bot.services.tasks.drain()
    assert response.status == 200 and response.body == ""
    (line,) = _problems(caplog)
    assert "malformed request refused" in line.getMessage() and line.exc_info is None
    assert not any(record.exc_info for record in caplog.records)
