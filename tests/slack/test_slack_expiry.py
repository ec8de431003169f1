"""Confirmations nobody clicks: each expiry is audited exactly once (by the sweeper or a late click,
whichever moves it first, on any replica) and its buttons are replaced. Clocks are fake; nothing waits."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from botkit import ALICE, Bot, make_bot, seed_lists
from bulkkit import configure, csv_of, dry_run, list_named, pending_of
from fake_slack import FakeSlack
from test_slack_delete_flow import buttons_of, request_delete
from test_slack_stores import NOW, pending

from core.sandbox.config import SandboxConfig
from core.sandbox.embedded import EmbeddedSandbox
from slackbot.bulk import IMPORT_KEY
from slackbot.expiry import ExpirySweeper
from slackbot.pending import Pending, PendingStore, Refusal, SqlitePendingStore
from slackbot.redis_store import RedisPendingStore


def sweeper(bot: Bot) -> ExpirySweeper:
    assert bot.services.sweeper is not None
    return bot.services.sweeper


def expiries(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [entry for entry in entries if entry["confirmation"] == "expired"]


def past_deadline(bot: Bot) -> None:
    bot.clock.now += bot.services.confirm_ttl_seconds + 1


# --- the stores -------------------------------------------------------------------------------------


async def test_only_confirmations_past_their_deadline_are_due(store: PendingStore) -> None:
    early, late, clicked = pending(ttl=60), pending(ttl=600), pending(ttl=60)
    for item in (early, late, clicked):
        await store.create(item)
    assert isinstance(await store.claim(clicked.id, "U_ALICE", NOW + 1), Pending)
    assert await store.due(NOW + 59, 10) == []
    assert await store.expire(early.id, NOW + 59) is None  # not yet
    due = await store.due(NOW + 60, 10)
    assert early.id in due and late.id not in due
    assert await store.expire(clicked.id, NOW + 60) is None  # clicked in time: never expires


async def test_an_expiry_is_won_by_exactly_one_caller(store: PendingStore) -> None:
    item = pending(ttl=60)
    await store.create(item)
    won = await asyncio.gather(*(store.expire(item.id, NOW + 61) for _ in range(10)))
    winners = [result for result in won if result is not None]
    assert len(winners) == 1 and winners[0].state == "expired"
    assert await store.due(NOW + 61, 10) == []


async def test_clicks_after_an_expiry_are_told_expired_not_already_used(store: PendingStore) -> None:
    item = pending(ttl=60)
    await store.create(item)
    assert await store.expire(item.id, NOW + 61) is not None
    assert await store.claim(item.id, "U_ALICE", NOW + 62) is Refusal.EXPIRED
    assert await store.cancel(item.id, "U_ALICE", NOW + 62) is Refusal.EXPIRED
    assert await store.claim(item.id, "U_BOB", NOW + 62) is Refusal.OTHER_USER


async def test_a_late_cancel_before_the_sweep_still_cancels(store: PendingStore) -> None:
    item = pending(ttl=60)
    await store.create(item)
    assert isinstance(await store.cancel(item.id, "U_ALICE", NOW + 61), Pending)
    assert await store.expire(item.id, NOW + 61) is None


def test_a_pending_file_from_an_older_version_gains_the_new_column(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE pending (id TEXT PRIMARY KEY, op_key TEXT NOT NULL, inputs TEXT NOT NULL, "
            "user_id TEXT NOT NULL, team_id TEXT NOT NULL, channel_id TEXT NOT NULL, summary TEXT NOT NULL, "
            "created_at REAL NOT NULL, expires_at REAL NOT NULL, state TEXT NOT NULL, "
            "outcome TEXT NOT NULL DEFAULT '', extra TEXT NOT NULL DEFAULT '{}')"
        )
        db.execute(
            "INSERT INTO pending VALUES ('old', 'contact_list.delete', '{}', 'U_ALICE', 'T1', 'C1', 's', "
            f"{NOW}, {NOW + 60}, 'pending', '', '{{}}')"
        )

    async def check() -> None:
        store = SqlitePendingStore(path)
        assert await store.due(NOW + 61, 10) == ["old"]
        expired = await store.expire("old", NOW + 61)
        assert expired is not None and expired.response_url == ""
        await store.aclose()

    asyncio.run(check())


def test_a_pending_repr_keeps_its_response_url_out() -> None:
    item = Pending(**{**pending().__dict__, "response_url": "https://hooks.slack.com/actions/T/1/secret"})
    assert "secret" not in repr(item)


# --- the bot ----------------------------------------------------------------------------------------


async def test_an_unclicked_delete_is_audited_once_with_what_it_would_have_touched(bot: Bot) -> None:
    list_id, record = bot.first_list()
    await request_delete(bot, list_id)
    past_deadline(bot)
    assert await sweeper(bot).sweep() == 1
    assert await sweeper(bot).sweep() == 0
    (entry,) = expiries(await bot.audit())
    assert entry["user_id"] == ALICE and entry["outcome"] == "not run"
    assert entry["targets"] == {"contact_list_id": list_id}
    assert entry["details"]["name"] == record["name"]
    assert entry["details"]["records"] == str(record["totalRecordCount"])
    replaced = bot.fake.responses("cmd")[-1]
    assert replaced.body["replace_original"] is True and not buttons_of(replaced.body)
    assert "Not confirmed in time" in replaced.text and list_id in replaced.text
    posted = await bot.fake.wait_for(lambda c: c.name == "chat.postMessage" and "expired" in c.text)
    assert list_id in posted[0].text
    assert list_id in bot.lists


async def test_a_sweep_before_the_deadline_leaves_the_buttons_working(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    pending_id = await request_delete(bot, list_id)
    bot.clock.now += bot.services.confirm_ttl_seconds - 1
    assert await sweeper(bot).sweep() == 0
    await bot.click("kore_confirm", pending_id)
    await bot.fake.wait_outcome("click", "DELETE contact list")
    assert list_id not in bot.lists and expiries(await bot.audit()) == []


async def test_a_click_after_the_sweep_says_expired_and_audits_nothing_more(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    pending_id = await request_delete(bot, list_id)
    past_deadline(bot)
    await sweeper(bot).sweep()
    before = len(await bot.audit())
    await bot.click("kore_confirm", pending_id, token="late")
    await bot.click("kore_cancel", pending_id, token="later")
    for token in ("late", "later"):
        assert Refusal.EXPIRED.value in (await bot.fake.wait_response(token)).text
    entries = await bot.audit()
    assert len(entries) == before and len(expiries(entries)) == 1
    assert bot.kore.count("contact_list.delete") == 0


async def test_a_late_click_before_the_sweep_audits_and_the_sweep_stays_quiet(bot: Bot) -> None:
    list_id, _ = bot.first_list()
    pending_id = await request_delete(bot, list_id)
    past_deadline(bot)
    await bot.click("kore_confirm", pending_id, token="late")
    assert Refusal.EXPIRED.value in (await bot.fake.wait_response("late")).text
    await bot.audit()  # the click's work has finished
    assert await sweeper(bot).sweep() == 0
    (entry,) = expiries(await bot.audit())
    assert entry["targets"] == {"contact_list_id": list_id}
    assert not any("Not confirmed in time" in call.text for call in bot.fake.responses("cmd"))


async def test_an_unclicked_import_is_audited_once_with_its_list_and_counts(bot: Bot, tmp_path: Path) -> None:
    seed_lists(bot, ["Renewal Due"])
    configure(bot, tmp_path)
    list_id = list_named(bot, "Renewal Due")
    rows = [["phoneNumber"], ["+14155550123"], ["+14155550124"]]
    pending_id = pending_of(await dry_run(bot, "Renewal Due", "crm.csv", csv_of(rows)))
    past_deadline(bot)
    assert await sweeper(bot).sweep() == 1
    (entry,) = expiries(await bot.audit())
    assert entry["operation"] == IMPORT_KEY
    assert entry["targets"] == {"contact_list_id": list_id} and entry["user_id"] == ALICE
    assert entry["details"]["to_send"] == "2" and entry["details"]["pending"] == pending_id
    replaced = bot.fake.responses("cmd")[-1]
    assert "nothing was imported into *Renewal Due*" in replaced.text
    assert replaced.body["replace_original"] is True
    await bot.click("kore_import_confirm", pending_id, token="late")
    assert Refusal.EXPIRED.value in (await bot.fake.wait_response("late")).text
    assert len(expiries(await bot.audit())) == 1


async def test_a_refused_replacement_is_one_log_line_and_the_expiry_is_still_audited(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    list_id, _ = bot.first_list()
    await request_delete(bot, list_id)
    bot.fake.used_up.add("cmd")  # the command's response_url has no post left
    past_deadline(bot)
    assert await sweeper(bot).sweep() == 1
    assert len(expiries(bot.services.audit.entries())) == 1
    lines = [r for r in caplog.records if "cannot mark confirmation" in r.getMessage()]
    assert len(lines) == 1 and lines[0].exc_info is None


async def test_the_sweeper_runs_between_injected_sleeps(bot: Bot) -> None:
    """The background loop: each injected sleep is one gap between sweeps; nothing really waits."""
    list_id, _ = bot.first_list()
    await request_delete(bot, list_id)
    slept: asyncio.Queue[float] = asyncio.Queue()
    wake: asyncio.Queue[None] = asyncio.Queue()

    async def sleep(seconds: float) -> None:
        slept.put_nowait(seconds)
        await wake.get()

    loop_sweeper = ExpirySweeper(bot.services.store, bot.clock, sweeper(bot).on_expired, every=5, sleep=sleep)
    task = asyncio.create_task(loop_sweeper.run())
    try:
        assert await slept.get() == 5  # first sweep done: nothing due yet
        assert expiries(bot.services.audit.entries()) == []
        past_deadline(bot)
        wake.put_nowait(None)
        await slept.get()  # the second sweep has run
        assert len(expiries(bot.services.audit.entries())) == 1
    finally:
        task.cancel()


# --- two replicas on one Redis ----------------------------------------------------------------------


@pytest.fixture
async def replicas(redis_url: str, tmp_path: Path) -> AsyncIterator[list[Bot]]:
    fake = await FakeSlack().start()
    sandbox = EmbeddedSandbox(config=SandboxConfig(rate_limit=0))
    prefix = f"test:{tmp_path.name}:"
    made = [
        await make_bot(fake, tmp_path / f"r{n}", sandbox=sandbox, store=RedisPendingStore(redis_url, prefix=prefix))
        for n in range(3)
    ]
    yield made
    for replica in made:
        await replica.services.tasks.drain()
        await replica.kore.inner.aclose()
        await replica.services.store.aclose()
        replica.services.tasks.work.close()
    await fake.stop()


async def test_three_replicas_sweeping_together_audit_each_expiry_once(replicas: list[Bot]) -> None:
    first = replicas[0]
    ids = seed_lists(first, ["Expiring A", "Expiring B", "Expiring C"])
    for n, list_id in enumerate(ids):
        await replicas[n].command(f"lists delete {list_id}", token=f"cmd{n}")
        await first.fake.wait_response(f"cmd{n}")
    for replica in replicas:
        past_deadline(replica)
    won = await asyncio.gather(*(sweeper(replica).sweep() for replica in replicas for _ in range(3)))
    assert sum(won) == 3
    entries = [entry for replica in replicas for entry in expiries(replica.services.audit.entries())]
    assert sorted(entry["targets"]["contact_list_id"] for entry in entries) == sorted(ids)


async def test_a_store_outage_is_one_warning_per_spell_not_one_per_sweep(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "slackbot.expiry")
    store = bot.services.store
    down = [True]
    real_due = store.due

    async def due(now: float, limit: int) -> list[str]:
        if down[0]:
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379")
        return await real_due(now, limit)

    slept: asyncio.Queue[float] = asyncio.Queue()
    wake: asyncio.Queue[None] = asyncio.Queue()

    async def sleep(seconds: float) -> None:
        slept.put_nowait(seconds)
        await wake.get()

    store.due = due  # type: ignore[method-assign]
    loop_sweeper = ExpirySweeper(store, bot.clock, sweeper(bot).on_expired, every=5, sleep=sleep)
    task = asyncio.create_task(loop_sweeper.run())
    try:
        for _ in range(3):  # three failing sweeps
            await slept.get()
            wake.put_nowait(None)
        down[0] = False
        await slept.get()  # a sweep that works
        failed = [r for r in caplog.records if "expiry sweep failed" in r.getMessage()]
        assert len(failed) == 1 and failed[0].exc_info is None and "ConnectionError" in failed[0].getMessage()
        assert "expiry sweep works again" in caplog.text
    finally:
        task.cancel()
