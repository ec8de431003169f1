"""Cells a spreadsheet would run as a formula are written as text, and read back as they were."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import csv_cells
from core.csv_cells import neutral, restore

HOSTILE = ["=1+1", "@cmd", "+1 (not a phone)", "-2+3", "-cmd|' /C calc'!A0", "\tleads with a tab", "\r=1"]
DATA = ["+14155550101", "+442079460000", "-2", "3.5", "2026-06-01 10:15 UTC", "cl-123", "Ann", "'t Hart", ""]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_a_spreadsheet_would_run_is_written_with_the_text_marker(value: str) -> None:
    assert neutral(value) == "'" + value
    assert restore(neutral(value)) == value


@pytest.mark.parametrize("value", DATA)
def test_numbers_ids_dates_and_plain_text_are_written_exactly_as_they_are(value: str) -> None:
    assert neutral(value) == value
    assert restore(value) == value


def test_a_value_already_marked_gets_one_more_mark_so_it_reads_back_unchanged() -> None:
    assert neutral("'=1+1") == "''=1+1"
    assert restore("''=1+1") == "'=1+1"


def test_the_writer_marks_text_cells_and_leaves_int_cells_alone() -> None:
    buffer = io.StringIO()
    csv_cells.writer(buffer, lineterminator="\n").writerow([7, "=1+1", "+14155550101", "@cmd"])
    assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [["7", "'=1+1", "+14155550101", "'@cmd"]]


@given(st.text(alphabet=st.sampled_from("'=+-@\t\r0123456789.a ")))
def test_restore_undoes_neutral_for_any_text(value: str) -> None:
    marked = neutral(value)
    assert restore(marked) == value
    assert not marked.startswith(csv_cells.TRIGGERS) or csv_cells._PLAIN_NUMBER.fullmatch(marked)


def test_every_csv_the_product_writes_goes_through_csv_cells() -> None:
    root = Path(__file__).resolve().parents[2]
    bypassing = [
        str(path.relative_to(root))
        for package in ("core", "koretui", "slackbot")
        for path in (root / package).rglob("*.py")
        if path.name != "csv_cells.py"
        and re.search(r"csv\.(Dict)?[wW]riter\(", path.read_text(encoding="utf-8"))
    ]
    assert bypassing == [], "write CSV with core.csv_cells.writer, which neutralises formula cells"
