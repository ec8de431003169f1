"""The sandbox's API routes, built from the catalog's paths and methods and the handler registry.

One Starlette route per path template, dispatching on the method, so a wrong method's 405
lists every method the path accepts. Literal paths come before templated ones, so
`.../contactList/getAllListDetails` is never read as a contact list id.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.operations import OPERATIONS, Operation
from core.sandbox.endpoints import SandboxApi
from core.sandbox.errors import ApiError
from core.sandbox.registry import registrations

Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class ServedMethod:
    """One (method, path) the sandbox answers, and the catalog operation behind it."""

    method: str
    path: str
    operation: Operation


def served_methods() -> list[ServedMethod]:
    """Every (method, path) the API routes answer, in catalog order: the catalog's, then the extras."""
    registered = {registration.key: registration for registration in registrations()}
    served: list[ServedMethod] = []
    for op in OPERATIONS:
        methods = registered[op.key].methods if op.key in registered else (op.method,)
        served.extend(ServedMethod(method, op.path, op) for method in methods)
    return served


def _unhandled(key: str) -> Endpoint:
    async def endpoint(_: Request) -> Response:
        raise ApiError(501, f"The sandbox has no handler for {key} yet", 501)

    return endpoint


def _path_params(path: str) -> int:
    return path.count("{")


def api_routes(api: SandboxApi) -> list[Route]:
    """Routes for every catalog operation; one without a registered handler answers 501."""
    handlers = {registration.key: registration.handler for registration in registrations()}
    by_path: dict[str, dict[str, Endpoint]] = {}
    for served in served_methods():
        key = served.operation.key
        handler = partial(handlers[key], api) if key in handlers else _unhandled(key)
        endpoint = api.guarded(handler)
        methods = by_path.setdefault(served.path, {})
        if served.method in methods:
            raise ValueError(f"two sandbox handlers for {served.method} {served.path}")
        methods[served.method] = endpoint
        if served.method == "GET":
            methods.setdefault("HEAD", endpoint)
    paths = sorted(by_path, key=_path_params)  # stable: catalog order among equals
    return [_route(path, by_path[path]) for path in paths]


def _route(path: str, by_method: dict[str, Endpoint]) -> Route:
    async def dispatch(request: Request) -> Response:
        return await by_method[request.method](request)

    name = "/".join(part for part in path.split("/") if part and "{" not in part)
    return Route(path, dispatch, methods=list(by_method), name=name)
