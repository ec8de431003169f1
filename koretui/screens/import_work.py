"""The Import screen's workers: each drives core/bulk as `kore import` does, and only posts messages.

Stopping (koretui/screens/import_stop.py): Escape lets the batches under way finish and holds
back new ones; once all that went out are journaled, the progress callback raises CancelledError,
the engine marks the job interrupted, and the held-back rows go back to pending. A second Escape
cancels at once; what was in flight is then settled and re-checked by the resume.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen

from koretui.screens.import_messages import (
    DryRunDone,
    ImportEnded,
    ImportFailed,
    ImportNote,
    ImportProgressed,
    ImportStarted,
    ImportWaiting,
    ListsRead,
    UnfinishedJobs,
)

if TYPE_CHECKING:
    from core.bulk.journal import Job, Journal
    from core.bulk.lists import KoreListGateway
    from core.bulk.plan import ImportOptions, Plan
    from core.bulk.report import ImportReport
    from core.bulk.sending import Progress, Timing
    from core.pacing import Wait
    from koretui.backend import Backend
    from koretui.screens.import_confirm import Budget
    from koretui.screens.import_stop import StoppableGateway

SCREEN_WORDS = (
    ("(--phone-column)", "(Phone col)"),
    ("(--create)", "(tick create)"),
    ("give its encoding (--encoding) or ", ""),
    ("(--region)", "(Region)"),
    ("use the same --profile or --sandbox", "start koretui with the same --profile or --sandbox"),
)
"""The engine's hints name `kore import` flags beside their words; here they name the fields."""


def screen_text(error: str) -> str:
    for flag, field in SCREEN_WORDS:
        error = error.replace(flag, field)
    return error.strip()


class ImportWork(Screen[None]):
    """Workers of the Import screen (exclusive per group, errors posted, never raised)."""

    backend: Backend
    stop_requested: bool
    budget: Budget
    gateway: StoppableGateway | None = None
    """The running job's gateway (None between jobs)."""
    timing: Timing | None = None
    """How the engine polls the list while it settles and verifies (tests inject a quick one)."""

    def _gateway(self) -> KoreListGateway:
        from core.bulk.lists import KoreListGateway

        return KoreListGateway(self.backend.client, on_wait=self._waiting)

    def _waiting(self, wait: Wait) -> None:
        self.post_message(ImportWaiting(wait))

    def _narrate(self, text: str) -> None:
        self.post_message(ImportNote(text))

    def _backend_name(self) -> str:
        from core.connect import backend_name

        return backend_name(self.backend.client.settings)

    @work(exclusive=True, group="import-lists", exit_on_error=False)
    async def read_lists(self) -> None:
        """List names for completion; a failure only means no suggestions."""
        from core.errors import KoreError

        try:
            infos = await self._gateway().lists()
        except KoreError:
            return
        self.post_message(ListsRead(sorted((info.name for info in infos), key=str.casefold)))

    @work(exclusive=True, group="import-jobs", exit_on_error=False)
    async def find_unfinished(self) -> None:
        from core.bulk.errors import JobError
        from core.bulk.journal import Journal
        from koretui.screens.import_resume import unfinished

        def read() -> list[Job]:
            with Journal.open_default() as journal:
                return journal.jobs()

        try:
            jobs = unfinished(await asyncio.to_thread(read), self._backend_name())
        except JobError as exc:
            self.post_message(ImportFailed(str(exc)))
            return
        if jobs:
            self.post_message(UnfinishedJobs(jobs))

    @work(exclusive=True, group="import", exit_on_error=False)
    async def dry_run(self, options: ImportOptions, then_import: bool = False) -> None:
        from core.bulk.errors import BulkError
        from core.bulk.plan import plan_import
        from core.bulk.report import ImportReport
        from core.errors import KoreError

        try:
            plan = await plan_import(options, self._gateway(), narrate=self._narrate)
        except (BulkError, KoreError) as exc:
            self.post_message(ImportFailed(str(exc)))
            return
        report = ImportReport.from_plan(plan, dry_run=True)
        self.post_message(DryRunDone(plan, report, await self._budget(plan, report), then_import))

    async def _budget(self, plan: Plan, report: ImportReport) -> Budget:
        """The pacer's estimate for the job's requests (its batches and one count to verify)."""
        from koretui.screens.import_confirm import Budget, batches

        client = self.backend.client
        per_minute = client.settings.rate_limit_per_minute if client.pacer is not None else 0
        return Budget(per_minute, await client.estimate_wait(batches(plan, report) + 1))

    @work(exclusive=True, group="import", exit_on_error=False)
    async def send(self, plan: Plan, report: ImportReport) -> None:
        from core.bulk.errors import BulkError
        from core.bulk.journal import Journal
        from core.bulk.sending import start_job
        from core.errors import KoreError
        from koretui.screens.import_stop import StoppableGateway

        gateway = self.gateway = StoppableGateway(self._gateway())
        try:
            with Journal.open_default() as journal:
                job = await start_job(
                    plan,
                    journal,
                    gateway,
                    backend=self._backend_name(),
                    source=str(plan.options.file.resolve()),
                    report=report.as_json(),
                )
                self.post_message(ImportStarted(job))
                await self._run(journal, gateway, job, report)
        except (BulkError, KoreError) as exc:
            self.post_message(ImportFailed(str(exc)))
        except asyncio.CancelledError:
            self.post_message(ImportFailed("stopped before the first batch; nothing was sent"))
        finally:
            self.gateway = None

    @work(exclusive=True, group="import", exit_on_error=False)
    async def resume(self, job_id: str) -> None:
        from core.bulk.errors import BulkError
        from core.bulk.journal import Journal
        from core.bulk.report import ImportReport
        from core.bulk.sending import prepare_resume
        from core.errors import KoreError
        from koretui.screens.import_stop import StoppableGateway

        gateway = self.gateway = StoppableGateway(self._gateway())
        try:
            with Journal.open_default() as journal:
                self._narrate(f"job {job_id}: checking the list before resuming…")
                job, already, again = await prepare_resume(
                    journal,
                    gateway,
                    job_id,
                    backend=self._backend_name(),
                    timing=self.timing,
                    on_progress=self._progressed,
                )
                note = (
                    f"resuming job {job.id}: {job.sent:,} of {job.total:,} sent; {already:,} already in "
                    f"the list, {again:,} in flight to send again"
                )
                self.post_message(ImportStarted(job, note=note))
                report = ImportReport.from_json(job.report, list_name=job.list_name, to_send=job.total)
                await self._run(journal, gateway, job, report)
        except (BulkError, KoreError) as exc:
            self.post_message(ImportFailed(str(exc)))
        except asyncio.CancelledError:  # stopped while the list settled or was re-read
            self.post_message(ImportEnded(job_id, None, cancelled=True))
        finally:
            self.gateway = None

    def request_stop(self) -> None:
        """Escape: hold back new batches; the run stops once those under way are journaled."""
        self.stop_requested = True
        if self.gateway is not None:
            self.gateway.stopping = True

    def _progressed(self, progress: Progress) -> None:
        """The engine's progress callback: where a requested stop happens, between batches."""
        self.post_message(ImportProgressed(progress))
        if self.gateway is not None and self.gateway.clean_stop(progress):
            raise asyncio.CancelledError

    async def _run(self, journal: Journal, gateway: StoppableGateway, job: Job, report: ImportReport) -> None:
        from core.bulk.errors import BulkError
        from core.bulk.sending import ImportRun
        from core.errors import KoreError
        from koretui.screens.import_stop import release_unsent

        run = ImportRun(journal, gateway, job, on_progress=self._progressed, timing=self.timing)
        try:
            outcome = await run.run()
        except asyncio.CancelledError:
            if gateway.stopping and gateway.active == 0:
                release_unsent(journal, job.id)
            self.post_message(ImportEnded(job.id, None, cancelled=True))
            return
        except (BulkError, KoreError) as exc:
            self.post_message(ImportEnded(job.id, None, error=str(exc)))
            return
        report.dry_run = False
        report.job = outcome.job.id
        report.sent = outcome.sent
        report.verified = outcome.verified
        report.confirmed = outcome.confirmed
        report.missing = outcome.missing
        self.post_message(ImportEnded(job.id, report, missing=outcome.missing))
