"""Injected faults (`--fail-rate`, `--fail-mode`): the failures a client must survive without duplicates.

- `before`: 503 before the handler runs (nothing happened).
- `after`: the handler runs (a write is committed), then the answer is a 503: the reply was lost.
- `timeout`: the handler runs, then no answer comes; the request is held until the client gives up
  (disconnects) or `hold_seconds` pass, so a held request never lives forever.
- `reset`: the handler runs, then the connection drops before a complete answer.

The last two act at the ASGI level (a Response whose `__call__` misbehaves), so they work the same
under uvicorn and in-process under httpx's ASGITransport: the exceptions raised are httpx transport
errors, which ASGITransport hands to the client as-is and uvicorn answers by closing the connection
(the response has started, so it cannot send a 500).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from typing import get_args

import httpx
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from core.sandbox.config import FailMode
from core.sandbox.errors import UNAVAILABLE, ApiError

FAIL_MODES: tuple[FailMode, ...] = get_args(FailMode)

logger = logging.getLogger("core.sandbox")


class InjectedFault(Exception):
    """Marks the exceptions raised on purpose, so the server's log can leave them out."""


class ConnectionDropped(InjectedFault, httpx.RemoteProtocolError):
    """The sandbox dropped the connection after acting (fail mode `reset`, or a held request's end)."""


class AnswerWithheld(InjectedFault, httpx.ReadTimeout):
    """In-process, a held request ends as the read timeout a client would have hit (fail mode `timeout`)."""


async def _start_then_drop(send: Send, error: InjectedFault) -> None:
    """Begin a response and abandon it: the server must close the connection mid-answer."""
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    raise error


class DroppedConnection(Response):
    """Fail mode `reset`: the connection ends before a complete answer."""

    def __init__(self) -> None:
        super().__init__(status_code=200)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await _start_then_drop(send, ConnectionDropped("injected fault: connection dropped after acting"))


class WithheldAnswer(Response):
    """Fail mode `timeout`: nothing is sent until the client disconnects or `hold_seconds` pass."""

    def __init__(self, hold_seconds: float) -> None:
        super().__init__(status_code=200)
        self.hold_seconds = hold_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self.hold_seconds):
                while (await receive())["type"] != "http.disconnect":
                    pass
                return  # the client gave up: nobody is left to answer
        # Still connected when the hold ends (always so in-process, where no disconnect ever comes).
        await _start_then_drop(send, AnswerWithheld("injected fault: no answer (the request was held)"))


class FaultInjector:
    """Draws, per request, whether to inject the configured fault; a seed makes a run repeatable."""

    def __init__(self, rate: float, mode: FailMode, *, seed: int | None, hold_seconds: float) -> None:
        if mode not in FAIL_MODES:
            raise ValueError(f"unknown fail mode {mode!r}; use one of {', '.join(FAIL_MODES)}")
        self.rate = rate
        self.mode = mode
        self.hold_seconds = hold_seconds
        self.rng = random.Random(seed)

    def draw(self) -> FailMode | None:
        if self.rate > 0 and self.rng.random() < self.rate:
            return self.mode
        return None

    def after_handler(self, fault: FailMode, request_line: str) -> Response:
        """What goes out instead of the handler's answer."""
        logger.info("injected fault %s after %s", fault, request_line)
        if fault == "timeout":
            return WithheldAnswer(self.hold_seconds)
        if fault == "reset":
            return DroppedConnection()
        return unavailable().response()


def unavailable() -> ApiError:
    return ApiError(503, UNAVAILABLE, 503)


class HideInjectedFaults(logging.Filter):
    """For uvicorn's error log: an injected fault is not a server error worth a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], InjectedFault))
