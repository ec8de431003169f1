"""What a destructive operation touches, for the confirmation every front end shows first.

Built from the record the operation's show operation returns (core/presentation.py says which),
so the TUI dialog and the Slack buttons name the same id, name, record count and users.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.operations import Operation
from core.presentation import for_target


@dataclass(frozen=True)
class Impact:
    """What one destructive call touches, for the confirmation every front end shows."""

    operation: Operation
    kind: str
    id: str
    name: str | None = None
    record_count: int | None = None
    used_by: tuple[str, ...] = ()

    @property
    def count_text(self) -> str | None:
        if self.record_count is None:
            return None
        return f"{self.record_count} record" + ("" if self.record_count == 1 else "s")

    def facts(self) -> list[tuple[str, str]]:
        """(label, value) lines for a dialog: id, name, records, users (each only when known)."""
        facts = [("Id", self.id)] if self.id else []
        if self.name:
            facts.append(("Name", self.name))
        if self.count_text:
            facts.append(("Records", self.count_text))
        if self.used_by:
            facts.append(("In use by", ", ".join(self.used_by)))
        return facts

    @property
    def warning(self) -> str | None:
        """What to know before confirming, when something uses the record (a delete of it is refused)."""
        if not self.used_by:
            return None
        said = f"In use by {', '.join(self.used_by)}"
        if self.operation.method == "DELETE":
            return f"{said}; Kore.ai refuses to delete what a campaign uses."
        return f"{said}."

    def sentence(self) -> str:
        """`Contact list Renewal Due (cl-1) with 5 records, in use by campaign July`."""
        said = " ".join(part for part in (self.kind, self.name) if part)
        if self.id:
            said += f" ({self.id})" if self.name else f" {self.id}"
        if self.count_text:
            said += f" with {self.count_text}"
        if self.used_by:
            said += f", in use by {', '.join(self.used_by)}"
        return said


def impact_of(
    op: Operation, inputs: Mapping[str, Any], record: object | None = None, *, name: str | None = None
) -> Impact:
    """What `op` with `inputs` touches; `record` (as the show operation read it) adds name and counts."""
    target = str(inputs.get(op.target_field or "", "") or "").strip()
    entry = for_target(op)
    kind = entry.title if entry else op.noun.capitalize()
    if entry is None or record is None or not isinstance(record, entry.model):
        return Impact(op, kind, target, name)
    return Impact(
        op, kind, target, entry.name_of(record) or name, entry.count(record), entry.used_by(record)
    )
