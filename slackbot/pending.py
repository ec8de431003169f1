"""Pending confirmations of destructive operations, and the stores that hold them.

A pending operation moves `pending -> executing -> done`, `pending -> cancelled` or, once its
deadline has passed, `pending -> expired`; each move out of `pending` is one atomic step in the
store (a conditional UPDATE in SQLite, a Lua script in Redis). So a double click, or two clicks
landing on two replicas, runs the operation once, and an expiry is audited once whether a late
click or a replica's sweeper (slackbot.expiry) gets there first: the second finds the state
already moved. Buttons carry only the opaque id.
"""

from __future__ import annotations

import asyncio
import enum
import json
import os
import secrets
import sqlite3
import stat
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from core.errors import ConfigError

State = Literal["pending", "executing", "done", "cancelled", "expired"]


@dataclass(frozen=True)
class Pending:
    """One destructive operation waiting for its requester's click."""

    id: str
    op_key: str
    inputs: dict[str, str]
    user_id: str
    team_id: str
    channel_id: str
    summary: str
    created_at: float
    expires_at: float
    state: State = "pending"
    outcome: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    response_url: str = field(default="", repr=False)
    """Where the proposal was answered, so an unclicked expiry can replace its buttons; kept out
    of reprs and of the audit (anyone holding it may post there for 30 minutes)."""


class Refusal(enum.Enum):
    """Why a claim or a cancel did not happen; the value is what the user is told."""

    NOT_FOUND = "This confirmation is unknown or was cleaned up. Nothing was run; run the command again."
    EXPIRED = "This confirmation has expired. Nothing was run; run the command again."
    USED = "This confirmation was already used. Nothing more was run."
    OTHER_USER = "Only the person who ran the command can confirm or cancel it."


def new_id() -> str:
    """An unguessable id for a button value (no meaning, no user data)."""
    return secrets.token_urlsafe(18)


class PendingStore(Protocol):
    """Where pending operations live; every state change out of `pending` is atomic."""

    async def create(self, pending: Pending) -> None: ...

    async def get(self, pending_id: str) -> Pending | None: ...

    async def claim(self, pending_id: str, user_id: str, now: float) -> Pending | Refusal:
        """pending -> executing, for the requester, before expiry; at most one caller ever wins."""
        ...

    async def cancel(self, pending_id: str, user_id: str, now: float) -> Pending | Refusal:
        """pending -> cancelled, for the requester (an expired one may be cancelled too)."""
        ...

    async def finish(self, pending_id: str, outcome: str) -> None:
        """executing -> done, recording the outcome line."""
        ...

    async def due(self, now: float, limit: int) -> list[str]:
        """Ids of (at most `limit`) confirmations past their deadline and perhaps still pending."""
        ...

    async def expire(self, pending_id: str, now: float) -> Pending | None:
        """pending -> expired once its deadline has passed; the record for the one caller that
        moved it (it audits the expiry), None for everyone else."""
        ...

    async def first_use(self, key: str, now: float, ttl: float) -> bool:
        """Remember `key` for `ttl` s; True only for the first caller (the replay check)."""
        ...

    async def ping(self) -> None:
        """Raise when the store does not answer (the readiness check)."""
        ...

    async def aclose(self) -> None: ...


def _refusal(found: Pending | None, user_id: str, now: float, *, check_expiry: bool = True) -> Refusal:
    """Why a transition out of `pending` did not happen, from the record as it is now."""
    if found is None:
        return Refusal.NOT_FOUND
    if found.user_id != user_id:
        return Refusal.OTHER_USER
    if found.state == "expired":
        return Refusal.EXPIRED
    if found.state != "pending":
        return Refusal.USED
    if check_expiry and found.expires_at <= now:
        return Refusal.EXPIRED
    return Refusal.USED  # lost a race between reading and the atomic step


# --- SQLite ----------------------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pending (
    id TEXT PRIMARY KEY,
    op_key TEXT NOT NULL,
    inputs TEXT NOT NULL,
    user_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    summary TEXT NOT NULL,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    state TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '{}',
    response_url TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS seen_requests (key TEXT PRIMARY KEY, expires_at REAL NOT NULL);
"""

_COLUMNS = (
    "id, op_key, inputs, user_id, team_id, channel_id, summary, created_at, expires_at, state, outcome, "
    "extra, response_url"
)
_DUE_INDEX = "CREATE INDEX IF NOT EXISTS pending_due ON pending (state, expires_at)"
KEEP_SECONDS = 7 * 86_400
"""Finished and expired rows are kept a week (for "already used" answers), then purged."""


def _from_row(row: tuple[Any, ...]) -> Pending:
    (pid, op_key, inputs, user_id, team_id, channel_id, summary, created, expires, state, *rest) = row
    outcome, extra, url = rest
    return Pending(
        pid,
        op_key,
        json.loads(inputs),
        user_id,
        team_id,
        channel_id,
        summary,
        created,
        expires,
        state,
        outcome,
        json.loads(extra),
        url,
    )


def _migrate(db: sqlite3.Connection) -> None:
    """Bring a file made by an older version up to date (the column a sweeper needs, its index)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(pending)")}
    if "response_url" not in columns:
        db.execute("ALTER TABLE pending ADD COLUMN response_url TEXT NOT NULL DEFAULT ''")
    db.execute(_DUE_INDEX)


class SqlitePendingStore:
    """Pending operations in one SQLite file: survives a restart; fine for one replica.

    Each call opens its own connection in a worker thread, so the event loop never blocks on disk
    and several processes may share the file (WAL mode, busy timeout).
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Created 0600 before SQLite opens it (its -wal and -shm files take the same mode).
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        if stat.S_IMODE(self.path.stat().st_mode) & 0o077:
            self.path.chmod(0o600)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
            _migrate(db)
        # The replay check runs on every request: one thread with one connection, in order.
        self._seen_thread = ThreadPoolExecutor(1, thread_name_prefix="kore-slack-replay")
        self._seen_db: sqlite3.Connection | None = None
        self._seen_calls = 0
        self._closed = False

    def __repr__(self) -> str:
        return f"SqlitePendingStore({str(self.path)!r})"

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        return db

    def _run(self, sql: str, params: tuple[Any, ...]) -> tuple[int, list[tuple[Any, ...]]]:
        db = self._connect()
        try:
            cursor = db.execute(sql, params)
            return cursor.rowcount, cursor.fetchall()
        finally:
            db.close()

    async def _exec(self, sql: str, *params: Any) -> tuple[int, list[tuple[Any, ...]]]:
        return await asyncio.to_thread(self._run, sql, params)

    async def create(self, pending: Pending) -> None:
        await self._exec("DELETE FROM pending WHERE expires_at < ?", pending.created_at - KEEP_SECONDS)
        await self._exec(
            f"INSERT INTO pending ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            pending.id,
            pending.op_key,
            json.dumps(pending.inputs),
            pending.user_id,
            pending.team_id,
            pending.channel_id,
            pending.summary,
            pending.created_at,
            pending.expires_at,
            pending.state,
            pending.outcome,
            json.dumps(pending.extra),
            pending.response_url,
        )

    async def get(self, pending_id: str) -> Pending | None:
        _, rows = await self._exec(f"SELECT {_COLUMNS} FROM pending WHERE id = ?", pending_id)
        return _from_row(rows[0]) if rows else None

    async def _move(
        self, pending_id: str, user_id: str, now: float, to: State, check_expiry: bool
    ) -> Pending | Refusal:
        expiry = "AND expires_at > ?" if check_expiry else "AND ? IS NOT NULL"
        changed, _ = await self._exec(
            f"UPDATE pending SET state = ? WHERE id = ? AND user_id = ? AND state = 'pending' {expiry}",
            to,
            pending_id,
            user_id,
            now,
        )
        found = await self.get(pending_id)
        if changed == 1 and found is not None:
            return found
        return _refusal(found, user_id, now, check_expiry=check_expiry)

    async def claim(self, pending_id: str, user_id: str, now: float) -> Pending | Refusal:
        return await self._move(pending_id, user_id, now, "executing", True)

    async def cancel(self, pending_id: str, user_id: str, now: float) -> Pending | Refusal:
        return await self._move(pending_id, user_id, now, "cancelled", False)

    async def finish(self, pending_id: str, outcome: str) -> None:
        await self._exec(
            "UPDATE pending SET state = 'done', outcome = ? WHERE id = ? AND state = 'executing'",
            outcome,
            pending_id,
        )

    async def due(self, now: float, limit: int) -> list[str]:
        _, rows = await self._exec(
            "SELECT id FROM pending WHERE state = 'pending' AND expires_at <= ? ORDER BY expires_at LIMIT ?",
            now,
            limit,
        )
        return [str(row[0]) for row in rows]

    async def expire(self, pending_id: str, now: float) -> Pending | None:
        changed, _ = await self._exec(
            "UPDATE pending SET state = 'expired' WHERE id = ? AND state = 'pending' AND expires_at <= ?",
            pending_id,
            now,
        )
        return await self.get(pending_id) if changed == 1 else None

    def _first_use(self, key: str, now: float, ttl: float) -> bool:
        """On the replay thread's own connection: no open per request, and no fsync per request
        (synchronous=NORMAL: a power cut may forget the last signatures, which are stale by the
        time the machine is back)."""
        if self._seen_db is None:
            self._seen_db = self._connect()
            self._seen_db.execute("PRAGMA synchronous=NORMAL")
        db = self._seen_db
        self._seen_calls += 1
        if self._seen_calls % 100 == 1:
            db.execute("DELETE FROM seen_requests WHERE expires_at < ?", (now,))
        db.execute("DELETE FROM seen_requests WHERE key = ? AND expires_at < ?", (key, now))
        cursor = db.execute(
            "INSERT OR IGNORE INTO seen_requests (key, expires_at) VALUES (?, ?)", (key, now + ttl)
        )
        return cursor.rowcount == 1

    async def first_use(self, key: str, now: float, ttl: float) -> bool:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._seen_thread, self._first_use, key, now, ttl)

    async def ping(self) -> None:
        await self._exec("SELECT 1")

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True

        def close() -> None:
            if self._seen_db is not None:
                self._seen_db.close()
                self._seen_db = None

        await asyncio.get_running_loop().run_in_executor(self._seen_thread, close)
        self._seen_thread.shutdown(wait=False)


def open_store(url: str) -> PendingStore:
    """`redis://` or `rediss://` -> Redis; `sqlite:///path` or a plain path -> SQLite."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        from slackbot.redis_store import RedisPendingStore

        return RedisPendingStore(url)
    path = Path(url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url).expanduser()
    try:
        return SqlitePendingStore(path)
    except (OSError, sqlite3.Error) as exc:
        problem = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise ConfigError(f"cannot open the store {path} ({problem}): check KORE_SLACK_STORE_URL") from None
