"""The one place that knows the Kore.ai API: catalog, models, settings, auth, client, sandbox."""

from core.client import CallResult, KoreClient, PreparedCall
from core.errors import (
    AuthenticationError,
    ConfigError,
    ConflictError,
    InvalidInputError,
    KoreAPIError,
    KoreConnectionError,
    KoreError,
    KoreResponseError,
    KoreTimeoutError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from core.operations import CATALOG, OPERATIONS, Operation, Resource, get_operation
from core.settings import KoreSettings, load_settings

__all__ = [
    "CATALOG",
    "OPERATIONS",
    "AuthenticationError",
    "CallResult",
    "ConfigError",
    "ConflictError",
    "InvalidInputError",
    "KoreAPIError",
    "KoreClient",
    "KoreConnectionError",
    "KoreError",
    "KoreResponseError",
    "KoreSettings",
    "KoreTimeoutError",
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
