"""The client-side pacer keeps a process under the per-account limit without sleeping in tests."""

from __future__ import annotations

from core.pacing import TokenBucket


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


async def test_bursts_up_to_the_limit_go_through_at_once() -> None:
    clock = FakeClock()
    bucket = TokenBucket(60, clock=clock, sleep=clock.sleep)
    for _ in range(60):
        await bucket.acquire()
    assert clock.slept == []


async def test_past_the_limit_requests_wait_for_a_token() -> None:
    clock = FakeClock()
    bucket = TokenBucket(60, clock=clock, sleep=clock.sleep)
    for _ in range(61):
        await bucket.acquire()
    assert clock.slept == [60.0]


async def test_no_rolling_minute_ever_holds_more_than_the_limit() -> None:
    clock = FakeClock()
    bucket = TokenBucket(5, clock=clock, sleep=clock.sleep)
    sent: list[float] = []
    for index in range(23):
        clock.now += 0.7 * (index % 3)
        await bucket.acquire()
        sent.append(clock.now)
    for start in sent:
        assert sum(1 for t in sent if start <= t < start + 60) <= 5


async def test_zero_means_unlimited() -> None:
    clock = FakeClock()
    bucket = TokenBucket(0, clock=clock, sleep=clock.sleep)
    for _ in range(1000):
        await bucket.acquire()
    assert clock.slept == []


async def test_a_paced_client_never_trips_the_sandbox_rate_limit() -> None:
    import httpx

    from core import KoreClient
    from core.sandbox.app import create_app
    from core.sandbox.config import SandboxConfig
    from core.sandbox.embedded import EmbeddedSandbox

    clock = FakeClock()
    config = SandboxConfig(rate_limit=3)
    app = create_app(config, clock=clock)
    settings = EmbeddedSandbox(config).settings(max_retries=0)
    pacer = TokenBucket(3, clock=clock, sleep=clock.sleep)
    async with KoreClient(settings, transport=httpx.ASGITransport(app=app), pacer=pacer) as kore:
        for _ in range(7):
            await kore.list_contacts(limit=1)  # max_retries=0: a 429 would raise
    assert clock.slept == [60.0, 60.0]
