"""`kore export` and `kore import --rejects` write no live spreadsheet formula, and read back."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from core import connect
from core.bulk.reading import read_table
from core.connect import Connection
from core.sandbox.config import SandboxConfig
from core.sandbox.embedded import EmbeddedSandbox
from koretui.cli.main import main
from tests.bulk.fakes import write_csv


@pytest.fixture(autouse=True)
def sandbox_backend(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sandbox = EmbeddedSandbox(SandboxConfig(rate_limit=0, state_file=data_dir / "sandbox-state.json"))

    def build(**kwargs: Any) -> Connection:
        return connect.sandbox_connection(sandbox, forced=True, rate_limit_per_minute=0)

    monkeypatch.setattr(connect, "connect", build)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_marks_a_list_name_a_spreadsheet_would_run_and_reads_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "lists", "create", 'name==HYPERLINK("https://evil")', "description=@SUM(A1)")
    assert code == 0, err
    code, out, _ = run(capsys, "export")
    rows = list(csv.DictReader(io.StringIO(out)))
    (row,) = [row for row in rows if "HYPERLINK" in row["Name"]]
    assert row["Name"] == '\'=HYPERLINK("https://evil")' and row["Description"] == "'@SUM(A1)"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
    target = tmp_path / "lists.csv"
    assert run(capsys, "export", "-o", str(target))[0] == 0
    names = [r.cells["Name"] for r in read_table(target).rows]
    assert '=HYPERLINK("https://evil")' in names


def test_update_rejects_file_marks_formula_cells(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "book.csv",
        "id,firstName,lastName,phone\n667e48f7c8b972fc691a0b1d,=1+1,@cmd,12\n",
    )
    rejects = tmp_path / "rejects.csv"
    code, _, err = run(
        capsys, "import", str(path), "--update-contacts", "--dry-run", "--rejects", str(rejects)
    )
    assert code == 0, err
    header, row = list(csv.reader(rejects.open(newline="")))
    assert header == ["row", "reason", "id", "firstName", "lastName", "phone"]
    assert row[2:] == ["667e48f7c8b972fc691a0b1d", "'=1+1", "'@cmd", "12"]
    assert read_table(rejects).rows[0].cells["firstName"] == "=1+1"
