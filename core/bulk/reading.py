"""Read a CRM export (CSV in any common delimiter and encoding, or .xlsx) into rows of text.

Rows are numbered as a spreadsheet shows them: the header is row 1, so the first contact is row 2.
A cell written with the spreadsheet text marker (`'=1+1`, as every CSV this product exports writes
text that a spreadsheet would run as a formula; see core/csv_cells.py) is read as its text (`=1+1`).
Every way the file can be unusable ends here, before anything is checked or sent, with one line
that says what to fix.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from core.bulk.errors import InputFileError
from core.csv_cells import MARK, restore

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
DELIMITERS = ",;\t|"
SNIFF_BYTES = 64 * 1024
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAVE_AS = "save it as CSV (UTF-8) or .xlsx"


@dataclass(slots=True)
class Row:
    """One data row: its spreadsheet row number and its cells by column name."""

    number: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Table:
    """A file's header and rows (fully blank rows are dropped)."""

    source: str
    columns: tuple[str, ...]
    rows: list[Row]
    encoding: str | None = None
    delimiter: str | None = None


def read_table(path: Path, *, encoding: str | None = None) -> Table:
    """Read `path` (CSV or a spreadsheet, told apart by content as well as name)."""
    try:
        head = path.open("rb").read(8)
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputFileError(f"{path} is a directory; give a CSV or .xlsx file") from None
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if path.suffix.lower() in SPREADSHEET_SUFFIXES or head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return read_spreadsheet(path)
    return read_csv_bytes(path.read_bytes(), source=str(path), encoding=encoding)


def decode(data: bytes, source: str, encoding: str | None = None) -> tuple[str, str]:
    """The file's text and the encoding it was read with (BOM, then UTF-8, then detection)."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise InputFileError(f"unknown encoding {encoding!r}; try utf-8, cp1252 or utf-16") from None
        except UnicodeDecodeError as exc:
            raise InputFileError(
                f"{source} is not valid {encoding} (byte {exc.start}); give its encoding or {_SAVE_AS}"
            ) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _strict(data, name, source), name
    if _looks_utf16(data[:SNIFF_BYTES]):
        name = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            raise InputFileError(f"{source} looks binary, not like a CSV file; {_SAVE_AS}") from None
    if b"\x00" in data[:SNIFF_BYTES]:
        raise InputFileError(f"{source} looks binary, not like a CSV file; {_SAVE_AS}")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only files that are not UTF-8 pay for detection

    best = from_bytes(data[: SNIFF_BYTES * 4]).best()
    if best is None:
        raise InputFileError(f"cannot tell the text encoding of {source}; {_SAVE_AS}")
    text = _strict(data, best.encoding, source)
    if _latin_only(text):
        # Short Western European files fool detectors (é read as ķ); Excel on Windows writes cp1252.
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("cp1252"), "cp1252"
    return text, best.encoding


def _latin_only(text: str) -> bool:
    """True when every non-ASCII letter is a Latin one (so the file is in a Western code page)."""
    return all(
        unicodedata.name(ch, "").startswith("LATIN") for ch in set(text) if ord(ch) > 127 and ch.isalpha()
    )


def _strict(data: bytes, name: str, source: str) -> str:
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"{source} is not valid {name} (byte {exc.start}); give its encoding (--encoding) or {_SAVE_AS}"
        ) from None


def _looks_utf16(sample: bytes) -> bool:
    """UTF-16 without a BOM: text whose every other byte is NUL."""
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    return (even_nul > 0.4 and odd_nul < 0.02) or (odd_nul > 0.4 and even_nul < 0.02)


def _delimiter(text: str) -> str:
    sample = text[:SNIFF_BYTES]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def read_csv_bytes(data: bytes, *, source: str, encoding: str | None = None) -> Table:
    """Parse CSV bytes: encoding and delimiter are sniffed, the first row is the header."""
    if not data.strip():
        raise InputFileError(f"{source} is empty; it needs a header row and at least one row")
    text, used = decode(data, source, encoding)
    text = text.removeprefix("\ufeff")
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        columns, rows = _table(reader, source)
    except csv.Error as exc:
        raise InputFileError(f"{source} is not a readable CSV file ({exc}); {_SAVE_AS}") from None
    return Table(source, columns, rows, encoding=used, delimiter=delimiter)


def read_spreadsheet(path: Path) -> Table:
    """The first sheet of an .xlsx (or .xls/.ods) workbook, every cell as text."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0).to_python(skip_empty_area=True)
    except (CalamineError, OSError, ValueError, IndexError) as exc:
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise InputFileError(f"cannot read the workbook {path} ({detail}); save it as .xlsx or CSV") from None
    cells = ([_cell_text(value) for value in row] for row in sheet)
    return Table(str(path), *_table(cells, str(path)))


def _cell_text(value: object) -> str:
    """Spreadsheet cells as the text a person typed: 14155550123.0 is 14155550123."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(lines: Iterable[list[str]], source: str) -> tuple[tuple[str, ...], list[Row]]:
    iterator: Iterator[tuple[int, list[str]]] = enumerate(lines, start=1)
    header: list[str] | None = None
    for _, values in iterator:
        if any(value.strip() for value in values):
            header = [restore(value.strip()) for value in values]
            break
    if header is None:
        raise InputFileError(f"{source} is empty; it needs a header row and at least one row")
    columns = _unique_columns(header)
    rows: list[Row] = []
    width = len(columns)
    for index, values in iterator:
        joined = "".join(values)
        if not joined.strip():
            continue
        if MARK in joined:  # a cell a spreadsheet or our own export marked as text: `'=1+1` is `=1+1`
            values = [restore(value) for value in values]
        if len(values) != width:  # short rows are padded; cells past the header are dropped
            values = values[:width] + [""] * (width - len(values))
        rows.append(Row(index, dict(zip(columns, values, strict=True))))
    if not rows:
        raise InputFileError(f"{source} has a header row but no rows below it")
    return columns, rows


def _unique_columns(header: list[str]) -> tuple[str, ...]:
    """Header names, blank ones named by position and repeated ones suffixed, so none is lost."""
    seen: dict[str, int] = {}
    names: list[str] = []
    for position, name in enumerate(header, start=1):
        name = name or f"column {position}"
        count = seen.get(name.lower(), 0)
        seen[name.lower()] = count + 1
        names.append(name if count == 0 else f"{name} ({count + 1})")
    return tuple(names)
