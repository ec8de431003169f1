"""Client-side pacing: a token bucket per Kore.ai account.

Kore.ai allows 60 requests per minute per account across all contact-center APIs. One bucket per
account is shared by every client in the process, so a long job waits a little instead of
tripping the limit. Bursts up to the limit go through at once; after that requests wait.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable


class TokenBucket:
    """`per_minute` tokens; a spent token comes back 60 s after it was spent; 0 means unlimited.

    Refilling each token a minute after its use (rather than continuously) is what keeps a process
    under the limit in every rolling minute, which is how Kore.ai (and the sandbox) count: a
    continuously refilled bucket would allow up to twice the limit in one window after a burst.
    """

    WINDOW = 60.0

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
        self._spent: deque[float] = deque()
        self._lock = asyncio.Lock()

    def wait_time(self) -> float:
        """Seconds until a token is free (0 when one is free now)."""
        if self.per_minute <= 0:
            return 0.0
        now = self._clock()
        while self._spent and self._spent[0] <= now - self.WINDOW:
            self._spent.popleft()
        if len(self._spent) < self.per_minute:
            return 0.0
        return self._spent[0] + self.WINDOW - now

    async def acquire(self) -> None:
        if self.per_minute <= 0:
            return
        async with self._lock:
            while (delay := self.wait_time()) > 0:
                await self._sleep(delay)
            self._spent.append(self._clock())


_BUCKETS: dict[tuple[str, int, int], TokenBucket] = {}


def bucket_for(account_id: str, per_minute: int) -> TokenBucket:
    """The shared bucket for one account on the running event loop (asyncio locks are per loop)."""
    key = (account_id, per_minute, id(asyncio.get_running_loop()))
    bucket = _BUCKETS.get(key)
    if bucket is None:
        bucket = _BUCKETS[key] = TokenBucket(per_minute)
    return bucket
