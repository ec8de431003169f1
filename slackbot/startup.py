"""Start-up checks: everything the bot needs is verified once, before it accepts work.

A wrong token, a store that does not answer or an audit channel the bot cannot post to would
otherwise surface later as a traceback on each request (or, for a bad app token, as Socket Mode
retrying forever). Each check raises ConfigError with one line that names the setting to fix.
The audit channel hears "started" here, and "stopped" (`announce_stop`) on the way out.
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from core.errors import ConfigError
from slackbot.pending import PendingStore

log = logging.getLogger("slackbot.startup")

CHECK_TIMEOUT = 15.0
STOP_NOTICE_TIMEOUT = 2.0
"""Seconds the "stopped" notice may take: the process is exiting, Slack may be what is down."""

_TOKEN_ERRORS = ("invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired")


def _slack_problem(exc: BaseException) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or "error")
    if isinstance(exc, asyncio.TimeoutError | TimeoutError):
        return "no answer"
    return type(exc).__name__


async def check_bot_token(client: AsyncWebClient) -> str:
    """auth.test with SLACK_BOT_TOKEN; returns the bot's user name."""
    try:
        response = await asyncio.wait_for(client.auth_test(), CHECK_TIMEOUT)
    except (SlackApiError, aiohttp.ClientError, OSError, TimeoutError) as exc:
        problem = _slack_problem(exc)
        if problem in _TOKEN_ERRORS:
            raise ConfigError(
                f"Slack refused SLACK_BOT_TOKEN ({problem}): copy the Bot User OAuth Token (xoxb-...) "
                "from the app's OAuth & Permissions page"
            ) from None
        raise ConfigError(f"cannot check SLACK_BOT_TOKEN with Slack's auth.test ({problem})") from None
    return str(response.get("user") or response.get("user_id") or "the bot")


async def check_app_token(api_url: str, app_token: str) -> None:
    """apps.connections.open with SLACK_APP_TOKEN: the call Socket Mode makes, answered once."""
    client = AsyncWebClient(token=app_token, base_url=api_url)
    try:
        await asyncio.wait_for(client.apps_connections_open(app_token=app_token), CHECK_TIMEOUT)
    except (SlackApiError, aiohttp.ClientError, OSError, TimeoutError) as exc:
        problem = _slack_problem(exc)
        if problem in _TOKEN_ERRORS:
            raise ConfigError(
                f"Slack refused SLACK_APP_TOKEN ({problem}): create an app-level token (xapp-...) "
                "with connections:write on the app's Basic Information page"
            ) from None
        raise ConfigError(f"cannot open a Socket Mode connection with SLACK_APP_TOKEN ({problem})") from None


async def check_store(store: PendingStore) -> None:
    try:
        await asyncio.wait_for(store.ping(), CHECK_TIMEOUT)
    except Exception as exc:
        raise ConfigError(
            f"the store {store!r} does not answer ({type(exc).__name__}): check KORE_SLACK_STORE_URL"
        ) from None


async def check_audit_channel(client: AsyncWebClient, channel: str, bot_user: str) -> None:
    """Post the start-up line to the audit channel: proves the bot is in it and may write."""
    try:
        await asyncio.wait_for(
            client.chat_postMessage(channel=channel, text=":large_green_circle: kore-slackbot started"),
            CHECK_TIMEOUT,
        )
    except (SlackApiError, aiohttp.ClientError, OSError, TimeoutError) as exc:
        problem = _slack_problem(exc)
        hint = (
            f"invite the bot there (/invite @{bot_user})"
            if problem in ("not_in_channel", "channel_not_found", "is_archived")
            else "check that the channel id is right"
        )
        raise ConfigError(
            f"the bot cannot post to KORE_SLACK_AUDIT_CHANNEL {channel} ({problem}): {hint}"
        ) from None


async def announce_stop(
    client: AsyncWebClient, channel: str, text: str, *, timeout: float = STOP_NOTICE_TIMEOUT
) -> bool:
    """Post `text` to the audit channel within `timeout` s; a failure is one warning line (never a
    traceback: the bot is stopping anyway). True when it was posted."""
    try:
        await asyncio.wait_for(client.chat_postMessage(channel=channel, text=text), timeout)
    except Exception as exc:
        problem = _slack_problem(exc)
        log.warning("cannot post the stop notice to KORE_SLACK_AUDIT_CHANNEL %s (%s)", channel, problem)
        return False
    return True
