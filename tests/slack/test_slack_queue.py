"""One budget: a command waiting for the Kore.ai rate limit says so, the queue is bounded, and
queued commands are answered (not silently dropped) when the bot stops."""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from botkit import Bot, FakeClock, bot_process_env, make_bot, signed_headers, slash_body
from fake_slack import FakeSlack

from core.pacing import LocalPacer
from slackbot.queue import RESTARTING, current_ticket


@pytest.fixture
async def paced(fake_slack: FakeSlack, tmp_path: Path) -> AsyncIterator[Bot]:
    """One request a minute, on a clock that never moves: the second command waits for ever."""
    never = asyncio.Event()

    async def blocked(_: float) -> None:
        await never.wait()

    pacer = LocalPacer(1, clock=FakeClock(), sleep=blocked)
    bot = await make_bot(fake_slack, tmp_path, pacer=pacer, queue_max=1)
    yield bot
    await bot.services.tasks.drain(timeout=5)
    await bot.kore.inner.aclose()


async def test_a_waiting_command_is_told_it_is_queued_and_roughly_for_how_long(paced: Bot) -> None:
    await paced.command("lists all", token="first")
    await paced.fake.wait_response("first")
    await paced.command("lists all", token="second")
    note = await paced.fake.wait_response("second")
    assert "Queued: about 61 s" in note.text and note.body["response_type"] == "ephemeral"
    assert paced.services.pacer is not None and paced.services.pacer.waiting == 1
    assert "kore_slack_queue_depth 1.0" in paced.services.metrics.exposition().decode()
    assert paced.kore.sent is not None and paced.kore.sent.count == 1


class SilentPacer:
    """A pacer that holds every request and never reports a wait (as one behind others may not)."""

    per_minute = 1

    async def estimate_wait(self, requests: int = 1) -> float:
        return 42.0

    @asynccontextmanager
    async def slot(self, on_wait: object = None, *, operation: str = "") -> AsyncIterator[None]:
        await asyncio.Event().wait()
        yield


async def test_a_command_held_without_a_report_is_still_told_it_is_queued(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    bot = await make_bot(fake_slack, tmp_path, pacer=SilentPacer(), note_after=0)
    try:
        await bot.command("lists all")
        note = await bot.fake.wait_response()
        assert "Queued: about 42 s" in note.text
        assert await bot.services.tasks.answer_queued() == 1
    finally:
        await bot.services.tasks.drain(timeout=5)
        await bot.kore.inner.aclose()


async def test_a_full_queue_answers_busy_and_runs_nothing(paced: Bot) -> None:
    await paced.command("lists all", token="first")
    await paced.fake.wait_response("first")
    await paced.command("lists all", token="second")
    await paced.fake.wait_response("second")  # queued
    await paced.command('lists create name="Not now" description=x', token="third")
    busy = await paced.fake.wait_response("third")
    assert "Busy: 1 command is waiting" in busy.text and "Try again in" in busy.text
    assert "nothing was run" in busy.text
    assert paced.kore.count("contact_list.create") == 0


async def test_busy_says_when_one_more_command_could_run_not_twice_that(paced: Bot) -> None:
    """One request a minute, one sent and one waiting: the next could go in two windows (121 s),
    not three; the pacer already counts the one waiting."""
    await paced.command("lists all", token="first")
    await paced.fake.wait_response("first")
    await paced.command("lists all", token="second")
    await paced.fake.wait_response("second")  # queued, about 61 s
    await paced.command("lists all", token="third")
    busy = await paced.fake.wait_response("third")
    assert "Try again in 121 s" in busy.text


async def test_queued_commands_are_answered_when_the_bot_stops(paced: Bot) -> None:
    await paced.command("lists all", token="first")
    await paced.fake.wait_response("first")
    await paced.command("lists all", token="second")
    await paced.fake.wait_response("second")
    assert await paced.services.tasks.answer_queued() == 1
    restarting = await paced.fake.wait_response("second", count=2)
    assert RESTARTING in restarting.text and paced.kore.sent is not None and paced.kore.sent.count == 1
    assert paced.services.pacer is not None and paced.services.pacer.waiting == 0


async def test_sigterm_answers_queued_commands_before_exit(fake_slack: FakeSlack, tmp_path: Path) -> None:
    """The real process, 60 requests a minute: the 61st to 63rd commands queue, then SIGTERM. It
    answers them, says "stopped" once in its log and in the audit channel, and exits cleanly."""
    env = bot_process_env(fake_slack, tmp_path, KORE_SLACK_AUDIT_CHANNEL="C_AUDIT")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "slackbot", "--http", "--host", "127.0.0.1", "--port", "0", "--sandbox",
        cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    try:
        line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
        url = line.split("listening on ", 1)[1].strip()
        async with httpx.AsyncClient(timeout=30) as http:
            for n in range(63):
                body = slash_body("lists all", user="U_ALICE", response_url=fake_slack.response_url(f"c{n}"))
                headers = signed_headers(body, timestamp=int(time.time()))
                assert (await http.post(url, content=body, headers=headers)).status_code == 200
        for n in (60, 61, 62):
            assert "Queued: about" in (await fake_slack.wait_response(f"c{n}", timeout=60)).text
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 60) == 0
        for n in (60, 61, 62):
            assert RESTARTING in (await fake_slack.wait_response(f"c{n}", count=2, timeout=60)).text
        assert all("Renewal Due" in fake_slack.responses(f"c{n}")[0].text for n in range(60))
        log = (await process.stderr.read()).decode()
        said = '3 queued commands answered "the bot is restarting; nothing was run"'
        assert log.count("stopped") == 1 and f"stopped: {said}" in log and "Traceback" not in log
        notices = [c.body["text"] for c in fake_slack.api("chat.postMessage") if c.body["channel"] == "C_AUDIT"]
        assert "started" in notices[0] and "stopped" in notices[-1] and said in notices[-1]
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


class TurnPacer:
    """A pacer with room in its budget (no wait foreseen) whose slots are still held a moment, as
    a burst of commands is while each takes its turn at the shared pacer."""

    per_minute = 60

    async def estimate_wait(self, requests: int = 1) -> float:
        return 0.0

    @asynccontextmanager
    async def slot(self, on_wait: object = None, *, operation: str = "") -> AsyncIterator[None]:
        await asyncio.Event().wait()
        yield


async def test_a_burst_the_budget_has_room_for_is_not_answered_busy(fake_slack: FakeSlack, tmp_path: Path) -> None:
    bot = await make_bot(fake_slack, tmp_path, pacer=TurnPacer(), queue_max=1, note_after=3600)
    pacer = bot.services.pacer
    assert pacer is not None
    try:
        await bot.command("lists all", token="first")
        await bot.command("lists all", token="second")
        for _ in range(2000):
            if pacer.waiting == 2:
                break
            await asyncio.sleep(0.005)
        assert pacer.waiting == 2
        assert not [call for call in fake_slack.calls if call.kind == "response"]
    finally:
        await bot.services.tasks.drain(timeout=5)
        await bot.kore.inner.aclose()


async def test_a_confirmed_delete_still_queued_at_shutdown_is_audited_as_not_run(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    from test_slack_delete_flow import request_delete

    never = asyncio.Event()

    async def blocked(_: float) -> None:
        await never.wait()

    bot = await make_bot(fake_slack, tmp_path, pacer=LocalPacer(10, clock=FakeClock(), sleep=blocked))
    pacer = bot.services.pacer
    assert pacer is not None and bot.kore.sent is not None
    try:
        list_id, _ = bot.first_list()
        pending_id = await request_delete(bot, list_id)
        for n in range(10 - bot.kore.sent.count):  # the rest of the minute's budget
            await bot.command("lists all", token=f"x{n}")
            await bot.fake.wait_response(f"x{n}")
        await bot.click("kore_confirm", pending_id, token="click")
        for _ in range(2000):
            if pacer.waiting:
                break
            await asyncio.sleep(0.005)
        assert pacer.waiting == 1
        await bot.services.tasks.drain(timeout=5)
        assert RESTARTING in bot.fake.responses("click")[-1].text and list_id in bot.lists
        last = bot.services.audit.entries()[-1]
        assert (last["confirmation"], last["outcome"]) == ("confirmed", "cancelled: not run (the bot was restarting)")
        assert last["targets"] == {"contact_list_id": list_id} and last["details"]["pending"] == pending_id
    finally:
        await bot.services.tasks.drain(timeout=5)
        await bot.kore.inner.aclose()


async def test_queued_commands_are_answered_together_at_shutdown_not_one_after_another() -> None:
    """Each answer waits until every other one has started: one after another, none would finish."""
    from slackbot.queue import BackgroundTasks

    count = 5
    barrier = asyncio.Barrier(count)
    told: list[str] = []
    tasks = BackgroundTasks()

    async def respond(**message: Any) -> None:
        await barrier.wait()
        told.append(str(message["text"]))

    async def waiting_for_the_budget() -> None:
        ticket = current_ticket()
        assert ticket is not None
        ticket.waiting = True
        await asyncio.Event().wait()

    try:
        for _ in range(count):
            tasks.start(waiting_for_the_budget(), "queued", respond)
        for _ in range(2000):
            if len(tasks.queued()) == count:
                break
            await asyncio.sleep(0.005)
        assert await asyncio.wait_for(tasks.answer_queued(), 5) == count
        assert told == [RESTARTING] * count
    finally:
        tasks.work.close()
