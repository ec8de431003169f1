"""Error bodies in the `{"errors": [{"msg", "code"}]}` shape, and a JSON response that cannot fail."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import JSONResponse

INVALID_CREDENTIALS = "Invalid SDK credentials"
RATE_LIMITED = "You have exceeded the per-minute rate limit. Please wait before retrying."
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


def bad_request(field: str, problem: str) -> ApiError:
    """400 whose msg starts with the field path, so a user can tell what to fix."""
    return ApiError(400, f"{field}: {problem}", 400, field=field)


def not_found(what: str, ident: str) -> ApiError:
    return ApiError(404, f"{what} {shorten(ident)} not found", 404)


def shorten(text: str, limit: int = 80) -> str:
    """Keep echoed client input short, so a megabyte-long id does not come back in the error."""
    return text if len(text) <= limit else text[:limit] + "..."
