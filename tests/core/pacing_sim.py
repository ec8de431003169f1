"""A simulated clock and a network with latency, shared by a paced client and the sandbox.

Nothing sleeps: `SimClock.sleep` moves the clock forward, and `LaggyTransport` moves it by a
request's uplink latency before the sandbox sees it and by its downlink latency afterwards, so
the sandbox stamps a request later than the client sent it, as a real server does.
"""

from __future__ import annotations

import asyncio
import random

import httpx


class SimClock:
    """A clock that only moves when someone sleeps or the simulated network carries a request."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


class LaggyTransport(httpx.AsyncBaseTransport):
    """ASGI transport to an app with a random (seeded) uplink and downlink delay per request."""

    def __init__(self, app: object, clock: SimClock, *, max_latency: float, seed: int = 7) -> None:
        self._inner = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        self._clock = clock
        self._max = max_latency
        self._rng = random.Random(seed)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._clock.advance(self._rng.uniform(0, self._max))
        response = await self._inner.handle_async_request(request)
        self._clock.advance(self._rng.uniform(0, self._max))
        return response
