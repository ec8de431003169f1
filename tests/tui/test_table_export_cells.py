"""The results table's CSV export (koretui/table_export.py) writes no live spreadsheet formula."""

from __future__ import annotations

import csv
from pathlib import Path

from core.bulk.reading import read_table
from core.models import ContactList
from core.presentation import presentation_of
from koretui.table_export import write_csv

NAMES = ["=1+1", "@cmd", "+1 (not a phone)", "-2", "\tTab-led", "+14155550101"]


def test_table_csv_marks_formula_text_and_keeps_numbers_exactly(tmp_path: Path) -> None:
    entry = presentation_of(ContactList)
    records = [
        ContactList.model_validate({"_id": f"cl-{i}", "name": name, "description": "d"})
        for i, name in enumerate(NAMES)
    ]
    path = tmp_path / "table.csv"
    assert write_csv(path, entry, records, [entry.row(record) for record in records]) == len(NAMES)
    rows = list(csv.DictReader(path.open(newline="")))
    assert [row["Name"] for row in rows] == [
        "'=1+1",
        "'@cmd",
        "'+1 (not a phone)",
        "-2",
        "'\tTab-led",
        "+14155550101",
    ]
    assert [row.cells["Name"] for row in read_table(path).rows] == NAMES
