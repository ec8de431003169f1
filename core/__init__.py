"""The one place that knows the Kore.ai API: catalog, models, settings, auth, client, sandbox.

Names are loaded on first use (PEP 562), so `import core.operations` does not pay for httpx,
PyJWT and pydantic-settings: the TUI's first frame needs only the catalog.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "CallResult": "core.client",
    "KoreClient": "core.client",
    "PreparedCall": "core.client",
    "AmbiguousCreateError": "core.errors",
    "AuthenticationError": "core.errors",
    "ConfigError": "core.errors",
    "ConflictError": "core.errors",
    "CreateOutcomeUnknownError": "core.errors",
    "InvalidInputError": "core.errors",
    "KoreAPIError": "core.errors",
    "KoreConnectionError": "core.errors",
    "KoreError": "core.errors",
    "KoreResponseError": "core.errors",
    "KoreTimeoutError": "core.errors",
    "NotCreatedError": "core.errors",
    "NotFoundError": "core.errors",
    "PermissionDeniedError": "core.errors",
    "RateLimitError": "core.errors",
    "ServerError": "core.errors",
    "ValidationError": "core.errors",
    "CATALOG": "core.operations",
    "OPERATIONS": "core.operations",
    "Operation": "core.operations",
    "Resource": "core.operations",
    "get_operation": "core.operations",
    "KoreSettings": "core.settings",
    "load_settings": "core.settings",
}

__all__ = [
    "CATALOG",
    "OPERATIONS",
    "AmbiguousCreateError",
    "AuthenticationError",
    "CallResult",
    "ConfigError",
    "ConflictError",
    "CreateOutcomeUnknownError",
    "InvalidInputError",
    "KoreAPIError",
    "KoreClient",
    "KoreConnectionError",
    "KoreError",
    "KoreResponseError",
    "KoreSettings",
    "KoreTimeoutError",
    "NotCreatedError",
    "NotFoundError",
    "Operation",
    "PermissionDeniedError",
    "PreparedCall",
    "RateLimitError",
    "Resource",
    "ServerError",
    "ValidationError",
    "get_operation",
    "load_settings",
]

if TYPE_CHECKING:
    from core.client import CallResult, KoreClient, PreparedCall
    from core.errors import (
        AmbiguousCreateError,
        AuthenticationError,
        ConfigError,
        ConflictError,
        CreateOutcomeUnknownError,
        InvalidInputError,
        KoreAPIError,
        KoreConnectionError,
        KoreError,
        KoreResponseError,
        KoreTimeoutError,
        NotCreatedError,
        NotFoundError,
        PermissionDeniedError,
        RateLimitError,
        ServerError,
        ValidationError,
    )
    from core.operations import CATALOG, OPERATIONS, Operation, Resource, get_operation
    from core.settings import KoreSettings, load_settings


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'core' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
