"""Pages of records that show what they say, within Slack's limits.

A message holds at most 50 blocks, 3000 characters per section, and about 12,000 characters of
text in all (Slack answers `msg_blocks_too_long` past that, undocumented). So a page shows as
many whole records as fit, and the next-page hint starts right after the last one shown: no
"… and 25 more" that no command can reach.

Operations that return every record at once (`lists all`: Kore.ai has no paging there) are paged
here instead: they take `skip=` and a `name=` filter, which never reach Kore.ai.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from core.fields import fields_of
from core.operations import Operation
from core.presentation import for_record, returns_many

SECTION_LIMIT = 2900
"""Slack allows 3000 characters per section text; the rest is room for a cut line's mark."""
MAX_BLOCKS = 50
TEXT_BUDGET = 11_000
"""Characters of text in one message, kept under Slack's cumulative limit (about 12,000)."""

LOCAL_OPTIONS: dict[str, str] = {
    "skip": "start at this record (0 is the first; each answer says where the next page starts)",
    "name": "only records whose name contains this text, in any case",
}


def pages_locally(op: Operation) -> bool:
    """True for a read that returns every record at once (no skip/limit of its own)."""
    return op.is_read and returns_many(op) and "skip" not in {spec.name for spec in fields_of(op)}


@dataclass(frozen=True)
class View:
    """The bot's own paging and filter for such an operation (from `skip=` and `name=`)."""

    skip: int = 0
    name: str | None = None

    @classmethod
    def of(cls, options: dict[str, str]) -> View:
        """ValueError with the message to show when `skip` is not a whole number >= 0."""
        skip_text = options.get("skip", "0").strip() or "0"
        if not skip_text.isdigit() or len(skip_text) > 9:
            raise ValueError("`skip` must be a whole number, 0 or more")
        return cls(int(skip_text), options.get("name") or None)

    def select(self, records: Sequence[Any]) -> tuple[list[Any], int]:
        """The records from `skip` on that match the name filter, and how many matched in all."""
        matching = list(records)
        if self.name:
            wanted = self.name.casefold()
            matching = [r for r in matching if wanted in for_record(r).label_of(r).casefold()]
        return matching[self.skip :], len(matching)


@dataclass(frozen=True)
class Fitted:
    sections: list[str]
    shown: int
    """How many of the given lines are in `sections` (the first `shown`, all of them whole)."""


def fit(lines: Iterable[str], *, blocks: int, chars: int) -> Fitted:
    """Pack whole lines into at most `blocks` sections of at most SECTION_LIMIT characters and
    `chars` characters in all; stops at the first line that does not fit (so a lazy iterable is
    rendered only as far as a message can hold)."""
    sections: list[str] = []
    current = ""
    used = 0
    shown = 0
    for line in lines:
        line = line if len(line) <= SECTION_LIMIT else line[: SECTION_LIMIT - 1] + "…"
        if used + len(line) + 1 > chars:
            break
        if current and len(current) + len(line) + 1 > SECTION_LIMIT:
            if len(sections) + 2 > blocks:
                break
            sections.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
        used += len(line) + 1
        shown += 1
    if current:
        sections.append(current)
    return Fitted(sections, shown)


def next_command(
    subcommand: str, target: str | None, values: dict[str, Any], skip: int, quote: Callable[[str], str]
) -> str:
    """The command that shows the next page: same arguments, `skip` moved on."""
    parts = [subcommand]
    if target:
        parts.append(quote(target))
    parts += [f"{key}={quote(str(value))}" for key, value in values.items() if key != "skip" and value]
    parts.append(f"skip={skip}")
    return " ".join(parts)
