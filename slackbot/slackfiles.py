"""Files to and from Slack: the file a user chose in the import form, and an export's CSV.

Download: `files.info` (scope `files:read`) gives the file's private download URL and size; the
bytes are fetched with the bot token, never more than the cap. Upload: `files_upload_v2` (scope
`files:write`), into the command's channel; when the bot is not a member there, into a direct
message with the user instead (`conversations.open`, scope `im:write`), and the answer says so.
Every failure is one line that says what to fix; tokens never appear in them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger("slackbot.slackfiles")

_SCOPE_HINT = {
    "missing_scope": "the Slack app lacks the {scope} scope; add it (see the README) and reinstall the app",
    "not_authed": "the bot token was refused; check SLACK_BOT_TOKEN",
    "invalid_auth": "the bot token was refused; check SLACK_BOT_TOKEN",
}
NOT_MEMBER = frozenset({"not_in_channel", "channel_not_found", "is_archived"})


class SlackFileError(Exception):
    """A file could not be read from or written to Slack; the message is one line for the user."""


@dataclass(frozen=True)
class Downloaded:
    name: str
    data: bytes


def _api_error(exc: SlackApiError, what: str, scope: str) -> SlackFileError:
    code = str(exc.response.get("error", "") if exc.response is not None else "") or "unknown_error"
    hint = _SCOPE_HINT.get(code, "").format(scope=scope)
    return SlackFileError(f"Slack refused to {what} ({code}){'; ' + hint if hint else ''}.")


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


async def download(client: AsyncWebClient, file_id: str, *, max_bytes: int) -> Downloaded:
    """The file's name and bytes; SlackFileError when it is gone, too big, or Slack refuses."""
    try:
        info = await client.files_info(file=file_id)
    except SlackApiError as exc:
        if exc.response is not None and exc.response.get("error") == "file_not_found":
            raise SlackFileError("The file is no longer in Slack (deleted?); upload it again.") from None
        raise _api_error(exc, "show the file", "files:read") from None
    file: dict[str, Any] = info.get("file") or {}
    name = str(file.get("name") or file_id)
    size = int(file.get("size") or 0)
    if size > max_bytes:
        raise SlackFileError(
            f"The file is {_size_text(size)}; the limit is {_size_text(max_bytes)}. "
            "Split it, or import it with `kore import` from a terminal."
        )
    url = file.get("url_private_download") or file.get("url_private")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise SlackFileError("Slack gave no download address for the file; upload it again.")
    return Downloaded(name, await _fetch(url, str(client.token or ""), max_bytes))


async def _fetch(url: str, token: str, max_bytes: int) -> bytes:
    """GET with the bot token (httpx drops it on a redirect to another host), cut off past the cap."""
    headers = {"Authorization": f"Bearer {token}"}
    try:
        async with (
            httpx.AsyncClient(timeout=60, follow_redirects=True) as http,
            http.stream("GET", url, headers=headers) as response,
        ):
            if response.status_code != 200:
                raise SlackFileError(
                    f"Slack answered {response.status_code} to the file download; upload the file again "
                    "(the bot needs the files:read scope)."
                )
            if response.headers.get("content-type", "").startswith("text/html"):
                # What Slack sends when the token may not read the file: its sign-in page.
                raise SlackFileError(
                    "Slack sent a sign-in page instead of the file: the bot needs the files:read scope "
                    "(reinstall the app after adding it)."
                )
            chunks: list[bytes] = []
            total = 0
            async for chunk in response.aiter_bytes():
                total += len(chunk)
                if total > max_bytes:
                    raise SlackFileError(
                        f"The file is over the {_size_text(max_bytes)} limit; split it, or import it with "
                        "`kore import` from a terminal."
                    )
                chunks.append(chunk)
    except httpx.HTTPError as exc:
        raise SlackFileError(
            f"Could not download the file from Slack ({type(exc).__name__}); try again."
        ) from None
    return b"".join(chunks)


@dataclass(frozen=True)
class Uploaded:
    channel_id: str
    file_id: str
    direct: bool
    """True when it went to a direct message because the bot is not in the command's channel."""


async def upload(
    client: AsyncWebClient,
    *,
    channel_id: str,
    user_id: str,
    filename: str,
    content: bytes,
    title: str,
    comment: str,
) -> Uploaded:
    """Upload to `channel_id`, or to a DM with `user_id` when the bot cannot post there."""
    try:
        return Uploaded(
            channel_id, await _upload(client, channel_id, filename, content, title, comment), False
        )
    except SlackApiError as exc:
        code = exc.response.get("error") if exc.response is not None else None
        if code not in NOT_MEMBER:
            raise _api_error(exc, "take the file", "files:write") from None
    return await upload_direct(
        client, user_id=user_id, filename=filename, content=content, title=title, comment=comment
    )


async def upload_direct(
    client: AsyncWebClient, *, user_id: str, filename: str, content: bytes, title: str, comment: str
) -> Uploaded:
    """Upload into the bot's direct message with `user_id` (`conversations.open`, scope im:write)."""
    try:
        opened = await client.conversations_open(users=user_id)
        direct = str((opened.get("channel") or {}).get("id") or "")
        return Uploaded(direct, await _upload(client, direct, filename, content, title, comment), True)
    except SlackApiError as exc:
        raise _api_error(exc, "send you the file in a direct message", "im:write") from None


async def _upload(
    client: AsyncWebClient, channel: str, filename: str, content: bytes, title: str, comment: str
) -> str:
    try:
        answer = await client.files_upload_v2(
            channel=channel, filename=filename, content=content, title=title, initial_comment=comment
        )
    except SlackApiError:
        raise
    except Exception as exc:  # the upload URL step: the SDK raises its own errors, not SlackApiError
        log.warning("file upload to Slack failed: %s", type(exc).__name__)
        raise SlackFileError(f"Slack did not take the file ({type(exc).__name__}); try again.") from None
    file = answer.get("file") or {}
    return str(file.get("id", ""))
