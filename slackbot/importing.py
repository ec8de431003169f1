"""`/kore lists import "<list>"`: form, dry run, Import / Cancel, paced send, verified result.

The command opens the form (the trigger expires in 3 s, so first), then checks the list exists.
A submission downloads the file from Slack, runs the engine's dry run (core/bulk: the same checks
as `kore import`) and answers with its report and Import / Cancel buttons. Those work like the
delete confirmation and use its store (slackbot.pending): only the requester, once, before expiry,
writers only, in one atomic step that holds across replicas. The click may land on another
replica, so the pending record keeps only the file's Slack id and the options: the Import click
reads the file and the list again, and sends what is still to send through the journal
(core/bulk/journal, shared with `kore jobs`). Progress and the result go to the click's
response_url within Slack's five messages (slackbot.updates).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from core.bulk.errors import BulkError
from core.bulk.lists import ListGateway, require_list
from core.bulk.plan import ImportOptions, Narrate, Plan, plan_import
from core.bulk.report import ImportReport
from core.errors import KoreError
from core.formatting import plural
from slackbot import blocks
from slackbot.audit import AuditEntry
from slackbot.bulk import IMPORT_KEY, RESUME_KEY, BulkConfig
from slackbot.expiry import replace_buttons
from slackbot.import_blocks import dry_run_message, expired_text
from slackbot.import_files import load_upload, send_rejects
from slackbot.import_form import ImportContext, ImportRequest, import_modal
from slackbot.import_send import ImportSend
from slackbot.mrkdwn import code
from slackbot.payloads import error_view
from slackbot.pending import Pending, Refusal, new_id
from slackbot.services import Caller, Respond, Services, response_url_of
from slackbot.services import ephemeral as _ephemeral
from slackbot.slackfiles import SlackFileError, download
from slackbot.updates import FirstNote, Updates

if TYPE_CHECKING:
    from slackbot.commands import KoreCommands

log = logging.getLogger("slackbot.importing")

SUBCOMMAND = "lists import"


class Imports:
    """The import flow; access, the queue, the audit log and the pending store are the bot's own."""

    def __init__(self, commands: KoreCommands, client: AsyncWebClient) -> None:
        self.c = commands
        self.s: Services = commands.s
        self.client = client

    @property
    def config(self) -> BulkConfig:
        return self.s.bulk

    def gateway(self) -> ListGateway:
        pacer = self.s.pacer
        return self.config.gateway(self.s.kore, pacer.estimate_wait if pacer is not None else None)

    async def say(self, respond: Respond, text: str, *, replace: bool | None = None) -> None:
        await respond(**_ephemeral(blocks.notice(text), replace=replace))

    async def audit(
        self,
        caller: Caller,
        inputs: Mapping[str, str],
        *,
        confirmation: str,
        outcome: str,
        details: Mapping[str, str] | None = None,
        list_id: str = "",
    ) -> None:
        await self.s.audit.record(
            _entry(
                caller, inputs, confirmation=confirmation, outcome=outcome, details=details, list_id=list_id
            )
        )

    async def allowed(
        self, caller: Caller, respond: Respond, inputs: Mapping[str, str], *, audit: bool
    ) -> bool:
        """Writers only (an import adds contacts); a refusal is told and audited."""
        decision = await self.s.access.check_level(caller.user_id, caller.channel_id, "write")
        if decision.allowed:
            return True
        self.s.metrics.command(SUBCOMMAND, "refused")
        await self.say(respond, f":no_entry: {decision.reason}")
        if audit:
            await self.audit(caller, inputs, confirmation="not asked", outcome=f"refused: {decision.reason}")
        return False

    # --- the command and its form -------------------------------------------------------------------

    async def command(
        self,
        caller: Caller,
        body: Mapping[str, Any],
        list_name: str,
        respond: Respond,
        *,
        create: bool = False,
    ) -> None:
        if not await self.allowed(caller, respond, {"list": list_name}, audit=True):
            return
        self.s.metrics.command(SUBCOMMAND, "form")
        context = ImportContext(list_name, caller.channel_id, str(body.get("response_url", "")), create)
        opened = await self.client.views_open(
            trigger_id=str(body.get("trigger_id", "")), view=import_modal(context, self.config.default_region)
        )
        if create:
            return  # a missing list is made on the Import click; the dry run says so
        try:
            hint = (
                "check the name (/kore lists all name=...), or let the import make it: "
                f'/kore lists import "{list_name}" --create'
            )
            require_list(await self.gateway().lists(), list_name, flag=hint)
        except BulkError as exc:
            view_id = str((opened.get("view") or {}).get("id", ""))
            await self.client.views_update(view_id=view_id, view=error_view(f"{exc}. Nothing was imported."))
            await respond(**_ephemeral(blocks.error_message(f"{exc}")))
        except KoreError as exc:
            await respond(**_ephemeral(blocks.error_message(str(exc))))

    def submitted(self, body: Mapping[str, Any], context: ImportContext, request: ImportRequest) -> None:
        user = body.get("user") or {}
        team = str(user.get("team_id") or (body.get("team") or {}).get("id") or "")
        caller = Caller(str(user.get("id", "")), team, context.channel_id)
        respond = AsyncRespond(response_url=context.response_url)
        request = dataclasses.replace(request, create=context.create)
        self.c.after_ack(
            respond, "the import form", self.dry_run(caller, context.list_name, request, respond)
        )

    # --- the dry run ------------------------------------------------------------------------------

    async def plan(self, request: ImportRequest, list_name: str, narrate: Narrate | None = None) -> Plan:
        """Download the file, read and check it, compare with the list: BulkError, SlackFileError,
        KoreError say what is wrong in one line. Nothing is sent."""
        got = await download(self.client, request.file_id, max_bytes=self.config.max_file_bytes)
        options = ImportOptions(
            file=Path(got.name),
            list_name=list_name,
            region=request.region,
            dnc=request.dnc,
            phone_column=request.phone_column,
            batch_size=self.config.batch_size,
            create=request.create,
        ).checked()
        loaded = await asyncio.to_thread(load_upload, options, got.name, got.data)
        return await plan_import(options, self.gateway(), narrate, loaded=loaded)

    async def dry_run(self, caller: Caller, list_name: str, request: ImportRequest, respond: Respond) -> None:
        inputs = request.inputs(list_name)
        if not await self.allowed(caller, respond, inputs, audit=True):
            return
        if (busy := await self.c.busy()) is not None:
            self.s.metrics.command(SUBCOMMAND, "busy")
            await self.say(respond, busy)
            return
        note = FirstNote(respond, list_name)
        try:
            plan = await self.plan(request, list_name, note)
        except (BulkError, SlackFileError, KoreError) as exc:
            await note.done()
            self.s.metrics.command(
                SUBCOMMAND, "invalid" if isinstance(exc, BulkError | SlackFileError) else "error"
            )
            await respond(**_ephemeral(blocks.error_message(f"{exc}")))
            return
        await note.done()
        report = ImportReport.from_plan(plan, dry_run=True)
        rejects = ""
        if len(plan.problems) > len(report.first_problems):
            rejects = await send_rejects(self.client, caller.user_id, plan, request.file_name)
        pending = None
        if report.to_send:
            pending = await self.propose(caller, plan, report, request, response_url_of(respond))
        self.s.metrics.command(SUBCOMMAND, "proposed" if pending else "nothing to send")
        message = dry_run_message(
            report,
            file_name=request.file_name,
            list_count=plan.list_count,
            batch_size=plan.options.batch_size,
            pending_id=pending.id if pending else None,
            ttl_seconds=self.s.confirm_ttl_seconds,
            rejects=rejects,
            creates=plan.target is None,
        )
        await respond(**_ephemeral(message))
        if pending is not None:
            await self.audit(
                caller,
                inputs,
                confirmation="requested",
                outcome="awaiting confirmation",
                details=_facts(pending),
                list_id=str(pending.extra.get("list_id", "")),
            )

    async def propose(
        self, caller: Caller, plan: Plan, report: ImportReport, request: ImportRequest, response_url: str = ""
    ) -> Pending:
        now = self.s.clock()
        pending = Pending(
            id=new_id(),
            op_key=IMPORT_KEY,
            inputs=request.inputs(plan.list_name),
            user_id=caller.user_id,
            team_id=caller.team_id,
            channel_id=caller.channel_id,
            summary=f"add {plural(report.to_send, 'contact')} to {plan.list_name}",
            created_at=now,
            expires_at=now + self.s.confirm_ttl_seconds,
            extra={
                "name": plan.list_name,
                "list_id": plan.target.id if plan.target else "",
                "file": request.file_name,
                "rows": str(report.rows),
                "to_send": str(report.to_send),
                **({"creates_list": "yes"} if plan.target is None else {}),
            },
            response_url=response_url,
        )
        await self.s.store.create(pending)
        return pending

    async def propose_resume(self, caller: Caller, stopped: Pending, job_id: str) -> Pending:
        """A Resume button for a stopped job: the same confirmation rules as Import."""
        now = self.s.clock()
        pending = Pending(
            id=new_id(),
            op_key=RESUME_KEY,
            inputs={**stopped.inputs, "job": job_id},
            user_id=caller.user_id,
            team_id=caller.team_id,
            channel_id=caller.channel_id,
            summary=f"resume import job {job_id}",
            created_at=now,
            expires_at=now + self.s.confirm_ttl_seconds,
            extra={**stopped.extra, "job": job_id},
        )
        await self.s.store.create(pending)
        return pending

    # --- the buttons ------------------------------------------------------------------------------

    async def clicked(
        self, body: Mapping[str, Any], pending_id: str, respond: Respond, *, confirm: bool
    ) -> None:
        user = body.get("user") or {}
        user_id = str(user.get("id", ""))
        pending = await self.s.store.get(pending_id)
        if pending is None or pending.op_key not in (IMPORT_KEY, RESUME_KEY):
            await self.say(respond, Refusal.NOT_FOUND.value, replace=False)
            return
        caller = Caller(pending.user_id, pending.team_id, pending.channel_id)
        if pending.user_id != user_id:
            # Another user's click consumes and reveals nothing; it is answered to them and audited.
            self.s.metrics.command(SUBCOMMAND, "other user")
            await self.say(respond, f":no_entry: {Refusal.OTHER_USER.value}", replace=False)
            other = Caller(user_id, str(user.get("team_id") or pending.team_id), pending.channel_id)
            await self.audit(
                other,
                pending.inputs,
                confirmation="other user",
                outcome=f"refused: {'import' if confirm else 'cancel'} clicked by another user",
                details={"pending": pending.id, "requested_by": pending.user_id},
                list_id=_list_id(pending),
            )
            return
        if confirm:
            await self.confirm(caller, pending, respond)
        else:
            await self.cancel(caller, pending, respond)

    async def confirm(self, caller: Caller, pending: Pending, respond: Respond) -> None:
        decision = await self.s.access.check_level(caller.user_id, caller.channel_id, "write")
        if not decision.allowed:
            self.s.metrics.command(SUBCOMMAND, "refused")
            await self.s.store.cancel(pending.id, caller.user_id, self.s.clock())
            await self.say(respond, f":no_entry: {decision.reason}", replace=True)
            await self.audit_pending(caller, pending, "confirmed", f"refused: {decision.reason}")
            return
        if (busy := await self.c.busy()) is not None:
            self.s.metrics.command(SUBCOMMAND, "busy")
            await self.say(respond, busy, replace=False)
            return  # the buttons stay usable: the user may click again
        claimed = await self.s.store.claim(pending.id, caller.user_id, self.s.clock())
        if claimed is Refusal.EXPIRED:
            await self.say(respond, f":hourglass: {claimed.value}", replace=True)
            await self.audit_expiry(pending)
            return
        if isinstance(claimed, Refusal):
            self.s.metrics.command(SUBCOMMAND, "already used")
            await self.say(respond, claimed.value, replace=False)
            await self.audit_pending(caller, pending, "confirmed", f"refused: {claimed.value}")
            return
        outcome = "error: not run"
        try:
            updates = Updates.for_click(respond, self.client, caller, self.config)
            outcome = await ImportSend(self, caller, pending, updates).run()
        finally:
            await self.s.store.finish(pending.id, outcome)

    async def cancel(self, caller: Caller, pending: Pending, respond: Respond) -> None:
        cancelled = await self.s.store.cancel(pending.id, caller.user_id, self.s.clock())
        if cancelled is Refusal.EXPIRED:  # the sweeper got there first, and audited the expiry
            await self.say(respond, f":hourglass: {cancelled.value}", replace=True)
            return
        if isinstance(cancelled, Refusal):
            await self.say(respond, cancelled.value, replace=False)
            await self.audit_pending(caller, pending, "cancelled", f"refused: {cancelled.value}")
            return
        self.s.metrics.command(SUBCOMMAND, "cancelled")
        name = blocks.escape(str(pending.extra.get("name", "")))
        if pending.op_key == RESUME_KEY:
            job = pending.inputs.get("job", "")
            text = f":heavy_multiplication_x: Not resumed: job {code(job)} into *{name}* stays stopped."
            await self.say(respond, text, replace=True)
            await self.audit_pending(caller, pending, "cancelled", "not run")
            return
        await self.say(
            respond, f":heavy_multiplication_x: Cancelled. Nothing was imported into *{name}*.", replace=True
        )
        await self.audit_pending(caller, pending, "cancelled", "not run")

    async def audit_expiry(self, pending: Pending) -> None:
        """After a late click: audit the expiry unless the sweeper (or another click) already did."""
        expired = await self.s.store.expire(pending.id, self.s.clock())
        if expired is not None:
            await self.expired(expired, replace=False)

    async def expired(self, pending: Pending, *, replace: bool = True) -> None:
        """An import (or resume) this process moved to `expired`: audit it and, unless a click
        already did, replace its buttons."""
        self.s.metrics.command(SUBCOMMAND, "expired")
        if replace:
            job = pending.inputs.get("job", "") if pending.op_key == RESUME_KEY else ""
            await replace_buttons(pending, expired_text(str(pending.extra.get("name", "")), job))
        caller = Caller(pending.user_id, pending.team_id, pending.channel_id)
        await self.audit_pending(caller, pending, "expired", "not run")

    async def audit_pending(
        self,
        caller: Caller,
        pending: Pending,
        confirmation: str,
        outcome: str,
        facts: Mapping[str, str] | None = None,
    ) -> None:
        """An audit entry of a step after the proposal, with the proposal's facts."""
        await self.audit(
            caller,
            pending.inputs,
            confirmation=confirmation,
            outcome=outcome,
            details={**_facts(pending), **(facts or {})},
            list_id=_list_id(pending),
        )


def _facts(pending: Pending) -> dict[str, str]:
    return {
        "pending": pending.id,
        **{key: str(value) for key, value in pending.extra.items() if key != "list_id"},
    }


def _list_id(pending: Pending) -> str:
    return str(pending.extra.get("list_id", ""))


def _entry(
    caller: Caller,
    inputs: Mapping[str, str],
    *,
    confirmation: str,
    outcome: str,
    details: Mapping[str, str] | None,
    list_id: str,
) -> AuditEntry:
    return AuditEntry(
        user_id=caller.user_id,
        team_id=caller.team_id,
        channel_id=caller.channel_id,
        operation=IMPORT_KEY,
        targets={"contact_list_id": list_id} if list_id else {"list": str(inputs.get("list", ""))},
        confirmation=confirmation,
        outcome=outcome,
        inputs=dict(inputs),
        details=dict(details or {}),
    )
