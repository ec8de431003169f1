"""Destructive operations: propose (what would be deleted, with buttons), then confirm or cancel.

The command never deletes. It reads what the operation would touch (core/impact.py), stores a
pending confirmation and shows Delete / Cancel buttons carrying only its opaque id. Only the
requester's click, before expiry and once (an atomic step in the store), runs the operation.
Every step is audited with the name and record count the proposal showed; an expiry once, by the
late click or the sweeper (slackbot.expiry) that moved it to `expired` first.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from core.errors import KoreError, NotFoundError
from core.impact import Impact, read_impact
from core.operations import CATALOG, Operation, get_operation
from slackbot import blocks
from slackbot.expiry import replace_buttons
from slackbot.pending import Pending, Refusal, new_id
from slackbot.services import Caller, Respond, Services, response_url_of
from slackbot.services import ephemeral as _ephemeral

if TYPE_CHECKING:
    from slackbot.commands import KoreCommands

log = logging.getLogger("slackbot.confirmations")


def _impact_facts(impact: Impact) -> dict[str, str]:
    """What a proposal showed (kept with the pending confirmation, then in every audit entry)."""
    facts = {"name": impact.name or ""}
    if impact.status:
        facts["status"] = impact.status
    if impact.record_count is not None:
        facts["records"] = str(impact.record_count)
    if impact.used_by:
        facts["used_by"] = ", ".join(impact.used_by)
    return {key: value for key, value in facts.items() if value}


def _facts(pending: Pending) -> dict[str, str]:
    """What the audit keeps of a confirmation: its id, and the name and record count it showed."""
    return {"pending": pending.id, **{key: str(value) for key, value in pending.extra.items()}}


class Confirmations:
    """The confirmation flow; shared steps (run, audit, count, admit) come from KoreCommands."""

    def __init__(self, commands: KoreCommands) -> None:
        self.c = commands
        self.s: Services = commands.s

    async def summarize(self, op: Operation, values: Mapping[str, str]) -> Impact:
        """What the call touches, read from Kore.ai (name, records, users, a campaign's lists); KoreError."""
        return await read_impact(self.s.kore.execute, op, values)

    async def propose(
        self, caller: Caller, op: Operation, values: Mapping[str, str], respond: Respond
    ) -> None:
        try:
            impact = await self.summarize(op, values)
        except NotFoundError as exc:
            self.c.count(op, "not found")
            await respond(**_ephemeral(blocks.error_message(f"Nothing to {op.verb}: {exc}")))
            return
        except KoreError as exc:
            self.c.count(op, "error")
            await respond(**_ephemeral(blocks.error_message(str(exc))))
            return
        summary = blocks.impact_text(impact)
        if impact.refusal:
            # Kore.ai is known to refuse it (a list a campaign uses, a start of a running campaign):
            # a Confirm button would only lead to that refusal, so say why and offer none.
            self.c.count(op, "refused")
            await respond(**_ephemeral(blocks.refused_message(op, summary)))
            await self.c.audit(
                caller, op, values, confirmation="not asked", outcome=f"refused: {impact.refusal}",
                details=_impact_facts(impact),
            )
            return
        now = self.s.clock()
        ttl = self.s.confirm_ttl_seconds
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
            response_url=response_url_of(respond),
        )
        await self.s.store.create(pending)
        self.c.count(op, "proposed")
        await respond(**_ephemeral(blocks.confirm_message(op, dict(values), summary, pending.id, ttl)))
        await self.c.audit(
            caller, op, values, confirmation="requested", outcome="awaiting confirmation",
            details=_facts(pending),
        )

    async def clicked(
        self, body: Mapping[str, Any], pending_id: str, respond: Respond, *, confirm: bool
    ) -> None:
        user_id = str((body.get("user") or {}).get("id", ""))
        pending = await self.s.store.get(pending_id)
        if pending is None or pending.op_key not in CATALOG:  # not a delete (an import's id)
            # Nothing to audit (no operation, no target), but a forged or long-gone button is seen.
            what = "confirm" if confirm else "cancel"
            log.warning("a %s click by %s named no pending confirmation", what, user_id or "nobody")
            self.s.metrics.command("confirmation", "unknown")
            await respond(**_ephemeral(blocks.notice(Refusal.NOT_FOUND.value), replace=False))
            return
        op = get_operation(pending.op_key)
        if pending.user_id != user_id:
            # Another user's click must not consume or reveal anything: answer only them.
            await respond(
                **_ephemeral(blocks.notice(f":no_entry: {Refusal.OTHER_USER.value}"), replace=False)
            )
            self.c.count(op, "other user")
            team = str((body.get("user") or {}).get("team_id") or pending.team_id)
            await self.c.audit(
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
            self.c.count(op, "refused")
            await self.s.store.cancel(pending.id, caller.user_id, self.s.clock())
            await respond(**_ephemeral(blocks.notice(f":no_entry: {decision.reason}"), replace=True))
            await self.c.audit(
                caller, op, pending.inputs, confirmation="confirmed", outcome=f"refused: {decision.reason}",
                details=_facts(pending),
            )
            return
        if not await self.c.admit(op, respond):
            return  # the confirmation stays usable: the user may click again
        claimed = await self.s.store.claim(pending.id, caller.user_id, self.s.clock())
        if isinstance(claimed, Refusal):
            if claimed is Refusal.EXPIRED:
                # Every later click is told "expired" as well; the expiry is audited once.
                await respond(**_ephemeral(blocks.notice(f":hourglass: {claimed.value}"), replace=True))
                await self.audit_expiry(pending)
            else:
                self.c.count(op, "already used")
                await respond(**_ephemeral(blocks.notice(claimed.value), replace=False))
                await self.c.audit(
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
            outcome = await self.c.run(
                caller, op, pending.inputs, respond, confirmation="confirmed", replace=True,
                details=_facts(pending),
            )
        finally:
            await self.s.store.finish(pending.id, outcome)

    async def cancel(self, caller: Caller, op: Operation, pending: Pending, respond: Respond) -> None:
        cancelled = await self.s.store.cancel(pending.id, caller.user_id, self.s.clock())
        if cancelled is Refusal.EXPIRED:  # the sweeper got there first, and audited the expiry
            await respond(**_ephemeral(blocks.notice(f":hourglass: {cancelled.value}"), replace=True))
            return
        if isinstance(cancelled, Refusal):
            await respond(**_ephemeral(blocks.notice(cancelled.value), replace=False))
            await self.c.audit(
                caller, op, pending.inputs, confirmation="cancelled", outcome=f"refused: {cancelled.value}",
                details=_facts(pending),
            )
            return
        self.c.count(op, "cancelled")
        what = blocks.escape(op.describe(pending.inputs))
        nothing = "Nothing was deleted" if op.method == "DELETE" else "Nothing was sent"
        text = f":heavy_multiplication_x: Cancelled. {nothing} ({what})."
        await respond(**_ephemeral(blocks.notice(text), replace=True))
        await self.c.audit(
            caller, op, pending.inputs, confirmation="cancelled", outcome="not run", details=_facts(pending)
        )

    async def audit_expiry(self, pending: Pending) -> None:
        """After a late click: audit the expiry unless the sweeper (or another click) already did."""
        expired = await self.s.store.expire(pending.id, self.s.clock())
        if expired is not None:
            await self.expired(expired, replace=False)

    async def expired(self, pending: Pending, *, replace: bool = True) -> None:
        """A confirmation this process moved to `expired`: audit it (with what it would have
        touched, for its proposer) and, unless a click already did, replace its buttons."""
        op = get_operation(pending.op_key)
        self.c.count(op, "expired")
        if replace:
            what = blocks.escape(op.describe(pending.inputs))
            await replace_buttons(pending, f":hourglass: Not confirmed in time: {what} was not run.")
        caller = Caller(pending.user_id, pending.team_id, pending.channel_id)
        await self.c.audit(
            caller, op, pending.inputs, confirmation="expired", outcome="not run", details=_facts(pending)
        )
