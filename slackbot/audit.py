"""The execution history: who ran which mutation, where, with what confirmation and outcome.

One JSON object per line, appended (and flushed) per entry, so the file can be tailed and
shipped; optionally each entry is also posted to an audit channel. Entries hold ids and the
operation's inputs, never tokens or secrets.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import stat
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from core.errors import ConfigError
from core.formatting import plural
from slackbot.mrkdwn import code, escape, mention, shorten

log = logging.getLogger("slackbot.audit")

_NO_STEP = frozenset({"not required", "not asked"})
"""Confirmation states that say nothing in the channel ("(not required)" read like a note on the
target); the JSON line keeps them."""

Poster = Callable[[str, str], Awaitable[Any]]
"""(channel id, mrkdwn text) -> posts a message; chat.postMessage in production."""


@dataclass(frozen=True)
class AuditEntry:
    user_id: str
    team_id: str
    channel_id: str
    operation: str
    targets: dict[str, str]
    confirmation: str
    """'not required', 'not asked', 'requested', 'confirmed', 'cancelled', 'expired', 'other user'."""
    outcome: str
    """'ok', 'refused: ...', 'error: ...' (one line)."""
    duration_ms: int = 0
    status: int | None = None
    inputs: dict[str, str] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)
    """What else was known: `pending` (links a request to its click), `name` and `records` of what
    a delete proposed, `created_id`, `clicked_by` for another user's click."""
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="milliseconds"))

    def line(self) -> str:
        """The entry as a short mrkdwn line for the audit channel."""
        parts = [code(self.operation), *(code(value) for value in self.targets.values())]
        if self.details.get("name"):
            parts.append(f"*{escape(shorten(self.details['name'], 100))}*")
        records = self.details.get("records", "")
        if records.isdigit():
            parts.append(f"({plural(int(records), 'record')})")
        elif records:
            parts.append(f"({escape(records)} records)")
        if self.details.get("created_id"):
            parts.append(f"created {code(self.details['created_id'])}")
        if self.confirmation not in _NO_STEP:
            parts.append(f"({escape(self.confirmation)})")
        where = f" in {mention('#', self.channel_id)}" if self.channel_id else ""
        return (
            f"{mention('@', self.user_id)}{where}: {' '.join(parts)} -> "
            f"{escape(shorten(self.outcome, 500))} [{self.duration_ms} ms]"
        )


def open_private(path: Path) -> TextIO:
    """Append to `path`, created 0600 (entries hold user ids and inputs such as phone numbers);
    a file left wider by an older version is narrowed."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    if stat.S_IMODE(os.fstat(fd).st_mode) & 0o077:
        os.fchmod(fd, 0o600)
    return os.fdopen(fd, "a", encoding="utf-8")


class AuditLog:
    """Appends entries to a JSON-lines file and, when configured, posts them to a channel."""

    def __init__(self, path: Path, *, channel: str | None = None, poster: Poster | None = None) -> None:
        self.path = path
        self.channel = channel
        self._poster = poster
        self._lock = asyncio.Lock()

    def __repr__(self) -> str:
        return f"AuditLog({str(self.path)!r}, channel={self.channel!r})"

    def _append(self, text: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open_private(self.path) as handle:
            handle.write(text + "\n")
            handle.flush()

    async def record(self, entry: AuditEntry) -> None:
        """Write the entry; a failure to write or post is logged, never raised to the user's flow."""
        text = json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True)
        try:
            async with self._lock:
                await asyncio.to_thread(self._append, text)
        except OSError:
            log.exception("cannot append to audit log %s", self.path)
        if self.channel and self._poster is not None:
            try:
                await self._poster(self.channel, entry.line())
            except Exception as exc:  # e.g. the bot was removed from the channel after start-up
                response = getattr(exc, "response", None)
                error = response.get("error") if response is not None and hasattr(response, "get") else None
                log.warning(
                    "cannot post an audit entry to KORE_SLACK_AUDIT_CHANNEL %s (%s); it is in %s",
                    self.channel, error or type(exc).__name__, self.path,
                )

    def check_writable(self) -> None:
        """ConfigError when the file cannot be appended to (at start-up: an audit trail that fails
        at each mutation would be found only by reading tracebacks)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            open_private(self.path).close()
        except OSError as exc:
            problem = exc.strerror or type(exc).__name__
            raise ConfigError(
                f"cannot write the audit log {self.path} ({problem}): check KORE_SLACK_AUDIT_PATH"
            ) from None

    def entries(self) -> list[dict[str, Any]]:
        """Every entry so far (for tests and inspection)."""
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
