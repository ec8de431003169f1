"""One budget for the account across processes: the shared pacer on a real `redis-server`.

Each pacer here has its own Redis connections and lock, as separate processes would. `limits`
stamps entries with `time.time()`; the tests point that at the simulated clock, so nothing sleeps.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from types import SimpleNamespace

import pytest
from pacing_sim import LaggyTransport, SimClock

from core import ConfigError, KoreClient, RateLimitError, load_settings
from core.pacing import Wait, pacer_for
from core.sandbox.app import create_app
from core.sandbox.config import SandboxConfig
from core.sandbox.embedded import EmbeddedSandbox
from core.shared_pacing import SharedPacer
from tests.support.redis_server import free_port, running_redis


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_redis(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> SimClock:
    """A simulated wall clock, also the one `limits` stamps its Redis entries with."""
    sim = SimClock(start=1_750_000_000.0)
    monkeypatch.setattr("limits.aio.storage.redis.redispy.time", SimpleNamespace(time=sim))
    return sim


@pytest.fixture
async def make_pacer(redis_url: str, clock: SimClock) -> AsyncIterator[object]:
    prefix = f"test:{uuid.uuid4().hex}"
    made: list[SharedPacer] = []

    def make(per_minute: int, url: str = redis_url) -> SharedPacer:
        pacer = SharedPacer(url, per_minute, "acct", key_prefix=prefix, clock=clock, sleep=clock.sleep)
        made.append(pacer)
        return pacer

    yield make
    for pacer in made:
        await pacer.aclose()


async def test_two_pacers_on_one_redis_share_one_budget(make_pacer, clock: SimClock) -> None:
    first, second = make_pacer(3), make_pacer(3)
    for pacer in (first, second, first):
        async with pacer.slot():
            pass
    start = clock.now
    waits: list[Wait] = []
    async with second.slot(waits.append):
        pass
    assert clock.now - start == pytest.approx(62.0, abs=0.05)
    assert [str(w) for w in waits] == ["waiting 62 s for the Kore.ai rate limit"]


async def test_the_estimate_counts_what_other_processes_used(make_pacer, clock: SimClock) -> None:
    first, second = make_pacer(2), make_pacer(2)
    assert await second.estimate_wait() == 0
    for _ in range(2):
        async with first.slot():
            pass
    clock.advance(10)
    assert await second.estimate_wait() == pytest.approx(52.0, abs=0.01)
    assert await second.estimate_wait(2) == pytest.approx(52.0 + 31.0, abs=0.01)


async def test_two_clients_sharing_redis_flat_out_never_trip_the_limit_together(make_pacer, clock) -> None:
    """Two clients (as two processes would) with 3 workers each, 0-0.4 s latency, no retries."""
    config = SandboxConfig(rate_limit=60, seed=False, retry_after=False)
    app = create_app(config, clock=clock)  # token times stay on the real wall clock
    settings = EmbeddedSandbox(config).settings(max_retries=0)
    transport = LaggyTransport(app, clock, max_latency=0.4)
    start = clock.now
    end = start + 180
    done: list[float] = []

    async def worker(kore: KoreClient) -> None:
        while clock.now < end:
            await kore.list_contacts(limit=1)
            done.append(clock.now)

    clients = [KoreClient(settings, transport=transport, pacer=make_pacer(60)) for _ in range(2)]
    try:
        await asyncio.gather(*(worker(kore) for kore in clients for _ in range(3)))
    except RateLimitError as exc:  # pragma: no cover - the failure this test exists for
        pytest.fail(f"tripped the limit at t={clock.now - start:.1f}: {exc}")
    finally:
        for kore in clients:
            await kore.aclose()
    used = sum(1 for t in done if t <= end) / (60 * 3)
    assert used >= 0.95, f"used {used:.1%} of the budget"


async def test_with_redis_down_a_process_paces_on_its_own(make_pacer, clock, caplog) -> None:
    pacer = make_pacer(2, url=f"redis://127.0.0.1:{free_port()}/0")
    for _ in range(3):
        async with pacer.slot():
            pass
    assert clock.slept == [pytest.approx(60.5)]  # the local pacer's wait
    assert caplog.text.count("rate-limit store (Redis) unreachable") == 1
    assert not await pacer.check()


async def test_settings_with_a_rate_limit_url_choose_the_shared_pacer(redis_url: str) -> None:
    settings = EmbeddedSandbox().settings(rate_limit_url=redis_url)
    pacer = pacer_for(settings)
    assert isinstance(pacer, SharedPacer) and pacer_for(settings) is pacer
    assert await pacer.check()
    await pacer.aclose()


def test_the_rate_limit_url_is_a_secret_and_must_be_a_redis_url() -> None:
    settings = load_settings(rate_limit_url="redis://:hunter2@cache.internal:6379/0", env_file=None)
    assert "hunter2" not in repr(settings) and "hunter2" not in str(settings.model_dump())
    with pytest.raises(ConfigError, match="rate_limit_url: give a Redis URL"):
        load_settings(rate_limit_url="http://cache.internal", env_file=None)
