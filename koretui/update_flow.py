"""Update forms start from the record's current values and show what will change before sending.

Headless (no Textual). The current values come from the record as last read; each is offered in
the form only when it passes the field's own check (a stored phone `+442079460101` becomes the
digits `2079460101` beside its country code `+44`). Only fields whose value differs from the
current one are sent, so an update never rewrites what the user did not touch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pydantic

from core.fields import FieldSpec, field_errors, fields_of, validate_flat
from core.operations import Operation


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def is_update(op: Operation) -> bool:
    """A partial update of one record: its form can start from the current values."""
    return op.method == "PUT" and op.target_field is not None


def _read(record: Any, path: tuple[str, ...]) -> Any:
    value = record
    for part in path:
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def _as_text(spec: FieldSpec, record: Any) -> str | None:
    value = _read(record, spec.path)
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if spec.path[-1] == "phone_number" and len(spec.path) > 1:
        # Kore stores country code + digits as the number; the form takes the digits alone
        code = str(_read(record, (*spec.path[:-1], "country_code")) or "")
        if code and text.startswith(code):
            text = text[len(code):]
        text = text.removeprefix("+")
    return text


def _valid(op: Operation, spec: FieldSpec, text: str) -> bool:
    try:
        validate_flat(op, {spec.name: text})
    except pydantic.ValidationError as exc:
        return spec.name not in field_errors(exc)
    return True


def current_values(op: Operation, record: Any) -> tuple[dict[str, str], dict[str, str]]:
    """(values to fill in, values only shown as a hint because the field would refuse them)."""
    fill: dict[str, str] = {}
    hints: dict[str, str] = {}
    for spec in fields_of(op):
        if spec.is_id or spec.location != "body":
            continue
        text = _as_text(spec, record)
        if text is None:
            continue
        if _valid(op, spec, text):
            fill[spec.name] = text
        else:
            hints[spec.name] = text
    return fill, hints


def changes(op: Operation, current: Mapping[str, str], values: Mapping[str, Any]) -> dict[str, Change]:
    """Fields whose value differs from the current one (a blank field is 'not given', not a change)."""
    found: dict[str, Change] = {}
    for spec in fields_of(op):
        if spec.is_id or spec.name not in values:
            continue
        new = str(values[spec.name]).strip() if values[spec.name] is not None else ""
        if isinstance(values[spec.name], bool):
            new = "true" if values[spec.name] else "false"
        old = current.get(spec.name, "")
        if new and new != old:
            found[spec.name] = Change(spec.label, old, new)
    return found
