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
from core.sandbox.errors import ApiError, bad_request
from core.sandbox.rawpath import decoded_params
from core.sandbox.registry import registrations
from core.sandbox.v2 import v2_endpoint

Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class ServedMethod:
    """One (method, path) the sandbox answers, and the catalog operation behind it."""

    method: str
    path: str
    operation: Operation
    version: int = 1
    """2: the operation's v2 twin (its `v2_path`), answered by the same handler in v2 shape."""


def served_methods() -> list[ServedMethod]:
    """Every (method, path) the API routes answer, in catalog order: the catalog's, then the extras,
    then the v2 twins (§6.8) of the operations that have one."""
    registered = {registration.key: registration for registration in registrations()}
    served: list[ServedMethod] = []
    for op in OPERATIONS:
        methods = registered[op.key].methods if op.key in registered else (op.method,)
        served.extend(ServedMethod(method, op.path, op) for method in methods)
    for op in OPERATIONS:
        if op.v2_path is not None:
            methods = registered[op.key].methods if op.key in registered else (op.method,)
            served.extend(ServedMethod(method, op.v2_path, op, version=2) for method in methods)
    return served


def _unhandled(key: str) -> Endpoint:
    async def endpoint(_: Request) -> Response:
        raise ApiError(501, f"The sandbox has no handler for {key} yet", 501)

    return endpoint


def _path_params(path: str) -> int:
    return path.count("{")


def selectors(operations: list[Operation]) -> dict[str, tuple[str, ...]]:
    """The fixed query parameters that tell operations sharing one method and path apart, with their values.

    `.../status?view=status` and `?view=contacts` share POST and a path: `view` picks the operation.
    Operations that cannot be told apart this way are a catalog error.
    """
    if len(operations) < 2:
        return {}
    keys = {key for op in operations for key in op.fixed_query}
    chosen = {
        key: tuple(op.fixed_query.get(key, "") for op in operations)
        for key in sorted(keys)
        if len({op.fixed_query.get(key) for op in operations}) > 1
    }
    signatures = {tuple(op.fixed_query.get(key) for key in chosen) for op in operations}
    if not chosen or len(signatures) != len(operations):
        names = ", ".join(op.key for op in operations)
        raise ValueError(
            f"{names} share {operations[0].method} {operations[0].path} and no fixed query tells them apart"
        )
    return chosen


def _selecting(api: SandboxApi, candidates: list[tuple[Operation, Endpoint]]) -> Endpoint:
    """One endpoint for operations sharing a method and path, choosing by their selecting query parameters."""
    if len(candidates) == 1:
        return candidates[0][1]
    chosen = selectors([op for op, _ in candidates])

    async def refuse(request: Request) -> Response:
        key, values = next(iter(chosen.items()))
        raise bad_request(key, f"must be one of {', '.join(values)} (query parameter)")

    refusal = api.guarded(refuse)  # credentials and the rate limit come first, as for any request

    async def endpoint(request: Request) -> Response:
        for op, chosen_endpoint in candidates:
            if all(request.query_params.get(key) == op.fixed_query.get(key) for key in chosen):
                return await chosen_endpoint(request)
        return await refusal(request)

    return endpoint


def api_routes(api: SandboxApi) -> list[Route]:
    """Routes for every catalog operation; one without a registered handler answers 501."""
    handlers = {registration.key: registration.handler for registration in registrations()}
    by_path: dict[str, dict[str, list[tuple[Operation, Endpoint]]]] = {}
    for served in served_methods():
        key = served.operation.key
        handler = partial(handlers[key], api) if key in handlers else _unhandled(key)
        endpoint = api.guarded(handler)
        if served.version == 2:
            endpoint = v2_endpoint(endpoint)
        by_path.setdefault(served.path, {}).setdefault(served.method, []).append((served.operation, endpoint))
    routes: dict[str, dict[str, Endpoint]] = {}
    for path, methods in by_path.items():
        endpoints = routes.setdefault(path, {})
        for method, candidates in methods.items():
            endpoints[method] = _selecting(api, candidates)
        if "GET" in endpoints:
            endpoints.setdefault("HEAD", endpoints["GET"])
    paths = sorted(routes, key=_path_params)  # stable: catalog order among equals
    return [_route(path, routes[path]) for path in paths]


def _route(path: str, by_method: dict[str, Endpoint]) -> Route:
    async def dispatch(request: Request) -> Response:
        request.scope["path_params"] = decoded_params(request.path_params)  # matched raw (rawpath.py)
        return await by_method[request.method](request)

    name = "/".join(part for part in path.split("/") if part and "{" not in part)
    return Route(path, dispatch, methods=list(by_method), name=name)
