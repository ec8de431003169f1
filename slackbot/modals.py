"""Modal forms generated from an operation's fields, and reading a submission back to flat values.

Block ids are `kore_<field>` so a validation error maps straight to
`ack(response_action="errors", errors={block_id: message})`; Slack keeps what the user typed.
The view's private_metadata carries the operation key, channel and response_url, so the result of
a submission goes where the slash command's answer would have gone.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pydantic

from core.fields import FieldSpec, field_errors, fields_of
from core.operations import Operation, get_operation

FORM_CALLBACK = "kore_form"
BLOCK_PREFIX = "kore_"
ACTION = "value"
SLACK_INPUT_MAX = 3000


@dataclass(frozen=True)
class FormContext:
    """What the submission handler needs that the view's state does not hold."""

    op_key: str
    channel_id: str
    response_url: str

    def dump(self) -> str:
        return json.dumps({"op": self.op_key, "channel": self.channel_id, "response_url": self.response_url})

    @classmethod
    def load(cls, text: str) -> FormContext:
        data = json.loads(text or "{}")
        if not isinstance(data, dict):
            raise ValueError("private_metadata is not an object")
        get_operation(str(data.get("op")))  # KeyError for a view that is not ours
        return cls(str(data["op"]), str(data.get("channel", "")), str(data.get("response_url", "")))


TITLE_MAX = 24
"""Slack's limit for a modal's title."""
_FILLER = {"get", "a", "an", "the"}


def modal_title(title: str) -> str:
    """The operation's title within Slack's 24 characters: as it is when it fits, else without
    filler words ("Get Contacts of a Contact List" -> "Contacts of Contact List"), else with "List"
    for a second "Contact List" ("Add Contacts to List"), else cut at a word."""
    if len(title) <= TITLE_MAX:
        return title
    words = [word for word in title.split() if word.lower() not in _FILLER]
    short = " ".join(words)
    if len(short) > TITLE_MAX and "Contact List" in short and short.count("Contact") > 1:
        # "Add Contacts to Contact List" -> "Add Contacts to List": the form says which list
        words = short.replace("Contact List", "List").split()
        short = " ".join(words)
    while len(short) > TITLE_MAX and len(words) > 1:
        words.pop()
        short = " ".join(words) + "…"
    return short[:TITLE_MAX]


def block_id(name: str) -> str:
    return BLOCK_PREFIX + name


def _plain(text: str, limit: int) -> dict[str, Any]:
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return {"type": "plain_text", "text": text}


def _hint(spec: FieldSpec) -> str:
    hint = spec.help or spec.label
    if spec.limit_text and spec.limit_text.split(" ")[0] not in hint:
        hint += f" ({spec.limit_text})"
    return hint


def _element(spec: FieldSpec, initial: str | None) -> dict[str, Any]:
    if spec.kind == "bool" and spec.default is not None:
        option = {"text": _plain(spec.label, 75), "value": "true"}
        element: dict[str, Any] = {"type": "checkboxes", "action_id": ACTION, "options": [option]}
        checked = initial.lower() in ("true", "yes", "1", "on") if initial is not None else bool(spec.default)
        if checked:
            element["initial_options"] = [option]
        return element
    if spec.kind == "bool":
        # Tri-state (an optional update): no choice leaves the value unchanged.
        options = [{"text": _plain("Yes", 75), "value": "true"}, {"text": _plain("No", 75), "value": "false"}]
        element = {
            "type": "static_select",
            "action_id": ACTION,
            "options": options,
            "placeholder": _plain("Leave unchanged", 150),
        }
        for option in options:
            if initial is not None and option["value"] == initial.lower():
                element["initial_option"] = option
        return element
    element = {"type": "plain_text_input", "action_id": ACTION}
    if spec.max_length is not None:
        element["max_length"] = min(spec.max_length, SLACK_INPUT_MAX)
        element["multiline"] = spec.max_length > 100 and not spec.is_id  # an id is one line
    if spec.kind == "list":
        element["multiline"] = True  # one value a line is as good as commas
    if spec.kind == "int" and spec.default is not None:
        element["placeholder"] = _plain(f"{spec.default}", 150)
    if initial:
        element["initial_value"] = initial
    return element


def build_modal(
    op: Operation, context: FormContext, initial: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The modal view for `op`: one input per field, the id first, booleans as checkboxes."""
    initial = initial or {}
    blocks: list[dict[str, Any]] = []
    for spec in fields_of(op):
        blocks.append(
            {
                "type": "input",
                "block_id": block_id(spec.name),
                "label": _plain(spec.label if spec.group is None else f"{spec.group}: {spec.label}", 2000),
                "hint": _plain(_hint(spec), 2000),
                "optional": not spec.required or spec.kind == "bool",
                "element": _element(spec, initial.get(spec.name)),
            }
        )
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "private_metadata": context.dump(),
        "title": _plain(modal_title(op.title), TITLE_MAX),
        "submit": _plain("Continue" if op.destructive else "Run", 24),
        "close": _plain("Cancel", 24),
        "blocks": blocks,
    }


def values_of(op: Operation, state_values: Mapping[str, Any]) -> dict[str, str]:
    """Flat string values from a view_submission's `view.state.values` (blank fields left out)."""
    values: dict[str, str] = {}
    for spec in fields_of(op):
        action = state_values.get(block_id(spec.name), {}).get(ACTION)
        if not isinstance(action, dict):
            continue
        kind = action.get("type")
        if kind == "checkboxes":
            values[spec.name] = "true" if action.get("selected_options") else "false"
        elif kind == "static_select":
            selected = action.get("selected_option")
            if isinstance(selected, dict) and selected.get("value"):
                values[spec.name] = str(selected["value"])
        else:
            text = action.get("value")
            if isinstance(text, str) and text.strip():
                values[spec.name] = text
    return values


def submission_errors(op: Operation, exc: pydantic.ValidationError) -> dict[str, str]:
    """{block_id: message} for `response_action=errors`; errors not tied to a field go on the first
    field the user can change (an id field cannot hold "give at least one field")."""
    specs = fields_of(op)
    names = {spec.name for spec in specs}
    fallback = next((spec.name for spec in specs if not spec.is_id), specs[0].name if specs else "")
    errors: dict[str, str] = {}
    for name, message in field_errors(exc).items():
        target = name if name in names else fallback
        errors.setdefault(block_id(target), message[:150])
    return errors
