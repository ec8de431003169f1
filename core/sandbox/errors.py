"""Error bodies in the `{"errors": [{"msg", "code"}]}` shape, and a JSON response that cannot fail."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import JSONResponse

from core.errors import RATE_LIMIT_TEXTS

INVALID_CREDENTIALS = "Invalid SDK credentials"
RATE_LIMITED = RATE_LIMIT_TEXTS[0]  # the text the rate-limit page documents; it names no status code
UNAVAILABLE = "Service temporarily unavailable"


class SafeJSONResponse(JSONResponse):
    """Like JSONResponse, but text that cannot be UTF-8 encoded (lone surrogates) is escaped, not a crash."""

    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except UnicodeEncodeError:
            return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode(
                "ascii"
            )


class ApiError(Exception):
    """Raised by handlers and checks; becomes an error response."""

    def __init__(
        self,
        status_code: int,
        msg: str,
        code: int | None = None,
        *,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(msg)
        self.status_code = status_code
        self.msg = msg
        self.code = status_code if code is None else code
        self.field = field
        self.headers = headers

    def response(self) -> SafeJSONResponse:
        error: dict[str, Any] = {"msg": self.msg, "code": self.code}
        if self.field is not None:
            error["field"] = self.field
        return SafeJSONResponse({"errors": [error]}, status_code=self.status_code, headers=self.headers)


def unauthorized() -> ApiError:
    return ApiError(401, INVALID_CREDENTIALS, 4002)


def rate_limited(retry_after: int | None) -> ApiError:
    """429 with the documented text; `Retry-After` only when asked for (Kore.ai documents none)."""
    headers = None if retry_after is None else {"Retry-After": str(retry_after)}
    return ApiError(429, RATE_LIMITED, 429, headers=headers)


def bad_request(field: str, problem: str) -> ApiError:
    """400 whose msg starts with the field path, so a user can tell what to fix."""
    return ApiError(400, f"{field}: {problem}", 400, field=field)


def not_found(what: str, ident: str) -> ApiError:
    return ApiError(404, f"{what} {shorten(ident)} not found", 404)


def shorten(text: str, limit: int = 80) -> str:
    """Keep echoed client input short, so a megabyte-long id does not come back in the error."""
    return text if len(text) <= limit else text[:limit] + "..."
