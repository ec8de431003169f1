"""The engine reads files from disk: an upload goes to a private temporary copy and back out.

The copy is named like the upload, so the engine's messages name the user's file (never the
temporary path), and it is removed as soon as the file is read: customers' numbers stay on disk
only for that moment, in a 0700 folder.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from core.bulk.errors import InputFileError
from core.bulk.plan import ImportOptions, Loaded, Plan, load_file
from core.bulk.report import write_rejects


def load_upload(options: ImportOptions, name: str, data: bytes) -> Loaded:
    """The engine's `load_file` on a private temporary copy (named like the upload, so messages
    name the user's file), removed at once."""
    safe = "".join(ch if ch.isalnum() or ch in "._- " else "_" for ch in Path(name).name)[:100]
    with tempfile.TemporaryDirectory(prefix="kore-import-") as folder:
        path = Path(folder) / (safe or "upload.csv")
        path.write_bytes(data)  # the folder is 0700, so the file is private
        local = ImportOptions(path, options.list_name, options.region, options.dnc, options.phone_column)
        try:
            return load_file(local)
        except InputFileError as exc:
            raise InputFileError(str(exc).replace(str(path), name)) from None


def rejects_csv(plan: Plan) -> bytes:
    """The engine's rejects file (row, reason, detail, the row's cells), as bytes."""
    with tempfile.TemporaryDirectory(prefix="kore-rejects-") as folder:
        path = Path(folder) / "rejected.csv"
        write_rejects(plan, path)
        return path.read_bytes()
