"""The bolt app: `/kore`, its modal form, and the Delete / Cancel buttons.

Every listener calls `ack()` first. Only parsing (pure, microseconds) may happen before it, so
a command with a typo is answered inside the ack; anything that touches Kore.ai, the pending
store or the Web API happens after it. The listener then starts the rest as a task
(`BackgroundTasks`) and returns, so bolt answers Slack at once. The logic lives in
slackbot.commands and slackbot.confirmations; this module only wires it to bolt.
"""

from __future__ import annotations

import logging
from typing import Any

import pydantic
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from core.fields import validate_flat
from core.operations import get_operation
from slackbot import blocks
from slackbot.bulk import BulkCommand, parse_bulk
from slackbot.bulk_app import BulkListeners, register_bulk
from slackbot.commands import KoreCommands
from slackbot.expiry import ExpirySweeper
from slackbot.grammar import COMMAND, GrammarError, parse, subcommand_of
from slackbot.metrics import MeteredApp, MeteredKore
from slackbot.modals import FORM_CALLBACK, FormContext, submission_errors, values_of
from slackbot.mrkdwn import shorten
from slackbot.payloads import FORM_UNREADABLE, RefuseMalformed, dispatch_problem, error_view
from slackbot.queue import BackgroundTasks
from slackbot.services import Caller, Executor, Services
from slackbot.settings import SlackSettings

__all__ = ["BackgroundTasks", "Caller", "Executor", "KoreCommands", "Services", "build_app", "web_client"]

log = logging.getLogger("slackbot.app")


def web_client(settings: SlackSettings) -> AsyncWebClient:
    """The Web API client, pointed at SLACK_API_URL (Slack, or a local fake in tests)."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return AsyncWebClient(token=token, base_url=settings.slack_api_url)


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
    app.refuse = dispatch_problem
    if not isinstance(services.kore, MeteredKore):
        services.kore = MeteredKore(services.kore, services.metrics)
    if services.pacer is not None:
        services.pacer.on_depth = services.metrics.queue_depth.set
    commands = KoreCommands(services, client)
    app.use(RefuseMalformed(services.tasks.start))
    _register_command(app, commands, register_bulk(app, commands, client))
    _register_form_and_buttons(app, commands)
    services.sweeper = ExpirySweeper(services.store, services.clock, commands.expired)
    return app


def _register_command(app: AsyncApp, commands: KoreCommands, bulk: BulkListeners) -> None:
    """`/kore`: a typo is answered inside the ack; everything else runs after it."""
    services = commands.s

    @app.command(COMMAND)
    async def on_command(ack: Any, body: dict[str, Any], respond: AsyncRespond) -> None:
        text = str(body.get("text", ""))
        try:
            bulk_command = parse_bulk(text)
            parsed = parse(text) if bulk_command is None else bulk_command
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
        # One line, whole: it names the command in log lines and in "something went wrong".
        what = f"`{COMMAND} {shorten(' '.join(text.split()), 150)}`"
        if isinstance(parsed, BulkCommand):
            commands.after_ack(respond, what, bulk.command(body, parsed, respond))
        else:
            commands.after_ack(respond, what, commands.command(body, parsed, respond))


def _register_form_and_buttons(app: AsyncApp, commands: KoreCommands) -> None:
    """The operation form (checked inside the ack, so errors show next to their fields) and the
    Delete / Cancel buttons of a confirmation."""

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
        work = commands.confirmations.clicked(body, str(action.get("value", "")), respond, confirm=True)
        commands.after_ack(respond, "the Delete button", work)

    @app.action(blocks.CANCEL_ACTION)
    async def on_cancel(
        ack: Any, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        work = commands.confirmations.clicked(body, str(action.get("value", "")), respond, confirm=False)
        commands.after_ack(respond, "the Cancel button", work)
