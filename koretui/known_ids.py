"""Ids the app has seen (from reads, creates and history), with names, for id-field suggestions.

Headless (never imports Textual). A record's id field, id, name and record count come from its
entry in core/presentation.py, so a new resource needs no code here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class KnownId:
    """One id and what we know about the thing it names."""

    field: str
    id: str
    name: str | None = None
    detail: str | None = None
    record: object | None = None
    """The record as last read, when one was (for the delete confirmation's summary)."""

    @property
    def label(self) -> str:
        """'Renewal Due - July 2025 (5 records)', or the bare id when the name is unknown."""
        if not self.name:
            return self.id
        return f"{self.name} ({self.detail})" if self.detail else self.name


class KnownIds:
    """Per id field, the ids seen so far in the order they were last seen (newest last)."""

    def __init__(self) -> None:
        self._by_field: dict[str, dict[str, KnownId]] = {}

    def add(
        self, field: str, id_: str, name: str | None = None, detail: str | None = None,
        record: object | None = None,
    ) -> None:
        """Remember an id; a later sighting without a name keeps the name (and record) we had."""
        id_ = id_.strip()
        if not id_:
            return
        bucket = self._by_field.setdefault(field, {})
        old = bucket.pop(id_, None)
        if old is not None:
            name = name or old.name
            detail = detail or old.detail
            record = record if record is not None else old.record
        bucket[id_] = KnownId(field, id_, name, detail, record)

    def remove(self, id_: str) -> None:
        """Forget an id everywhere (after a delete)."""
        for bucket in self._by_field.values():
            bucket.pop(id_, None)

    def get(self, field: str, id_: str) -> KnownId | None:
        return self._by_field.get(field, {}).get(id_)

    def for_field(self, field: str) -> list[KnownId]:
        """Known ids for a field, newest first."""
        return list(reversed(self._by_field.get(field, {}).values()))

    def learn_records(self, records: Iterable[object]) -> None:
        from core.presentation import for_field, for_record  # pydantic: not before the first frame

        for record in records:
            entry = for_record(record)
            record_id = entry.id_of(record)
            if record_id is not None:
                shown = record if for_field(entry.id_field) is entry else None
                self.add(entry.id_field, record_id, entry.name_of(record), entry.count_text(record), shown)
            name = entry.name_of(record)
            if entry.name_field and name and for_field(entry.name_field) is entry:
                self.add(entry.name_field, name, name, entry.count_text(record), record)

    def learn_call(
        self, *, target_field: str | None, destructive: bool, inputs: Mapping[str, Any], ok: bool,
        records: Iterable[object] = (),
    ) -> None:
        """What one call taught us: ids it returned, the id it addressed, or the id it deleted."""
        target = inputs.get(target_field) if target_field else None
        if ok and destructive and isinstance(target, str):
            self.remove(target.strip())
            return
        if ok:
            self.learn_records(records)
            if target_field and isinstance(target, str):
                name = inputs.get("name")
                self.add(target_field, target, name if isinstance(name, str) and name.strip() else None)

    def learn_history(self, entries: Iterable[Any]) -> None:
        """Replay history entries (oldest first), parsing bodies with the catalog's response models."""
        import pydantic

        from core.models import records_of
        from core.operations import CATALOG

        for entry in entries:
            op = CATALOG.get(entry.operation)
            if op is None:
                continue
            records: list[object] = []
            if entry.ok and isinstance(entry.response, (dict, list)):
                try:
                    records = list(records_of(op.response_model.model_validate(entry.response))[0])
                except pydantic.ValidationError:
                    records = []
            self.learn_call(
                target_field=op.target_field, destructive=op.destructive, inputs=entry.inputs,
                ok=entry.ok, records=records,
            )
