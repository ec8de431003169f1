"""Form fields generated from an operation's input model.

The TUI's forms and the Slack bot's `key=value` arguments and modals are built from these specs,
so both validate the same way. Nested groups (the contact's phone) are flattened to unique names
(`phone_number`) and nested back by `nest()` before validation. A list field (phone numbers, ids)
is typed as one text, split on commas, spaces or new lines, and checked item by item.

`field_errors()` and `input_errors()` turn pydantic's errors into the readable words every front end
shows ("up to 48 characters", "digits only ..."), taken from core.limits where the limit is known.
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

from core.limits import Limit, words_for_pattern
from core.models import Limited
from core.operations import Operation

FieldKind = Literal["text", "bool", "int", "list"]
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
    """The row of core.limits that checks this field (for a list: how many items), when one does."""
    item: Limit | None = None
    """For a list field: the row each item is checked against."""
    target: bool = False
    """This field names the record the operation acts on (a path id, or a list's name)."""

    @property
    def is_id(self) -> bool:
        """Path parameters are ids (contact list id, contact id); so is a name that addresses a record
        (a list of ids, as Delete Bulk Contacts takes, is typed as a list field instead)."""
        return self.location == "path" or (self.target and self.kind != "list")

    @property
    def limit_text(self) -> str:
        """The limit in a few words, shown next to the field (a range too wide to matter, like
        `skip`'s nine digits, is left out). An id's length bound only guards against nonsense, and
        its help already says its shape (`cl-...`, 24 hex characters), so it shows none."""
        if self.is_id:
            return ""
        if self.max_length is not None and self.min_length:
            return f"{self.min_length}-{self.max_length} characters"
        if self.max_length is not None:
            return f"up to {self.max_length} characters"
        if self.ge is not None and self.le is not None and self.le < _WIDE_RANGE:
            return f"{self.ge}-{self.le}"
        if self.kind == "list":
            count = f"up to {self.limit.max}, " if self.limit is not None and self.limit.max else ""
            each = f"each {self.item.readable}; " if self.item is not None and self.item.readable else ""
            return f"{each}{count}separated by commas, spaces or new lines"
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
    op: Operation, model: type[BaseModel], prefix: tuple[str, ...], group: str | None, needed: bool = True
) -> Iterator[FieldSpec]:
    """`needed`: the group holding these fields is required (a new contact's phone), so its own
    required fields are too; in an optional group (an update's phone) none is."""
    for name, info in model.model_fields.items():
        base, metadata = _unwrap(info.annotation)
        metadata = metadata + list(info.metadata)
        if isinstance(base, type) and issubclass(base, BaseModel):
            label = info.description or _label(name)
            yield from _walk(op, base, (*prefix, name), label, needed and info.is_required())
            continue
        constraints = _constraints(metadata)
        kind: FieldKind = "bool" if base is bool else "int" if base is int else "text"
        if get_origin(base) is list:
            kind = "list"
            _, item_metadata = _unwrap(get_args(base)[0] if get_args(base) else str)
            constraints = {
                "limit": constraints.get("limit"),
                "item": _constraints(item_metadata).get("limit"),
            }
        yield FieldSpec(
            name=name,
            path=(*prefix, name),
            label=_label(name),
            help=info.description or "",
            kind=kind,
            required=info.is_required() and needed,
            default=None if info.is_required() else info.get_default(call_default_factory=True),
            location=_location(op, name) if not prefix else "body",
            group=group,
            target=not prefix and name == op.target_field,
            **constraints,
        )


def fields_of(op: Operation) -> list[FieldSpec]:
    """The operation's inputs, path parameters first, then query, then body (nested flattened)."""
    order = {"path": 0, "query": 2, "body": 1}
    specs = list(_walk(op, op.input_model, (), None))
    return sorted(specs, key=lambda spec: order[spec.location])


_SEPARATORS = re.compile(r"[\s,]+")


def split_items(text: str) -> list[str]:
    """The values of a list field typed as text: separated by commas, spaces or new lines."""
    return [item for item in _SEPARATORS.split(text) if item]


def _coerce(spec: FieldSpec, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text == "" and not spec.required:
        return None
    if spec.kind == "list":
        return split_items(text)
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
_ITEM_VALUE_MAX = 24


@dataclass(frozen=True)
class FieldError:
    """One readable problem with one input: `phone_numbers[3]: digits only ... (got "98x1")`."""

    name: str
    """The flat field name, as forms and Slack arguments name it ('' for the input as a whole)."""
    message: str
    item: int | None = None
    """The position of the offending item in a list field (0 is the first)."""
    part: str = ""
    """Inside an item given as an object: the key at fault (`firstName`)."""

    @property
    def where(self) -> str:
        where = self.name if self.item is None else f"{self.name}[{self.item}]"
        return f"{where}.{self.part}" if self.part else where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def _characters(count: int) -> str:
    return "1 character" if count == 1 else f"{count} characters"


def readable(error: Mapping[str, Any]) -> str:
    """One pydantic error in words a person can act on; limits come from the error's own context,
    and a pattern is named by the rule core.limits gives it ("digits only ...")."""
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return "required"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind in ("bool_type", "bool_parsing"):
        return "use true or false"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "a whole number"
    if kind == "greater_than_equal":
        return f"at least {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"at most {ctx.get('le')}"
    if kind == "string_type":
        return "must be text"
    if kind == "string_too_long":
        got = f" (got {len(value)})" if isinstance(value, str) else ""
        return f"up to {_characters(int(ctx.get('max_length', 0)))}{got}"
    if kind == "string_too_short":
        if isinstance(value, str) and value == "":
            return "required"
        minimum = int(ctx.get("min_length", 1))
        return "must not be blank" if minimum == 1 else f"at least {_characters(minimum)}"
    if kind == "string_pattern_mismatch":
        return words_for_pattern(str(ctx.get("pattern", ""))) or "not in the expected format"
    if kind == "too_long":
        return f"at most {ctx.get('max_length')} items (got {ctx.get('actual_length')})"
    if kind == "too_short":
        return f"at least {ctx.get('min_length')} item(s)"
    if kind == "list_type":
        return "a list of values separated by commas, spaces or new lines"
    return _PREFIX.sub("", str(error.get("msg", "")))


def input_errors(exc: pydantic.ValidationError) -> list[FieldError]:
    """Every problem of a failed validation, readable, in the model's field order."""
    found: list[FieldError] = []
    for error in exc.errors():
        loc = list(error["loc"])
        at = max((i for i, part in enumerate(loc) if isinstance(part, int)), default=None)
        head = loc if at is None else loc[:at]
        names = [part for part in head if isinstance(part, str)]
        name = names[-1] if names else ""
        item = None if at is None else int(loc[at])
        part = ".".join(str(piece) for piece in loc[at + 1 :]) if at is not None else ""
        message = readable(error)
        value = error.get("input")
        if item is not None and isinstance(value, str):
            shown = value if len(value) <= _ITEM_VALUE_MAX else value[: _ITEM_VALUE_MAX - 1] + "…"
            message = f'{message} (got "{shown}")'
        found.append(FieldError(name, message, item, part))
    return found


def field_errors(exc: pydantic.ValidationError) -> dict[str, str]:
    """Flat field name -> one readable line (the first problem of each field); errors not tied to
    a field are under ''. A list item's line names the item: `phone_numbers[3]: digits only`."""
    errors: dict[str, str] = {}
    for error in input_errors(exc):
        errors.setdefault(error.name, error.message if error.item is None else str(error))
    return errors
