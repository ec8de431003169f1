"""The rate limit as the platform counts it: a rolling 60-second window per account, the documented text."""

from __future__ import annotations

from sandboxkit import CONTACTS, FakeClock, client_for, get_lists
from tokens import headers

from core.errors import RATE_LIMIT_TEXTS, is_rate_limit_text
from core.sandbox.app import create_app
from core.sandbox.config import SandboxConfig

DOCUMENTED = "You've exceeded the per-minute rate limit. Please wait for sometime before retrying."


async def test_over_the_budget_answers_429_with_the_documented_text_then_recovers(clock: FakeClock) -> None:
    app = create_app(SandboxConfig(rate_limit=3), clock=clock)
    async with client_for(app) as client:
        for _ in range(3):
            assert (await get_lists(client)).status_code == 200
            clock.advance(10)
        limited = await get_lists(client)
        assert limited.status_code == 429
        assert limited.json() == {"errors": [{"msg": DOCUMENTED, "code": 429}]}
        assert DOCUMENTED in RATE_LIMIT_TEXTS and is_rate_limit_text(limited.text)
        retry_after = int(limited.headers["Retry-After"])
        assert retry_after == 30  # the first request (at t=0) leaves the window at t=60; now is t=30
        clock.advance(retry_after)
        assert (await get_lists(client)).status_code == 200
        assert (await client.get(CONTACTS, headers=headers(iid=None))).status_code == 429  # one budget


async def test_the_window_rolls_request_by_request(clock: FakeClock) -> None:
    app = create_app(SandboxConfig(rate_limit=2), clock=clock)
    async with client_for(app) as client:
        assert (await get_lists(client)).status_code == 200  # t=0
        clock.advance(30)
        assert (await get_lists(client)).status_code == 200  # t=30
        clock.advance(29.9)
        assert (await get_lists(client)).status_code == 429  # t=59.9: both still in the window
        clock.advance(0.1)
        assert (await get_lists(client)).status_code == 200  # t=60: the first has left
        clock.advance(29.9)
        assert (await get_lists(client)).status_code == 429  # t=89.9: the one of t=30 is still in
        clock.advance(0.1)
        assert (await get_lists(client)).status_code == 200


async def test_refused_requests_do_not_count(clock: FakeClock) -> None:
    app = create_app(SandboxConfig(rate_limit=1), clock=clock)
    async with client_for(app) as client:
        assert (await get_lists(client)).status_code == 200
        for _ in range(5):
            clock.advance(10)
            assert (await get_lists(client)).status_code == 429
        clock.advance(10)  # t=60: only the accepted request counted
        assert (await get_lists(client)).status_code == 200


async def test_no_retry_after_leaves_the_header_out(clock: FakeClock) -> None:
    app = create_app(SandboxConfig(rate_limit=1, retry_after=False), clock=clock)
    async with client_for(app) as client:
        assert (await get_lists(client)).status_code == 200
        limited = await get_lists(client)
        assert limited.status_code == 429 and "retry-after" not in limited.headers
        assert limited.json()["errors"][0]["msg"] == DOCUMENTED


async def test_retry_after_is_at_least_one_second(clock: FakeClock) -> None:
    app = create_app(SandboxConfig(rate_limit=1), clock=clock)
    async with client_for(app) as client:
        assert (await get_lists(client)).status_code == 200
        clock.advance(59.9)
        limited = await get_lists(client)
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1


async def test_rate_limit_zero_turns_it_off(clock: FakeClock) -> None:
    app = create_app(SandboxConfig(rate_limit=0), clock=clock)
    async with client_for(app) as client:
        for _ in range(70):
            assert (await get_lists(client)).status_code == 200


async def test_latency_still_answers() -> None:
    app = create_app(SandboxConfig(latency_ms=1))
    async with client_for(app) as client:
        assert (await get_lists(client)).status_code == 200
