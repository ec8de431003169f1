"""The import report as two tables: counts (from core's `ImportReport`) and problems by row.

The counts come from `ImportReport.count_lines()`, so the screen shows exactly what `kore import`
prints; the problems come from the plan (every one, up to `SHOWN`), since the report keeps only the
first few.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable

if TYPE_CHECKING:
    from core.bulk.checking import Problem
    from core.bulk.report import ImportReport

SHOWN = 1000
"""Problems listed on screen; the rejects CSV has every one."""

NOT_ARRIVED = "sent, not in the list after verification"


class ImportReportView(Horizontal):
    """Counts on the left, problems (row, number as written, reason) on the right."""

    def compose(self) -> ComposeResult:
        counts: DataTable[str | Text] = DataTable(id="import-counts", cursor_type="row", zebra_stripes=True)
        counts.border_title = "Report"
        counts.add_column("", key="label")
        counts.add_column(Text("count", justify="right"), key="count")
        yield counts
        problems: DataTable[str | Text] = DataTable(
            id="import-problems", cursor_type="row", zebra_stripes=True
        )
        problems.border_title = "Problems"
        problems.add_column(Text("row", justify="right"), key="row")
        problems.add_column("number", key="phone")
        problems.add_column("reason", key="reason")
        yield problems

    def show(
        self, report: ImportReport, problems: Sequence[Problem] = (), *, missing: Sequence[str] = ()
    ) -> None:
        """Fill both tables; `missing` are numbers sent but not found when verification ended."""
        counts = self.query_one("#import-counts", DataTable)
        counts.clear()
        counts.border_title = "Dry run" if report.dry_run else f"Import · job {report.job}"
        counts.border_subtitle = report.list_name
        for index, (label, count) in enumerate(report.count_lines()):
            style = "bold" if label in ("to send", "sent", "confirmed in list") else ""
            counts.add_row(
                Text(label, style=style), Text(f"{count:,}", justify="right", style=style), key=str(index)
            )
        if report.time_zones_filled:
            counts.add_row("time zone filled", Text(f"{report.time_zones_filled:,}", justify="right"))
        table = self.query_one("#import-problems", DataTable)
        table.clear()
        for number in missing:
            table.add_row(Text("-", justify="right"), number, Text(NOT_ARRIVED, style="bold"))
        for problem in problems[:SHOWN]:
            reason = problem.reason.text + (f": {problem.detail}" if problem.detail else "")
            table.add_row(Text(f"{problem.row:,}", justify="right"), problem.phone, reason)
        shown = min(len(problems), SHOWN)
        more = f", first {shown:,} shown" if len(problems) > shown else ""
        label = f"Problems: {len(problems):,}{more}"
        if missing:
            label += f" · {len(missing):,} did not arrive"
        table.border_title = label
