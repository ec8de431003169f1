"""One rate budget for every process that uses the same Kore.ai account, kept in Redis.

Bot replicas, the TUI and scripts configured with the same `KORE_RATE_LIMIT_URL` draw from one
rolling window: the `limits` library's moving-window strategy on Redis (an atomic Lua script
over a list of timestamps), which is the way Kore.ai counts. A slot is stamped when it is taken,
not when the request arrives, so the window is a minute plus `SHARED_MARGIN` seconds: requests
whose latencies differ by less than the margin can never arrive closer than a minute apart.

When Redis cannot be reached, calls are not refused: the process falls back to its own local
pacer (and says so in the log), since one process over budget is better than none working.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from core.pacing import WINDOW, LocalPacer, OnWait, Wait, report

log = logging.getLogger("core.pacing")

SHARED_MARGIN = 2  # whole seconds (limits counts windows in seconds): 60/62 = 96.8% of the budget
EPSILON = 0.01  # an entry exactly a window old still counts in limits' moving window
FALLBACK_RETRY = 30.0  # after a Redis failure, use the local pacer this long before trying again


class SharedPacer:
    """`per_minute` requests per rolling window for one account, shared through Redis.

    `clock` must be the clock `limits` stamps entries with (wall time); tests replace both.
    """

    def __init__(
        self,
        url: str,
        per_minute: int,
        *identity: str,
        margin: int = SHARED_MARGIN,
        key_prefix: str = "koretui:ratelimit",
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        from limits import RateLimitItemPerSecond
        from limits.aio.storage import RedisStorage
        from limits.aio.strategies import MovingWindowRateLimiter
        from redis.asyncio import ConnectionPool

        self.per_minute = per_minute
        self.window = WINDOW + margin
        # Our own pool, on the redis client the project already uses (limits' default is coredis),
        # so that aclose() can release it.
        self._pool = ConnectionPool.from_url(url, socket_connect_timeout=2.0, socket_timeout=2.0)
        self._storage = RedisStorage(
            "async+" + url,
            implementation="redispy",
            key_prefix=key_prefix,
            wrap_exceptions=True,
            connection_pool=self._pool,  # type: ignore[arg-type]  # typed narrower than it accepts
        )
        self._limiter = MovingWindowRateLimiter(self._storage)
        self._item = RateLimitItemPerSecond(per_minute, int(WINDOW) + margin, namespace="kore")
        self._identity = identity or ("default",)
        self._clock = clock
        self._sleep = sleep
        self._local = LocalPacer(per_minute, clock=clock, sleep=sleep)
        self._lock = asyncio.Lock()
        self._waiting = 0
        self._redis_down_until = 0.0

    def __repr__(self) -> str:
        return f"SharedPacer(per_minute={self.per_minute}, window={self.window:g} s)"

    async def check(self) -> bool:
        """True when Redis answers (for readiness probes)."""
        from limits.errors import StorageError

        try:
            return bool(await self._storage.check())
        except StorageError:
            return False

    async def aclose(self) -> None:
        """Close the Redis connections (the pacer is unusable afterwards)."""
        await self._pool.aclose()

    async def estimate_wait(self, requests: int = 1) -> float:
        """Seconds until the `requests`-th new request could go, assuming slots free up evenly."""
        from limits.errors import StorageError

        if self.per_minute <= 0:
            return 0.0
        if self._redis_down():
            return await self._local.estimate_wait(requests)
        try:
            stats = await self._limiter.get_window_stats(self._item, *self._identity)
        except StorageError as exc:
            self._fell_back(exc)
            return await self._local.estimate_wait(requests)
        over = self._waiting + max(1, requests) - stats.remaining
        if over <= 0:
            return 0.0
        first = max(0.0, stats.reset_time - self._clock())
        return first + (over - 1) * self.window / self.per_minute

    @asynccontextmanager
    async def slot(self, on_wait: OnWait | None = None, *, operation: str = "") -> AsyncIterator[None]:
        if self.per_minute > 0 and not await self._acquire(on_wait, operation):
            async with self._local.slot(on_wait, operation=operation):
                yield
            return
        yield

    async def _acquire(self, on_wait: OnWait | None, operation: str) -> bool:
        """Take a slot in Redis, waiting (in order, within this process) until one is free.

        False when Redis cannot be reached: the caller uses the local pacer instead.
        """
        from limits.errors import StorageError

        deadline = self._clock() + await self.estimate_wait()
        if self._redis_down():  # down before, or found down by the estimate just now
            return False
        if deadline > self._clock():
            await report(on_wait, Wait("rate_limit", deadline - self._clock(), operation=operation))
        self._waiting += 1
        try:
            async with self._lock:
                while True:
                    try:
                        if await self._limiter.hit(self._item, *self._identity):
                            return True
                        stats = await self._limiter.get_window_stats(self._item, *self._identity)
                    except StorageError as exc:
                        self._fell_back(exc)
                        return False
                    if stats.remaining > 0:  # a slot freed between the two calls: try again now
                        delay = EPSILON
                    else:
                        delay = max(stats.reset_time - self._clock(), 0.0) + EPSILON
                    if self._clock() + delay > deadline + 1.0:
                        deadline = self._clock() + delay
                        await report(on_wait, Wait("rate_limit", delay, operation=operation))
                    await self._sleep(delay)
        finally:
            self._waiting -= 1

    def _redis_down(self) -> bool:
        return self._clock() < self._redis_down_until

    def _fell_back(self, exc: Exception) -> None:
        self._redis_down_until = self._clock() + FALLBACK_RETRY
        log.warning(
            "shared rate-limit store (Redis) unreachable (%s); "
            "pacing this process on its own for %d s",
            type(exc.__cause__ or exc).__name__,
            FALLBACK_RETRY,
        )
