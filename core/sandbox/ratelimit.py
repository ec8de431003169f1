"""Per-account sliding-window rate limit over 60 s, like the platform's 60 requests per minute."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable

WINDOW_SECONDS = 60.0


class RateLimiter:
    """Counts accepted requests per account in the last minute; the clock is injectable for tests."""

    def __init__(self, limit: int, clock: Callable[[], float]) -> None:
        self.limit = limit
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}

    def check(self, account_id: str) -> int | None:
        """Record a request; return None if allowed, else the seconds to wait (>= 1)."""
        if self.limit <= 0:
            return None
        now = self.clock()
        hits = self._hits.setdefault(account_id, deque())
        while hits and hits[0] <= now - WINDOW_SECONDS:
            hits.popleft()
        if len(hits) >= self.limit:
            return max(1, math.ceil(hits[0] + WINDOW_SECONDS - now))
        hits.append(now)
        return None
