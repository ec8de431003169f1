"""Form fields generated from an operation's input model.

The TUI's forms and the Slack bot's `key=value` arguments and modals are built from these specs,
so both validate the same way. Nested groups (the contact's phone) are flattened to unique names
(`phone_number`) and nested back by `nest()` before validation.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
import pydantic
from pydantic import BaseModel, StringConstraints

from core.limits import Limit
from core.models import Limited
from core.operations import Operation

FieldKind = Literal["text", "bool", "int"]
Location = Literal["path", "query", "body"]

_WIDE_RANGE = 1_000_000
_TRUE = {"true", "yes", "y", "on", "1"}
_FALSE = {"false", "no", "n", "off", "0"}


@dataclass(frozen=True)
class FieldSpec:
    """One input of an operation, as a front end shows it."""

    name: str
    path: tuple[str, ...]
    label: str
    help: str
    kind: FieldKind
    required: bool
    default: Any
    location: Location
    group: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    ge: int | None = None
    le: int | None = None
    limit: Limit | None = None
    """The row of core.limits that checks this field, when one does."""

    @property
    def is_id(self) -> bool:
        """Path parameters are ids (contact list id, contact id)."""
        return self.location == "path"

    @property
    def limit_text(self) -> str:
        """The limit in a few words, shown next to the field (a range too wide to matter, like
        `skip`'s nine digits, is left out)."""
        if self.max_length is not None and self.min_length:
            return f"{self.min_length}-{self.max_length} characters"
        if self.max_length is not None:
            return f"up to {self.max_length} characters"
        if self.ge is not None and self.le is not None and self.le < _WIDE_RANGE:
            return f"{self.ge}-{self.le}"
        return ""


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """(base type, constraint metadata) of a field annotation, looking through `X | None`."""
    metadata: list[Any] = []
    if get_origin(annotation) in (Union, types.UnionType):
        annotation = next(arg for arg in get_args(annotation) if arg is not type(None))
    if get_origin(annotation) is Annotated:
        base, *extra = get_args(annotation)
        metadata.extend(extra)
        annotation = base
    return annotation, metadata


def _expand(metadata: list[Any]) -> Iterator[Any]:
    """Metadata with grouped items (StringConstraints, a limits row) opened up; rows kept."""
    for item in metadata:
        if isinstance(item, Limited):
            yield item.row
        if isinstance(item, annotated_types.GroupedMetadata) and not isinstance(item, StringConstraints):
            yield from item
        else:
            yield item


def _constraints(metadata: list[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in _expand(metadata):
        if isinstance(item, Limit):
            found["limit"] = item
        elif isinstance(item, StringConstraints):
            for key in ("min_length", "max_length", "pattern"):
                if getattr(item, key) is not None:
                    found[key] = getattr(item, key)
        elif isinstance(item, annotated_types.MinLen):
            found["min_length"] = item.min_length
        elif isinstance(item, annotated_types.MaxLen):
            found["max_length"] = item.max_length
        elif isinstance(item, annotated_types.Ge):
            found["ge"] = item.ge
        elif isinstance(item, annotated_types.Le):
            found["le"] = item.le
    return found


def _location(op: Operation, name: str) -> Location:
    if name in op.path_fields:
        return "path"
    if name in op.query_fields:
        return "query"
    return "body"


def _walk(
    op: Operation, model: type[BaseModel], prefix: tuple[str, ...], group: str | None
) -> Iterator[FieldSpec]:
    for name, info in model.model_fields.items():
        base, metadata = _unwrap(info.annotation)
        metadata = metadata + list(info.metadata)
        if isinstance(base, type) and issubclass(base, BaseModel):
            yield from _walk(op, base, (*prefix, name), info.description or _label(name))
            continue
        kind: FieldKind = "bool" if base is bool else "int" if base is int else "text"
        yield FieldSpec(
            name=name,
            path=(*prefix, name),
            label=_label(name),
            help=info.description or "",
            kind=kind,
            required=info.is_required() and not prefix,
            default=None if info.is_required() else info.get_default(call_default_factory=True),
            location=_location(op, name) if not prefix else "body",
            group=group,
            **_constraints(metadata),
        )


def fields_of(op: Operation) -> list[FieldSpec]:
    """The operation's inputs, path parameters first, then query, then body (nested flattened)."""
    order = {"path": 0, "query": 2, "body": 1}
    specs = list(_walk(op, op.input_model, (), None))
    return sorted(specs, key=lambda spec: order[spec.location])


def _coerce(spec: FieldSpec, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text == "" and not spec.required:
        return None
    if spec.kind == "bool":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        return text
    return text if spec.kind == "int" else value


def nest(op: Operation, values: Mapping[str, Any]) -> dict[str, Any]:
    """Flat form values (strings from a form or a slash command) to the input model's shape.

    Blank optional values mean "not given"; booleans accept true/false/yes/no. Unknown names are
    kept, so that validation reports them (models forbid extra fields).
    """
    specs = {spec.name: spec for spec in fields_of(op)}
    nested: dict[str, Any] = {}
    for name, raw in values.items():
        spec = specs.get(name)
        if spec is None:
            nested[name] = raw
            continue
        value = _coerce(spec, raw)
        if value is None:
            continue
        target = nested
        for part in spec.path[:-1]:
            target = target.setdefault(part, {})
        target[spec.path[-1]] = value
    return nested


def validate_flat(op: Operation, values: Mapping[str, Any]) -> pydantic.BaseModel:
    """Validate flat form values against the operation's input model (pydantic.ValidationError)."""
    return op.validate(nest(op, values))


_PREFIX = re.compile(r"^(Value error|Assertion failed), ")


def field_errors(exc: pydantic.ValidationError) -> dict[str, str]:
    """Flat field name -> one-line message; errors not tied to a field are under ''."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        loc = [part for part in error["loc"] if isinstance(part, str)]
        name = loc[-1] if loc else ""
        message = _PREFIX.sub("", str(error["msg"]))
        if error["type"] == "extra_forbidden":
            message = "unknown field"
        if error["type"] == "bool_type":
            message = "use true or false"
        errors.setdefault(name, message)
    return errors
