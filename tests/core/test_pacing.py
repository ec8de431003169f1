"""The client-side pacer keeps a process under the per-account limit, whatever the latency."""

from __future__ import annotations

import asyncio

import pytest
from pacing_sim import LaggyTransport, SimClock

from core import KoreClient, RateLimitError
from core.pacing import LocalPacer, Wait
from core.sandbox.app import create_app
from core.sandbox.config import SandboxConfig
from core.sandbox.embedded import EmbeddedSandbox


def pacer(per_minute: int, clock: SimClock) -> LocalPacer:
    return LocalPacer(per_minute, clock=clock, sleep=clock.sleep)


async def test_bursts_up_to_the_limit_go_through_at_once() -> None:
    clock = SimClock()
    bucket = pacer(60, clock)
    for _ in range(60):
        await bucket.acquire()
    assert clock.slept == []


async def test_past_the_limit_a_request_waits_a_minute_and_a_margin() -> None:
    clock = SimClock()
    bucket = pacer(60, clock)
    for _ in range(61):
        await bucket.acquire()
    assert clock.slept == [60.5]


async def test_a_slot_comes_back_a_minute_after_its_request_completed_not_when_it_started() -> None:
    clock = SimClock()
    bucket = pacer(1, clock)
    started = clock.now
    async with bucket.slot():
        clock.advance(5.0)  # a slow request: the server may have stamped it at any time till now
    await bucket.acquire()
    assert clock.now - started == pytest.approx(65.5)


async def test_no_rolling_minute_ever_holds_more_than_the_limit() -> None:
    clock = SimClock()
    bucket = pacer(5, clock)
    sent: list[float] = []
    for index in range(23):
        clock.advance(0.7 * (index % 3))
        await bucket.acquire()
        sent.append(clock.now)
    for start in sent:
        assert sum(1 for t in sent if start <= t < start + 60) <= 5


async def test_zero_means_unlimited() -> None:
    clock = SimClock()
    bucket = pacer(0, clock)
    for _ in range(1000):
        await bucket.acquire()
    assert clock.slept == []
    assert await bucket.estimate_wait(500) == 0


async def test_when_every_slot_is_in_flight_the_next_waits_for_one_to_complete() -> None:
    clock = SimClock()
    bucket = pacer(1, clock)
    order: list[str] = []

    async def second() -> None:
        async with bucket.slot():
            order.append(f"second at {clock.now - 1000:.1f}")

    async with bucket.slot():
        task = asyncio.create_task(second())
        await asyncio.sleep(0)
        clock.advance(2.0)
        order.append("first done")
    await task
    assert order == ["first done", "second at 62.5"]


async def test_waits_over_a_second_are_reported_with_a_readable_line() -> None:
    clock = SimClock()
    bucket = pacer(2, clock)
    waits: list[Wait] = []
    for _ in range(3):
        async with bucket.slot(waits.append, operation="GET contacts"):
            pass
    assert len(waits) == 1
    assert waits[0].reason == "rate_limit" and waits[0].operation == "GET contacts"
    assert waits[0].seconds == pytest.approx(60.5)
    assert str(waits[0]) == "waiting 61 s for the Kore.ai rate limit"


async def test_a_wait_of_a_second_or_less_is_not_reported() -> None:
    clock = SimClock()
    bucket = pacer(1, clock)
    await bucket.acquire()
    clock.advance(59.6)
    waits: list[Wait] = []
    async with bucket.slot(waits.append):
        pass
    assert waits == [] and clock.slept == [pytest.approx(0.9)]


async def test_an_async_callback_is_awaited_and_a_failing_one_does_not_break_the_call() -> None:
    clock = SimClock()
    bucket = pacer(1, clock)
    heard: list[str] = []

    async def notice(wait: Wait) -> None:
        heard.append(str(wait))

    def broken(wait: Wait) -> None:
        raise RuntimeError("front end went away")

    await bucket.acquire()
    async with bucket.slot(notice):
        pass
    async with bucket.slot(broken):
        pass
    assert heard == ["waiting 61 s for the Kore.ai rate limit"]


async def test_estimate_counts_the_requests_already_waiting() -> None:
    clock = SimClock()
    bucket = pacer(2, clock)
    await bucket.acquire()
    await bucket.acquire()
    assert await bucket.estimate_wait() == pytest.approx(60.5)
    assert await bucket.estimate_wait(3) == pytest.approx(121.0)
    clock.advance(30)
    assert await bucket.estimate_wait() == pytest.approx(30.5)


async def test_a_cancelled_waiter_gives_its_place_back() -> None:
    clock = SimClock()
    bucket = pacer(1, clock)
    await bucket.acquire()
    never = asyncio.Event()

    async def blocked_sleep(seconds: float) -> None:
        await never.wait()

    bucket._sleep = blocked_sleep  # the waiter parks until cancelled, like Escape in the TUI
    waiter = asyncio.create_task(bucket.acquire())
    await asyncio.sleep(0)
    assert await bucket.estimate_wait() == pytest.approx(121.0)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert await bucket.estimate_wait() == pytest.approx(60.5)


async def test_a_paced_client_running_flat_out_for_five_minutes_never_trips_the_limit() -> None:
    """Four workers against the sandbox at 60/min, with 0-0.4 s of latency each way, no retries.

    A 429 would raise (max_retries=0); the old pacer, which returned a slot a minute after it was
    *taken*, got one at the first minute boundary here.
    """
    clock = SimClock()
    config = SandboxConfig(rate_limit=60, seed=False, retry_after=False)
    app = create_app(config, clock=clock)
    settings = EmbeddedSandbox(config).settings(max_retries=0)
    transport = LaggyTransport(app, clock, max_latency=0.4)
    start, end = clock.now, clock.now + 300
    done: list[float] = []

    async def worker(kore: KoreClient) -> None:
        while clock.now < end:
            await kore.list_contacts(limit=1)
            done.append(clock.now)

    async with KoreClient(settings, transport=transport, pacer=pacer(60, clock)) as kore:
        try:
            await asyncio.gather(*(worker(kore) for _ in range(4)))
        except RateLimitError as exc:  # pragma: no cover - the failure this test exists for
            pytest.fail(f"tripped the limit at t={clock.now - start:.1f}: {exc}")
    used = sum(1 for t in done if t <= end) / (60 * 5)
    assert used >= 0.95, f"used {used:.1%} of the budget"
