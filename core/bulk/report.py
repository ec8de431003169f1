"""The import report every front end shows: counts, problems by reason, first problems by row.

`ImportReport` is plain data (JSON-ready via `as_json`), so the CLI prints it, the TUI puts it in
tables and Slack in blocks without any of them recounting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core import csv_cells
from core.bulk.checking import INVALID_REASONS, Problem, Reason
from core.bulk.files import open_private
from core.bulk.plan import Plan

FIRST_PROBLEMS = 20


@dataclass
class ImportReport:
    """Counts of one import (or dry run), plus what was sent and confirmed once it ran."""

    list_name: str
    dry_run: bool
    rows: int = 0
    to_send: int = 0
    invalid: int = 0
    duplicates_in_file: int = 0
    already_in_list: int = 0
    on_dnc: int = 0
    sent: int = 0
    confirmed: int = 0
    job: str | None = None
    invalid_by_reason: dict[str, int] = field(default_factory=dict)
    time_zones_filled: int = 0
    first_problems: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    """Numbers sent (acknowledged) that the list did not show when verification ended."""
    verified: bool = False
    columns: str = ""

    @classmethod
    def from_plan(cls, plan: Plan, *, dry_run: bool) -> ImportReport:
        by_reason: dict[str, int] = {}
        for problem in plan.problems:
            if problem.reason in INVALID_REASONS:
                by_reason[problem.reason.key] = by_reason.get(problem.reason.key, 0) + 1
        return cls(
            list_name=plan.list_name,
            dry_run=dry_run,
            rows=plan.checked.rows,
            to_send=len(plan.to_send),
            invalid=sum(by_reason.values()),
            duplicates_in_file=plan.count(Reason.DUPLICATE_IN_FILE),
            already_in_list=plan.count(Reason.ALREADY_IN_LIST),
            on_dnc=plan.count(Reason.ON_DNC),
            invalid_by_reason=by_reason,
            time_zones_filled=sum(contact.zone_filled for contact in plan.to_send),  # of the rows sent
            first_problems=plan.problems[:FIRST_PROBLEMS],
            columns=plan.columns.describe(),
        )

    @classmethod
    def from_json(cls, data: dict[str, Any], *, list_name: str, to_send: int) -> ImportReport:
        """The report a job started from, as the journal kept it (its first problems are not kept)."""
        report = cls(list_name=list_name, dry_run=False, to_send=int(data.get("to_send", to_send)))
        report.invalid_by_reason = dict(data.get("invalid_by_reason", {}))
        for name in (
            "rows",
            "invalid",
            "duplicates_in_file",
            "already_in_list",
            "on_dnc",
            "time_zones_filled",
        ):
            setattr(report, name, int(data.get(name, 0)))
        return report

    def as_json(self) -> dict[str, Any]:
        """The object `kore import --json` prints (the documented keys first)."""
        return {
            "job": self.job,
            "list": self.list_name,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "to_send": self.to_send,
            "invalid": self.invalid,
            "duplicates_in_file": self.duplicates_in_file,
            "already_in_list": self.already_in_list,
            "on_dnc": self.on_dnc,
            "sent": self.sent,
            "confirmed": self.confirmed,
            "invalid_by_reason": self.invalid_by_reason,
            "time_zones_filled": self.time_zones_filled,
            "verified": self.verified,
            "missing": self.missing,
            "problems": [
                {"row": p.row, "phone": p.phone, "reason": p.reason.key, "detail": p.detail}
                for p in self.first_problems
            ],
        }

    def count_lines(self) -> list[tuple[str, int]]:
        """(label, count) rows of the summary table, in reading order."""
        lines = [("rows read", self.rows), ("to send", self.to_send), ("invalid", self.invalid)]
        lines += [(f"  {_reason_text(key)}", count) for key, count in sorted(self.invalid_by_reason.items())]
        lines += [
            ("duplicates in file", self.duplicates_in_file),
            ("already in list", self.already_in_list),
            ("on a DNC list", self.on_dnc),
        ]
        if not self.dry_run and self.job is not None:  # before the job starts (the preview) nothing is sent
            lines += [("sent", self.sent)]
            if self.verified:
                lines += [("confirmed in list", self.confirmed)]
        return lines

    def render(self) -> str:
        """The report as text for a terminal or a log."""
        mode = "Dry run" if self.dry_run else "Import"
        job = f" (job {self.job})" if self.job else ""
        lines = [f"{mode} into {self.list_name!r}{job}"]
        if self.columns:
            lines.append(f"  {self.columns}")
        width = max(len(label) for label, _ in self.count_lines())
        lines += [f"  {label:<{width}}  {count:>8,}" for label, count in self.count_lines()]
        if self.time_zones_filled:
            rows = "row" if self.time_zones_filled == 1 else "rows"
            lines.append(f"  time zone filled from the number in {self.time_zones_filled:,} {rows} to send")
        if self.first_problems:
            lines.append(f"First problems ({len(self.first_problems)} shown):")
            lines += [f"  {problem.describe()}" for problem in self.first_problems]
        if self.missing:
            shown = ", ".join(self.missing[:10])
            more = f" and {len(self.missing) - 10} more" if len(self.missing) > 10 else ""
            lines.append(f"Not in the list after verification: {shown}{more}")
        return "\n".join(lines)


def _reason_text(key: str) -> str:
    return next((reason.text for reason in Reason if reason.key == key), key)


def write_rejects(plan: Plan, path: Path) -> int:
    """Write every row that will not be sent (with row number, reason and its cells) to a CSV, 0600."""
    by_number = {row.number: row for row in plan.table.rows}
    columns = list(plan.table.columns)
    with open_private(path) as handle:
        writer = csv_cells.writer(handle)
        writer.writerow(["row", "reason", "detail", *columns])
        for problem in plan.problems:
            cells = by_number[problem.row].cells
            writer.writerow(
                [problem.row, problem.reason.key, problem.detail, *(cells.get(c, "") for c in columns)]
            )
    return len(plan.problems)
