"""Column widths for a results table: every column readable, spare room to the names.

Headless (no Textual). Each column starts at its minimum from core/presentation.py (or less, when
its longest value is shorter); columns marked `grow` (names, descriptions) then share the room
left, each up to its longest value, then any other column still cut; so nothing is cut while the
terminal has room left. When even the minimums do not fit, an id column gives way first (down to
a dozen cells: `c` copies it whole and the record's fields show it), then the `grow` columns, but
only when that makes the whole table fit; so a date or a status is not cut mid-value at the
table's edge for a few cells, and a table far too wide scrolls sideways with readable names.
Before any name is cut, the columns its entry ranks with `drop` are left out (width 0), least
useful first: the record's fields and JSON still show them, and the table says what it hides.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

from core.presentation import Column

FLOOR = 12
"""Cells an id or name column keeps when it gives way: `cl-0356dc91-…` still tells rows apart."""


def column_widths(columns: Sequence[Column], natural: Sequence[int], room: int, pad: int = 0) -> list[int]:
    """Text widths for `columns` whose longest cells are `natural`, in `room` cells; 0 leaves one out.

    `pad` cells go either side of each column shown (a column left out takes none).
    """
    droppable = [index for _, index in sorted((c.drop, i) for i, c in enumerate(columns) if c.drop)]
    shown = list(range(len(columns)))
    while True:
        fits, widths = _fit(columns, natural, shown, room - 2 * pad * len(shown), cut_names=not droppable)
        if fits or not droppable:
            break
        shown.remove(droppable.pop(0))
    placed = [0] * len(columns)
    for index, width in zip(shown, widths, strict=True):
        placed[index] = width
    return placed


def _fit(
    all_columns: Sequence[Column], all_natural: Sequence[int], shown: list[int], room: int, *, cut_names: bool
) -> tuple[bool, list[int]]:
    """(whether they fit, widths) of the `shown` columns; names give way only when `cut_names`."""
    columns = [all_columns[index] for index in shown]
    natural = [all_natural[index] for index in shown]
    widths: list[int] = []
    for column, longest in zip(columns, natural, strict=True):
        if column.grow:
            widths.append(min(longest, column.width))
        else:
            # short fields (status, dates, phones) show whole, but one odd value cannot take the row
            widths.append(min(longest, max(column.width * 2, cell_len(column.label) + 2)))
    ids = [index for index, column in enumerate(columns) if column.role == "id"]
    growers = [index for index, column in enumerate(columns) if column.grow]
    _give_way(widths, ids, sum(widths) - room)
    over = sum(widths) - room
    if cut_names and 0 < over <= sum(max(widths[index] - FLOOR, 0) for index in growers):
        _give_way(widths, growers, over)
    fits = sum(widths) <= room
    spare = room - sum(widths)
    others = [index for index, column in enumerate(columns) if not column.grow]
    # names first; then anything still cut (a long id) gets what is left
    for candidates in (growers, others):
        spare = _share(widths, natural, candidates, spare)
    return fits, widths


def _give_way(widths: list[int], candidates: list[int], over: int) -> None:
    """Narrow `candidates`, widest first, by `over` cells in all, none below FLOOR."""
    while over > 0:
        wide = [index for index in candidates if widths[index] > FLOOR]
        if not wide:
            return
        widest = max(wide, key=lambda index: widths[index])
        widths[widest] -= 1
        over -= 1


def _share(widths: list[int], natural: Sequence[int], candidates: list[int], spare: int) -> int:
    """Widen `candidates` evenly up to their longest value; returns the room still spare."""
    while spare > 0:
        wanting = [index for index in candidates if widths[index] < natural[index]]
        if not wanting:
            break
        share = max(spare // len(wanting), 1)
        for index in wanting:
            add = min(share, natural[index] - widths[index], spare)
            widths[index] += add
            spare -= add
            if spare <= 0:
                break
    return spare
