"""How one value of a Kore.ai record becomes display text (headless; used by core/presentation.py).

Phone numbers are always E.164, times UTC, booleans yes/no, so every front end says the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

Read = Callable[[Any], str]
"""Reads one value of a record as display text ("" when absent)."""


def plural(count: int, noun: str) -> str:
    """`1 contact`, `2 contacts`, `1,000 contacts`, `2 batches`, `0 lists` (every front end's counts)."""
    if count == 1:
        return f"1 {noun}"
    return f"{count:,} {noun}" + ("es" if noun.endswith(("ch", "sh", "s", "x")) else "s")


def e164(number: str | None, country_code: str | None = None) -> str:
    """A phone number as E.164 (`+442079460101`).

    Kore.ai stores numbers with the country code in front, with or without `+` (contacts of a
    list: `442079460101`; address-book contacts: `+44...` beside `countryCode`).
    """
    number = (number or "").strip()
    if not number or number.startswith("+"):
        return number
    code = (country_code or "").strip()
    if code and not code.startswith("+"):
        code = "+" + code
    return f"{code}{number}" if code else f"+{number}"


def date_text(value: object) -> str:
    """`2025-06-27` (UTC) for a table cell."""
    return _utc(value).strftime("%Y-%m-%d") if isinstance(value, datetime) else ""


def time_text(value: object) -> str:
    """`2025-06-27 07:37 UTC` for a detail view."""
    return _utc(value).strftime("%Y-%m-%d %H:%M UTC") if isinstance(value, datetime) else ""


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo else value


def text(value: object) -> str:
    """Any field value as one line: yes/no, dates, lists joined, nested records as `key: value`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return time_text(value)
    if isinstance(value, BaseModel):
        parts = [(name, text(getattr(value, name))) for name in type(value).model_fields]
        parts += [(name, text(extra)) for name, extra in (value.model_extra or {}).items()]
        return ", ".join(f"{label(name)}: {shown}" for name, shown in parts if shown)
    if isinstance(value, (list, tuple)):
        return ", ".join(shown for shown in (text(item) for item in value) if shown)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {text(item)}" for key, item in value.items() if text(item))
    return str(value)


def label(name: str) -> str:
    """`total_record_count` or `isGlobalDNC` -> `Total record count`, `Is global dnc`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ").strip().capitalize()


def attr(path: str) -> Read:
    """Reads a dotted attribute path (`cell_phone.country_code`) as text."""

    def read(record: Any) -> str:
        value: Any = record
        for part in path.split("."):
            value = getattr(value, part, None)
        return text(value)

    return read
