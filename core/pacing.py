"""Client-side pacing: one rolling 60-second budget per Kore.ai account, and the waits it causes.

Kore.ai allows 60 requests per minute per account across all contact-center APIs and counts a
request when it arrives. A pacer must therefore never let a request reach the server less than a
minute after the one whose slot it reuses *arrived*, whatever the network did in between. The
local pacer does this by returning a slot a minute (plus a small margin) after the request that
used it *completed*: a request has certainly arrived by the time its answer (or its failure) is
back, so the rule holds for any latency. The shared pacer (core/shared_pacing.py) keeps the same
budget in Redis for several processes. Both have the `Pacer` shape, so `KoreClient` picks by
settings.

Waits longer than a second are reported as `Wait` events, which front ends show ("waiting 12 s
for the Kore.ai rate limit").
"""

from __future__ import annotations

import asyncio
import heapq
import inspect
import logging
import math
import time
import weakref
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from core.settings import KoreSettings

log = logging.getLogger("core.pacing")

WINDOW = 60.0
LOCAL_MARGIN = 0.5  # seconds added to each slot's return: clock-rate and boundary slack
REPORT_AFTER = 1.0  # waits up to this long are not worth telling anyone about


@dataclass(frozen=True)
class Wait:
    """A pause the client is about to take, for a front end to show (with a countdown).

    `reason` is "rate_limit" (the pacer holds the request back, or Kore.ai answered with a rate
    limit) or "retry" (a failed attempt is repeated after a backoff). `detail` says what caused
    it ("503", "connection", "429"); `operation` is what is waiting ("GET contact lists").
    """

    reason: Literal["rate_limit", "retry"]
    seconds: float
    detail: str = ""
    operation: str = ""
    attempt: int = 0

    def __str__(self) -> str:
        seconds = max(1, math.ceil(self.seconds))
        if self.reason == "rate_limit":
            suffix = f" ({self.detail})" if self.detail else ""
            return f"waiting {seconds} s for the Kore.ai rate limit{suffix}"
        return f"retrying in {seconds} s ({self.detail})" if self.detail else f"retrying in {seconds} s"


OnWait = Callable[[Wait], Awaitable[None] | None]
"""A front end's wait callback; it may be a plain function or a coroutine function."""


async def report(on_wait: OnWait | None, wait: Wait) -> None:
    """Tell `on_wait` about a wait longer than a second; a failing callback never breaks a call."""
    if on_wait is None or wait.seconds <= REPORT_AFTER:
        return
    try:
        result = on_wait(wait)
        if inspect.isawaitable(result):
            await result
    except Exception:
        log.exception("the on_wait callback failed for %r", wait)


class Pacer(Protocol):
    """What `KoreClient` needs from a pacer, local or shared."""

    per_minute: int

    def slot(
        self, on_wait: OnWait | None = None, *, operation: str = ""
    ) -> AbstractAsyncContextManager[None]:
        """Hold one request's place in the budget while it is sent; waits (and reports) first."""
        ...

    async def estimate_wait(self, requests: int = 1) -> float:
        """Seconds until the `requests`-th *new* request could be sent (0 when at once).

        Requests already waiting in this pacer are counted by the pacer itself: `requests=1`
        means "one more, behind everyone in line".
        """
        ...


class LocalPacer:
    """The budget for one process: `per_minute` slots over a rolling minute; 0 means unlimited.

    A slot is taken when a request is about to be sent and comes back `WINDOW + margin` seconds
    after that request completed. Waiters are served in order (asyncio.Lock is fair).
    """

    def __init__(
        self,
        per_minute: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        margin: float = LOCAL_MARGIN,
    ) -> None:
        self.per_minute = per_minute
        self.window = WINDOW + margin
        self._clock = clock
        self._sleep = sleep
        self._done: deque[float] = deque()  # completion times of recent requests, oldest first
        self._in_flight = 0
        self._waiting = 0
        self._lock = asyncio.Lock()
        self._released = asyncio.Event()

    def _expire(self, now: float) -> None:
        while self._done and self._done[0] + self.window <= now:
            self._done.popleft()

    def wait_time(self) -> float:
        """Seconds until a slot is free for a request that is first in line (0 when free now)."""
        if self.per_minute <= 0:
            return 0.0
        now = self._clock()
        self._expire(now)
        if len(self._done) + self._in_flight < self.per_minute:
            return 0.0
        if not self._done:
            return self.window  # every slot is in flight: at least a window once they complete
        return self._done[0] + self.window - now

    async def estimate_wait(self, requests: int = 1) -> float:
        """Seconds until the `requests`-th new request could be sent, behind those already waiting.

        Assumes requests in flight complete now and later ones complete at once: an estimate
        for "queued: about N s", not a promise.
        """
        if self.per_minute <= 0:
            return 0.0
        now = self._clock()
        self._expire(now)
        free = max(0, self.per_minute - len(self._done) - self._in_flight)
        returns = [now] * free + [t + self.window for t in self._done]
        returns += [now + self.window] * min(self._in_flight, self.per_minute - len(returns))
        heapq.heapify(returns)
        start = now
        for _ in range(self._waiting + max(1, requests)):
            start = max(heapq.heappop(returns), now)
            heapq.heappush(returns, start + self.window)
        return start - now

    @asynccontextmanager
    async def slot(self, on_wait: OnWait | None = None, *, operation: str = "") -> AsyncIterator[None]:
        if self.per_minute <= 0:
            yield
            return
        await self._acquire(on_wait, operation)
        try:
            yield
        finally:
            self._done.append(self._clock())
            self._in_flight -= 1
            self._released.set()

    async def acquire(self) -> None:
        """Take a slot now and return it as if its request completed at once (for simple callers)."""
        async with self.slot():
            pass

    async def _acquire(self, on_wait: OnWait | None, operation: str) -> None:
        deadline = self._clock() + await self.estimate_wait()
        if deadline > self._clock():
            await report(on_wait, Wait("rate_limit", deadline - self._clock(), operation=operation))
        self._waiting += 1
        try:
            async with self._lock:
                while (delay := self.wait_time()) > 0:
                    if self._clock() + delay > deadline + REPORT_AFTER:
                        deadline = self._clock() + delay
                        await report(on_wait, Wait("rate_limit", delay, operation=operation))
                    if self._done:
                        await self._sleep(delay)
                    else:
                        self._released.clear()
                        await self._released.wait()
                self._in_flight += 1
        finally:
            self._waiting -= 1


_BY_LOOP: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple[str, ...], Pacer]] = (
    weakref.WeakKeyDictionary()
)


def _pacers_of_this_loop() -> dict[tuple[str, ...], Pacer]:
    """Pacers live per event loop: asyncio locks and Redis connections belong to one loop."""
    return _BY_LOOP.setdefault(asyncio.get_running_loop(), {})


def bucket_for(account_id: str, per_minute: int) -> LocalPacer:
    """The local pacer for one account, shared by every client on the running event loop."""
    pacers = _pacers_of_this_loop()
    key = ("local", account_id, str(per_minute))
    pacer = pacers.get(key)
    if not isinstance(pacer, LocalPacer):
        pacer = LocalPacer(per_minute)
        pacers[key] = pacer
    return pacer


def pacer_for(settings: KoreSettings) -> Pacer:
    """The pacer settings ask for, one per account and event loop, shared by every client.

    With `rate_limit_url` set, the budget lives in Redis and every process configured the same
    way shares it (core/shared_pacing.py); otherwise it is this process's own.
    """
    account, per_minute = settings.account_id or "", settings.rate_limit_per_minute
    if settings.rate_limit_url is None:
        return bucket_for(account, per_minute)
    from core.shared_pacing import SharedPacer

    url = settings.rate_limit_url.get_secret_value()
    pacers = _pacers_of_this_loop()
    key = ("shared", url, settings.host_name, account, str(per_minute))
    pacer = pacers.get(key)
    if pacer is None:
        pacer = pacers[key] = SharedPacer(url, per_minute, settings.host_name, account)
    return pacer
