"""Routing on the path as sent, so an id holding `/` stays one segment.

Starlette matches routes on the decoded `path`, where an id `a/b` sent as `a%2Fb` has already
become two segments and the request answered "No such endpoint". The sandbox matches on the raw
path instead and percent-decodes each path parameter once it has matched.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote, unquote

from starlette.types import ASGIApp, Receive, Scope, Send


class RawPathRouting:
    """ASGI middleware: route on `raw_path` (still percent-encoded); see `decoded_params`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = scope.get("raw_path")
            path = quote(scope["path"], safe="/") if raw is None else raw.split(b"?", 1)[0].decode("latin-1")
            scope = {**scope, "path": path}
        await self.app(scope, receive, send)


def decoded_params(params: Mapping[str, str]) -> dict[str, str]:
    """The matched path parameters, each percent-decoded exactly once."""
    return {name: unquote(value) for name, value in params.items()}
