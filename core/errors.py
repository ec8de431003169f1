"""Typed errors. `str(error)` is one line a person can act on: what was called, what came back,
what to do. No error text ever includes a secret: messages are built from the operation, the
status and the server's own message, never from request headers."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from core.limits import limit

if TYPE_CHECKING:
    import httpx

_BODY_LIMIT = 4000


class KoreError(Exception):
    """Base of every error core raises."""

    status: int | None = None
    """The HTTP status Kore.ai answered with; None when no answer came (or nothing was sent)."""


class ConfigError(KoreError):
    """A setting is missing or malformed; the message names it and where it can be set."""


class InvalidInputError(KoreError, ValueError):
    """Input broke a documented limit before anything was sent."""

    def __init__(self, operation: str, field: str, message: str, errors: Sequence[Mapping[str, Any]]) -> None:
        self.operation = operation
        self.field = field
        self.message = message
        self.errors = errors
        super().__init__(f"{operation}: {field}: {message}" if field else f"{operation}: {message}")


class KoreConnectionError(KoreError):
    """Kore.ai could not be reached (DNS, refused, reset)."""


class KoreTimeoutError(KoreConnectionError):
    """Kore.ai did not answer in time."""


class KoreResponseError(KoreError):
    """Kore.ai answered success but with a body that does not match the documented shape."""

    def __init__(self, message: str, *, status: int, body: str) -> None:
        self.status = status
        self.body = body
        super().__init__(message)


class KoreAPIError(KoreError):
    """Kore.ai answered with an error status. `scope` is the API scope the operation needs
    (from the catalog), so 401 and 403 hints can name it."""

    hint = ""

    def __init__(
        self,
        *,
        status: int,
        message: str,
        operation: str,
        code: int | None = None,
        field: str | None = None,
        body: str = "",
        retry_after: float | None = None,
        scope: str | None = None,
    ) -> None:
        self.status: int = status
        self.message = message
        self.operation = operation
        self.code = code
        self.field = field
        self.body = body
        self.retry_after = retry_after
        self.scope = scope
        super().__init__(self._line())

    def advice(self) -> str:
        """What to do about it (the class's hint; 401 and 403 name the scope)."""
        return self.hint

    def _line(self) -> str:
        """`<call> -> <status>: <server's text> (Kore code N). <advice>`: the server's words as sent,
        only its line breaks made spaces, so the message stays one line."""
        line = f"{self.operation} -> {self.status}: {' '.join(self.message.split())}"
        if self.code is not None and self.code != self.status:
            line += f" (Kore code {self.code})"
        if not line.endswith((".", "!", "?")):
            line += "."
        advice = self.advice()
        return f"{line} {advice}" if advice else line


class ValidationError(KoreAPIError):
    hint = "Fix the field named above and submit again."


class StatusRefusedError(ValidationError):
    """A 400 naming a field the call sets itself (a campaign start's `trigger` or `campaignType`):
    no input of the caller is wrong; the record as it is now (its status, its kind) rules it out."""

    hint = "Nothing was changed: Kore.ai refuses this call for the record as it is now (see why above)."


class AuthenticationError(KoreAPIError):
    hint = (
        "Check KORE_CLIENT_ID / KORE_CLIENT_SECRET (or KORE_JWT), KORE_APP_ID and KORE_ACCOUNT_ID, "
        "and that the app has the API scope this call needs."
    )

    def advice(self) -> str:
        if not self.scope:
            return self.hint
        return (
            "Check KORE_CLIENT_ID / KORE_CLIENT_SECRET (or KORE_JWT), KORE_APP_ID and KORE_ACCOUNT_ID, "
            f"and that the app has the {self.scope} API scope."
        )


class PermissionDeniedError(KoreAPIError):
    hint = (
        "The app's API scopes do not allow this call: add the scope in App Settings > Dev Tools and publish."
    )

    def advice(self) -> str:
        if not self.scope:
            return self.hint
        return (
            f"This call needs the {self.scope} API scope: add it to the app in App Settings > Dev Tools "
            "and publish."
        )


class NotFoundError(KoreAPIError):
    hint = "Check the id; the list operations show the ids that exist."


class ConflictError(KoreAPIError):
    hint = "Pick another value; this one is already taken."


class RateLimitError(KoreAPIError):
    """Over the account's rate budget. `per_minute` is the budget the client was configured with
    (KORE_RATE_LIMIT_PER_MINUTE); None means the limits table's documented one."""

    def __init__(self, *, per_minute: int | None = None, **details: Any) -> None:
        self.per_minute = per_minute  # before the base class builds the message from advice()
        super().__init__(**details)

    def advice(self) -> str:
        documented = limit("account.requests_per_minute").max
        per_minute = self.per_minute or documented
        source = "Kore.ai allows" if per_minute == documented else "this account is set to"
        return f"{source} {per_minute} requests per minute; wait a moment and try again."


class ServerError(KoreAPIError):
    hint = "Kore.ai had a problem; try again in a moment."


_STATUS_ERRORS: dict[int, type[KoreAPIError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: ValidationError,
    429: RateLimitError,
}


# The two rate-limit texts Kore.ai documents; either one in any 4xx/5xx body is a rate limit,
# whatever the status (the docs name no status code). Matched on their distinctive phrase.
RATE_LIMIT_TEXTS = (
    "You've exceeded the per-minute rate limit. Please wait for sometime before retrying.",
    "Rate limit for this API has been reached. Please try again after some time.",
)
_RATE_LIMIT_PHRASES = ("exceeded the per-minute rate limit", "rate limit for this api has been reached")


def is_rate_limit_text(text: str) -> bool:
    """True when a reply body carries one of the documented rate-limit messages."""
    folded = " ".join(text.replace("\u2019", "'").casefold().split())
    return any(phrase in folded for phrase in _RATE_LIMIT_PHRASES)


def _text_of_html(text: str) -> str:
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S)
    found = title.group(1) if title else re.sub(r"<[^>]+>", " ", text)
    return " ".join(html.unescape(found).split())


def parse_error_body(text: str) -> tuple[str, int | None, str | None]:
    """(message, Kore code, field) from an error body: `errors[].msg`, else `message`, else text."""
    try:
        data: Any = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        errors = data.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            first = errors[0]
            msgs = [str(e.get("msg") or e.get("message") or "") for e in errors if isinstance(e, dict)]
            message = "; ".join(m for m in msgs if m) or "no message"
            code = first.get("code") if isinstance(first.get("code"), int) else None
            field = first.get("field") if isinstance(first.get("field"), str) else None
            return message, code, field
        for key in ("message", "msg", "error"):
            if isinstance(data.get(key), str) and data[key]:
                return data[key], None, None
    stripped = text.strip()
    if not stripped:
        return "empty reply", None, None
    if stripped.startswith("<"):
        found = _text_of_html(stripped)
        return (f"non-JSON reply: {found[:160]}" if found else "non-JSON (HTML) reply"), None, None
    return " ".join(stripped.split())[:200], None, None


def error_from_response(
    response: httpx.Response,
    operation: str,
    *,
    scope: str | None = None,
    per_minute: int | None = None,
    fixed: Collection[str] = (),
) -> KoreAPIError:
    """The typed error for a non-2xx response (one place maps statuses to classes); `scope` is
    the API scope of the operation (`Operation.scope`), named in 401 and 403 hints; `per_minute`
    the configured rate budget, named in a rate limit's hint; `fixed` the fields the call sets
    itself (`Operation.fixed_query`): a 400 naming one is a StatusRefusedError."""
    text = response.text
    message, code, field = parse_error_body(text)
    status = response.status_code
    cls = _STATUS_ERRORS.get(status) or (ServerError if status >= 500 else KoreAPIError)
    if cls is ValidationError and field is not None and field in fixed:
        cls = StatusRefusedError
    if status >= 400 and is_rate_limit_text(text):
        cls = RateLimitError
    retry_after = parse_retry_after(response.headers.get("retry-after"))
    extra: dict[str, Any] = {"per_minute": per_minute} if cls is RateLimitError else {}
    return cls(
        status=status,
        message=message,
        operation=operation,
        code=code,
        field=field,
        body=text[:_BODY_LIMIT],
        retry_after=retry_after,
        scope=scope,
        **extra,
    )


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


class AmbiguousCreateError(KoreError):
    """A create failed in a way that may have reached Kore.ai, and the client looked it up after.

    `safe_to_resend` says whether sending it again can make a duplicate; `cause` is the failure.
    """

    safe_to_resend = False

    def __init__(self, message: str, *, operation: str, name: str, cause: KoreError) -> None:
        self.operation = operation
        self.name = name
        self.cause = cause
        self.status = cause.status
        super().__init__(message)


class NotCreatedError(AmbiguousCreateError):
    """The lookup after an ambiguous create found no such list: it was not created."""

    safe_to_resend = True


class CreateOutcomeUnknownError(AmbiguousCreateError):
    """The lookup after an ambiguous create failed too: the list may or may not exist."""
