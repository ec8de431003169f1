"""The bolt app: `/kore`, its modal form, and the Delete / Cancel buttons.

Every listener calls `ack()` first. Only parsing (pure, microseconds) may happen before it, so
a command with a typo is answered inside the ack; anything that touches Kore.ai, the pending
store or the Web API happens after it. The listener then starts the rest as a task
(`BackgroundTasks`) and returns, so bolt answers Slack at once; failures in that task are logged
with their traceback and reported to the user in one line.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, Protocol

import pydantic
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from core.client import CallResult
from core.errors import KoreError, NotFoundError
from core.fields import input_errors, validate_flat
from core.impact import Impact, impact_of
from core.operations import OPERATIONS, Operation, get_operation
from core.presentation import for_record, for_target
from slackbot import blocks
from slackbot.access import AccessPolicy
from slackbot.audit import AuditEntry, AuditLog
from slackbot.grammar import COMMAND, GrammarError, Help, Invocation, parse, subcommand_of, subcommands
from slackbot.metrics import MeteredApp, MeteredKore, Metrics
from slackbot.modals import FORM_CALLBACK, FormContext, build_modal, submission_errors, values_of
from slackbot.mrkdwn import code, escape
from slackbot.payloads import FORM_UNREADABLE, RefuseMalformed, error_view
from slackbot.pending import Pending, PendingStore, Refusal, new_id
from slackbot.queue import BackgroundTasks, QueuePacer, seconds_text
from slackbot.settings import SlackSettings

log = logging.getLogger("slackbot.app")

Respond = Callable[..., Awaitable[Any]]


class Executor(Protocol):
    """Runs one catalog operation (KoreBackend in production, a wrapper in tests)."""

    async def execute(self, op_key: str, values: Mapping[str, str]) -> CallResult: ...


@dataclass
class Services:
    """What the listeners use; built once per process by `__main__` or a test."""

    kore: Executor
    store: PendingStore
    audit: AuditLog
    access: AccessPolicy
    confirm_ttl_seconds: int = 600
    clock: Callable[[], float] = time.time
    tasks: BackgroundTasks = field(default_factory=BackgroundTasks)
    metrics: Metrics = field(default_factory=Metrics)
    pacer: QueuePacer | None = None
    """The Kore.ai client's pacer as the bot wraps it (None when pacing is off)."""
    queue_max: int = 100
    """Commands that may wait for the rate budget at once; more are answered "busy"."""


@dataclass(frozen=True)
class Caller:
    user_id: str
    team_id: str
    channel_id: str


def web_client(settings: SlackSettings) -> AsyncWebClient:
    """The Web API client, pointed at SLACK_API_URL (Slack, or a local fake in tests)."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return AsyncWebClient(token=token, base_url=settings.slack_api_url)


def _opens_form(op: Operation, values: Mapping[str, str]) -> bool:
    """No arguments opens the form, unless nothing is required (`lists all` simply runs)."""
    from core.fields import fields_of

    specs = fields_of(op)
    if not values:
        return any(spec.required for spec in specs) or (not op.is_read and bool(specs))
    # `/kore lists update cl-1` with nothing to change: the form, with the id filled in.
    only_id = set(values) == {op.target_field}
    return only_id and not op.is_read and not op.destructive and len(specs) > 1


def _record_id(record: pydantic.BaseModel) -> str | None:
    """The id Kore.ai gave a record (the audit's `created_id`)."""
    try:
        return for_record(record).id_of(record)
    except LookupError:
        return None


def _impact_facts(impact: Impact) -> dict[str, str]:
    """What a delete proposal showed (kept with the pending delete, then in every audit entry)."""
    facts = {"name": impact.name or ""}
    if impact.record_count is not None:
        facts["records"] = str(impact.record_count)
    if impact.used_by:
        facts["used_by"] = ", ".join(impact.used_by)
    return {key: value for key, value in facts.items() if value}


def _facts(pending: Pending) -> dict[str, str]:
    """What the audit keeps of a confirmation: its id, and the name and record count it showed."""
    return {"pending": pending.id, **{key: str(value) for key, value in pending.extra.items()}}


def _ephemeral(message: blocks.Message, *, replace: bool | None = None) -> dict[str, Any]:
    kwargs: dict[str, Any] = {**message.kwargs(), "response_type": "ephemeral"}
    if replace is not None:
        kwargs["replace_original"] = replace
    return kwargs


class KoreCommands:
    """The listeners' logic, separate from bolt's wiring so each step reads top to bottom."""

    def __init__(self, services: Services, client: AsyncWebClient) -> None:
        self.s = services
        self.client = client

    # --- shared steps ---------------------------------------------------------------------------

    def count(self, op: Operation | None, outcome: str) -> None:
        """One command (or click) in the metrics, by subcommand and outcome."""
        self.s.metrics.command(subcommand_of(op) if op else "help", outcome)

    def after_ack(self, respond: Respond, what: str, work: Coroutine[Any, Any, None]) -> None:
        """Start post-ack work in the background, so the listener returns and Slack gets the ack now."""
        self.s.tasks.start(self.guard(respond, what, work), f"kore-slackbot: {what}", respond)

    async def guard(self, respond: Respond, what: str, work: Awaitable[None]) -> None:
        """Run post-ack work; an unexpected failure is logged with its traceback and told in one line."""
        try:
            await work
        except Exception:
            log.exception("%s failed", what)
            message = blocks.error_message(
                f"Something went wrong while handling {what}; nothing more was done. "
                "The details are in the bot's log."
            )
            with suppress(Exception):
                await respond(**_ephemeral(message, replace=False))

    async def audit(
        self,
        caller: Caller,
        op: Operation,
        values: Mapping[str, str],
        *,
        confirmation: str,
        outcome: str,
        started: float | None = None,
        status: int | None = None,
        details: Mapping[str, str] | None = None,
    ) -> None:
        targets = {name: str(values[name]) for name in op.path_fields if name in values}
        duration = round((time.perf_counter() - started) * 1000) if started is not None else 0
        await self.s.audit.record(
            AuditEntry(
                user_id=caller.user_id,
                team_id=caller.team_id,
                channel_id=caller.channel_id,
                operation=op.key,
                targets=targets,
                confirmation=confirmation,
                outcome=outcome,
                duration_ms=duration,
                status=status,
                inputs={k: str(v) for k, v in values.items()},
                details=dict(details or {}),
            )
        )

    async def refuse_if_denied(
        self, caller: Caller, op: Operation, respond: Respond, values: Mapping[str, str]
    ) -> bool:
        decision = await self.s.access.check(caller.user_id, caller.channel_id, op)
        if decision.allowed:
            return False
        await respond(**_ephemeral(blocks.notice(f":no_entry: {decision.reason}")))
        self.count(op, "refused")
        if not op.is_read:
            refused = f"refused: {decision.reason}"
            await self.audit(caller, op, values, confirmation="not asked", outcome=refused)
        return True

    async def run(
        self,
        caller: Caller,
        op: Operation,
        values: Mapping[str, str],
        respond: Respond,
        *,
        confirmation: str = "not required",
        replace: bool | None = None,
        details: Mapping[str, str] | None = None,
        options: Mapping[str, str] | None = None,
    ) -> str:
        """Execute and answer with the result or the one-line error; mutations are audited (with
        the id of what a create made)."""
        started = time.perf_counter()
        status: int | None = None
        audited = dict(details or {})
        try:
            result = await self.s.kore.execute(op.key, values)
        except KoreError as exc:
            outcome = f"error: {exc}"
            self.count(op, "error")
            status = exc.status
            await respond(**_ephemeral(blocks.error_message(str(exc)), replace=replace))
        else:
            outcome = "ok"
            self.count(op, "ok")
            status = result.status
            created = _record_id(result.records[0]) if op.verb == "create" and result.records else None
            if created:
                audited["created_id"] = created
            # Rendering grows with the reply (a page of records): off the event loop, so the acks
            # of other requests never wait for it.
            message = await asyncio.to_thread(blocks.result_message, result, options)
            await respond(**_ephemeral(message, replace=replace))
        if not op.is_read:
            await self.audit(
                caller, op, values, confirmation=confirmation, outcome=outcome, started=started,
                status=status, details=audited,
            )
        return outcome

    async def admit(self, op: Operation, respond: Respond) -> bool:
        """False (and the user told "busy, try again in N s") when the queue for the rate budget
        is full; nothing is run then."""
        pacer = self.s.pacer
        if pacer is None or pacer.waiting < self.s.queue_max:
            return True
        wait = await pacer.estimate_wait(pacer.waiting + 1)
        self.count(op, "busy")
        text = (
            f":no_entry: Busy: {pacer.waiting} commands are waiting for the Kore.ai rate limit. "
            f"Try again in {seconds_text(wait)}; nothing was run."
        )
        await respond(**_ephemeral(blocks.notice(text)))
        return False

    async def invoke(
        self,
        caller: Caller,
        op: Operation,
        values: Mapping[str, str],
        respond: Respond,
        options: Mapping[str, str] | None = None,
    ) -> None:
        """Validated values: run them, or for a destructive operation ask for confirmation."""
        if await self.refuse_if_denied(caller, op, respond, values):
            return
        if not await self.admit(op, respond):
            return
        if op.destructive:
            await self.propose(caller, op, values, respond)
        else:
            await self.run(caller, op, values, respond, options=options)

    # --- /kore ------------------------------------------------------------------------------------

    async def help(self, caller: Caller, topic: str | None, respond: Respond) -> None:
        channels = self.s.access.channels
        if channels is not None and caller.channel_id not in channels:
            decision = await self.s.access.check(caller.user_id, caller.channel_id, OPERATIONS[0])
            await respond(**_ephemeral(blocks.notice(f":no_entry: {decision.reason}")))
            return
        allowed: list[Operation] = []
        for op in OPERATIONS:
            if (await self.s.access.check(caller.user_id, caller.channel_id, op)).allowed:
                allowed.append(op)
        table = subcommands()
        if topic in table:
            message = blocks.usage_message(table[topic])
        elif topic:
            chosen = [op for op in allowed if op.resource.command == topic]
            if chosen:
                message = blocks.help_message(chosen)
            else:
                try:
                    parse(topic)
                    problem = f"No help on {code(topic)}."
                except GrammarError as exc:
                    problem = exc.message
                message = blocks.notice(f":grey_question: {problem}")
        else:
            message = blocks.help_message(allowed, hidden=len(OPERATIONS) - len(allowed))
        await respond(**_ephemeral(message))

    async def command(self, body: Mapping[str, Any], parsed: Help | Invocation, respond: Respond) -> None:
        caller = Caller(
            str(body.get("user_id", "")), str(body.get("team_id", "")), str(body.get("channel_id", ""))
        )
        if isinstance(parsed, Help):
            self.count(None, "ok")
            await self.help(caller, parsed.topic, respond)
            return
        op, values = parsed.op, parsed.values
        if _opens_form(op, values):
            if await self.refuse_if_denied(caller, op, respond, values):
                return
            self.count(op, "form")
            context = FormContext(op.key, caller.channel_id, str(body.get("response_url", "")))
            await self.client.views_open(
                trigger_id=str(body.get("trigger_id", "")), view=build_modal(op, context, values)
            )
            return
        try:
            validate_flat(op, values)
        except pydantic.ValidationError as exc:
            first = input_errors(exc)[0]
            problem = escape(first.message)
            if first.where:
                problem = f"{code(first.where)}: {problem}"
            self.count(op, "invalid")
            await respond(**_ephemeral(blocks.usage_message(op, problem)))
            return
        await self.invoke(caller, op, values, respond, parsed.options)

    # --- the form ---------------------------------------------------------------------------------

    def submitted(
        self, body: Mapping[str, Any], op: Operation, context: FormContext, values: dict[str, str]
    ) -> None:
        user = body.get("user") or {}
        team = str(user.get("team_id") or (body.get("team") or {}).get("id") or "")
        caller = Caller(str(user.get("id", "")), team, context.channel_id)
        respond = AsyncRespond(response_url=context.response_url)
        self.after_ack(respond, f"the {subcommand_of(op)} form", self.invoke(caller, op, values, respond))

    # --- confirmation -----------------------------------------------------------------------------

    async def summarize(self, op: Operation, values: Mapping[str, str]) -> Impact:
        """What would be deleted, read from Kore.ai (name, record count, users); raises KoreError."""
        entry = for_target(op)
        show = entry.show_operation if entry is not None else None
        record = None
        if show is not None and op.target_field is not None:
            result = await self.s.kore.execute(show.key, {op.target_field: values[op.target_field]})
            record = result.records[0] if result.records else None
        return impact_of(op, values, record)

    async def propose(
        self, caller: Caller, op: Operation, values: Mapping[str, str], respond: Respond
    ) -> None:
        try:
            impact = await self.summarize(op, values)
        except NotFoundError as exc:
            self.count(op, "not found")
            await respond(**_ephemeral(blocks.error_message(f"Nothing to delete: {exc}")))
            return
        except KoreError as exc:
            self.count(op, "error")
            await respond(**_ephemeral(blocks.error_message(str(exc))))
            return
        now = self.s.clock()
        ttl = self.s.confirm_ttl_seconds
        summary = blocks.impact_text(impact)
        pending = Pending(
            id=new_id(),
            op_key=op.key,
            inputs=dict(values),
            user_id=caller.user_id,
            team_id=caller.team_id,
            channel_id=caller.channel_id,
            summary=summary,
            created_at=now,
            expires_at=now + ttl,
            extra=_impact_facts(impact),
        )
        await self.s.store.create(pending)
        self.count(op, "proposed")
        await respond(**_ephemeral(blocks.confirm_message(op, dict(values), summary, pending.id, ttl)))
        await self.audit(
            caller, op, values, confirmation="requested", outcome="awaiting confirmation",
            details=_facts(pending),
        )

    async def clicked(
        self, body: Mapping[str, Any], pending_id: str, respond: Respond, *, confirm: bool
    ) -> None:
        user_id = str((body.get("user") or {}).get("id", ""))
        pending = await self.s.store.get(pending_id)
        if pending is None:
            await respond(**_ephemeral(blocks.notice(Refusal.NOT_FOUND.value), replace=False))
            return
        op = get_operation(pending.op_key)
        if pending.user_id != user_id:
            # Another user's click must not consume or reveal anything: answer only them.
            await respond(
                **_ephemeral(blocks.notice(f":no_entry: {Refusal.OTHER_USER.value}"), replace=False)
            )
            self.count(op, "other user")
            team = str((body.get("user") or {}).get("team_id") or pending.team_id)
            await self.audit(
                Caller(user_id, team, pending.channel_id), op, pending.inputs, confirmation="other user",
                outcome=f"refused: {'confirm' if confirm else 'cancel'} clicked by another user",
                details={"pending": pending.id, "requested_by": pending.user_id},
            )
            return
        caller = Caller(pending.user_id, pending.team_id, pending.channel_id)
        if confirm:
            await self.confirm(caller, op, pending, respond)
        else:
            await self.cancel(caller, op, pending, respond)

    async def confirm(self, caller: Caller, op: Operation, pending: Pending, respond: Respond) -> None:
        decision = await self.s.access.check(caller.user_id, caller.channel_id, op)
        if not decision.allowed:
            self.count(op, "refused")
            await self.s.store.cancel(pending.id, caller.user_id, self.s.clock())
            await respond(**_ephemeral(blocks.notice(f":no_entry: {decision.reason}"), replace=True))
            await self.audit(
                caller, op, pending.inputs, confirmation="confirmed", outcome=f"refused: {decision.reason}",
                details=_facts(pending),
            )
            return
        if not await self.admit(op, respond):
            return  # the confirmation stays usable: the user may click again
        claimed = await self.s.store.claim(pending.id, caller.user_id, self.s.clock())
        if isinstance(claimed, Refusal):
            if claimed is Refusal.EXPIRED:
                # Left pending (and past its time): every later click is told "expired" as well.
                self.count(op, "expired")
                await respond(**_ephemeral(blocks.notice(f":hourglass: {claimed.value}"), replace=True))
                await self.audit(
                    caller, op, pending.inputs, confirmation="expired", outcome="not run",
                    details=_facts(pending),
                )
            else:
                self.count(op, "already used")
                await respond(**_ephemeral(blocks.notice(claimed.value), replace=False))
                await self.audit(
                    caller, op, pending.inputs, confirmation="confirmed",
                    outcome=f"refused: {claimed.value}", details=_facts(pending),
                )
            return
        # Buttons go at once, before the (possibly slow) call, so nobody clicks again.
        working = (
            f":hourglass_flowing_sand: {blocks.escape(op.describe(pending.inputs))}: confirmed, running…"
        )
        await respond(**_ephemeral(blocks.notice(working), replace=True))
        outcome = "error: not run"
        try:
            outcome = await self.run(
                caller, op, pending.inputs, respond, confirmation="confirmed", replace=True,
                details=_facts(pending),
            )
        finally:
            await self.s.store.finish(pending.id, outcome)

    async def cancel(self, caller: Caller, op: Operation, pending: Pending, respond: Respond) -> None:
        cancelled = await self.s.store.cancel(pending.id, caller.user_id, self.s.clock())
        if isinstance(cancelled, Refusal):
            await respond(**_ephemeral(blocks.notice(cancelled.value), replace=False))
            await self.audit(
                caller, op, pending.inputs, confirmation="cancelled", outcome=f"refused: {cancelled.value}",
                details=_facts(pending),
            )
            return
        self.count(op, "cancelled")
        what = blocks.escape(op.describe(pending.inputs))
        text = f":heavy_multiplication_x: Cancelled. Nothing was deleted ({what})."
        await respond(**_ephemeral(blocks.notice(text), replace=True))
        await self.audit(
            caller, op, pending.inputs, confirmation="cancelled", outcome="not run", details=_facts(pending)
        )


def build_app(settings: SlackSettings, services: Services, client: AsyncWebClient) -> AsyncApp:
    """The bolt app with every listener registered. Signature checks use SLACK_SIGNING_SECRET
    (Socket Mode, which has no signatures, may run without it)."""
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    app = MeteredApp(
        client=client,
        signing_secret=secret,
        request_verification_enabled=bool(secret),
        # Listeners ack, start their work as a task and return at once, so bolt answers Slack as
        # soon as the listener returns (no polling for the ack); the same in HTTP and Socket Mode.
        process_before_response=True,
        name="kore-slackbot",
    )
    app.metrics = services.metrics
    if not isinstance(services.kore, MeteredKore):
        services.kore = MeteredKore(services.kore, services.metrics)
    if services.pacer is not None:
        services.pacer.on_depth = services.metrics.queue_depth.set
    commands = KoreCommands(services, client)
    app.use(RefuseMalformed(services.tasks.start))

    @app.command(COMMAND)
    async def on_command(ack: Any, body: dict[str, Any], respond: AsyncRespond) -> None:
        try:
            parsed = parse(str(body.get("text", "")))
        except GrammarError as exc:
            services.metrics.command(subcommand_of(exc.op) if exc.op else "unknown", "invalid")
            message = (
                blocks.usage_message(exc.op, exc.message)
                if exc.op
                else blocks.notice(f":grey_question: {exc.message}")
            )
            await ack(response_type="ephemeral", **message.kwargs())
            return
        await ack()
        what = f"`{COMMAND} {body.get('text', '')}`"[:200]
        commands.after_ack(respond, what, commands.command(body, parsed, respond))

    @app.view(FORM_CALLBACK)
    async def on_form(ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        try:
            context = FormContext.load(str(view.get("private_metadata", "")))
        except (KeyError, ValueError):
            await ack(response_action="update", view=error_view(FORM_UNREADABLE))
            log.warning("form submission without our metadata refused")
            return
        op = get_operation(context.op_key)
        values = values_of(op, (view.get("state") or {}).get("values") or {})
        try:
            validate_flat(op, values)
        except pydantic.ValidationError as exc:
            await ack(response_action="errors", errors=submission_errors(op, exc))
            return
        await ack()
        commands.submitted(body, op, context, values)

    @app.action(blocks.CONFIRM_ACTION)
    async def on_confirm(
        ack: Any, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        work = commands.clicked(body, str(action.get("value", "")), respond, confirm=True)
        commands.after_ack(respond, "the Delete button", work)

    @app.action(blocks.CANCEL_ACTION)
    async def on_cancel(
        ack: Any, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        work = commands.clicked(body, str(action.get("value", "")), respond, confirm=False)
        commands.after_ack(respond, "the Cancel button", work)

    return app
