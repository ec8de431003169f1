"""The job journal: a SQLite file in the data dir that survives Ctrl-C, crashes and `kill -9`.

A job's plan (every contact to send, in order) is written before the first request. Each row is
`pending` until its batch is about to go (`inflight`), then `acked` once Kore.ai acknowledged the
batch, or `present` when a resume found it already in the list. A job that stopped in any way
keeps its `inflight` rows; the resume re-reads the list and decides for each one.

A running job holds an exclusive lock on `jobs/<id>.lock`; a `running` job whose lock is free
died without saying so and reads as `interrupted`.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Self

from core.bulk.errors import JobError

Status = Literal["running", "interrupted", "done", "failed"]
State = Literal["pending", "inflight", "acked", "present"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    list_name TEXT NOT NULL,
    list_id TEXT NOT NULL,
    source TEXT NOT NULL,
    backend TEXT NOT NULL,
    status TEXT NOT NULL,
    total INTEGER NOT NULL,
    batch_size INTEGER NOT NULL,
    region TEXT NOT NULL,
    count_before INTEGER NOT NULL,
    confirmed INTEGER,
    error TEXT,
    report TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS job_rows (
    job_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    row INTEGER NOT NULL,
    phone TEXT NOT NULL,
    item TEXT NOT NULL,
    state TEXT NOT NULL,
    batch INTEGER,
    PRIMARY KEY (job_id, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS job_rows_state ON job_rows (job_id, state, seq);
"""


@dataclass(frozen=True)
class Job:
    """One import as the journal knows it."""

    id: str
    created: float
    list_name: str
    list_id: str
    source: str
    backend: str
    status: Status
    total: int
    sent: int
    batch_size: int
    region: str
    count_before: int
    confirmed: int | None = None
    error: str | None = None
    report: dict[str, Any] = field(default_factory=dict)
    """The dry-run counts the job started from (as `ImportReport.as_json`)."""

    def summary(self) -> dict[str, Any]:
        """The object `kore jobs --json` prints for this job."""
        return {
            "id": self.id,
            "list": self.list_name,
            "status": self.status,
            "sent": self.sent,
            "total": self.total,
        }

    def row(self) -> dict[str, Any]:
        started = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.created))
        return {**self.summary(), "started": started, "file": Path(self.source).name}


@dataclass(frozen=True)
class PlannedRow:
    seq: int
    row: int
    phone: str
    item: dict[str, str]


class Journal:
    """The journal file; one connection, each change its own transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        try:
            self._db = sqlite3.connect(path, isolation_level=None, timeout=10.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise JobError(
                f"the job journal {path} is unusable ({exc}); move it aside to start a new one"
            ) from None
        self.lock_dir = path.parent / "jobs"

    @classmethod
    def open_default(cls) -> Journal:
        from core.settings import default_data_dir

        return cls(default_data_dir() / "jobs.sqlite")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # --- jobs -------------------------------------------------------------------------------

    def create(
        self,
        *,
        list_name: str,
        list_id: str,
        source: str,
        backend: str,
        batch_size: int,
        region: str,
        count_before: int,
        rows: Iterable[tuple[int, str, dict[str, str]]],
        report: dict[str, Any],
    ) -> Job:
        """Record a new job and its whole plan (row number, E.164 number, item), all pending."""
        now = time.time()
        with self._transaction() as db:
            job_id = self._new_id(db)
            planned = [
                (job_id, seq, row, phone, json.dumps(item, ensure_ascii=False), "pending")
                for seq, (row, phone, item) in enumerate(rows)
            ]
            db.execute(
                "INSERT INTO jobs VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, NULL, NULL, ?)",
                (
                    job_id,
                    now,
                    now,
                    list_name,
                    list_id,
                    source,
                    backend,
                    len(planned),
                    batch_size,
                    region,
                    count_before,
                    json.dumps(report),
                ),
            )
            db.executemany("INSERT INTO job_rows VALUES (?, ?, ?, ?, ?, ?, NULL)", planned)
        return self.job(job_id)

    @staticmethod
    def _new_id(db: sqlite3.Connection) -> str:
        while True:
            job_id = secrets.token_hex(3)
            if db.execute("SELECT 1 FROM jobs WHERE id = ?", (job_id,)).fetchone() is None:
                return job_id

    def _job(self, values: tuple[Any, ...]) -> Job:
        (job_id, created, list_name, list_id, source, backend, status, total, batch_size, region) = values[
            :10
        ]
        count_before, confirmed, error, report = values[10:14]
        sent = self._db.execute(
            "SELECT COUNT(*) FROM job_rows WHERE job_id = ? AND state = 'acked'", (job_id,)
        ).fetchone()[0]
        if status == "running" and not self.is_locked(job_id):
            status = "interrupted"
        return Job(
            job_id, created, list_name, list_id, source, backend, status, total, sent, batch_size, region,
            count_before, confirmed, error, json.loads(report),
        )  # fmt: skip

    _COLUMNS = (
        "id, created, list_name, list_id, source, backend, status, total, batch_size, region, "
        "count_before, confirmed, error, report"
    )

    def job(self, job_id: str) -> Job:
        found = self._db.execute(
            f"SELECT {self._COLUMNS} FROM jobs WHERE id = ?", (job_id.strip(),)
        ).fetchone()
        if found is None:
            raise JobError(f"no import job {job_id!r} in {self.path}; `kore jobs` lists them")
        return self._job(found)

    def jobs(self) -> list[Job]:
        """Every job, newest first."""
        rows = self._db.execute(f"SELECT {self._COLUMNS} FROM jobs ORDER BY created DESC").fetchall()
        return [self._job(row) for row in rows]

    def set_status(
        self, job_id: str, status: Status, *, error: str | None = None, confirmed: int | None = None
    ) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE jobs SET status = ?, error = ?, confirmed = COALESCE(?, confirmed), updated = ? "
                "WHERE id = ?",
                (status, error, confirmed, time.time(), job_id),
            )

    # --- rows -------------------------------------------------------------------------------

    def next_batch(self, job_id: str, size: int) -> list[PlannedRow]:
        """The next `size` pending rows, in file order."""
        rows = self._db.execute(
            "SELECT seq, row, phone, item FROM job_rows WHERE job_id = ? AND state = 'pending' "
            "ORDER BY seq LIMIT ?",
            (job_id, size),
        ).fetchall()
        return [PlannedRow(seq, row, phone, json.loads(item)) for seq, row, phone, item in rows]

    def mark(self, job_id: str, seqs: Iterable[int], state: State, batch: int | None = None) -> None:
        with self._transaction() as db:
            db.executemany(
                "UPDATE job_rows SET state = ?, batch = COALESCE(?, batch) WHERE job_id = ? AND seq = ?",
                [(state, batch, job_id, seq) for seq in seqs],
            )
            db.execute("UPDATE jobs SET updated = ? WHERE id = ?", (time.time(), job_id))

    def counts(self, job_id: str) -> dict[str, int]:
        rows = self._db.execute(
            "SELECT state, COUNT(*) FROM job_rows WHERE job_id = ? GROUP BY state", (job_id,)
        ).fetchall()
        return {state: count for state, count in rows}

    def numbers(self, job_id: str, state: State) -> list[str]:
        rows = self._db.execute(
            "SELECT phone FROM job_rows WHERE job_id = ? AND state = ? ORDER BY seq", (job_id, state)
        ).fetchall()
        return [phone for (phone,) in rows]

    def reconcile(self, job_id: str, present: set[str]) -> tuple[int, int]:
        """After re-reading the list: rows already there are not sent again, lost in-flight rows are.

        Returns (rows found in the list and not to be sent, in-flight rows to send again).
        """
        rows = self._db.execute(
            "SELECT seq, phone, state FROM job_rows WHERE job_id = ? AND state IN ('pending', 'inflight')",
            (job_id,),
        ).fetchall()
        arrived = [seq for seq, phone, state in rows if state == "inflight" and phone in present]
        already = [seq for seq, phone, state in rows if state == "pending" and phone in present]
        lost = [seq for seq, phone, state in rows if state == "inflight" and phone not in present]
        with self._transaction() as db:
            db.executemany(
                "UPDATE job_rows SET state = 'acked' WHERE job_id = ? AND seq = ?",
                [(job_id, s) for s in arrived],
            )
            db.executemany(
                "UPDATE job_rows SET state = 'present' WHERE job_id = ? AND seq = ?",
                [(job_id, s) for s in already],
            )
            db.executemany(
                "UPDATE job_rows SET state = 'pending', batch = NULL WHERE job_id = ? AND seq = ?",
                [(job_id, s) for s in lost],
            )
        return len(already), len(lost)

    # --- locks ------------------------------------------------------------------------------

    def _lock_path(self, job_id: str) -> Path:
        return self.lock_dir / f"{job_id}.lock"

    def is_locked(self, job_id: str) -> bool:
        """True while a live process runs the job (the OS drops the lock when a process dies)."""
        path = self._lock_path(job_id)
        if not path.exists():
            return False
        with path.open("a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
            return False

    @contextlib.contextmanager
    def running(self, job_id: str) -> Iterator[None]:
        """Hold the job's lock while it runs; JobError if another process runs it."""
        self.lock_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self._lock_path(job_id), os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise JobError(
                    f"import job {job_id} is running in another process; wait for it or stop it"
                ) from None
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            yield
        finally:
            os.close(fd)
