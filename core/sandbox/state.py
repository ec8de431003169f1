"""The sandbox's data and its crash-safe persistence to one JSON file."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from core.sandbox.records import Record
from core.sandbox.seed import seed_records

STATE_VERSION = 1


class StateFileError(Exception):
    """The state file cannot be used; the message is one line telling the user what is wrong."""


class SandboxState:
    """Contact lists, their contacts and the address book, plus the lock that serialises changes.

    Every acknowledged mutation is written to `state_file` (when set) before the response goes out,
    so killing the sandbox never loses something a client was told succeeded.
    """

    def __init__(self, state_file: Path | None = None) -> None:
        self.state_file = state_file
        self.contact_lists: dict[str, Record] = {}
        self.contacts: dict[str, Record] = {}
        self.list_contacts: dict[str, list[Record]] = {}
        self.lock = asyncio.Lock()

    @classmethod
    def open(cls, state_file: Path | None, *, seed: bool, account_id: str, app_id: str) -> SandboxState:
        """Load `state_file` if it exists; otherwise start empty or seeded (and write the file)."""
        state = cls(state_file)
        if state_file is not None and state_file.exists():
            state.load()
            return state
        if seed:
            state.contact_lists, state.list_contacts, state.contacts = seed_records(account_id, app_id)
        if state_file is not None:
            try:
                state_file.parent.mkdir(parents=True, exist_ok=True)
                state.save()
            except OSError as exc:
                raise StateFileError(f"cannot write state file {state_file}: {exc.strerror or exc}") from exc
        return state

    def to_json(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "contactLists": self.contact_lists,
            "listContacts": self.list_contacts,
            "contacts": self.contacts,
        }

    def load(self) -> None:
        """Read the state file; refuse (never wipe) anything that does not look like ours."""
        path = self.state_file
        if path is None:
            return
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise StateFileError(f"cannot read state file {path}: {exc.strerror or exc}") from exc
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            raise StateFileError(
                f"state file {path} is corrupt (not valid JSON: {exc}); fix or remove it"
            ) from exc
        problem = _shape_problem(data)
        if problem:
            raise StateFileError(f"state file {path} is corrupt ({problem}); fix or remove it")
        self.contact_lists = data["contactLists"]
        self.list_contacts = data["listContacts"]
        self.contacts = data["contacts"]

    def save(self) -> None:
        """Write atomically: temp file in the same directory, fsync, then rename over the old one."""
        path = self.state_file
        if path is None:
            return
        payload = json.dumps(self.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            raise
        _fsync_dir(path.parent)

    @contextlib.asynccontextmanager
    async def mutation(self) -> AsyncIterator[None]:
        """Hold the lock while the caller changes the data, then persist; undo the change if that fails."""
        async with self.lock:
            before = (
                copy.deepcopy(self.contact_lists),
                copy.deepcopy(self.list_contacts),
                copy.deepcopy(self.contacts),
            )
            try:
                yield
                self.save()
            except BaseException:
                self.contact_lists, self.list_contacts, self.contacts = before
                raise


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable; not every platform allows opening a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _shape_problem(data: Any) -> str | None:
    """Why `data` is not a state file we wrote, or None when it is fine."""
    if not isinstance(data, dict):
        return "top level is not a JSON object"
    if data.get("version") != STATE_VERSION:
        return f"unknown version {data.get('version')!r}, expected {STATE_VERSION}"
    for key in ("contactLists", "listContacts", "contacts"):
        if not isinstance(data.get(key), dict):
            return f"'{key}' is missing or not an object"
    for list_id, record in data["contactLists"].items():
        if not isinstance(record, dict) or record.get("_id") != list_id:
            return f"contact list {list_id!r} is malformed"
    for list_id, members in data["listContacts"].items():
        if not isinstance(members, list) or not all(isinstance(item, dict) for item in members):
            return f"contacts of list {list_id!r} are malformed"
    for contact_id, record in data["contacts"].items():
        if not isinstance(record, dict) or record.get("id") != contact_id:
            return f"contact {contact_id!r} is malformed"
        if not isinstance(record.get("cellPhone"), dict):
            return f"contact {contact_id!r} has no cellPhone object"
    return None
