"""The real HTTP server (`kore-slackbot --http`), the ack bound with a slow Kore.ai, and start-up errors."""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from botkit import ALICE, SECRET, bolt_request, bot_process_env, make_bot, signed_headers, slash_body
from fake_slack import FakeSlack

from slackbot.__main__ import main

BOT = [sys.executable, "-m", "slackbot"]


async def _read_url(process: asyncio.subprocess.Process, timeout: float = 60.0) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = (await asyncio.wait_for(process.stdout.readline(), timeout=deadline - time.monotonic())).decode()
        if "listening on " in line:
            return line.split("listening on ", 1)[1].strip()
        if not line:
            break
    raise AssertionError("kore-slackbot did not start")


@pytest.fixture
async def server(fake_slack: FakeSlack, tmp_path: Path) -> AsyncIterator[str]:
    env = bot_process_env(fake_slack, tmp_path)
    env.pop("SLACK_APP_TOKEN", None)
    with (tmp_path / "stderr.log").open("wb") as stderr:
        process = await asyncio.create_subprocess_exec(
            *BOT, "--http", "--host", "127.0.0.1", "--port", "0", "--sandbox",
            cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=stderr,
        )
        try:
            yield await _read_url(process)
        finally:
            process.terminate()
            await asyncio.wait_for(process.wait(), timeout=60)


async def test_http_server_acks_signed_command_and_rejects_unsigned_and_stale(
    server: str, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    body = slash_body("lists all", user=ALICE, response_url=fake_slack.response_url("http"))
    async with httpx.AsyncClient(timeout=30) as http:
        unsigned = await http.post(server, content=body, headers={"content-type": "application/x-www-form-urlencoded"})
        assert unsigned.status_code == 401
        stale = await http.post(server, content=body, headers=signed_headers(body, timestamp=int(time.time()) - 600))
        assert stale.status_code == 401
        forged = await http.post(server, content=body, headers=signed_headers(body, secret="wrong-secret"))
        assert forged.status_code == 401
        signed = await http.post(server, content=body, headers=signed_headers(body))
        assert signed.status_code == 200
        health = await http.get(server.replace("/slack/events", "/healthz"))
        assert health.text == "ok"
    answer = await fake_slack.wait_response("http")
    assert "Renewal Due - July 2025" in answer.text
    log = (tmp_path / "stderr.log").read_text()
    assert "response_url" not in log and "lists+all" not in log and SECRET not in log


async def test_the_ack_comes_back_while_kore_is_still_answering(fake_slack: FakeSlack, tmp_path: Path) -> None:
    """Kore.ai is held until the test releases it: the ack must not wait for it (Slack gives 3 s)."""
    bot = await make_bot(fake_slack, tmp_path)
    called, release = threading.Event(), threading.Event()
    inner = bot.kore.inner.execute

    async def held(op_key: str, values: object) -> object:
        called.set()
        await asyncio.to_thread(release.wait)  # the work loop stays free; Kore.ai has not answered
        return await inner(op_key, values)  # type: ignore[arg-type]

    bot.kore.inner.execute = held  # type: ignore[method-assign, assignment]
    try:
        body = slash_body("lists all", user=ALICE, response_url=fake_slack.response_url("slow"))
        # A bound only so that an ack waiting for Kore.ai fails instead of hanging the suite.
        response = await asyncio.wait_for(bot.app.async_dispatch(bolt_request(body, signed_headers(body))), 60)
        assert response.status == 200 and not release.is_set()
        await asyncio.to_thread(called.wait)  # the call is under way, and held
        assert fake_slack.responses("slow") == []  # the result comes later, at the response_url
        release.set()
        answer = await fake_slack.wait_response("slow")
        assert "Renewal Due" in answer.text
    finally:
        release.set()
        await bot.services.tasks.drain()
        await bot.kore.inner.aclose()
        bot.services.tasks.work.close()


async def test_signature_failure_keeps_the_body_out_of_the_logs(
    fake_slack: FakeSlack, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from slackbot.logs import install_redaction

    install_redaction()
    caplog.set_level(logging.DEBUG)  # before the app exists: bolt copies the root level into its loggers
    bot = await make_bot(fake_slack, tmp_path)
    try:
        body = urlencode({"command": "/kore", "text": "secret-looking-text", "response_url": "https://hooks/x"})
        headers = signed_headers(body, secret="not-the-secret")
        response = await bot.app.async_dispatch(bolt_request(body, headers))
        assert response.status == 401
        assert "secret-looking-text" not in caplog.text and "hooks" not in caplog.text
        assert headers["x-slack-signature"] not in caplog.text
        assert "Invalid request signature detected" in caplog.text
    finally:
        await bot.services.tasks.drain()
        await bot.kore.inner.aclose()


def _run_main(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, argv: list[str], **env: str) -> int:
    monkeypatch.chdir(tmp_path)
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return main(argv)


@pytest.mark.parametrize(
    ("argv", "env", "named"),
    [
        (["--http", "--sandbox"], {"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"),
        (["--http", "--sandbox"], {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        (["--sandbox"], {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN"),
        (["--http", "--sandbox"], {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s",
                                   "SLACK_API_URL": "not a url"}, "SLACK_API_URL"),
        (["--http", "--sandbox"], {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s",
                                   "KORE_SLACK_DELETERS": "U0123,@alice"}, "KORE_SLACK_DELETERS: '@alice'"),
        (["--http", "--sandbox"], {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s",
                                   "KORE_SLACK_CHANNELS": "#ops"}, "KORE_SLACK_CHANNELS: '#ops'"),
    ],
)
def test_missing_or_bad_setting_fails_at_start_with_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    argv: list[str], env: dict[str, str], named: str,
) -> None:
    assert _run_main(monkeypatch, tmp_path, argv, **env) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and named in err and err.startswith("kore-slackbot: ")


def test_settings_never_show_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    from slackbot.settings import SlackSettings

    settings = SlackSettings(_env_file=None, slack_bot_token="xoxb-very-secret", slack_signing_secret="sig-secret")
    shown = repr(settings) + str(settings) + json.dumps(settings.model_dump(mode="json"))
    assert "xoxb-very-secret" not in shown and "sig-secret" not in shown


def test_module_runs_as_a_command_and_prints_help() -> None:
    done = subprocess.run([*BOT, "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and "--http" in done.stdout and "--sandbox" in done.stdout


async def test_an_ack_is_answered_while_other_work_holds_its_loop(fake_slack: FakeSlack, tmp_path: Path) -> None:
    """Rendering a huge reply (here: a blocking wait in the Kore.ai call) must not delay acks."""
    bot = await make_bot(fake_slack, tmp_path)
    started, release, done = threading.Event(), threading.Event(), threading.Event()
    inner = bot.kore.inner.execute

    async def hogging(op_key: str, values: object) -> object:
        started.set()
        release.wait(timeout=10)  # blocks whatever loop runs it, as CPU-bound work would
        done.set()
        return await inner(op_key, values)  # type: ignore[arg-type]

    bot.kore.inner.execute = hogging  # type: ignore[method-assign, assignment]
    try:
        await bot.command("lists all", token="hog")
        while not started.is_set():
            await asyncio.sleep(0.01)
        response = await bot.command("help", token="next")  # dispatch returns once acked
        acked_while_held = not done.is_set()
        release.set()
        assert response.status == 200 and acked_while_held
        await fake_slack.wait_response("hog")
    finally:
        release.set()
        await bot.services.tasks.drain()
        await bot.kore.inner.aclose()
        bot.services.tasks.work.close()


@pytest.mark.parametrize("port", ["-5", "99999", "http"])
def test_a_port_out_of_range_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str], port: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        _run_main(monkeypatch, tmp_path, ["--http", "--sandbox", "--port", port])
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and err.count("\n") == 1 and "not a port number (0 to 65535)" in err


@pytest.mark.parametrize("setting", ["KORE_SLACK_STORE_URL", "KORE_SLACK_AUDIT_PATH"])
def test_a_store_or_audit_file_that_cannot_be_written_exits_with_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str], setting: str
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")  # a directory cannot be made inside a file
    status = _run_main(
        monkeypatch, tmp_path, ["--http", "--sandbox"],
        SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s", KORE_DATA_DIR=str(tmp_path / "data"),
        KORE_CONFIG_FILE=str(tmp_path / "none.toml"), **{setting: str(blocker / "inside" / "x")},
    )
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1 and setting in err and "Traceback" not in err


@pytest.mark.parametrize("option", ["--port", "--health-port"])
def test_a_port_in_use_is_one_line_before_anything_reaches_slack(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    import socket

    mode = ["--http"] if option == "--port" else []
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = str(taken.getsockname()[1])
        status = _run_main(
            monkeypatch, tmp_path, [*mode, "--sandbox", "--host", "127.0.0.1", option, port],
            SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s", SLACK_APP_TOKEN="xapp-1",
            SLACK_API_URL="http://127.0.0.1:9/api/",
            KORE_DATA_DIR=str(tmp_path / "data"), KORE_CONFIG_FILE=str(tmp_path / "none.toml"),
        )
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1 and f"cannot listen on 127.0.0.1:{port}" in err
