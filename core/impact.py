"""What a destructive operation touches, for the confirmation every front end shows first.

Built from the record the operation's show operation returns (core/presentation.py says which),
so the TUI dialog and the Slack buttons name the same id, name, record count and users.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.operations import Operation, get_operation, target_items
from core.presentation import for_operation, for_target

if TYPE_CHECKING:
    from core.calls import CallResult

Mark = Callable[[str], str]
"""How a front end marks up one piece of a sentence (Slack: escape it, bold a name, code an id)."""

Run = Callable[[str, Mapping[str, Any]], Awaitable["CallResult"]]
"""How a front end runs a read: `run(op_key, inputs)` (KoreClient: `lambda k, v: kore.execute(k, **v)`)."""


@dataclass(frozen=True)
class Impact:
    """What one destructive call touches, for the confirmation every front end shows."""

    operation: Operation
    kind: str
    id: str
    name: str | None = None
    record_count: int | None = None
    used_by: tuple[str, ...] = ()
    parts: tuple[tuple[str, int | None], ...] = ()
    """What the record draws on and how many records each holds: a campaign's lists and their numbers."""
    status: str | None = None
    """The record's status as read before confirming, where the call depends on it (a campaign's)."""

    @property
    def count_text(self) -> str | None:
        if self.record_count is None:
            return None
        return f"{self.record_count} record" + ("" if self.record_count == 1 else "s")

    @property
    def parts_text(self) -> str | None:
        """`Renewal Due - July 2025 (5 numbers), Payment Reminder (unknown)`."""
        if not self.parts:
            return None
        return ", ".join(f"{name} ({_numbers(count)})" for name, count in self.parts)

    @property
    def consequence(self) -> str:
        return self.operation.consequence

    @property
    def confirm_word(self) -> str:
        return self.operation.confirm_word

    def facts(self) -> list[tuple[str, str]]:
        """(label, value) lines for a dialog: id, name, status, records, users (each only when known)."""
        facts = [("Ids" if ", " in self.id else "Id", self.id)] if self.id else []
        if self.name:
            facts.append(("Name", self.name))
        if self.status:
            facts.append(("Status", self.status))
        if self.parts_text:
            facts.append(("Lists", self.parts_text))
            if self.record_count is not None:
                facts.append(("Numbers", f"{_numbers(self.record_count)} in all"))
        elif self.count_text:
            facts.append(("Records", self.count_text))
        if self.used_by:
            facts.append(("In use by", ", ".join(self.used_by)))
        return facts

    @property
    def warning(self) -> str | None:
        """What to know before confirming: what uses the record, and why Kore.ai will refuse the call
        (a delete of a list a campaign uses, a start of a running campaign)."""
        if not self.used_by:
            return self.refusal
        said = f"In use by {', '.join(self.used_by)}"
        return f"{said}; {self.refusal}" if self.refusal else f"{said}."

    @property
    def refusal(self) -> str | None:
        """Why Kore.ai will refuse this operation, for front ends that list the users beside it."""
        if self.used_by and self.operation.method == "DELETE":
            return "Kore.ai refuses to delete what a campaign uses."
        rule = self.operation.refused_when
        if rule is not None and self.status in rule.statuses:
            what = f"{self.operation.verb} a {_mid_sentence(self.kind)}"
            return f"Kore.ai refuses to {what} that {rule.why} (status {self.status})."
        return None

    def sentence(
        self,
        text: Mark = str,
        *,
        name: Mark | None = None,
        ident: Mark | None = None,
        users: bool = True,
        start: bool = True,
    ) -> str:
        """`Contact list Renewal Due (cl-1) with 5 records, in use by campaign July`, one order for
        every front end: `text` marks what came from Kore.ai, `name` and `ident` the record's name and
        id (default: as `text`); `users=False` leaves the users to `warning`; `start=False` for the
        middle of a sentence (`refusing to delete contact list Renewal Due ...`)."""
        name, ident = name or text, ident or text
        kind = self.kind if start else _mid_sentence(self.kind)
        said = " ".join(part for part in (text(kind), name(self.name) if self.name else "") if part)
        if self.id:
            said += f" ({ident(self.id)})" if self.name else f" {ident(self.id)}"
        if self.parts_text:
            said += f" dialing {text(self.parts_text)}"
        elif self.count_text:
            said += f" with {self.count_text}"
        if users and self.used_by:
            said += f", in use by {text(', '.join(self.used_by))}"
        return said


def _mid_sentence(kind: str) -> str:
    """`Contact list` -> `contact list`; an acronym (`DNC list`) keeps its capitals."""
    if kind[1:2].isupper():
        return kind
    return kind[:1].lower() + kind[1:]


def _numbers(count: int | None) -> str:
    if count is None:
        return "count unknown"
    return f"{count:,} number" + ("" if count == 1 else "s")


def impact_of(
    op: Operation, inputs: Mapping[str, Any], record: object | None = None, *, name: str | None = None
) -> Impact:
    """What `op` with `inputs` touches; `record` (as the show operation read it) adds name and counts."""
    named = target_items(op, inputs.get(op.target_field or "", ""))
    target = ", ".join(named)
    entry = for_target(op)
    kind = entry.title if entry else op.noun.capitalize()
    if len(named) > 1:  # Delete Bulk Contacts: how many, then which (every id)
        kind = f"{len(named)} {op.noun}"
    if entry is None or record is None or not isinstance(record, entry.model):
        return Impact(op, kind, target, name)
    return Impact(
        op,
        kind,
        target,
        entry.name_of(record) or name,
        entry.count(record),
        entry.used_by(record),
        status=entry.status(record),
    )


async def read_impact(
    run: Run,
    op: Operation,
    inputs: Mapping[str, Any],
    *,
    record: object | None = None,
    name: str | None = None,
) -> Impact:
    """What `op` touches, read from Kore.ai: the record (unless given), then the records it draws on.

    Every front end asks this before a destructive call, so they name the same things: a list's
    records and users; a campaign's lists and how many numbers each holds. Raises KoreError.
    """
    entry = for_target(op)
    show = entry.show_operation if entry is not None else None
    target = str(inputs.get(op.target_field or "", "") or "").strip()
    if record is None and show is not None and target:
        result = await run(show.key, {show.target_field or "": target})
        record = result.records[0] if result.records else None
    impact = impact_of(op, inputs, record, name=name)
    if entry is None or record is None or entry.parts_read is None:
        return impact
    names = entry.parts(record)
    if not names:
        return impact
    listing = get_operation(entry.parts_read)
    counts: dict[str, int | None] = {}
    part = for_operation(listing)
    for found in (await run(listing.key, {})).records:
        counts[(part.name_of(found) or "").lower()] = part.count(found)
    parts = tuple((part_name, counts.get(part_name.lower())) for part_name in names)
    known = [count for _, count in parts if count is not None]
    total = sum(known) if len(known) == len(parts) else None
    return dataclasses.replace(impact, parts=parts, record_count=total)
