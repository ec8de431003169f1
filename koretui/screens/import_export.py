"""A contact list's extra row actions: import into it, and export all its contacts to CSV.

The export reads every page through core/bulk/export (the same CSV as `kore export --list`) and
writes it in the current directory, or the data dir when that cannot be written, 0600.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from koretui.backend import Backend

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


async def export_list(backend: Backend, list_name: str) -> tuple[Path, int]:
    """Write every contact of the list to a CSV; returns its path and the number of contacts.

    BulkError (unknown list), KoreError (the API) or OSError (the disk) say what went wrong.
    """
    from core.bulk.export import list_contacts, render
    from core.bulk.files import write_private
    from core.bulk.lists import KoreListGateway
    from core.models import ListContact
    from koretui.screens.import_screen import writable_dir

    records = await list_contacts(KoreListGateway(backend.client), list_name)
    path = export_file(list_name, writable_dir())
    write_private(path, render(records, "csv", ListContact))
    return path, len(records)
