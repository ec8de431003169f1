"""A contact list's extra row actions: import into it, and export all its contacts to CSV.

The export reads every page through core/bulk/export (the same CSV as `kore export --list`) and
writes it in the current directory, or the data dir when that cannot be written, 0600.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from core.pacing import Wait
    from koretui.backend import Backend


class Notify(Protocol):
    """`App.notify`, as much of it as the export uses."""

    def __call__(
        self, message: str, *, severity: SeverityLevel = ..., timeout: float | None = ...
    ) -> None: ...


IMPORT_INTO = "bulk.import_into"
EXPORT_CSV = "bulk.export_csv"


def list_actions(record: Any) -> list[tuple[str, str]]:
    """(choice id, label) of the bulk actions on a record: a contact list has two, others none."""
    from core.models import ContactList

    if not isinstance(record, ContactList):
        return []
    return [(IMPORT_INTO, "Import contacts into this list"), (EXPORT_CSV, "Export to CSV")]


def export_file(list_name: str, directory: Path, *, now: float | None = None) -> Path:
    """`kore-renewal-due-july-2025-20260601-101500.csv` (a new name each second)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(time.time() if now is None else now))
    slug = re.sub(r"[^a-z0-9]+", "-", list_name.lower()).strip("-") or "list"
    return directory / f"kore-{slug}-{stamp}.csv"


async def export_list(
    backend: Backend, list_name: str, notices: ExportNotices | None = None
) -> tuple[Path, int]:
    """Write every contact of the list to a CSV; returns its path and the number of contacts.

    BulkError (unknown list), KoreError (the API) or OSError (the disk) say what went wrong.
    """
    from core.bulk.export import list_contacts, render
    from core.bulk.files import write_private
    from core.bulk.lists import KoreListGateway
    from core.models import ListContact
    from koretui.screens.import_screen import writable_dir

    gateway = KoreListGateway(backend.client, on_wait=notices.waiting if notices else None)
    records = await list_contacts(gateway, list_name, notices.page if notices else None)
    path = export_file(list_name, writable_dir())
    write_private(path, render(records, "csv", ListContact))
    return path, len(records)


class ExportNotices:
    """Progress of a long export as notices, at most one every `every` seconds (a big list at 60
    requests a minute takes a while: one request per 100 contacts)."""

    def __init__(self, list_name: str, notify: Notify, *, every: float = 15.0) -> None:
        self.list_name = list_name
        self.notify = notify
        self.every = every
        self._last = time.monotonic()

    def _say(self, text: str) -> None:
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            self.notify(f"Exporting {self.list_name}: {text}")

    def waiting(self, wait: Wait) -> None:
        self._say(str(wait))

    def page(self, done: int, total: int) -> None:
        self._say(f"{done:,} of {total:,} contacts read")


async def export_to_csv(backend: Backend, list_name: str, notify: Notify) -> None:
    """The row action: export, and say where the file is (or, in one line, why there is none)."""
    from core.bulk.errors import BulkError
    from core.errors import KoreError

    notify(f"Exporting {list_name}…")
    try:
        path, count = await export_list(backend, list_name, ExportNotices(list_name, notify))
    except (BulkError, KoreError) as exc:
        notify(f"Export failed: {exc}", severity="error", timeout=10)
    except OSError as exc:
        notify(f"Export failed: cannot write the file ({exc.strerror or exc})", severity="error", timeout=10)
    else:
        notify(f"Exported {count:,} contacts of {list_name} to {path}", timeout=10)
