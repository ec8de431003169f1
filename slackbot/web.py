"""The HTTP side of the bot: Slack's endpoint behind the gate, and the health checks.

Slack posts commands, clicks and modal submissions to one path. Each POST passes `Gate.check`
(signature, replay, shape) before bolt parses anything; a refusal is one log line and a short
plain-text answer, never a traceback.
"""

from __future__ import annotations

import logging

from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from slackbot.gate import Gate

EVENTS_PATH = "/slack/events"
log = logging.getLogger("slackbot.web")

_ANSWERS = {400: "malformed request", 401: "unauthorized", 413: "request too large"}


def http_app(app: AsyncApp, gate: Gate) -> Starlette:
    """Slack's endpoint (commands, interactivity and modals all post here) plus a health check."""
    handler = AsyncSlackRequestHandler(app)

    async def events(request: Request) -> Response:
        body = await request.body()  # Starlette keeps it: bolt's adapter reads the same bytes
        refused = await gate.check(body, request.headers)
        if refused is not None:
            client = request.client.host if request.client else "?"
            log.warning("refused a request from %s: %s %s", client, refused.status, refused.reason)
            return PlainTextResponse(_ANSWERS.get(refused.status, "refused"), status_code=refused.status)
        return await handler.handle(request)

    async def health(_: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(
        routes=[Route(EVENTS_PATH, events, methods=["POST"]), Route("/healthz", health, methods=["GET"])]
    )
