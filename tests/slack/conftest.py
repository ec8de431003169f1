"""Fixtures of the Slack bot tests (helpers live in botkit.py and fake_slack.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from botkit import DAVE, Bot, make_bot
from fake_slack import FakeSlack

from slackbot.pending import PendingStore, SqlitePendingStore, new_id
from slackbot.redis_store import RedisPendingStore
from tests.support.redis_server import running_redis


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


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `redis-server` on loopback for the tests of one module."""
    with running_redis(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(params=["sqlite", "redis"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[PendingStore]:
    """Each pending store in turn: SQLite in a file, and Redis under a prefix of its own."""
    made: PendingStore
    if request.param == "sqlite":
        made = SqlitePendingStore(tmp_path / "pending.sqlite3")
    else:
        made = RedisPendingStore(request.getfixturevalue("redis_url"), prefix=f"test:{new_id()}:")
    yield made
    await made.aclose()
