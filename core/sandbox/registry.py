"""Which sandbox handler answers which catalog operation.

A handler is registered with `@handles("<operation key>")`; the sandbox's routes and its OpenAPI
document are then built from the catalog entry (method, path template, needs_iid), so a handler
never restates a path. What the sandbox answers beyond the catalog (Get All Contact Lists also
takes POST, per the decisions table) is data here too: `@handles(key, also=("POST",))`.

    class SandboxApi:
        @handles("contact.delete")
        async def delete_contact(self, request: Request) -> Response:
            contact_id = request.path_params["contact_id"]  # the catalog's path template name
            ...

A handler may also be a module-level `async def handler(api, request)` in a module listed in
HANDLER_MODULES. tests/sandbox/test_routes.py fails while a catalog operation has no handler.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import Response

from core.operations import CATALOG, get_operation

Handler = Callable[[Any, Request], Awaitable[Response]]
"""`handler(api, request)`: `api` is the SandboxApi holding state, verifier and clock."""

H = TypeVar("H", bound=Handler)

EXTRA_METHODS = frozenset({"GET", "POST", "PUT", "DELETE"})


@dataclass(frozen=True)
class Registration:
    """One operation's handler and the methods the sandbox accepts for it besides the catalog's."""

    key: str
    handler: Handler
    also: tuple[str, ...] = ()

    @property
    def methods(self) -> tuple[str, ...]:
        """The catalog's method first, then the extra ones."""
        return (get_operation(self.key).method, *self.also)


REGISTRY: dict[str, Registration] = {}


def handles(key: str, *, also: tuple[str, ...] = ()) -> Callable[[H], H]:
    """Register the decorated coroutine as the sandbox's handler of catalog operation `key`.

    An unknown key, a second handler for one key, or an extra method that is not an HTTP method
    the sandbox serves fails at import, so a typo never reaches a request.
    """
    op = get_operation(key)  # KeyError naming the known keys
    unknown = set(also) - EXTRA_METHODS
    if unknown:
        raise ValueError(f"{key}: unknown extra methods {sorted(unknown)}")
    if op.method in also or len(set(also)) != len(also):
        raise ValueError(f"{key}: extra methods {also} repeat a method ({op.method} is the catalog's)")

    def register(handler: H) -> H:
        if key in REGISTRY and REGISTRY[key].handler is not handler:
            raise ValueError(f"{key} already has a sandbox handler: {REGISTRY[key].handler.__qualname__}")
        REGISTRY[key] = Registration(key, handler, tuple(also))
        return handler

    return register


HANDLER_MODULES: tuple[str, ...] = (
    "core.sandbox.endpoints",
    "core.sandbox.campaigns",
    "core.sandbox.adding",
    "core.sandbox.contacts",
    "core.sandbox.contacts_bulk",
)
"""Modules whose `@handles` functions are the sandbox's handlers; importing one registers them."""


def _load_handlers() -> None:
    for module in HANDLER_MODULES:
        importlib.import_module(module)


def registrations() -> list[Registration]:
    """Every registered handler, in catalog order."""
    _load_handlers()
    return [REGISTRY[key] for key in CATALOG if key in REGISTRY]


def missing_handlers() -> list[str]:
    """Catalog operations the sandbox has no handler for (a test keeps this empty)."""
    _load_handlers()
    return [key for key in CATALOG if key not in REGISTRY]
