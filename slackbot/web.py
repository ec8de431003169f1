"""The HTTP side of the bot: Slack's endpoint behind the gate, health, readiness and metrics.

Slack posts commands, clicks and modal submissions to one path. Each POST passes `Gate.check`
(signature, replay, shape) before bolt parses anything; a refusal is one log line and a short
plain-text answer, never a traceback. `/healthz` says the process is alive; `/readyz` says it can
do its work (the store answers, Slack accepted the token, Socket Mode is connected); `/metrics` is
the Prometheus exposition. In Socket Mode the same three are served on `--health-port`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from slack_bolt.adapter.starlette.async_handler import to_async_bolt_request, to_starlette_response
from slack_bolt.async_app import AsyncApp
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from slackbot.gate import MAX_BODY_BYTES, Gate, Rejection
from slackbot.metrics import ARRIVED, CONTENT_TYPE, Metrics
from slackbot.pending import PendingStore

EVENTS_PATH = "/slack/events"
log = logging.getLogger("slackbot.web")

_ANSWERS = {
    400: "malformed request", 401: "unauthorized", 413: "request too large", 503: "store unavailable"
}
PROBE_TIMEOUT = 2.0
clock = time.perf_counter


@dataclass
class Readiness:
    """What `/readyz` checks. `slack_auth` is set once `auth.test` succeeded at start-up;
    `socket_connected` is given in Socket Mode."""

    store: PendingStore
    slack_auth: bool = False
    socket_connected: Callable[[], Awaitable[bool]] | None = None

    async def problems(self) -> list[str]:
        found = []
        try:
            await asyncio.wait_for(self.store.ping(), PROBE_TIMEOUT)
        except Exception as exc:
            found.append(f"store: does not answer ({type(exc).__name__})")
        if not self.slack_auth:
            found.append("slack: auth.test has not succeeded")
        if self.socket_connected is not None:
            try:
                connected = await asyncio.wait_for(self.socket_connected(), PROBE_TIMEOUT)
            except Exception:
                connected = False
            if not connected:
                found.append("socket mode: not connected")
        return found


def status_routes(readiness: Readiness, metrics: Metrics) -> list[Route]:
    async def health(_: Request) -> Response:
        return PlainTextResponse("ok")

    async def ready(_: Request) -> Response:
        problems = await readiness.problems()
        if problems:
            return PlainTextResponse("\n".join(problems) + "\n", status_code=503)
        return PlainTextResponse("ready")

    async def exposition(_: Request) -> Response:
        return Response(metrics.exposition(), media_type=CONTENT_TYPE)

    return [
        Route("/healthz", health, methods=["GET"]),
        Route("/readyz", ready, methods=["GET"]),
        Route("/metrics", exposition, methods=["GET"]),
    ]


async def _read_capped(request: Request) -> bytes | None:
    """The body, or None once it is over MAX_BODY_BYTES: read no further, so nobody can make the
    bot hold a gigabyte in memory before the gate refuses it (uvicorn sets no limit)."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BODY_BYTES:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def http_app(app: AsyncApp, gate: Gate, readiness: Readiness, metrics: Metrics) -> Starlette:
    """Slack's endpoint (commands, interactivity and modals all post here) plus the status routes."""

    async def events(request: Request) -> Response:
        arrived = clock()  # the ack's latency starts here: reading the body and the gate count
        body = await _read_capped(request)
        refused = (
            Rejection(413, f"body over {MAX_BODY_BYTES} bytes (not read further)")
            if body is None
            else await gate.check(body, request.headers)
        )
        if refused is not None:
            client = request.client.host if request.client else "?"
            log.warning("refused a request from %s: %s %s", client, refused.status, refused.reason)
            metrics.command("rejected", str(refused.status))
            return PlainTextResponse(_ANSWERS.get(refused.status, "refused"), status_code=refused.status)
        assert body is not None
        bolt_request = to_async_bolt_request(request, body, {ARRIVED: arrived})
        return to_starlette_response(await app.async_dispatch(bolt_request))

    routes = [Route(EVENTS_PATH, events, methods=["POST"]), *status_routes(readiness, metrics)]
    return Starlette(routes=routes)


def status_app(readiness: Readiness, metrics: Metrics) -> Starlette:
    """Only the status routes (Socket Mode has no HTTP endpoint of its own)."""
    return Starlette(routes=status_routes(readiness, metrics))
