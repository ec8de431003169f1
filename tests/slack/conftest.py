"""Fixtures of the Slack bot tests (helpers live in botkit.py and fake_slack.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from botkit import DAVE, Bot, make_bot
from fake_slack import FakeSlack


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack().start()
    fake.groups["S_ADMINS"] = [DAVE]
    yield fake
    await fake.stop()


@pytest.fixture
async def bot(fake_slack: FakeSlack, tmp_path: Path) -> AsyncIterator[Bot]:
    made = await make_bot(fake_slack, tmp_path)
    yield made
    await made.services.tasks.drain()
    await made.kore.inner.aclose()
    made.services.tasks.work.close()
