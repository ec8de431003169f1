"""Assembles the sandbox ASGI app: routes from the catalog, shared objects, JSON answers for unknown paths."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.operations import V1
from core.sandbox.auth import Verifier
from core.sandbox.config import SandboxConfig
from core.sandbox.endpoints import SandboxApi
from core.sandbox.errors import ApiError, SafeJSONResponse, shorten
from core.sandbox.openapi import build_openapi
from core.sandbox.ratelimit import RateLimiter
from core.sandbox.rawpath import RawPathRouting
from core.sandbox.routes import api_routes
from core.sandbox.store import SandboxStore


def create_app(
    config: SandboxConfig | None = None,
    *,
    clock: Callable[[], float] = time.monotonic,
    wall_clock: Callable[[], float] = time.time,
) -> Starlette:
    """Build a sandbox; `clock` drives the rate limit and `wall_clock` token expiry and timestamps.

    Raises StateFileError when the configured state file cannot be used.
    """
    config = config or SandboxConfig()
    store = SandboxStore.open(
        config.state_file,
        seed=config.seed,
        account_id=config.account_id,
        app_id=config.app_id,
        reset=config.reset_state,
    )
    verifier = Verifier(config, wall_clock, store)
    limiter = RateLimiter(config.rate_limit, clock)
    api = SandboxApi(config, store, verifier, limiter, wall_clock)
    app = Starlette(
        routes=[*_service_routes(config), *api_routes(api)],
        exception_handlers={HTTPException: _http_error},
        middleware=[Middleware(RawPathRouting)],
    )
    app.state.sandbox = store
    app.state.config = config
    app.state.verifier = verifier
    app.state.limiter = limiter
    app.state.api = api
    return app


def _service_routes(config: SandboxConfig) -> list[Route]:
    """`/` says what this is and where the API starts; `/openapi.json` describes the API."""
    openapi_document: dict[str, Any] = {}

    async def openapi(_: Request) -> Response:
        if not openapi_document:  # built on first use: it is most of a sandbox's start-up cost
            openapi_document.update(build_openapi(config))
        return SafeJSONResponse(openapi_document)

    async def index(_: Request) -> Response:
        return SafeJSONResponse(
            {
                "service": "kore-sandbox",
                "apiBase": V1.format(app_id=config.app_id),
                "openapi": "/openapi.json",
            }
        )

    return [Route("/", index, methods=["GET"]), Route("/openapi.json", openapi, methods=["GET"])]


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own 404 and 405 (and other HTTP errors) in Kore.ai's error body."""
    if isinstance(exc, HTTPException) and exc.status_code == 405:
        error = ApiError(
            405,
            f"Method {request.method} not allowed on {shorten(request.url.path)}",
            405,
            headers=dict(exc.headers or {}),
        )
    elif isinstance(exc, HTTPException) and exc.status_code != 404:
        error = ApiError(exc.status_code, str(exc.detail), exc.status_code, headers=dict(exc.headers or {}))
    else:
        error = ApiError(404, f"No such endpoint: {request.method} {shorten(request.url.path)}", 404)
    return error.response()
