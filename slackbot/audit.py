"""The execution history: who ran which mutation, where, with what confirmation and outcome.

One JSON object per line, appended (and flushed) per entry, so the file can be tailed and
shipped; optionally each entry is also posted to an audit channel. Entries hold ids and the
operation's inputs, never tokens or secrets.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from slackbot.mrkdwn import code, escape, mention, shorten

log = logging.getLogger("slackbot.audit")

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
    """'not required', 'confirmed', 'cancelled', 'expired', or 'requested'."""
    outcome: str
    """'ok', 'refused: ...', 'error: ...' (one line)."""
    duration_ms: int = 0
    status: int | None = None
    inputs: dict[str, str] = field(default_factory=dict)
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="milliseconds"))

    def line(self) -> str:
        """The entry as a short mrkdwn line for the audit channel."""
        targets = " ".join(code(value) for value in self.targets.values())
        where = f" in {mention('#', self.channel_id)}" if self.channel_id else ""
        return (
            f"{mention('@', self.user_id)}{where}: {code(self.operation)} {targets} "
            f"({escape(self.confirmation)}) -> {escape(shorten(self.outcome, 500))} [{self.duration_ms} ms]"
        ).replace("  ", " ")


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
        with self.path.open("a", encoding="utf-8") as handle:
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
            except Exception:
                log.exception("cannot post audit entry to channel %s", self.channel)

    def entries(self) -> list[dict[str, Any]]:
        """Every entry so far (for tests and inspection)."""
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
