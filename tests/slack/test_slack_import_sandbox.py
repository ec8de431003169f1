"""End to end against the sandbox's own add-contacts: the Import click sends through the bot's
Kore.ai client (paced, metered) and the result is what the list then holds."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from botkit import Bot, make_bot, seed_lists
from bulkkit import csv_of, dry_run, list_named, numbers_in, pending_of
from fake_slack import FakeSlack

from core.bulk.sending import Timing
from core.sandbox.app import create_app
from core.sandbox.config import SandboxConfig
from core.sandbox.embedded import EmbeddedSandbox
from slackbot.bulk import BulkConfig

LIST = "Renewal Due"


class ShiftedTime:
    """The real time plus however long the import has "slept": the sandbox applies a batch once
    this clock passes its moment, and nobody waits for it."""

    def __init__(self) -> None:
        self.slept = 0.0

    def __call__(self) -> float:
        return time.time() + self.slept

    async def sleep(self, seconds: float) -> None:
        self.slept += seconds
        await asyncio.sleep(0)


@pytest.fixture(params=[0, 300], ids=["applied-at-once", "applied-after-300ms"])
async def sbot(fake_slack: FakeSlack, tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Bot]:
    """The sandbox applies add-contacts at once, or (like Kore.ai) a moment after answering, so
    the result waits for verification (on a shifted clock: the wait costs no real time)."""
    shifted = ShiftedTime()
    sandbox = EmbeddedSandbox(config=SandboxConfig(rate_limit=0, async_delay_ms=request.param))
    sandbox.app = create_app(sandbox.config, wall_clock=shifted)
    bot = await make_bot(fake_slack, tmp_path, sandbox=sandbox)
    timing = Timing(clock=shifted, sleep=shifted.sleep, in_flight=1)
    bot.services.bulk = BulkConfig(journal_path=tmp_path / "jobs.sqlite", batch_size=2, timing=timing)
    seed_lists(bot, [LIST])
    yield bot
    await bot.services.tasks.drain()
    await bot.kore.inner.aclose()
    bot.services.tasks.work.close()


async def test_import_adds_the_numbers_through_kore_and_confirms_them_in_the_list(sbot: Bot) -> None:
    rows = [["phoneNumber", "firstName"]] + [[f"+1415555{index:04d}", f"n{index}"] for index in range(5)]
    rows.append(["not a number", "x"])
    answer = await dry_run(sbot, LIST, "crm.csv", csv_of(rows))
    assert "Add *5 contacts*" in answer.text and "in 3 batches" in answer.text
    await sbot.click("kore_import_confirm", pending_of(answer), token="go")
    final = await sbot.fake.wait_outcome("go", "confirmed* in the list", timeout=60)
    assert "5 sent, *5 confirmed* in the list" in final.text
    assert sorted(numbers_in(sbot, list_named(sbot, LIST))) == [f"+1415555{index:04d}" for index in range(5)]
    assert sbot.kore.count("contact_list.add_contacts") == 3
    outcome = (await sbot.audit())[-1]
    assert outcome["outcome"].startswith("ok: 5 sent, 5 confirmed in the list (job ")


async def test_numbers_already_in_the_list_are_not_sent_again(sbot: Bot) -> None:
    rows = [["phoneNumber"], ["+14155550100"], ["+14155550101"]]
    await sbot.click(
        "kore_import_confirm", pending_of(await dry_run(sbot, LIST, "a.csv", csv_of(rows))), token="a"
    )
    await sbot.fake.wait_outcome("a", "confirmed* in the list", timeout=60)
    rows.append(["+14155550102"])
    answer = await dry_run(sbot, LIST, "b.csv", csv_of(rows), token="b")
    assert "row 2: +14155550100: already in the list" in answer.text and "Add *1 contact*" in answer.text
    await sbot.click("kore_import_confirm", pending_of(answer), token="b-go")
    final = await sbot.fake.wait_outcome("b-go", "confirmed* in the list", timeout=60)
    assert "1 sent, *1 confirmed* in the list" in final.text
    assert sorted(numbers_in(sbot, list_named(sbot, LIST))) == [
        "+14155550100",
        "+14155550101",
        "+14155550102",
    ]
