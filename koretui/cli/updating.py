"""`kore import FILE --update-contacts`: bulk update of address-book contacts from an `id` column."""

from __future__ import annotations

import argparse
from typing import Any

from core import csv_cells
from core.bulk.updating import UpdateOutcome, UpdatePlan, UpdateProblem, plan_update, send_update
from koretui.cli.connection import open_backend
from koretui.cli.console import API_ERROR, BAD_INPUT, OK, CliError, Console, plural

FIRST_PROBLEMS = 20


def report_json(plan: UpdatePlan, outcome: UpdateOutcome | None, *, dry_run: bool) -> dict[str, Any]:
    duplicates = sum(1 for p in plan.problems if p.reason.startswith("duplicate of row"))
    failed = outcome.failed if outcome else []
    shown = (failed + plan.problems)[:FIRST_PROBLEMS]
    return {
        "contacts": True,
        "dry_run": dry_run,
        "rows": len(plan.table.rows),
        "to_update": len(plan.items),
        "invalid": len(plan.problems) - duplicates,
        "duplicates_in_file": duplicates,
        "updated": outcome.updated if outcome else 0,
        "failed": len(failed),
        "problems": [{"row": p.row, "id": p.contact_id, "reason": p.reason} for p in shown],
    }


def render(report: dict[str, Any]) -> str:
    mode = "Dry run: update" if report["dry_run"] else "Update"
    lines = [f"{mode} of address-book contacts"]
    for key in ("rows", "to_update", "invalid", "duplicates_in_file", "updated", "failed"):
        if report["dry_run"] and key in ("updated", "failed"):
            continue
        lines.append(f"  {key.replace('_', ' '):<20} {report[key]:>8,}")
    if report["problems"]:
        lines.append(f"Problems ({len(report['problems'])} shown):")
        lines += [f"  {UpdateProblem(p['row'], p['id'], p['reason']).describe()}" for p in report["problems"]]
    return "\n".join(lines)


def _write_rejects(plan: UpdatePlan, args: argparse.Namespace, console: Console) -> None:
    if args.rejects is None:
        return
    from core.bulk.files import open_private

    by_number = {row.number: row for row in plan.table.rows}
    columns = list(plan.table.columns)
    try:
        with open_private(args.rejects) as handle:
            writer = csv_cells.writer(handle)
            writer.writerow(["row", "reason", *columns])
            for problem in plan.problems:
                cells = by_number[problem.row].cells
                writer.writerow([problem.row, problem.reason, *(cells.get(c, "") for c in columns)])
    except OSError as exc:
        raise CliError(f"cannot write {args.rejects}: {exc.strerror or exc}", BAD_INPUT) from None
    console.narrate(f"kore: {len(plan.problems):,} rejected rows written to {args.rejects}")


def _show(report: dict[str, Any], console: Console) -> None:
    console.data_json(report) if console.json else console.data(render(report))


async def run_update(args: argparse.Namespace, console: Console, region: str) -> int:
    from core.bulk.updating import DEFAULT_UPDATE_BATCH, KoreContactGateway

    plan = plan_update(args.file, region=region, encoding=args.encoding)
    _write_rejects(plan, args, console)
    if args.dry_run or not plan.items:
        _show(report_json(plan, None, dry_run=args.dry_run), console)
        return OK
    if not console.json:
        console.narrate(render(report_json(plan, None, dry_run=True)))
    console.confirm(
        f"Update {plural(len(plan.items), 'address-book contact')}?",
        what=f"update {plural(len(plan.items), 'contact')}",
    )
    backend = open_backend(args, console)
    try:

        def on_batch(done: int, total: int) -> None:
            console.narrate(f"kore: sent {done:,} of {total:,} updates")

        gateway = KoreContactGateway(backend.client)
        batch = args.batch_size or DEFAULT_UPDATE_BATCH
        outcome = await send_update(plan, gateway, batch_size=batch, on_batch=on_batch)
    finally:
        await backend.aclose()
    _show(report_json(plan, outcome, dry_run=False), console)
    return API_ERROR if outcome.failed else OK
