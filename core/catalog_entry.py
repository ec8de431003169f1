"""What one catalog entry is (`Operation`), the resources and the services' path prefixes.

Kept apart from the entries (core/operations.py, core/catalog_campaigns.py) so that entry modules
can import it without a cycle; import these names from core.operations as before.
"""

from __future__ import annotations

import enum
import string
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from core import models

HttpMethod = Literal["GET", "POST", "PUT", "DELETE"]
BodyShape = Literal["object", "one_in_array", "array"]


class Resource(enum.Enum):
    """What an operation acts on; groups operations in the TUI sidebar and Slack commands."""

    CONTACT_LIST = ("contact_list", "Contact lists", "lists")
    CONTACT = ("contact", "Contacts", "contacts")
    CAMPAIGN = ("campaign", "Campaigns", "campaigns")

    def __init__(self, key: str, label: str, command: str) -> None:
        self.key = key
        self.label = label
        self.command = command


V1 = "/agentassist/api/v1/public/{app_id}"
V2 = "/campaign/api/v2/public/{app_id}"
"""The v2 campaign service (§6.8): the contact-list operations when the `api_version` setting is 2."""
CAMPAIGN_V1 = "/campaign/api/v1/public/{app_id}"
"""The campaign service's prefix: starting and stopping a voice campaign live there (§12)."""
PLATFORM = "/api/1.1/public/{app_id}"
"""The platform core's prefix: Add Contacts runs there as a background job (§6.7, no v2 twin)."""


@dataclass(frozen=True)
class StatusRule:
    """The target's statuses in which Kore.ai refuses a call, and why (`is already running`).

    Confirmations warn from it before the click (core/impact.py); the sandbox refuses from it.
    """

    statuses: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Operation:
    """One Kore.ai endpoint and everything a front end needs to offer it."""

    key: str
    resource: Resource
    verb: str
    title: str
    help: str
    method: HttpMethod
    path: str
    input_model: type[models.KoreModel]
    response_model: type[BaseModel]
    noun: str
    method_name: str
    """The KoreClient convenience method that runs this operation (the generic one is `call`)."""
    needs_iid: bool = True
    destructive: bool = False
    scope: str = "Campaign Management"
    fixed_query: Mapping[str, str] = field(default_factory=dict)
    fixed_body: Mapping[str, Any] = field(default_factory=dict)
    account_in_query: bool = False
    example: Mapping[str, str] = field(default_factory=dict)
    reads: bool = False
    """A POST that only reads (the campaign reads take their filters and paging in a body)."""
    target: str | None = None
    """The input naming the one record acted on when no path field does (a list's name)."""
    v2_path: str | None = None
    """The same operation on the v2 service (§6.8), used when the `api_version` setting is 2; v2
    paths also carry `?accountId=`. None: the operation has no v2 twin (Add Contacts)."""
    confirm_word: str = "Delete"
    """The button that confirms a destructive call (`Start` for a campaign start)."""
    consequence: str = "This cannot be undone."
    """What confirming does, said in every front end's question."""
    refused_when: StatusRule | None = None
    """When the target's status makes Kore.ai refuse the call (a start of a running campaign)."""
    body_shape: BodyShape = "object"
    """How the body is laid out: an object of the body fields; that object inside an array (Create a
    Contact takes an array even for one); or the one body field's list itself (Update Bulk Contacts)."""
    form: bool = True
    """False: for scripts and the bulk engine only; the TUI, Slack and `kore` leave it out."""

    def path_for(self, api_version: int) -> str:
        """The path template the client sends to: the v2 twin when asked for and there is one."""
        return self.v2_path if api_version == 2 and self.v2_path is not None else self.path

    @property
    def is_read(self) -> bool:
        return self.method == "GET" or self.reads

    @property
    def path_fields(self) -> tuple[str, ...]:
        """Input fields that fill the path template, in order (app_id comes from settings)."""
        names = [name for _, name, _, _ in string.Formatter().parse(self.path) if name]
        return tuple(name for name in names if name != "app_id")

    @property
    def query_fields(self) -> tuple[str, ...]:
        return tuple(
            name
            for name, info in self.input_model.model_fields.items()
            if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("in") == "query"
        )

    @property
    def body_fields(self) -> tuple[str, ...]:
        if self.method == "GET":
            return ()
        skip = set(self.path_fields) | set(self.query_fields)
        return tuple(name for name in self.input_model.model_fields if name not in skip)

    @property
    def target_field(self) -> str | None:
        """The field naming the one thing this operation acts on (an id in the path, else `target`)."""
        if self.target is not None:
            return self.target
        return self.path_fields[-1] if self.path_fields else None

    @property
    def targets_many(self) -> bool:
        """The target is a list of ids (Delete Bulk Contacts), not one record."""
        info = self.input_model.model_fields.get(self.target_field or "")
        return info is not None and typing.get_origin(info.annotation) is list

    def validate(self, fields: Mapping[str, Any]) -> models.KoreModel:
        """Check inputs against the documented limits; raises pydantic.ValidationError."""
        return self.input_model.model_validate(dict(fields))

    def describe(self, inputs: Mapping[str, Any] | None = None) -> str:
        """'DELETE contact list cl-123': the prefix of every message about this call."""
        target = ""
        if inputs and self.target_field and inputs.get(self.target_field):
            target = f" {target_text(self, inputs[self.target_field])}"
        return f"{self.method} {self.noun}{target}"


def target_items(op: Operation, value: Any) -> list[str]:
    """The records `op`'s target names: one id or name, or several when the target is a list field
    (given as a list, or as text separated by commas, spaces or new lines)."""
    if not op.targets_many:
        text = str(value or "").strip()
        return [text] if text else []
    items = value if isinstance(value, list | tuple) else str(value or "").replace(",", " ").split()
    return [str(item).strip() for item in items if str(item).strip()]


def target_text(op: Operation, value: Any, shown: int = 5) -> str:
    """`cl-1`, or `a, b, c and 4 more` for a target naming several records."""
    items = target_items(op, value)
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more
