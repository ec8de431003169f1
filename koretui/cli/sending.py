"""The sending half of `kore import`: confirm, journal, send with progress, verify; and `--resume`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from core.bulk.journal import Journal
from core.bulk.lists import KoreListGateway, ListGateway
from core.bulk.plan import Plan
from core.bulk.report import ImportReport
from core.bulk.sending import ImportRun, Outcome, prepare_resume, start_job
from core.connect import backend_name
from koretui.cli.connection import open_backend
from koretui.cli.console import API_ERROR, OK, Console, plural
from koretui.cli.progress import ProgressPrinter

if TYPE_CHECKING:
    from core.connect import Connection


def _question(plan: Plan, report: ImportReport) -> str:
    batches = -(-report.to_send // plan.options.batch_size)
    where = (
        f"{plan.list_name!r} (now {plural(plan.list_count, 'contact')})"
        if plan.target
        else f"a new list {plan.options.list_name!r}"
    )
    return f"Add {plural(report.to_send, 'contact')} to {where} in {plural(batches, 'batch')}?"


def _final(report: ImportReport, outcome: Outcome, console: Console) -> int:
    report.job = outcome.job.id
    report.sent = outcome.sent
    report.verified = outcome.verified
    report.confirmed = outcome.confirmed
    report.missing = outcome.missing
    if console.json:
        console.data_json(report.as_json())
    else:
        console.data(report.render())
    return API_ERROR if outcome.missing else OK


async def _run(run: ImportRun, printer: ProgressPrinter, *, verify: bool) -> Outcome:
    try:
        return await run.run(verify=verify)
    except BaseException:
        printer.end()
        printer.line(f"import job {run.job.id} stopped; `kore import --resume {run.job.id}` continues it")
        raise
    finally:
        printer.end()


async def send_plan(
    plan: Plan,
    report: ImportReport,
    gateway: ListGateway,
    backend: Connection,
    args: argparse.Namespace,
    console: Console,
    printer: ProgressPrinter,
) -> int:
    if report.to_send == 0:
        console.narrate(
            "kore: nothing to send; every row is invalid, a duplicate, already in the list or on DNC"
        )
        console.data_json(report.as_json()) if console.json else console.data(report.render())
        return OK
    if not console.json:
        console.narrate(report.render())  # the counts about to be sent (no job yet: no "sent" line)
    console.confirm(_question(plan, report), what=f"send {plural(report.to_send, 'contact')}")
    with Journal.open_default() as journal:
        job = await start_job(
            plan,
            journal,
            gateway,
            backend=backend_name(backend.client.settings),
            source=str(plan.options.file),
            report=report.as_json(),
        )
        console.narrate(f"kore: import job {job.id} started (resume with `kore import --resume {job.id}`)")
        run = ImportRun(journal, gateway, job, on_progress=printer)
        outcome = await _run(run, printer, verify=not args.no_verify)
    return _final(report, outcome, console)


async def run_resume(args: argparse.Namespace, console: Console) -> int:
    with Journal.open_default() as journal:
        journal.job(args.resume)  # an unknown job stops here, before any connection is made
    backend = open_backend(args, console)
    try:
        printer = ProgressPrinter(console)
        gateway = KoreListGateway(backend.client, on_wait=printer.wait)
        with Journal.open_default() as journal:
            job, already, again = await prepare_resume(
                journal,
                gateway,
                args.resume,
                backend=backend_name(backend.client.settings),
                on_progress=printer,
            )
            printer.end()
            console.narrate(
                f"kore: resuming job {job.id} into {job.list_name!r}: {job.sent:,} of {job.total:,} sent; "
                f"{already:,} found already in the list, {again:,} in-flight to send again"
            )
            run = ImportRun(journal, gateway, job, on_progress=printer)
            outcome = await _run(run, printer, verify=not args.no_verify)
    finally:
        await backend.aclose()
    return _final(
        ImportReport.from_json(job.report, list_name=job.list_name, to_send=job.total), outcome, console
    )
