"""CSV cells that cannot run as spreadsheet formulas (OWASP "CSV Injection"), and back.

Every CSV the product writes holds text from Kore.ai or from people (contact and list names,
descriptions, reasons, the cells of a rejected row). Excel, LibreOffice and Sheets run a cell that
begins with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula, so a
contact named `=HYPERLINK("https://evil", "Click")` becomes a live link in an admin's export.

`neutral` writes such a cell with a leading `'`, the spreadsheet text marker: Excel shows the text
as it was, and no formula runs. A cell that is a plain number (`+14155550101`, `-2`, `3.5`) is
left exactly as it is: it is data in a known, harmless form (spreadsheets read it as a number,
never as a formula), and scripts and re-imports depend on E.164 numbers staying untouched.

`restore` undoes it, and the import reader applies it to every cell, so an exported file
re-imports to the same data. The mapping is one-to-one: a value that already begins with `'`
before a trigger character gets one more `'`, and `restore` removes exactly one.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a cell as a formula (OWASP's list)."""
MARK = "'"
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?", re.ASCII)


class _Writer(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


def _needs_mark(value: str) -> bool:
    return value.lstrip(MARK).startswith(TRIGGERS)


def neutral(value: str) -> str:
    """`=1+1` -> `'=1+1`; `+14155550101`, `-2` and text that starts otherwise stay as they are."""
    if not _needs_mark(value) or _PLAIN_NUMBER.fullmatch(value):
        return value
    return MARK + value


def restore(value: str) -> str:
    """The value `neutral` was given: one leading `'` before a trigger character is dropped."""
    return value[1:] if value.startswith(MARK) and _needs_mark(value) else value


def neutral_row(row: Iterable[object]) -> list[object]:
    """A row to write: text cells made neutral, numbers (int, float) as they are."""
    return [neutral(cell) if isinstance(cell, str) else cell for cell in row]


class SafeWriter:
    """`csv.writer` whose every text cell is written neutral."""

    def __init__(self, handle: Any, **options: Any) -> None:
        self._writer: _Writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow(neutral_row(row))


def writer(handle: Any, **options: Any) -> SafeWriter:
    """The CSV writer every file the product writes goes through (options as for `csv.writer`).

    There is no raw mode: scripts that want Kore.ai's values as sent use the JSON export.
    """
    return SafeWriter(handle, **options)
