"""Reading CRM exports: delimiters, encodings, spreadsheets, and every unusable file stopped early."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from core.bulk.columns import map_columns
from core.bulk.errors import InputFileError
from core.bulk.reading import read_table
from tests.bulk.fakes import write_csv, write_xlsx


def test_semicolon_csv_in_windows_1252_keeps_accented_names(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "crm.csv",
        "Nom;Prénom;Téléphone mobile\nMüller;José;0612345678\nGarçon;Zoë;0612345679\n",
        "cp1252",
    )
    table = read_table(path)
    assert table.delimiter == ";"
    assert table.columns == ("Nom", "Prénom", "Téléphone mobile")
    assert table.rows[0].cells["Nom"] == "Müller"
    assert table.rows[1].cells["Prénom"] == "Zoë"


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path: Path) -> None:
    text = "phoneNumber\tfirstName\n+14155550123\tÅsa\n"
    path = tmp_path / "export.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    table = read_table(path)
    assert table.delimiter == "\t"
    assert [row.cells for row in table.rows] == [{"phoneNumber": "+14155550123", "firstName": "Åsa"}]


def test_utf8_bom_does_not_end_up_in_the_first_column_name(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"phone,name\n4155550123,Ann\n")
    assert read_table(path).columns == ("phone", "name")


def test_rows_are_numbered_as_a_spreadsheet_shows_them_even_after_blank_lines(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "gaps.csv", "phone\n4155550101\n\n,\n4155550102\n")
    table = read_table(path)
    assert [row.number for row in table.rows] == [2, 5]


def test_xlsx_numbers_stored_as_numbers_read_as_digits(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "list.xlsx",
        [["Phone Number", "First Name"], [14155550123, "Ann"], ["+44 20 7946 0958", "Bo"]],
    )
    table = read_table(path)
    assert table.columns == ("Phone Number", "First Name")
    assert [row.cells["Phone Number"] for row in table.rows] == ["14155550123", "+44 20 7946 0958"]


def test_a_workbook_with_a_csv_name_is_still_read_as_a_workbook(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "misnamed.csv", [["phone"], ["+14155550123"]])
    assert read_table(path).rows[0].cells == {"phone": "+14155550123"}


def test_repeated_and_blank_header_names_are_kept_apart(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "dup.csv", "phone,Phone,\n1,2,3\n")
    assert read_table(path).columns == ("phone", "Phone (2)", "column 3")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty; it needs a header row and at least one row"),
        (b"\n\n  \n", "is empty"),
        (b"phone,name\n", "has a header row but no rows below it"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00", "looks binary"),
    ],
)
def test_unusable_files_stop_with_one_line_saying_what_to_fix(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    with pytest.raises(InputFileError) as caught:
        read_table(path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_missing_file_and_a_directory_are_named(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such file"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(InputFileError, match="is a directory"):
        read_table(tmp_path)


def test_a_wrong_encoding_given_by_the_user_is_reported_with_the_byte(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "latin.csv", "phone,name\n4155550123,Zoë\n", "cp1252")
    with pytest.raises(InputFileError, match=r"not valid utf-8 \(byte \d+\)"):
        read_table(path, encoding="utf-8")
    with pytest.raises(InputFileError, match="unknown encoding"):
        read_table(path, encoding="klingon")


def test_a_corrupt_workbook_says_to_save_it_again(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputFileError, match="cannot read the workbook"):
        read_table(path)


@pytest.mark.parametrize(
    ("header", "phone"),
    [
        (["Name", "Phone Number"], "Phone Number"),
        (["phone_number", "mobile"], "phone_number"),
        (["Mobile", "Email"], "Mobile"),
        (["cellPhoneNumber", "cellPhoneCountryCode"], "cellPhoneNumber"),
        (["MSISDN"], "MSISDN"),
    ],
)
def test_the_phone_column_is_found_by_the_names_people_use(header: list[str], phone: str) -> None:
    assert map_columns(header).phone == phone


def test_list_fields_and_the_country_code_column_are_mapped_by_name() -> None:
    columns = map_columns(
        ["First Name", "surname", "Time-Zone", "External ID", "cellPhoneNumber", "Country Code"]
    )
    assert columns.fields == {
        "firstName": "First Name",
        "lastName": "surname",
        "timeZone": "Time-Zone",
        "uniqueId": "External ID",
    }
    assert columns.country_code == "Country Code"


def test_no_phone_column_lists_the_columns_and_the_flag() -> None:
    with pytest.raises(InputFileError) as caught:
        map_columns(["name", "email"], source="crm.csv")
    assert str(caught.value) == (
        "crm.csv has no phone column (columns: 'name', 'email'); name it phoneNumber or choose the phone column (--phone-column)"
    )


def test_phone_column_flag_picks_a_column_by_any_spelling_or_names_the_choices() -> None:
    assert map_columns(["Work Tel", "phone"], phone_column="work_tel").phone == "Work Tel"
    with pytest.raises(InputFileError, match="has no column 'fax'"):
        map_columns(["phone"], phone_column="fax")


def test_a_cyrillic_windows_file_is_not_mistaken_for_western(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ru.csv", "Имя;Телефон\nИван;+79161234567\nМария;+79161234568\n", "cp1251")
    table = read_table(path)
    assert table.columns == ("Имя", "Телефон")
    assert table.rows[1].cells["Имя"] == "Мария"
