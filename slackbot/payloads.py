"""Signed but malformed interaction payloads, answered with a clear message instead of a crash.

A request can carry a valid signature and still not have the shape Slack documents (a replayed
body edited by a test tool, a future Slack change, a bug in a proxy). Bolt's listener matching
indexes into the payload (`actions[0]`), so such a request would end in a 500 and a traceback.
This middleware runs before matching: a click without a usable action gets an ephemeral error at
its response_url; a form submission without our metadata or with unreadable values gets its
modal replaced by an error view. Nothing is run in either case.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

log = logging.getLogger("slackbot.payloads")

CLICK_UNREADABLE = (
    ":x: This button's request could not be read (it names no action); nothing was run. "
    "Run the command again."
)
FORM_UNREADABLE = (
    "This form's submission could not be read (its metadata or values are missing); nothing "
    "was run. Close it and run the command again."
)


def click_problem(body: dict[str, Any]) -> str | None:
    """Why a block_actions payload cannot be handled, or None."""
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions or not all(isinstance(a, dict) for a in actions):
        return "no actions"
    if not isinstance(actions[0].get("action_id"), str):
        return "an action without action_id"
    if not isinstance(body.get("user"), dict):
        return "no user"
    return None


def form_problem(body: dict[str, Any]) -> str | None:
    """Why a view_submission payload cannot be handled, or None."""
    view = body.get("view")
    if not isinstance(view, dict):
        return "no view"
    if not isinstance(view.get("private_metadata"), str) or not isinstance(view.get("callback_id"), str):
        return "no private_metadata or callback_id"
    if not isinstance(view.get("type"), str):  # bolt reads view["type"] to match any listener
        return "a view without type"
    state = view.get("state")
    values = state.get("values") if isinstance(state, dict) else None
    if not isinstance(values, dict) or not all(isinstance(block, dict) for block in values.values()):
        return "state.values is not an object of blocks"
    if not isinstance(body.get("user"), dict):
        return "no user"
    return None


def other_problem(body: dict[str, Any]) -> str | None:
    """Why a payload the bot has no listener for would still break bolt's listener matching
    (which indexes the `view` of a view_closed), or None."""
    if body.get("type") == "view_closed" and not isinstance(body.get("view"), dict):
        return "a view_closed without a view"
    return None


def dispatch_problem(body: Any) -> str | None:
    """Why bolt itself would fail on this request before any middleware of ours runs (its own
    authorization reads an event callback's `event`), or why no answer could reach anyone (a slash
    command without `response_url`); None when it may be dispatched. The HTTP gate refuses these
    before bolt parses anything; this check covers Socket Mode, whose envelopes skip the gate."""
    if not isinstance(body, dict):
        return None
    if body.get("type") == "event_callback":
        event = body.get("event", {})
        if not (isinstance(event, dict) and isinstance(event.get("type"), str)):
            return "an event callback whose event has no type"
    if "command" in body:
        missing = [name for name in ("user_id", "channel_id", "response_url") if not body.get(name)]
        if missing:
            return f"a slash command without {', '.join(missing)}"
    return None


def error_view(text: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Kore.ai"},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": [{"type": "section", "text": {"type": "plain_text", "text": text}}],
    }


Start = Callable[[Coroutine[Any, Any, None], str], object]
"""Starts work after the ack (BackgroundTasks.start)."""


async def _tell(url: str) -> None:
    try:
        await AsyncRespond(response_url=url)(
            text=CLICK_UNREADABLE, response_type="ephemeral", replace_original=False
        )
    except Exception as exc:  # the answer is a courtesy; the refusal stands either way
        log.warning("cannot answer the malformed click (%s)", type(exc).__name__)


class RefuseMalformed(AsyncMiddleware):
    """Global middleware (a class: bolt's function middleware builds every listener argument,
    `action` included, and would fail on the very payloads this one is for)."""

    def __init__(self, start: Start) -> None:
        self._start = start

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],
    ) -> BoltResponse | None:
        body = req.body if isinstance(req.body, dict) else {}
        kind = body.get("type")
        if kind == "block_actions" and (problem := click_problem(body)):
            log.warning("malformed block_actions refused: %s", problem)
            url = body.get("response_url")
            if isinstance(url, str) and url:
                self._start(_tell(url), "answer a malformed click")
            return BoltResponse(status=200, body="")
        if kind == "view_submission" and (problem := form_problem(body)):
            log.warning("malformed view_submission refused: %s", problem)
            answer = {"response_action": "update", "view": error_view(FORM_UNREADABLE)}
            return BoltResponse(
                status=200, body=json.dumps(answer), headers={"content-type": "application/json"}
            )
        if problem := other_problem(body):
            log.warning("malformed %s refused: %s", kind, problem)
            return BoltResponse(status=400, body="")
        return await next()
