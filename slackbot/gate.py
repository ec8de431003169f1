"""The door of the HTTP endpoint: what is checked before bolt (or anything else) parses a body.

Bolt builds its request object, parsing the form and the JSON payload, before it verifies the
signature; a malformed body from anyone on the internet then ends in a 500 and a long traceback.
So every POST first passes `Gate.check`, in this order, and is refused with one log line:
size (413), the signature headers (401, or 400 when the timestamp is not a number), staleness
(401, Slack's five minutes), the signature itself (401), a replay of a request already seen
(401, remembered in the shared store so it holds across replicas; 503 while the store does not
answer), and finally the body's shape (400). Only then does bolt see the request.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs

MAX_BODY_BYTES = 512 * 1024
"""Larger than any request Slack sends the bot (a modal submission with every field full)."""
MAX_AGE_SECONDS = 300
"""Slack's rule: a request signed more than five minutes before (or after) now is refused."""
REPLAY_MEMORY_SECONDS = 2 * MAX_AGE_SECONDS + 60
"""How long a signature is remembered: past the window in which it could still be accepted."""

Remember = Callable[[str, float, float], Awaitable[bool]]
"""(key, now, ttl) -> True the first time a key is seen; the pending store's `first_use`."""


@dataclass(frozen=True)
class Rejection:
    """Why a request is refused: the HTTP status and one line for the log (never the body)."""

    status: int
    reason: str


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


_COMMAND_FIELDS = ("user_id", "channel_id", "response_url")
"""What every slash command from Slack carries and the bot needs: who, where, and where to answer."""


def _shape(body: bytes, content_type: str) -> Rejection | None:
    """A form with a slash command, or a form whose `payload` is a JSON object with a `type`."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Rejection(400, "body is not UTF-8")
    if content_type.startswith("application/json"):
        return _json_object(text, "JSON body")
    try:
        form = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text), max_num_fields=100)
    except ValueError:
        return Rejection(400, "body is not a form")
    if "payload" in form:
        return _json_object(form["payload"][0], "payload")
    if "command" in form:
        missing = [name for name in _COMMAND_FIELDS if not form.get(name, [""])[0]]
        return Rejection(400, f"slash command without {', '.join(missing)}") if missing else None
    if "ssl_check" in form:
        return None
    return Rejection(400, "neither a slash command nor an interaction payload")


def _json_object(text: str, what: str) -> Rejection | None:
    try:
        data = json.loads(text)
    except ValueError:
        return Rejection(400, f"{what} is not JSON")
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        return Rejection(400, f"{what} is not an object with a type")
    event = data.get("event", {})
    has_type = isinstance(event, dict) and isinstance(event.get("type"), str)
    if data["type"] == "event_callback" and not has_type:
        # bolt's own middleware reads event["type"] before any of ours runs
        return Rejection(400, f"{what} is an event callback whose event has no type")
    return None


class Gate:
    """Verifies Slack's signature and refuses replays and malformed bodies before parsing."""

    def __init__(
        self, signing_secret: str, remember: Remember, *, clock: Callable[[], float] = time.time
    ) -> None:
        self._secret = signing_secret.encode()
        self._remember = remember
        self._clock = clock

    def __repr__(self) -> str:
        return "Gate(signing_secret=**********)"

    def _signature(self, headers: Mapping[str, str], body: bytes, now: float) -> Rejection | None:
        timestamp = _header(headers, "x-slack-request-timestamp")
        signature = _header(headers, "x-slack-signature")
        if not timestamp or not signature:
            return Rejection(401, "no Slack signature headers")
        if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
            return Rejection(400, "X-Slack-Request-Timestamp is not a number")
        if abs(now - int(timestamp)) > MAX_AGE_SECONDS:
            return Rejection(401, "stale timestamp (more than five minutes from now)")
        base = b"v0:" + timestamp.encode() + b":" + body
        expected = "v0=" + hmac.new(self._secret, base, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
            return Rejection(401, "invalid signature")
        return None

    async def check(self, body: bytes, headers: Mapping[str, str]) -> Rejection | None:
        """None when the request may go on to bolt; otherwise why not."""
        if len(body) > MAX_BODY_BYTES:
            return Rejection(413, f"body of {len(body)} bytes is over {MAX_BODY_BYTES}")
        now = self._clock()
        refused = self._signature(headers, body, now)
        if refused is not None:
            return refused
        signature = _header(headers, "x-slack-signature") or ""
        timestamp = _header(headers, "x-slack-request-timestamp") or ""
        key = hashlib.sha256(f"{timestamp}:{signature}".encode()).hexdigest()
        try:
            first = await self._remember(key, now, REPLAY_MEMORY_SECONDS)
        except Exception as exc:  # fail closed: a replay could not be told from a first use
            problem = type(exc).__name__
            return Rejection(503, f"the store does not answer ({problem}), so replays cannot be checked")
        if not first:
            return Rejection(401, "replayed request (this signature was already used)")
        return _shape(body, _header(headers, "content-type") or "")
