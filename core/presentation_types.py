"""What a presentation entry is (`Column`, `Detail`, `Presentation`) and which record model a
catalog response holds. Kept apart from the entries (core/presentation.py,
core/presentation_campaigns.py) so that entry modules import it without a cycle; import these names
from core.presentation as before.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, RootModel

from core import models
from core.formatting import Read, attr, label, text
from core.operations import OPERATIONS, Operation

# --- what a presentation holds --------------------------------------------------------------------


ColumnRole = Literal["", "id", "name", "count"]


@dataclass(frozen=True)
class Column:
    """One table column: `width` is the minimum that keeps it readable; `grow` columns take spare room.

    `role` marks the column showing the record's id, display name or record count, which one-line
    listings show their own way (`*name* · `id` · 5 records · ...`).
    """

    label: str
    read: Read
    width: int
    grow: bool = False
    role: ColumnRole = ""
    drop: int = 0


@dataclass(frozen=True)
class Detail:
    """One labelled field of the detail view; `path` is the model field (or dotted path) it shows."""

    label: str
    path: str
    read: Read | None = None

    def value(self, record: Any) -> str:
        return (self.read or attr(self.path))(record)


@dataclass(frozen=True)
class Presentation:
    """How one record model is shown and addressed."""

    model: type[BaseModel]
    title: str
    plural: str
    id_field: str
    """The catalog input field that addresses one record of this kind (`contact_list_id`)."""
    name: Read
    columns: tuple[Column, ...]
    details: tuple[Detail, ...]
    """Chosen labels first; `all_details` adds every other model field with a plain label."""
    id_attr: str = "id"
    count: Callable[[Any], int | None] = field(default=lambda record: None)
    """How many records this one holds (a contact list's contacts), when it holds any."""
    used_by: Callable[[Any], tuple[str, ...]] = field(default=lambda record: ())
    """What uses this record (campaigns using a list), by name or id."""
    name_field: str | None = None
    """The catalog input field that addresses a record by its name instead (Add Contacts: the list's)."""
    parts: Callable[[Any], tuple[str, ...]] = field(default=lambda record: ())
    """The records this one draws on, by name (the lists a campaign dials); core/impact.py counts them."""
    parts_read: str | None = None
    """The catalog read that lists those parts (their names and record counts)."""
    status: Callable[[Any], str | None] = field(default=lambda record: None)
    """The record's status where a call depends on it (a campaign's: start and stop refuse some)."""

    def id_of(self, record: Any) -> str | None:
        value = getattr(record, self.id_attr, None)
        return value if isinstance(value, str) and value else None

    def name_of(self, record: Any) -> str | None:
        """The human name shown beside the id (in suggestions, confirmations, row menus)."""
        return self.name(record) or None

    def label_of(self, record: Any) -> str:
        """The name, or the id when the record has no name."""
        return self.name_of(record) or self.id_of(record) or self.title

    def row(self, record: Any) -> list[str]:
        return [column.read(record) for column in self.columns]

    def brief(self, record: Any) -> list[str]:
        """The facts after name and id in a one-line listing: record count, then the plain columns."""
        facts = [self.count_text(record) or ""]
        facts += [column.read(record) for column in self.columns if not column.role]
        return [fact for fact in facts if fact]

    def count_text(self, record: Any) -> str | None:
        """`5 records`, or None when this kind holds no records."""
        count = self.count(record)
        return None if count is None else f"{count} record" + ("" if count == 1 else "s")

    @property
    def all_details(self) -> tuple[Detail, ...]:
        """Every field of the model, labelled: the chosen details, then the rest in model order."""
        shown = {detail.path.split(".")[0] for detail in self.details}
        rest = tuple(Detail(label(name), name) for name in self.model.model_fields if name not in shown)
        return self.details + rest

    def detail_rows(self, record: Any) -> list[tuple[str, str]]:
        """(label, text) for every field that has a value, extra fields Kore.ai added included."""
        rows = [(detail.label, detail.value(record)) for detail in self.all_details]
        extra = getattr(record, "model_extra", None) or {}
        rows += [(label(name), text(value)) for name, value in extra.items()]
        return [(label, value) for label, value in rows if value]

    @property
    def operations(self) -> tuple[Operation, ...]:
        """The catalog operations that act on one record of this kind (its row actions)."""
        fields = {self.id_field, self.name_field} - {None, ""}
        return tuple(op for op in OPERATIONS if op.target_field in fields)

    def address(self, op: Operation, record: Any) -> dict[str, str]:
        """The inputs that point `op` at `record`: its id, or its name where `op` takes the name."""
        if op.target_field is None:
            return {}
        by_name = op.target_field == self.name_field
        value = self.name_of(record) if by_name else self.id_of(record)
        return {op.target_field: value or ""}

    @property
    def show_operation(self) -> Operation | None:
        """The read that returns one record of this kind by its id (for 'what will be deleted')."""
        for op in self.operations:
            if op.is_read and record_model(op.response_model) is self.model and not returns_many(op):
                return op
        return None


# --- the record model behind each catalog response ---------------------------------------------------


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(record type, whether many) behind an envelope, page or list annotation."""
    many = False
    while True:
        origin = typing.get_origin(annotation)
        if origin in (list, tuple, Sequence):
            annotation, many = typing.get_args(annotation)[0], True
        elif origin in (typing.Union, types.UnionType):
            args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = args[0]
        elif isinstance(annotation, type) and issubclass(annotation, models.Envelope):
            annotation = annotation.model_fields["data"].annotation
        elif isinstance(annotation, type) and issubclass(annotation, models.Page):
            annotation, many = annotation.model_fields["results"].annotation, True
        elif isinstance(annotation, type) and issubclass(annotation, RootModel):
            annotation = annotation.model_fields["root"].annotation
        else:
            return annotation, many


def record_model(response_model: type[BaseModel]) -> type[BaseModel]:
    """The record inside a response: `ContactListsEnvelope` -> `ContactList` (as `records_of` finds)."""
    found, _ = _unwrap(response_model)
    if not (isinstance(found, type) and issubclass(found, BaseModel)):
        raise TypeError(f"{response_model.__name__} holds no record model")
    return found


def returns_many(op: Operation) -> bool:
    return _unwrap(op.response_model)[1]
