"""Client-side pacing: a token bucket per Kore.ai account.

Kore.ai allows 60 requests per minute per account across all contact-center APIs. One bucket per
account is shared by every client in the process, so a long job waits a little instead of
tripping the limit. Bursts up to the limit go through at once; after that requests wait.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


class TokenBucket:
    """`per_minute` tokens, refilled continuously; 0 means unlimited."""

    def __init__(
        self,
        per_minute: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._sleep = sleep
        self._tokens = float(per_minute)
        self._updated = clock()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = self._clock()
        rate = self.per_minute / 60.0
        self._tokens = min(float(self.per_minute), self._tokens + (now - self._updated) * rate)
        self._updated = now

    def wait_time(self) -> float:
        """Seconds until a token is free (0 when one is free now)."""
        if self.per_minute <= 0:
            return 0.0
        self._refill()
        if self._tokens >= 1:
            return 0.0
        return (1 - self._tokens) / (self.per_minute / 60.0)

    async def acquire(self) -> None:
        if self.per_minute <= 0:
            return
        async with self._lock:
            while (delay := self.wait_time()) > 0:
                await self._sleep(delay)
            self._tokens -= 1


_BUCKETS: dict[tuple[str, int, int], TokenBucket] = {}


def bucket_for(account_id: str, per_minute: int) -> TokenBucket:
    """The shared bucket for one account on the running event loop (asyncio locks are per loop)."""
    key = (account_id, per_minute, id(asyncio.get_running_loop()))
    bucket = _BUCKETS.get(key)
    if bucket is None:
        bucket = _BUCKETS[key] = TokenBucket(per_minute)
    return bucket
