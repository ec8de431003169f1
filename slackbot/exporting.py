"""`/kore lists export "<list>"`: every contact of a list as a CSV file in Slack.

The CSV is the engine's (core/bulk/export: the columns and values `kore export` writes). It is
uploaded with `files_upload_v2` into the channel the command came from, where its members can
read it; when the bot is not a member there it goes to a direct message with the requester, and
the answer says which. Exports are reads (any reader may run one) and are audited, since they
hand a list's numbers to a channel.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from slack_sdk.web.async_client import AsyncWebClient

from core.bulk.errors import BulkError
from core.bulk.export import render
from core.bulk.lists import PAGE_SIZE, ListInfo, require_list
from core.errors import KoreError
from core.formatting import plural
from core.models import ListContact
from slackbot import blocks
from slackbot.audit import AuditEntry
from slackbot.bulk import BulkConfig
from slackbot.mrkdwn import code, escape, mention, shorten
from slackbot.services import Caller, Respond, Services
from slackbot.services import ephemeral as _ephemeral
from slackbot.slackfiles import SlackFileError, upload

if TYPE_CHECKING:
    from slackbot.commands import KoreCommands

EXPORT_KEY = "contact_list.export"
SUBCOMMAND = "lists export"


def file_name(list_name: str) -> str:
    """`Renewal Due - July` -> `renewal-due-july-contacts.csv` (nothing Slack or a shell reads specially)."""
    slug = re.sub(r"[^a-z0-9]+", "-", list_name.lower()).strip("-")[:60].strip("-")
    return f"{slug or 'list'}-contacts.csv"


class Exports:
    """The export flow; access, the queue and the audit log are the bot's own."""

    def __init__(self, commands: KoreCommands, client: AsyncWebClient) -> None:
        self.c = commands
        self.s: Services = commands.s
        self.client = client

    @property
    def config(self) -> BulkConfig:
        return self.s.bulk

    async def command(self, caller: Caller, list_name: str, respond: Respond) -> None:
        if not await self._may_run(caller, respond):
            return
        read = await self._read(list_name, respond)
        if read is None:
            return
        target, records = read
        if not records:
            self.s.metrics.command(SUBCOMMAND, "empty")
            await respond(
                **_ephemeral(blocks.notice(f"*{escape(target.name)}* has no contacts; nothing to export."))
            )
            return
        await self._upload(caller, target, records, respond)

    async def _may_run(self, caller: Caller, respond: Respond) -> bool:
        """Readers may export, when the bot is not restarting; otherwise the caller is told why not."""
        decision = await self.s.access.check_level(caller.user_id, caller.channel_id, "read")
        if not decision.allowed:
            self.s.metrics.command(SUBCOMMAND, "refused")
            await respond(**_ephemeral(blocks.notice(f":no_entry: {decision.reason}")))
            return False
        if (busy := await self.c.busy()) is not None:
            self.s.metrics.command(SUBCOMMAND, "busy")
            await respond(**_ephemeral(blocks.notice(busy)))
            return False
        return True

    async def _read(self, list_name: str, respond: Respond) -> tuple[ListInfo, list[ListContact]] | None:
        """The list and all its contacts (a long list is announced first); None once an error is answered."""
        gateway = self.config.gateway(self.s.kore, None)
        try:
            target = require_list(
                await gateway.lists(), list_name, flag="check the name (/kore lists all name=...)"
            )
            if target.total > PAGE_SIZE:
                pages = -(-target.total // PAGE_SIZE)
                note = (
                    f":hourglass_flowing_sand: Reading the {plural(target.total, 'contact')} of "
                    f"*{escape(target.name)}* "
                    f"({pages:,} requests within the Kore.ai rate limit); the file follows here."
                )
                await respond(**_ephemeral(blocks.notice(note)))
            return target, await gateway.contacts(target.id)
        except (BulkError, KoreError) as exc:
            self.s.metrics.command(SUBCOMMAND, "invalid" if isinstance(exc, BulkError) else "error")
            await respond(**_ephemeral(blocks.error_message(str(exc))))
            return None

    async def _upload(
        self, caller: Caller, target: ListInfo, records: list[ListContact], respond: Respond
    ) -> None:
        """The CSV into the caller's channel (or a direct message), then the answer and the audit entry."""
        name = file_name(target.name)
        comment = (
            f"{plural(len(records), 'contact')} of *{escape(shorten(target.name, 150))}*, exported by "
            f"{mention('@', caller.user_id)} with `/kore lists export`."
        )
        try:
            sent = await upload(
                self.client,
                channel_id=caller.channel_id,
                user_id=caller.user_id,
                filename=name,
                content=render(records, "csv", ListContact).encode("utf-8"),
                title=f"{shorten(target.name, 150)} contacts",
                comment=comment,
            )
        except SlackFileError as exc:
            self.s.metrics.command(SUBCOMMAND, "error")
            await respond(**_ephemeral(blocks.error_message(str(exc))))
            return
        self.s.metrics.command(SUBCOMMAND, "ok")
        where = (
            f"to a direct message from me: I am not in {mention('#', caller.channel_id)} "
            "(invite me there to export into the channel)"
            if sent.direct
            else f"to {mention('#', caller.channel_id)}, where its members can read it"
        )
        said = (
            f":outbox_tray: {plural(len(records), 'contact')} of *{escape(target.name)}* "
            f"exported as {code(name)} {where}."
        )
        await respond(**_ephemeral(blocks.notice(said)))
        await self.audit(
            caller,
            target.id,
            {"name": target.name, "records": str(len(records)), "file": sent.file_id, "to": sent.channel_id},
            f"ok: {plural(len(records), 'contact')} uploaded to {sent.channel_id}"
            + (" (direct message)" if sent.direct else ""),
        )

    async def audit(self, caller: Caller, list_id: str, details: Mapping[str, str], outcome: str) -> None:
        await self.s.audit.record(
            AuditEntry(
                user_id=caller.user_id,
                team_id=caller.team_id,
                channel_id=caller.channel_id,
                operation=EXPORT_KEY,
                targets={"contact_list_id": list_id},
                confirmation="not required",
                outcome=outcome,
                inputs={"list": details.get("name", "")},
                details=dict(details),
            )
        )
