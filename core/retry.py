"""When a failed attempt is sent again, and after how long (small decisions, one function each).

urllib3's rule of thumb, since Kore.ai has no idempotency keys:
- a request that never left (connect error, connect or pool timeout) is retried for any method;
- a rate limit (429, or a documented rate-limit text in any 4xx/5xx body) is retried for any
  method, since the server refused it without acting, and for up to a minute of waiting whatever
  `max_retries` says (the rolling window has moved on by then); `max_retries=0` turns it off too;
- 502/503/504, read timeouts and dropped connections only for GET, PUT and DELETE. A POST that
  may have reached the server is never sent twice; the client reconciles it instead
  (core/reconcile.py).
- a DELETE sent again after such a failure that answers 404 was done by the earlier attempt: the
  client reports it deleted (reconciled), not "not found" (`DeletedEarlier`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx

from core.errors import (
    KoreAPIError,
    KoreConnectionError,
    KoreError,
    KoreTimeoutError,
    NotFoundError,
    RateLimitError,
)

IDEMPOTENT = frozenset({"GET", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({502, 503, 504})
BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0
RATE_LIMIT_BACKOFF_BASE = 4.0  # no Retry-After: the rolling minute frees a slot within 60 s
RETRY_AFTER_CAP = 60.0
RATE_LIMIT_PATIENCE = 60.0  # seconds of waiting on rate limits before a call gives up
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class AmbiguousSend(Exception):
    """A request that is not safe to repeat failed after it may have reached the server.

    Raised inside the client only: `execute` reconciles it (core/reconcile.py) or raises `error`.
    `cause` is a few words for messages: "503: Service temporarily unavailable", "no answer".
    """

    def __init__(self, error: KoreError, cause: str, attempts: int) -> None:
        super().__init__(str(error))
        self.error = error
        self.cause = cause
        self.attempts = attempts


class DeletedEarlier(AmbiguousSend):
    """A DELETE sent again after an attempt that may have reached the server answered 404.

    The record is gone, and the likeliest reason is that the earlier attempt deleted it; `cause` is
    that attempt's failure. `error` is the 404, for the rare case a caller wants it.
    """


def never_sent(exc: httpx.TransportError) -> bool:
    """True when the request cannot have reached the server (so any method may be sent again)."""
    return isinstance(exc, _NEVER_SENT)


def status_is_retryable(error: KoreAPIError, idempotent: bool) -> bool:
    return isinstance(error, RateLimitError) or (idempotent and error.status in RETRY_STATUSES)


def status_maybe_acted(error: KoreAPIError) -> bool:
    """A 5xx that is not a rate limit: the server may have done the work before failing."""
    return error.status >= 500 and not isinstance(error, RateLimitError)


def gone_after_retry(method: str, error: KoreAPIError, earlier: str | None) -> bool:
    """A DELETE's 404 on a retry after `earlier` (an attempt that may have acted): deleted then."""
    return method == "DELETE" and earlier is not None and isinstance(error, NotFoundError)


@dataclass
class RetryBudget:
    """What one call may still spend on retries: `max_retries` failures, a minute of rate limits."""

    max_retries: int
    failures: int = 0
    rate_limits: int = 0
    rate_limit_waited: float = 0.0

    def allows(self, error: KoreAPIError | None) -> bool:
        """May the attempt that failed with `error` (None: a connection failure) be sent again?"""
        if self.max_retries <= 0:
            return False
        if isinstance(error, RateLimitError):
            return self.rate_limit_waited < RATE_LIMIT_PATIENCE
        return self.failures < self.max_retries

    def delay(self, error: KoreAPIError | None, jitter: Callable[[], float]) -> float:
        """Spend one retry and return its backoff: exponential, half to full delay by `jitter`.

        A rate limit waits longer than a server error, and uses `Retry-After` when the server
        sent one (Kore.ai documents none), capped at a minute.
        """
        if isinstance(error, RateLimitError):
            if error.retry_after is not None:
                seconds = min(error.retry_after, RETRY_AFTER_CAP)
            else:
                ceiling = min(RATE_LIMIT_BACKOFF_BASE * (2**self.rate_limits), RETRY_AFTER_CAP)
                seconds = ceiling * (0.5 + 0.5 * jitter())
            self.rate_limits += 1
            self.rate_limit_waited += seconds
            return seconds
        ceiling = min(BACKOFF_BASE * (2**self.failures), BACKOFF_CAP)
        self.failures += 1
        return ceiling * (0.5 + 0.5 * jitter())


def transport_error(
    what: str, host: str, exc: httpx.TransportError, *, idempotent: bool, read_timeout: float
) -> KoreConnectionError:
    """The one-line error for a failed send of `what` to `host`."""
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return KoreTimeoutError(f"{what}: could not connect to {host} in time. Check KORE_HOST.")
    if isinstance(exc, httpx.ConnectError):
        return KoreConnectionError(
            f"{what}: cannot connect to {host} ({_reason(exc)}). Check KORE_HOST and your network."
        )
    maybe_acted = "" if idempotent else "; it may have acted, so check before sending again"
    if isinstance(exc, httpx.TimeoutException):
        return KoreTimeoutError(f"{what}: {host} did not answer within {read_timeout:g} s{maybe_acted}.")
    return KoreConnectionError(f"{what}: connection to {host} failed ({_reason(exc)}){maybe_acted}.")


def ambiguous_cause(exc: httpx.TransportError | None, error: KoreError, read_timeout: float) -> str:
    """What went wrong, in a few words, for the message after a reconciliation."""
    if isinstance(error, KoreAPIError):
        return f"{error.status}: {error.message}"
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer within {read_timeout:g} s"
    return f"connection dropped: {_reason(exc)}" if exc is not None else str(error)


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:120] if text else type(exc).__name__
