"""The sidebar's view of the catalog (key, title, help, group), cached so the first frame is fast.

Importing `core.operations` loads pydantic and httpx (~0.3 s here), more than the whole first-frame
budget (`core.places`, for the data dir, loads neither).
The titles are cached in the data dir, keyed by the size and mtime of `core/operations.py`, so an
edited catalog is re-read at once; the app re-checks the cache against the real catalog after
the first frame and rebuilds the sidebar if they differ.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from core import places
from core.places import default_data_dir as data_dir  # where the cache lives (and other TUI files)

FORMAT = 1


@dataclass(frozen=True)
class OperationEntry:
    """What the sidebar and palette show for one operation."""

    key: str
    title: str
    help: str
    group: str
    destructive: bool


def _catalog_stamp() -> str | None:
    path = Path(places.__file__).with_name("operations.py")
    try:
        info = path.stat()
    except OSError:
        return None
    return f"{FORMAT}:{info.st_size}:{info.st_mtime_ns}"


def from_catalog() -> list[OperationEntry]:
    """The entries straight from `core.operations` (slow: imports core)."""
    from core.operations import OPERATIONS

    return [
        OperationEntry(op.key, op.title, op.help, op.resource.label, op.destructive)
        for op in OPERATIONS
        if op.form  # some are for scripts and the bulk engine only (Update Bulk Contacts)
    ]


def cache_file() -> Path:
    return data_dir() / "catalog-index.json"


def load_cached() -> list[OperationEntry] | None:
    """The cached entries when they match the catalog file on disk, else None."""
    stamp = _catalog_stamp()
    try:
        data = json.loads(cache_file().read_text(encoding="utf-8"))
        if stamp is None or data.get("stamp") != stamp:
            return None
        return [OperationEntry(**item) for item in data["operations"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def save(entries: list[OperationEntry]) -> None:
    stamp = _catalog_stamp()
    if stamp is None:
        return
    payload = {"stamp": stamp, "operations": [asdict(entry) for entry in entries]}
    try:
        path = cache_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # data files are private
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(payload))
        os.replace(tmp, path)
    except OSError:
        pass  # a cache: the next start reads the catalog instead


def load() -> list[OperationEntry]:
    """Cached entries if fresh, else the catalog's (and refresh the cache)."""
    cached = load_cached()
    if cached is not None:
        return cached
    entries = from_catalog()
    save(entries)
    return entries
