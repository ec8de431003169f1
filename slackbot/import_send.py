"""A confirmed import: read the file and the list again, journal, send paced, verify, report, audit.

The plan is made again on the click (which may land on another replica): the file comes from Slack
by its id, the list is re-read, so numbers that arrived since the dry run are not sent twice. The
job goes through the engine's journal and `ImportRun` (core/bulk/sending), as `kore import` does;
its progress and result go through `Updates` (the click's response_url, within Slack's limits).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING

from core.bulk.errors import BulkError
from core.bulk.journal import Job, Journal
from core.bulk.report import ImportReport
from core.bulk.sending import ImportRun, Outcome, prepare_resume, start_job
from core.errors import KoreError
from core.formatting import plural
from slackbot.bulk import RESUME_KEY
from slackbot.import_blocks import final_message, resuming_message, starting_message, stopped_message
from slackbot.import_form import ImportRequest
from slackbot.pending import Pending
from slackbot.services import Caller
from slackbot.slackfiles import SlackFileError
from slackbot.updates import Updates

if TYPE_CHECKING:
    from slackbot.importing import Imports

RESTARTING = "the bot is restarting"


def changed_text(proposed: int, now: int) -> str:
    """What to say when the second reading finds a different number to send than the dry run."""
    if proposed == now:
        return ""
    return (
        f"The list or the file changed since the dry run: {plural(now, 'contact')} "
        f"{'was' if now == 1 else 'were'} still to send, "
        f"not the {proposed:,} the dry run showed."
    )


class ImportSend:
    """One confirmed import, from the click to the audited outcome line (`run`'s result)."""

    def __init__(self, imports: Imports, caller: Caller, pending: Pending, updates: Updates) -> None:
        self.imports = imports
        self.caller = caller
        self.pending = pending
        self.updates = updates
        self.request = ImportRequest.from_inputs(pending.inputs)
        self.list_name = str(pending.extra.get("name") or pending.inputs["list"])
        self.created_id = ""
        """The list `--create` made on this click, if it did."""

    async def run(self) -> str:
        if self.pending.op_key == RESUME_KEY:
            return await self.resume(self.pending.inputs["job"])
        await self.updates.post(starting_message(self.list_name, self.request.file_name))
        self.updates.reading_list(self.list_name)
        try:
            plan = await self.imports.plan(self.request, self.list_name, self.updates.reading)
        except (BulkError, SlackFileError, KoreError) as exc:
            return await self.stopped(None, 0, 0, str(exc))
        if plan.target is not None and not self.pending.extra.get("list_id"):
            self.found_list(plan.target.id)
        report = ImportReport.from_plan(plan, dry_run=False)
        changed = changed_text(int(self.pending.extra.get("to_send", 0) or 0), report.to_send)
        if report.to_send == 0:
            await self.updates.final(final_message(report, file_name=self.request.file_name, changed=changed))
            return await self.outcome("ok: nothing left to send", {})
        try:
            journal = self.journal()
        except BulkError as exc:  # an unusable journal: nothing may be sent without one
            return await self.stopped(None, 0, 0, str(exc))
        with journal:
            try:
                job = await start_job(
                    plan,
                    journal,
                    self.imports.gateway(),
                    backend=self.imports.config.backend,
                    source=f"slack:{self.request.file_name}",
                    report=report.as_json(),
                )
            except (BulkError, KoreError) as exc:
                return await self.stopped(None, 0, 0, str(exc))
            if plan.target is None:
                self.made_list(job.list_id)
            done = await self.send(plan.list_name, journal, job)
        if isinstance(done, str):
            return done
        return await self.finished(report, job, done, changed)

    def found_list(self, list_id: str) -> None:
        """`--create` found the list made since the dry run (by another import): it is the target,
        and nothing was created on this click."""
        extra = {key: value for key, value in self.pending.extra.items() if key != "creates_list"}
        self.pending = dataclasses.replace(self.pending, extra={**extra, "list_id": list_id})

    def made_list(self, list_id: str) -> None:
        """`--create` made the list: from here on it is the target (audits, a Resume button), and
        the outcome's audit names the id Kore.ai gave it."""
        self.created_id = list_id
        self.found_list(list_id)

    def journal(self) -> Journal:
        path = self.imports.config.journal_path
        return Journal(path) if path else Journal.open_default()

    async def resume(self, job_id: str) -> str:
        """A stopped job, continued: the list settles and is re-read, and exactly the numbers
        neither acknowledged nor already there are sent (the engine's `prepare_resume`)."""
        await self.updates.post(resuming_message(self.list_name, job_id))
        self.updates.reading_list(self.list_name)
        try:
            journal = self.journal()
        except BulkError as exc:
            return await self.stopped(None, 0, 0, str(exc))
        with journal:
            try:
                job, already, again = await prepare_resume(
                    journal,
                    self.imports.gateway(),
                    job_id,
                    backend=self.imports.config.backend,
                    timing=self.imports.config.timing,
                    on_progress=self.updates.progress,
                )
            except (BulkError, KoreError) as exc:
                return await self.stopped(None, 0, 0, str(exc))
            done = await self.send(job.list_name, journal, job)
        if isinstance(done, str):
            return done
        report = ImportReport.from_json(job.report, list_name=job.list_name, to_send=job.total)
        said = f"Resumed job {job.id}: {already:,} found already in the list, {again:,} in flight sent again."
        return await self.finished(report, job, done, said)

    async def send(self, list_name: str, journal: Journal, job: Job) -> Outcome | str:
        """The engine's run with progress; the outcome, or the audit line of a stopped import."""
        self.updates.job(job.id, list_name)
        run = ImportRun(
            journal,
            self.imports.gateway(),
            job,
            on_progress=self.updates.progress,
            timing=self.imports.config.timing,
        )
        try:
            return await run.run(verify=True)
        except (BulkError, KoreError) as exc:
            return await self.stopped(job.id, journal.job(job.id).sent, job.total, str(exc))
        except asyncio.CancelledError:
            # Shutdown: the journal says `interrupted`; the user and the audit hear how far it got.
            sent = journal.job(job.id).sent
            await asyncio.shield(self.stopped(job.id, sent, job.total, RESTARTING))
            raise

    async def finished(self, report: ImportReport, job: Job, outcome: Outcome, changed: str) -> str:
        report.job, report.sent, report.verified = job.id, outcome.sent, outcome.verified
        report.confirmed, report.missing = outcome.confirmed, outcome.missing
        await self.updates.final(final_message(report, file_name=self.request.file_name, changed=changed))
        facts = {"job": job.id, "sent": str(outcome.sent), "confirmed": str(outcome.confirmed)}
        missing = f", {len(outcome.missing):,} missing" if outcome.missing else ""
        confirmed = f"{outcome.confirmed:,} confirmed in the list{missing}"
        return await self.outcome(f"ok: {outcome.sent:,} sent, {confirmed} (job {job.id})", facts)

    async def stopped(self, job_id: str | None, sent: int, total: int, reason: str) -> str:
        """Tell how far it got (with a Resume button once a job exists), and audit it."""
        self.imports.s.metrics.command("lists import", "error")
        facts = {"job": job_id, "sent": str(sent)} if job_id else {}
        resume = None
        if job_id:
            resume = await self.imports.propose_resume(self.caller, self.pending, job_id)
            facts["resume"] = resume.id
        ttl = self.imports.s.confirm_ttl_seconds
        message = stopped_message(
            self.list_name,
            job_id,
            sent,
            total,
            reason,
            resume_id=resume.id if resume else None,
            ttl_seconds=ttl,
        )
        await self.updates.final(message)
        job = f", job {job_id}" if job_id else ""
        return await self.outcome(f"error: {reason} (after {sent:,} of {total:,} sent{job})", facts)

    async def outcome(self, line: str, facts: Mapping[str, str]) -> str:
        """Audit the outcome (with the proposal's facts) and return its line for the pending store."""
        if line.startswith("ok"):
            self.imports.s.metrics.command("lists import", "ok")
        if self.created_id:
            facts = {**facts, "created_id": self.created_id}
        await self.imports.audit_pending(self.caller, self.pending, "confirmed", line, facts)
        return line
