"""What a call is before it is sent (PreparedCall) and what it returned (CallResult)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel

from core import models
from core.operations import Operation


def encode_segment(value: str) -> str:
    """One path segment, whatever the id holds: `/`, `?`, `#`, `%` and dot-segments are escaped."""
    encoded = quote(value, safe="")
    if encoded in (".", ".."):
        encoded = encoded.replace(".", "%2E")
    return encoded


def shaped(op: Operation, body: dict[str, Any] | None) -> dict[str, Any] | list[Any] | None:
    """The body laid out as the operation sends it (see Operation.body_shape)."""
    if body is None or op.body_shape == "object":
        return body
    if op.body_shape == "one_in_array":
        return [body]
    (only,) = body.values()  # "array": the one body field's list is the body
    return list(only)


@dataclass(frozen=True)
class PreparedCall:
    """A validated call, ready to become an HTTP request (auth is added per attempt)."""

    operation: Operation
    inputs: dict[str, Any]
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    body: dict[str, Any] | list[Any] | None
    """The JSON body: an object, or an array for the operations whose body is one (Operation.body_shape)."""

    @property
    def description(self) -> str:
        return self.operation.describe(self.inputs)


@dataclass(frozen=True)
class CallResult:
    """What one call returned, for front ends that show status, duration and the raw body."""

    operation: Operation
    inputs: dict[str, Any]
    status: int
    elapsed: float
    body: Any
    model: BaseModel
    attempts: int = 1
    records: list[BaseModel] = field(default_factory=list)
    page: models.Page[Any] | None = None
    reconciled: bool = False
    """True when the call failed ambiguously and its outcome was established afterwards (a create
    found by name, a delete whose retry found the record gone: core/reconcile.py)."""
    reconciled_because: str = ""
    """Why the outcome was reconciled, in one line a front end can show."""
