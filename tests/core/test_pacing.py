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
    assert clock.slept == [1.0]


async def test_zero_means_unlimited() -> None:
    clock = FakeClock()
    bucket = TokenBucket(0, clock=clock, sleep=clock.sleep)
    for _ in range(1000):
        await bucket.acquire()
    assert clock.slept == []
