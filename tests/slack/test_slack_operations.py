"""Running the bot in production: start-up checks that exit with one line, health and readiness
that mean what they say, Prometheus metrics, JSON logs."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from pathlib import Path
from typing import Any

import pytest
from botkit import ALICE, Bot, bot_process_env, signed_headers, slash_body
from fake_slack import FakeSlack

from slackbot import logs
from slackbot.web import Readiness, status_app

BOT = [sys.executable, "-m", "slackbot"]


async def _start(fake: FakeSlack, tmp_path: Path, *args: str, **env: str) -> tuple[int, str]:
    """Run kore-slackbot until it exits (start-up failures) or prints its address; kill it then."""
    environ = bot_process_env(fake, tmp_path, **env)
    process = await asyncio.create_subprocess_exec(
        *BOT, *args, "--sandbox", cwd=tmp_path, env=environ,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    try:
        while line := await asyncio.wait_for(process.stdout.readline(), 60):
            if b"listening on" in line or b"connecting to Slack" in line:
                return -1, line.decode()
        return await asyncio.wait_for(process.wait(), 60), (await process.stderr.read()).decode()
    finally:
        if process.returncode is None:
            process.terminate()
            await asyncio.wait_for(process.wait(), 60)


async def test_bad_bot_token_exits_with_one_line(fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake_slack.errors["auth.test"] = "invalid_auth"
    status, err = await _start(fake_slack, tmp_path, "--http", "--port", "0", "--host", "127.0.0.1")
    assert status == 2 and err.count("\n") == 1 and "SLACK_BOT_TOKEN" in err and "invalid_auth" in err
    assert "Traceback" not in err and "xoxb-test" not in err


async def test_bad_app_token_in_socket_mode_exits_instead_of_retrying(fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake_slack.errors["apps.connections.open"] = "invalid_auth"
    status, err = await _start(fake_slack, tmp_path, SLACK_APP_TOKEN="xapp-wrong")
    assert status == 2 and err.count("\n") == 1 and "SLACK_APP_TOKEN" in err and "xapp-wrong" not in err


async def test_audit_channel_the_bot_is_not_in_exits_with_the_fix(fake_slack: FakeSlack, tmp_path: Path) -> None:
    fake_slack.errors["chat.postMessage"] = "not_in_channel"
    status, err = await _start(
        fake_slack, tmp_path, "--http", "--port", "0", "--host", "127.0.0.1", KORE_SLACK_AUDIT_CHANNEL="C_AUDIT"
    )
    assert status == 2 and err.count("\n") == 1
    assert "KORE_SLACK_AUDIT_CHANNEL C_AUDIT (not_in_channel)" in err and "/invite @kore" in err


async def test_store_that_does_not_answer_exits_naming_the_setting(fake_slack: FakeSlack, tmp_path: Path) -> None:
    status, err = await _start(
        fake_slack, tmp_path, "--http", "--port", "0", "--host", "127.0.0.1",
        KORE_SLACK_STORE_URL="redis://:pw@127.0.0.1:1/0",
    )
    assert status == 2 and err.count("\n") == 1 and "KORE_SLACK_STORE_URL" in err and "pw" not in err


async def test_start_up_posts_to_the_audit_channel_and_serves(fake_slack: FakeSlack, tmp_path: Path) -> None:
    status, out = await _start(
        fake_slack, tmp_path, "--http", "--port", "0", "--host", "127.0.0.1", KORE_SLACK_AUDIT_CHANNEL="C_AUDIT"
    )
    assert status == -1 and "listening on" in out
    started, stopped = fake_slack.api("chat.postMessage")  # stopped: on the SIGTERM that ended it
    assert started.body["channel"] == stopped.body["channel"] == "C_AUDIT"
    assert "started" in started.text and "stopped; 0 queued commands answered" in stopped.text


async def test_a_stop_notice_slack_refuses_is_one_warning_line(
    fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    from botkit import make_settings

    from slackbot.app import web_client
    from slackbot.startup import announce_stop

    fake_slack.errors["chat.postMessage"] = "channel_not_found"
    client = web_client(make_settings(fake_slack))
    assert await announce_stop(client, "C_GONE", "stopped") is False
    (line,) = [r for r in caplog.records if "stop notice" in r.getMessage()]
    assert line.levelno == logging.WARNING and line.exc_info is None
    assert line.getMessage() == "cannot post the stop notice to KORE_SLACK_AUDIT_CHANNEL C_GONE (channel_not_found)"


async def test_a_stop_notice_slack_does_not_answer_gives_up_at_its_bound(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from slackbot.startup import announce_stop

    class Silent:
        async def chat_postMessage(self, **_: object) -> None:
            await asyncio.Event().wait()  # never answers

    assert await announce_stop(Silent(), "C_AUDIT", "stopped", timeout=0) is False  # type: ignore[arg-type]
    (line,) = [r for r in caplog.records if "stop notice" in r.getMessage()]
    assert "(no answer)" in line.getMessage() and line.exc_info is None


class _DeadStore:
    async def ping(self) -> None:
        raise ConnectionError("down")


async def test_readyz_fails_when_the_store_is_down_and_healthz_still_answers(bot: Bot) -> None:
    async with bot.http() as http:
        assert (await http.get("/readyz")).text == "ready"
    import httpx

    readiness = Readiness(_DeadStore(), slack_auth=True)  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app=status_app(readiness, bot.services.metrics))
    async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as http:
        ready, health = await http.get("/readyz"), await http.get("/healthz")
    assert ready.status_code == 503 and "store: does not answer" in ready.text
    assert health.status_code == 200 and health.text == "ok"


async def test_readyz_needs_auth_and_a_connected_socket(bot: Bot) -> None:
    import httpx

    async def disconnected() -> bool:
        return False

    readiness = Readiness(bot.services.store, slack_auth=False, socket_connected=disconnected)
    transport = httpx.ASGITransport(app=status_app(readiness, bot.services.metrics))
    async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as http:
        ready = await http.get("/readyz")
    assert ready.status_code == 503
    assert "auth.test has not succeeded" in ready.text and "socket mode: not connected" in ready.text


async def test_metrics_count_commands_acks_and_kore_calls(bot: Bot) -> None:
    await bot.command("lists all")
    await bot.command("lists creat x", token="typo")
    await bot.command("lists show cl-missing", token="missing")
    await bot.fake.wait_response()
    await bot.fake.wait_response("missing")
    async with bot.http() as http:
        await http.post("/slack/events", content="payload=x")
        exposition = (await http.get("/metrics")).text
    assert 'kore_slack_commands_total{outcome="ok",subcommand="lists all"} 1.0' in exposition
    assert 'kore_slack_commands_total{outcome="invalid",subcommand="unknown"} 1.0' in exposition
    assert 'kore_slack_commands_total{outcome="error",subcommand="lists show"} 1.0' in exposition
    assert 'kore_slack_commands_total{outcome="401",subcommand="rejected"} 1.0' in exposition
    assert 'kore_slack_ack_seconds_count{kind="command"} 3.0' in exposition
    assert 'kore_api_call_seconds_count{operation="contact_list.list",status="200"} 1.0' in exposition
    assert 'kore_api_call_seconds_count{operation="contact_list.get",status="404"} 1.0' in exposition
    assert "kore_slack_queue_depth 0.0" in exposition


def test_json_log_format_is_one_object_per_line_with_the_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        logs.configure(logging.INFO, json_lines=True)
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            logging.getLogger("slackbot.test").exception("it failed for xoxb-secret-token")
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
    line = capsys.readouterr().err.strip()
    assert line.count("\n") == 0
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "slackbot.test" and "boom" in entry["traceback"]
    assert "xoxb-secret-token" not in line


@pytest.mark.parametrize(("level", "shown"), [(logging.INFO, False), (logging.DEBUG, True)])
def test_a_line_per_http_request_is_logged_only_at_debug(
    level: int, shown: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    root, httpx_logger = logging.getLogger(), logging.getLogger("httpx")
    saved = root.handlers[:], root.level, httpx_logger.level
    try:
        logs.configure(level)
        httpx_logger.info("HTTP Request: GET https://example.invalid/x \"HTTP/1.1 200 OK\"")
        httpx_logger.warning("connection pool is full")
    finally:
        root.handlers[:], _, _ = saved
        root.setLevel(saved[1])
        httpx_logger.setLevel(saved[2])
    err = capsys.readouterr().err
    assert ("HTTP Request" in err) is shown
    assert "connection pool is full" in err


async def test_socket_mode_end_to_end_with_readiness_and_a_clean_stop(fake_slack: FakeSlack, tmp_path: Path) -> None:
    """The default mode: connect over the fake's WebSocket, report ready on --health-port, run a
    command delivered as an envelope, and stop on SIGTERM with exit status 0."""
    import signal

    import httpx
    from botkit import ALICE, CHANNEL, TEAM

    env = bot_process_env(fake_slack, tmp_path, SLACK_APP_TOKEN="xapp-test")
    env.pop("SLACK_SIGNING_SECRET", None)
    process = await asyncio.create_subprocess_exec(
        *BOT, "--sandbox", "--host", "127.0.0.1", "--health-port", "0", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    try:
        line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
        status_url = line.split(" on ", 1)[1].strip()
        async with httpx.AsyncClient(base_url=status_url, timeout=10) as http:
            deadline = asyncio.get_running_loop().time() + 60
            while (ready := await http.get("/readyz")).status_code != 200:
                assert asyncio.get_running_loop().time() < deadline, ready.text
                await asyncio.sleep(0.05)
            assert ready.text == "ready" and (await http.get("/healthz")).text == "ok"
        command = {
            "command": "/kore", "text": "lists all", "user_id": ALICE, "team_id": TEAM, "channel_id": CHANNEL,
            "response_url": fake_slack.response_url("socket"), "trigger_id": "1.2.3", "api_app_id": "A_TEST",
        }
        await fake_slack.send_envelope("slash_commands", command, "env-1")
        answer = await fake_slack.wait_response("socket", timeout=60)
        assert "Renewal Due" in answer.text
        assert any(ack.get("envelope_id") == "env-1" for ack in fake_slack.socket_acks)
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 60) == 0
        assert "Traceback" not in (await process.stderr.read()).decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_the_ack_histogram_counts_from_arrival_gate_included(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A gate (replay check in Redis) that took 10 s is in the ack latency the operator sees."""
    import time

    from slackbot import web

    monkeypatch.setattr(web, "clock", lambda: time.perf_counter() - 10.0)
    body = slash_body("help", user=ALICE, response_url=bot.fake.response_url())
    async with bot.http() as http:
        assert (await http.post("/slack/events", content=body, headers=signed_headers(body))).status_code == 200
        exposition = (await http.get("/metrics")).text
    assert 'kore_slack_ack_seconds_bucket{kind="command",le="5.0"} 0.0' in exposition
    assert 'kore_slack_ack_seconds_bucket{kind="command",le="+Inf"} 1.0' in exposition


async def test_the_bot_process_runs_the_expiry_sweeper_while_it_serves(
    fake_slack: FakeSlack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unclicked confirmations are audited only if the sweeper really runs in `kore-slackbot`."""
    from slackbot import __main__ as bot_main
    from slackbot.settings import SlackSettings

    monkeypatch.setenv("KORE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KORE_CONFIG_FILE", str(tmp_path / "none.toml"))
    seen: list[bool] = []

    async def serve(*args: object, services: Any = None) -> None:
        services = args[4]
        seen.append(services.sweeper is not None and services.sweeper._running is not None)

    monkeypatch.setattr(bot_main, "_serve_http", serve)
    settings = SlackSettings(
        _env_file=None, slack_bot_token="xoxb-test", slack_signing_secret="s", slack_api_url=fake_slack.api_url
    )
    await bot_main._run(bot_main._parser().parse_args(["--http", "--sandbox"]), settings)
    assert seen == [True]
