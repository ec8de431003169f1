"""The sandbox's data in one SQLite file (WAL), changed by one writer thread and read on reader threads.

Why this shape:
- A write touches a few rows through indexes, so it costs the same at 100,000 lists as at 10.
- SQLite calls block, so none runs on the event loop: writes queue for the single writer thread (one
  transaction at a time, as SQLite allows anyway), reads run on a small pool with their own
  connections. In WAL mode readers never wait for the writer, so no request waits on another's disk
  write.
- `synchronous=FULL`: each commit syncs the WAL before the reply goes out, so an acknowledged write
  survives `kill -9` and also a power cut. NORMAL would survive `kill -9` only; the extra fsync costs a
  few milliseconds on the writer thread, which nothing else waits for, at a rate the API's 60/min
  limit keeps small.
- A sandbox without a state file uses a throwaway file in a temporary directory (synchronous=OFF),
  so it runs the same code and is removed when the store is.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sqlite3
import tempfile
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from core.sandbox.campaign_records import seed_campaigns
from core.sandbox.documents import Reader, Writer
from core.sandbox.records import Record
from core.sandbox.schema import (
    APPLICATION_ID,
    CAMPAIGNS,
    CONTACT_LISTS,
    CONTACTS,
    LIST_CONTACTS,
    SCHEMA_VERSION,
    TABLES,
)
from core.sandbox.seed import seed_base_epoch, seed_records
from core.sandbox.statefile import (
    LegacyState,
    StateFileError,
    check_ours,
    create_private_file,
    kind_of,
    load_legacy,
    move_aside,
)

T = TypeVar("T")
READER_THREADS = 4
BUSY_TIMEOUT_SECONDS = 30.0

__all__ = ["SandboxStore", "StateFileError"]


class SandboxStore:
    """Contact lists, their contacts, the address book (and whatever tables schema.py adds).

    `await store.read(fn)` runs `fn(reader)` on a reader thread; `await store.write(fn)` runs
    `fn(writer)` in one transaction on the writer thread and returns once it is committed. Raise from
    `fn` (an ApiError, say) to undo everything it did.
    """

    def __init__(self, path: Path, *, durable: bool, state_file: Path | None) -> None:
        self.path = path
        self.state_file = state_file
        self.imported_backup: Path | None = None  # set when a JSON file of the previous version was imported
        self.durable = durable
        self._local = threading.local()
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="sandbox-store-writer")
        self._readers = ThreadPoolExecutor(READER_THREADS, thread_name_prefix="sandbox-store-reader")
        scratch = None if state_file is not None else path.parent
        self._finalizer = weakref.finalize(self, _release, self._writer, self._readers, scratch)

    # --- opening -------------------------------------------------------------------------------------------

    @classmethod
    def open(
        cls, state_file: Path | None, *, seed: bool, account_id: str, app_id: str, reset: bool = False
    ) -> SandboxStore:
        """Open (or create) the store; StateFileError says in one line what to do when it cannot.

        A JSON state file of the previous version is imported and kept beside as `<file>.bak`.
        `reset` moves an existing file aside and starts over.
        """
        if state_file is None:
            scratch = Path(tempfile.mkdtemp(prefix="kore-sandbox-"))
            store = cls(scratch / "sandbox.sqlite3", durable=False, state_file=None)
            store._initialise(seed_with=_seed(seed, account_id, app_id))
            store._seed_campaigns(seed, account_id, app_id)
            return store
        if reset and state_file.exists():
            move_aside(state_file, "reset")
        kind = kind_of(state_file)
        if kind == "sqlite":
            store = cls(state_file, durable=True, state_file=state_file)
            store._check_existing()
            store._seed_campaigns(seed, account_id, app_id)  # a store from before campaigns gets them
            return store
        if kind == "json":
            return cls._import_legacy(state_file, load_legacy(state_file))
        try:
            state_file.parent.mkdir(parents=True, exist_ok=True)
            create_private_file(state_file)
        except OSError as exc:
            raise StateFileError(f"cannot create state file {state_file}: {exc.strerror or exc}") from exc
        store = cls(state_file, durable=True, state_file=state_file)
        store._initialise(seed_with=_seed(seed, account_id, app_id))
        store._seed_campaigns(seed, account_id, app_id)
        return store

    @classmethod
    def _import_legacy(cls, state_file: Path, legacy: LegacyState) -> SandboxStore:
        """Build the SQLite store beside the JSON file, keep the JSON as .bak, swap them in one rename."""
        building = state_file.with_name(f".{state_file.name}.importing")
        for leftover in (building, *_sidecars(building)):
            leftover.unlink(missing_ok=True)
        try:
            create_private_file(building)
            builder = cls(building, durable=True, state_file=building)
            try:
                builder._initialise(seed_with=legacy)
            finally:
                builder.close()
            backup = state_file.with_name(state_file.name + ".bak")
            if backup.exists():
                move_aside(backup, "older")  # never overwrite an earlier backup
            shutil.copy2(state_file, backup)
            backup.chmod(0o600)
            building.replace(state_file)
        except sqlite3.IntegrityError as exc:
            building.unlink(missing_ok=True)
            raise StateFileError(
                f"cannot import {state_file}: two records share a name or phone number ({exc}); fix the file "
                f"or move it aside"
            ) from exc
        except OSError as exc:
            building.unlink(missing_ok=True)
            raise StateFileError(f"cannot import {state_file}: {exc.strerror or exc}") from exc
        store = cls(state_file, durable=True, state_file=state_file)
        store.imported_backup = backup
        return store

    def _initialise(self, *, seed_with: LegacyState | None) -> None:
        """Create the schema on a new file and fill it (seed data or an imported JSON file)."""
        try:
            connection = self._connect()
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(f"PRAGMA application_id={APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.Error as exc:
            raise StateFileError(f"cannot set up state file {self.path}: {exc}") from exc
        self._create_tables()
        if seed_with is not None:
            self.write_now(lambda writer: _fill(writer, seed_with))

    def _seed_campaigns(self, seed: bool, account_id: str, app_id: str) -> None:
        """The seeded campaigns, once: a store with campaigns is left alone (no operation removes them)."""
        if seed and self.read_now(lambda reader: reader.count(CAMPAIGNS)) == 0:
            base = seed_base_epoch()
            self.write_now(
                lambda writer: seed_campaigns(writer, account_id=account_id, app_id=app_id, base_epoch=base)
            )

    def _check_existing(self) -> None:
        assert self.state_file is not None
        try:
            connection = self._connect()
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # reads the schema; O(1)
        except sqlite3.DatabaseError as exc:
            raise StateFileError(
                f"state file {self.state_file} is corrupt ({exc}); move it aside or start over with "
                "kore-sandbox --reset"
            ) from exc
        check_ours(self.state_file, application_id=application_id, version=version)
        self._create_tables()

    def _create_tables(self) -> None:
        def create(writer: Writer) -> None:
            for table in TABLES:
                for statement in table.ddl():
                    writer.connection.execute(statement)

        try:
            self.write_now(create)
        except sqlite3.Error as exc:
            raise StateFileError(f"cannot set up state file {self.path}: {exc}") from exc

    # --- connections ---------------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        """This thread's connection to the store (each thread has its own)."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS)
            connection.execute(f"PRAGMA synchronous={'FULL' if self.durable else 'OFF'}")
            self._local.connection = connection
        return connection

    def _read_in_thread(self, fn: Callable[[Reader], T]) -> T:
        connection = self._connect()
        connection.execute("BEGIN")  # one snapshot for everything `fn` reads
        try:
            return fn(Reader(connection))
        finally:
            connection.execute("COMMIT")

    def _write_in_thread(self, fn: Callable[[Writer], T]) -> T:
        connection = self._connect()
        connection.execute("BEGIN IMMEDIATE")
        try:
            result = fn(Writer(connection))
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        return result

    # --- the API -------------------------------------------------------------------------------------------

    async def read(self, fn: Callable[[Reader], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._readers, self._read_in_thread, fn)

    async def write(self, fn: Callable[[Writer], T]) -> T:
        """Run `fn` in one transaction; returns after the commit, so the caller may acknowledge it."""
        return await asyncio.get_running_loop().run_in_executor(self._writer, self._write_in_thread, fn)

    def read_now(self, fn: Callable[[Reader], T]) -> T:
        """Like `read`, on the calling thread: for start-up, tools and tests, never for a request."""
        return self._read_in_thread(fn)

    def write_now(self, fn: Callable[[Writer], T]) -> T:
        """Like `write`, on the calling thread (SQLite serialises it with the writer thread's work)."""
        return self._write_in_thread(fn)

    def close(self) -> None:
        """Stop the threads and, for a throwaway store, remove its file."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None
        self._finalizer()

    # --- snapshots, for tests and tools --------------------------------------------------------------------

    @property
    def contact_lists(self) -> dict[str, Record]:
        """Every contact list by id, in creation order (a copy: changing it changes nothing)."""
        return {doc["_id"]: doc for doc in self.read_now(lambda reader: reader.find(CONTACT_LISTS))}

    @property
    def list_contacts(self) -> dict[str, list[Record]]:
        """The contacts of each list (as the API shows them), by list id."""

        def members(reader: Reader) -> dict[str, list[Record]]:
            result: dict[str, list[Record]] = {doc["_id"]: [] for doc in reader.find(CONTACT_LISTS)}
            for doc in reader.find(LIST_CONTACTS):
                result.setdefault(doc["listId"], []).append(member_view(doc))
            return result

        return self.read_now(members)

    @property
    def contacts(self) -> dict[str, Record]:
        """Every address-book contact by id, soft-deleted ones included."""
        return {doc["id"]: doc for doc in self.read_now(lambda reader: reader.find(CONTACTS))}


def member_view(doc: Record) -> Record:
    """A list member as Get Contacts of a Contact List shows it (without the stored `listId`)."""
    return {key: value for key, value in doc.items() if key != "listId"}


def _seed(seed: bool, account_id: str, app_id: str) -> LegacyState | None:
    if not seed:
        return None
    lists, members, contacts = seed_records(account_id, app_id)
    return LegacyState(lists, members, contacts)


def _fill(writer: Writer, state: LegacyState) -> None:
    writer.insert_many(CONTACT_LISTS, state.contact_lists.values())
    for list_id, members in state.list_contacts.items():
        writer.insert_many(LIST_CONTACTS, ({**member, "listId": list_id} for member in members))
    writer.insert_many(CONTACTS, state.contacts.values())


def _sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _release(writer: ThreadPoolExecutor, readers: ThreadPoolExecutor, scratch: Path | None) -> None:
    writer.shutdown(wait=False)
    readers.shutdown(wait=False)
    if scratch is not None:
        with contextlib.suppress(OSError):
            shutil.rmtree(scratch, ignore_errors=True)
