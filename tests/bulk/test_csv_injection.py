"""The engine's CSV files (export, rejects) hold no live formula and re-import to the same data."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from core.bulk.export import to_csv
from core.bulk.plan import ImportOptions, load_file, plan_import
from core.bulk.reading import read_table
from core.bulk.report import write_rejects
from core.models import ContactList, ListContact
from core.presentation import presentation_of
from tests.bulk.fakes import FakeGateway, write_csv, write_xlsx

NAMES = ["=1+1", "@cmd", "+1 (not a phone)", "-2+3", "\tTab", "'=already marked", "'t Hart", "Ann"]
E164 = ["+14155550101", "+14155550102", "+14155550103", "+14155550104", "+14155550105", "+14155550106",
        "+14155550107", "+14155550108"]  # fmt: skip


def contacts() -> list[ListContact]:
    return [
        ListContact.model_validate(
            {"_id": f"cc-{i}", "phoneNumber": phone, "firstName": name, "lastName": "-2"}
        )
        for i, (name, phone) in enumerate(zip(NAMES, E164, strict=True))
    ]


def cells(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_export_marks_formula_text_and_keeps_numbers_exactly() -> None:
    rows = cells(to_csv(contacts(), presentation_of(ListContact)))
    assert [row["First name"] for row in rows] == [
        "'=1+1", "'@cmd", "'+1 (not a phone)", "'-2+3", "'\tTab", "''=already marked", "'t Hart", "Ann"
    ]  # fmt: skip
    assert [row["Phone"] for row in rows] == E164
    assert {row["Last name"] for row in rows} == {"-2"}  # a plain number is data, not a formula


def test_exported_list_names_and_descriptions_are_marked() -> None:
    record = ContactList.model_validate({"_id": "cl-1", "name": "=HYPERLINK(\"https://evil\",\"x\")",
                                         "description": "@SUM(A1)"})  # fmt: skip
    text = to_csv([record], presentation_of(ContactList))
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text
    assert not any(cell.startswith(("=", "@")) for row in csv.reader(io.StringIO(text)) for cell in row)


def test_an_exported_file_reimports_to_the_same_contacts(tmp_path: Path) -> None:
    exported = tmp_path / "export.csv"
    exported.write_text(to_csv(contacts(), presentation_of(ListContact)), encoding="utf-8")
    table = read_table(exported)
    assert [row.cells["First name"] for row in table.rows] == NAMES
    _, _, checked = load_file(ImportOptions(exported, "July"))
    assert [c.item["phoneNumber"] for c in checked.contacts] == E164
    assert [c.item["firstName"] for c in checked.contacts] == [name.strip() for name in NAMES]
    assert {c.item["lastName"] for c in checked.contacts} == {"-2"}


def test_a_spreadsheet_cell_with_the_text_marker_reads_as_its_text(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "marked.xlsx", [["Phone", "First Name"], ["'+14155550101", "'=1+1"]])
    assert read_table(path).rows[0].cells == {"Phone": "+14155550101", "First Name": "=1+1"}


async def test_rejects_file_marks_formula_cells_and_reads_back_as_the_input(tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "crm.csv", 'First Name,Phone,Note\n"=1+1",555,"@cmd"\n"-2",+1 (not),"\tx"\n'
    )
    plan = await plan_import(ImportOptions(source, "July", create=True), FakeGateway())
    out = tmp_path / "rejects.csv"
    assert write_rejects(plan, out) == 2
    rows = list(csv.reader(out.open(newline="")))
    assert rows[1][3:] == ["'=1+1", "555", "'@cmd"]
    assert rows[2][3:] == ["-2", "'+1 (not)", "'\tx"]
    again = read_table(out)
    assert [[row.cells[c] for c in ("First Name", "Phone", "Note")] for row in again.rows] == [
        ["=1+1", "555", "@cmd"], ["-2", "+1 (not)", "\tx"]
    ]  # fmt: skip
