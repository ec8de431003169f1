"""What is at a state file's path (nothing, our SQLite store, the old JSON format, something else),
and the file operations around it: private creation, moving aside, reading the old JSON format."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from core.sandbox.records import Record
from core.sandbox.schema import APPLICATION_ID, SCHEMA_VERSION

LEGACY_VERSION = 1
SQLITE_MAGIC = b"SQLite format 3\x00"
HOW_TO_RESET = "kore-sandbox --state {path} --reset moves it aside and starts over"

StateKind = Literal["missing", "sqlite", "json", "foreign"]


class StateFileError(Exception):
    """The state file cannot be used; the message is one line telling the user what to do."""


@dataclass(frozen=True)
class LegacyState:
    """The data of a JSON state file written by the previous version (or the seed data)."""

    contact_lists: dict[str, Record]
    list_contacts: dict[str, list[Record]]
    contacts: dict[str, Record]


def kind_of(path: Path) -> StateKind:
    """Sniff the first bytes; never trusts the file name."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        raise StateFileError(f"cannot read state file {path}: {exc.strerror or exc}") from exc
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "json"
    if not head:
        raise StateFileError(f"state file {path} is empty; remove it, or {_reset_hint(path)}")
    raise StateFileError(
        f"{path} is not a kore-sandbox state file; pick another file with --state, or {_reset_hint(path)}"
    )


def _reset_hint(path: Path) -> str:
    return HOW_TO_RESET.format(path=path)


def check_ours(path: Path, *, application_id: int, version: int) -> None:
    """A SQLite file is ours when it carries our application id and a schema version we know."""
    if application_id != APPLICATION_ID:
        raise StateFileError(
            f"{path} is a SQLite database of some other program; pick another file with --state, or "
            f"{_reset_hint(path)}"
        )
    if version > SCHEMA_VERSION:
        raise StateFileError(
            f"state file {path} was written by a newer koretui (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade koretui, or {_reset_hint(path)}"
        )


def create_private_file(path: Path) -> None:
    """Create an empty file readable only by its owner (SQLite's -wal and -shm files copy its mode)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)  # whatever the umask
    finally:
        os.close(fd)


def move_aside(path: Path, why: str) -> Path:
    """Rename `path` (and its SQLite -wal/-shm) to `<path>.<why>-<UTC time>.bak`; return the new name."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.{why}-{stamp}.bak")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.{why}-{stamp}-{counter}.bak")
    try:
        path.replace(target)
        for suffix in ("-wal", "-shm"):
            sidecar = path.with_name(path.name + suffix)
            if sidecar.exists():
                sidecar.replace(target.with_name(target.name + suffix))
    except OSError as exc:
        raise StateFileError(f"cannot move {path} aside: {exc.strerror or exc}") from exc
    return target


def load_legacy(path: Path) -> LegacyState:
    """Read a JSON state file of the previous version; refuse (never wipe) anything that is not one."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise StateFileError(f"cannot read state file {path}: {exc.strerror or exc}") from exc
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise StateFileError(
            f"state file {path} is corrupt (not valid JSON: {exc}); fix it, or {_reset_hint(path)}"
        ) from exc
    problem = _shape_problem(data)
    if problem:
        raise StateFileError(f"state file {path} is corrupt ({problem}); fix it, or {_reset_hint(path)}")
    return LegacyState(data["contactLists"], data["listContacts"], data["contacts"])


def _shape_problem(data: Any) -> str | None:
    """Why `data` is not a JSON state file the previous version wrote, or None when it is one."""
    if not isinstance(data, dict):
        return "top level is not a JSON object"
    if data.get("version") != LEGACY_VERSION:
        return f"unknown version {data.get('version')!r}, expected {LEGACY_VERSION}"
    for key in ("contactLists", "listContacts", "contacts"):
        if not isinstance(data.get(key), dict):
            return f"'{key}' is missing or not an object"
    for list_id, record in data["contactLists"].items():
        if not isinstance(record, dict) or record.get("_id") != list_id:
            return f"contact list {list_id!r} is malformed"
        if not isinstance(record.get("name"), str):
            return f"contact list {list_id!r} is malformed"
    for list_id, members in data["listContacts"].items():
        if not isinstance(members, list) or not all(
            isinstance(item, dict) and isinstance(item.get("_id"), str) for item in members
        ):
            return f"contacts of list {list_id!r} are malformed"
    for contact_id, record in data["contacts"].items():
        if not isinstance(record, dict) or record.get("id") != contact_id:
            return f"contact {contact_id!r} is malformed"
        if not isinstance(record.get("cellPhone"), dict):
            return f"contact {contact_id!r} has no cellPhone object"
    return None
