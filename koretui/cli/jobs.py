"""`kore jobs`: past and unfinished imports from the job journal."""

from __future__ import annotations

import argparse

from koretui.cli.console import Console


async def run_jobs(args: argparse.Namespace, console: Console) -> int:
    from core.bulk.journal import Journal

    with Journal.open_default() as journal:
        jobs = journal.jobs()
    if console.json:
        console.data_json([job.summary() for job in jobs])
        return 0
    if not jobs:
        console.narrate("kore: no imports yet")
        return 0
    from koretui.cli.render import table

    rows = [job.row() for job in jobs]
    console.data(table(rows, ["id", "status", "list", "sent", "total", "started", "file"]))
    return 0
