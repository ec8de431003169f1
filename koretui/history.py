"""The request history: one JSON line per submission in the user's data dir.

Headless (never imports Textual). Only the operation key, the inputs typed in the form, status,
duration, response body, error line and a timestamp are stored: never a token or secret. A file
that cannot be read is moved aside (`history.jsonl.corrupt-<timestamp>`) with a notice, so a bad
file never stops the app.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

_SECRET_WORDS = ("secret", "jwt", "token", "password", "auth")
MAX_BODY_CHARS = 20_000


def _is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in _SECRET_WORDS)


def clean_inputs(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Inputs worth keeping: given (non-blank) values, and never anything that looks like a secret."""
    return {
        name: value
        for name, value in inputs.items()
        if not _is_secret(name) and value is not None and not (isinstance(value, str) and not value.strip())
    }


@dataclass(frozen=True)
class HistoryEntry:
    """One submission as it was sent and answered."""

    operation: str
    inputs: dict[str, Any]
    status: int | None
    duration_ms: int | None
    response: Any = None
    error: str | None = None
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    def to_json(self) -> str:
        data = asdict(self)
        data["inputs"] = clean_inputs(self.inputs)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, line: str) -> HistoryEntry:
        """Parse one line; ValueError/TypeError/KeyError when it is not an entry we wrote."""
        data = json.loads(line)
        if not isinstance(data, dict) or not isinstance(data.get("operation"), str):
            raise ValueError("not a history entry")
        if not isinstance(data.get("inputs"), dict):
            raise ValueError("inputs is not an object")
        status = data.get("status")
        duration = data.get("duration_ms")
        return cls(
            operation=data["operation"],
            inputs=clean_inputs(data["inputs"]),
            status=int(status) if status is not None else None,
            duration_ms=int(duration) if duration is not None else None,
            response=data.get("response"),
            error=data.get("error"),
            at=str(data.get("at", "")),
        )


class HistoryStore:
    """Appends entries to a JSON-lines file and reads them back; `load` never raises."""

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self._clock = clock

    def load(self) -> tuple[list[HistoryEntry], str | None]:
        """(entries oldest first, notice); a corrupt or unreadable file is set aside with a notice."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return [], None
        except (OSError, UnicodeDecodeError) as exc:
            return [], self._set_aside(f"cannot be read ({exc.__class__.__name__})")
        entries: list[HistoryEntry] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entries.append(HistoryEntry.from_json(line))
            except (ValueError, TypeError, KeyError):
                return [], self._set_aside(f"is corrupt (line {number})")
        return entries, None

    def append(self, entry: HistoryEntry) -> str | None:
        """Add one entry; returns a notice instead of raising when the file cannot be written."""
        if isinstance(entry.response, str) and len(entry.response) > MAX_BODY_CHARS:
            entry = HistoryEntry(**{**asdict(entry), "response": entry.response[:MAX_BODY_CHARS]})
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(entry.to_json() + "\n")
        except OSError as exc:
            return f"History not saved: cannot write {self.path} ({exc.strerror or exc})"
        return None

    def _set_aside(self, problem: str) -> str:
        stamp = datetime.fromtimestamp(self._clock(), UTC).strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            os.replace(self.path, aside)
        except OSError as exc:
            return f"History file {self.path} {problem} and could not be moved aside ({exc.strerror or exc})"
        return f"History file {problem}; moved it to {aside} and started a new one"
