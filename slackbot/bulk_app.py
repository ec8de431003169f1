"""Bolt wiring of imports and exports: the import form's submission and the Import / Cancel buttons.

Like slackbot.app: every listener acks first (only pure reading of the submission happens before
it) and starts the rest as a task.
"""

from __future__ import annotations

import logging
from collections.abc import Coroutine, Mapping
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from slackbot.bulk import IMPORT_KEY, RESUME_KEY, BulkCommand
from slackbot.commands import KoreCommands
from slackbot.exporting import Exports
from slackbot.import_blocks import IMPORT_ACTION, IMPORT_CANCEL_ACTION
from slackbot.import_form import IMPORT_CALLBACK, ImportContext, read_submission
from slackbot.importing import Imports
from slackbot.payloads import FORM_UNREADABLE, error_view
from slackbot.services import Caller, Respond

log = logging.getLogger("slackbot.bulk_app")


class BulkListeners:
    """Runs `lists import` and `lists export` (called from the `/kore` listener after its ack)."""

    def __init__(self, commands: KoreCommands, client: AsyncWebClient) -> None:
        self.imports = Imports(commands, client)
        self.exports = Exports(commands, client)

    def command(
        self, body: Mapping[str, Any], command: BulkCommand, respond: Respond
    ) -> Coroutine[Any, Any, None]:
        caller = Caller(
            str(body.get("user_id", "")), str(body.get("team_id", "")), str(body.get("channel_id", ""))
        )
        if command.verb == "import":
            return self.imports.command(caller, body, command.list_name, respond, create=command.create)
        return self.exports.command(caller, command.list_name, respond)


def register_bulk(app: AsyncApp, commands: KoreCommands, client: AsyncWebClient) -> BulkListeners:
    listeners = BulkListeners(commands, client)
    imports = listeners.imports
    commands.expiry_handlers.update({IMPORT_KEY: imports.expired, RESUME_KEY: imports.expired})

    @app.view(IMPORT_CALLBACK)
    async def on_import_form(ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        try:
            context = ImportContext.load(str(view.get("private_metadata", "")))
        except ValueError:
            await ack(response_action="update", view=error_view(FORM_UNREADABLE))
            log.warning("import form submission without our metadata refused")
            return
        read = read_submission((view.get("state") or {}).get("values") or {})
        if isinstance(read, dict):
            await ack(response_action="errors", errors=read)
            return
        await ack()
        imports.submitted(body, context, read)

    @app.action(IMPORT_ACTION)
    async def on_import(
        ack: Any, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        work = imports.clicked(body, str(action.get("value", "")), respond, confirm=True)
        commands.after_ack(respond, "the Import button", work)

    @app.action(IMPORT_CANCEL_ACTION)
    async def on_cancel(
        ack: Any, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        work = imports.clicked(body, str(action.get("value", "")), respond, confirm=False)
        commands.after_ack(respond, "the import's Cancel button", work)

    return listeners
