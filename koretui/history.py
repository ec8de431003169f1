"""The request history: one JSON line per submission in the user's data dir.

Headless (never imports Textual). Only the operation key, the inputs typed in the form, status,
duration, response body, error line, a timestamp and the tenant (host and profile) are stored:
never a token or secret. The file is private (0600): it holds names and phone numbers. A line that
cannot be read is skipped and kept in `history.jsonl.skipped` with a notice, while the good lines
stay; a file that cannot be read at all is moved aside (`history.jsonl.corrupt-<timestamp>`).
Lines written before entries had a tenant still load (their host is None: "unknown tenant").
"""

from __future__ import annotations

import contextlib
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
    host: str | None = None
    """Where it was sent: a Kore.ai host name, or "sandbox"; None in files from before tenants."""
    profile: str | None = None
    app: str | None = None
    """The app id (`st-...`) it was sent to: every customer of Kore.ai's cloud shares its host, and
    ids are per app. None for the sandbox and in files from before it was recorded."""

    def for_tenant(self, host: str | None, profile: str | None, app: str | None = None) -> bool:
        """Sent where `host`, `profile` and `app` point (an entry that predates `app` matches any)."""
        return self.host == host and self.profile == profile and (self.app is None or self.app == app)

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
            host=_text_or_none(data.get("host")),
            profile=_text_or_none(data.get("profile")),
            app=_text_or_none(data.get("app")),
        )


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def open_private(path: Path, *, append: bool = True) -> Any:
    """A text handle on a data file created 0600 (an existing file is made 0600 too)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    with contextlib.suppress(OSError):  # not the owner: the write still works, the mode stays
        os.fchmod(fd, 0o600)
    return os.fdopen(fd, "a" if append else "w", encoding="utf-8")


class HistoryStore:
    """Appends entries to a JSON-lines file and reads them back; `load` never raises."""

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self._clock = clock

    def load(self) -> tuple[list[HistoryEntry], str | None]:
        """(entries oldest first, notice). Bad lines are skipped and kept aside; never raises."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return [], None
        except OSError as exc:
            return [], self._set_aside(f"cannot be read ({exc.strerror or exc.__class__.__name__})")
        with contextlib.suppress(OSError):  # written 0644 by an older koretui: it holds names and phones
            if self.path.stat().st_mode & 0o077:
                self.path.chmod(0o600)
        entries: list[HistoryEntry] = []
        good: list[bytes] = []
        bad: list[tuple[int, bytes]] = []
        for number, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entries.append(HistoryEntry.from_json(line.decode("utf-8")))
                good.append(line)
            except (UnicodeDecodeError, ValueError, TypeError, KeyError, RecursionError):
                bad.append((number, line))
        if not bad:
            return entries, None
        return entries, self._keep_skipped(bad, good)

    def _keep_skipped(self, bad: list[tuple[int, bytes]], good: list[bytes]) -> str:
        """Move unreadable lines to the side file and rewrite the history with the good ones."""
        skipped = self.path.with_name(self.path.name + ".skipped")
        numbers = ", ".join(str(number) for number, _ in bad[:5]) + (", …" if len(bad) > 5 else "")
        what = f"{len(bad)} unreadable history line{'s' if len(bad) > 1 else ''} (line {numbers})"
        try:
            fd = os.open(skipped, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(fd, "ab") as handle:
                handle.write(b"".join(line + b"\n" for _, line in bad))
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(b"".join(line + b"\n" for line in good))
            os.replace(tmp, self.path)
        except OSError as exc:
            return f"Skipped {what}; could not keep it in {skipped} ({exc.strerror or exc})"
        return f"Skipped {what}; kept it in {skipped}"

    def append(self, entry: HistoryEntry) -> str | None:
        """Add one entry; returns a notice instead of raising when the file cannot be written."""
        if isinstance(entry.response, str) and len(entry.response) > MAX_BODY_CHARS:
            entry = HistoryEntry(**{**asdict(entry), "response": entry.response[:MAX_BODY_CHARS]})
        try:
            with open_private(self.path) as handle:
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
