"""Copy and CSV export of what a results table shows (headless, no Textual).

The CSV has the table's columns plus the id, in the order on screen (sorted, filtered), and is
created 0600 like every file the app writes: it holds names and phone numbers.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core import csv_cells
from core.presentation import Presentation


def export_path(entry: Presentation, directory: Path, *, now: float | None = None) -> Path:
    """`kore-contact-lists-20260601-101500.csv` in `directory` (a new name each second)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(time.time() if now is None else now))
    slug = entry.plural.lower().replace(" ", "-")
    return directory / f"kore-{slug}-{stamp}.csv"


def write_csv(path: Path, entry: Presentation, records: Sequence[Any], rows: Sequence[Sequence[str]]) -> int:
    """Write the shown rows (with an Id column first unless one is shown); returns the row count."""
    labels = [column.label for column in entry.columns]
    with_id = not any(column.role == "id" for column in entry.columns)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        writer = csv_cells.writer(handle)
        writer.writerow(["Id", *labels] if with_id else labels)
        for record, row in zip(records, rows, strict=True):
            writer.writerow([entry.id_of(record) or "", *row] if with_id else row)
    return len(rows)


def row_json(record: Any, *, indent: int | None = None) -> str:
    """One record as the JSON Kore.ai sent (its camelCase names, extra fields included)."""
    data = record.model_dump(mode="json", by_alias=True, exclude_none=True)
    return json.dumps(data, indent=indent, ensure_ascii=False)
