"""The listeners' logic for `/kore` and its form, apart from bolt's wiring.

Each step reads top to bottom: parse (before the ack), check access, admit to the queue for the
Kore.ai budget, validate, then run (or propose, for a destructive operation: slackbot.confirmations).
Work after the ack runs as a task; a failure there is logged with its traceback and told in one line.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Coroutine, Mapping
from contextlib import suppress
from typing import Any

import pydantic
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from core.errors import KoreError
from core.fields import input_errors, validate_flat
from core.formatting import plural
from core.operations import CATALOG, OPERATIONS, Operation
from core.presentation import for_record
from slackbot import blocks
from slackbot.audit import AuditEntry
from slackbot.bulk import bulk_lines, help_topic
from slackbot.confirmations import Confirmations
from slackbot.expiry import OnExpired
from slackbot.grammar import GrammarError, Help, Invocation, parse, subcommand_of, subcommands
from slackbot.modals import FormContext, build_modal
from slackbot.mrkdwn import code, escape
from slackbot.pending import Pending
from slackbot.queue import current_ticket, seconds_text
from slackbot.services import Caller, Respond, Services
from slackbot.services import ephemeral as _ephemeral

log = logging.getLogger("slackbot.commands")


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


_SLACK_HINTS = {
    "expired_trigger_id": "the form could not open in time (Slack allows 3 s); run the command again",
    "invalid_trigger_id": "the form could not open; run the command again",
}


def _refused_call(exc: SlackApiError) -> tuple[str, str]:
    """(`views.open`, `expired_trigger_id`) from the SDK's error, without its two-line message."""
    response = exc.response
    url = str(getattr(response, "api_url", "") or "")
    method = url.rstrip("/").rsplit("/", 1)[-1] or "a Web API call"
    return method, str(response.get("error") or "error") if response is not None else "error"


class KoreCommands:
    """The listeners' logic, separate from bolt's wiring so each step reads top to bottom."""

    def __init__(self, services: Services, client: AsyncWebClient) -> None:
        self.s = services
        self.client = client
        self.confirmations = Confirmations(self)
        self.expiry_handlers: dict[str, OnExpired] = {}
        """Pending kinds that are not catalog operations (an import's) -> who audits their expiry."""

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
        except SlackApiError as exc:  # Slack refused a Web API call: its error code says it all
            method, code = _refused_call(exc)
            log.warning("%s: Slack refused %s (%s)", what, method, code)
            hint = _SLACK_HINTS.get(code, "nothing more was done")
            message = blocks.error_message(f"Slack refused {method} ({code}): {hint}.")
            with suppress(Exception):
                await respond(**_ephemeral(message, replace=False))
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

    async def expired(self, pending: Pending) -> None:
        """A confirmation the sweeper moved to `expired`: handed to the flow that proposed it."""
        handler = self.expiry_handlers.get(pending.op_key)
        if handler is not None:
            await handler(pending)
        elif pending.op_key in CATALOG:
            await self.confirmations.expired(pending)
        else:
            log.warning("confirmation %s of unknown kind %r expired", pending.id, pending.op_key)

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
        except asyncio.CancelledError:  # shutdown: a queued (or overdue) mutation is audited too
            if not op.is_read:
                ticket = current_ticket()
                sent = ticket is not None and ticket.started
                said = "Kore.ai may have acted" if sent else "not run (the bot was restarting)"
                await self.audit(
                    caller, op, values, confirmation=confirmation, outcome=f"cancelled: {said}",
                    started=started, details=audited,
                )
            raise
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
            # Rendering grows with the reply; it runs on the work loop (slackbot.queue), never in
            # the way of another request's ack.
            message = blocks.result_message(result, options)
            await respond(**_ephemeral(message, replace=replace))
        if not op.is_read:
            await self.audit(
                caller, op, values, confirmation=confirmation, outcome=outcome, started=started,
                status=status, details=audited,
            )
        return outcome

    async def busy(self) -> str | None:
        """The "busy, try again in N s" line when the queue for the rate budget is full, else None.

        The pacer counts the requests already waiting, so "one more" is `estimate_wait(1)`."""
        pacer = self.s.pacer
        if pacer is None or pacer.waiting < self.s.queue_max:
            return None
        wait = await pacer.estimate_wait(1)
        if wait <= 0:
            # The budget has room for every waiting command and this one: they wait only for
            # their turn at the pacer (a burst arriving at once), not for the rate limit.
            return None
        return (
            f":no_entry: Busy: {plural(pacer.waiting, 'command')} "
            f"{'is' if pacer.waiting == 1 else 'are'} waiting for the Kore.ai rate limit. "
            f"Try again in {seconds_text(wait)}; nothing was run."
        )

    async def admit(self, op: Operation, respond: Respond) -> bool:
        """False (and the user told "busy, try again in N s") when the queue for the rate budget
        is full; nothing is run then."""
        text = await self.busy()
        if text is None:
            return True
        self.count(op, "busy")
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
            await self.confirmations.propose(caller, op, values, respond)
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
        for op in (op for op in OPERATIONS if op.form):  # not those for scripts only
            if (await self.s.access.check(caller.user_id, caller.channel_id, op)).allowed:
                allowed.append(op)
        table = subcommands()
        bulk_help = help_topic(topic)
        if bulk_help is not None:
            message = blocks.notice(bulk_help)
        elif topic in table:
            message = blocks.usage_message(table[topic])
        elif topic:
            chosen = [op for op in allowed if op.resource.command == topic]
            if chosen:
                message = blocks.help_message(chosen, extra=bulk_lines(chosen, allowed))
            else:
                try:
                    parse(topic)
                    problem = f"No help on {code(topic)}."
                except GrammarError as exc:
                    problem = exc.message
                message = blocks.notice(f":grey_question: {problem}")
        else:
            message = blocks.help_message(
                allowed, hidden=len(OPERATIONS) - len(allowed), extra=bulk_lines(allowed, allowed)
            )
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
