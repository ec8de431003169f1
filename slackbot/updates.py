"""A long job's messages within Slack's limits: a response_url takes five posts in 30 minutes.

An import's click gets its own response_url. Its five posts are planned: "confirmed, starting"
(which also takes the buttons away), up to three progress updates spaced by time (at least
`every` seconds apart, and about a quarter of the expected duration), and the result, whose post
is always kept free. The "queued" note the bot's queue may send counts too. Each post replaces the
one before, so the user sees one message that moves. A result due after the response_url's 30
minutes (or when it has no post left) is sent as a direct message from the bot (`chat:write`).
The dry run's response_url gets at most a note while a large list is read (`FirstNote`), then
the report.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from core.bulk.sending import Progress
from slackbot.blocks import Message
from slackbot.import_blocks import progress_message, reading_message
from slackbot.queue import Ticket, current_ticket
from slackbot.services import Caller, Respond
from slackbot.services import ephemeral as _ephemeral

if TYPE_CHECKING:
    from slack_sdk.web.async_client import AsyncWebClient

    from slackbot.bulk import BulkConfig

log = logging.getLogger("slackbot.updates")

USES = 5
"""Posts a response_url accepts."""
WINDOW = 30 * 60.0
"""Seconds a response_url accepts them for."""
MARGIN = 60.0
"""Past WINDOW - MARGIN the result goes by direct message rather than risk a refused post."""

DirectMessage = Callable[[Message], Awaitable[Any]]


class Updates:
    """Posts to one response_url, never more than it takes; the last one is kept for the result."""

    def __init__(
        self,
        respond: Respond,
        *,
        clock: Callable[[], float],
        every: float,
        direct: DirectMessage | None = None,
        ticket: Ticket | None = None,
    ) -> None:
        self.respond = respond
        self.clock = clock
        self.every = every
        self.direct = direct
        self.ticket = ticket
        self.started = self.last = clock()
        self.used = 0
        self.progress_posts = 0
        self._tasks: list[asyncio.Task[None]] = []
        self._job = ""
        self._list = ""

    @classmethod
    def for_click(
        cls, respond: Respond, client: AsyncWebClient, caller: Caller, config: BulkConfig
    ) -> Updates:
        async def direct(message: Message) -> None:
            await client.chat_postMessage(channel=caller.user_id, text=message.text, blocks=message.blocks)

        return cls(
            respond, clock=config.clock, every=config.progress_every, direct=direct, ticket=current_ticket()
        )

    def spent(self) -> int:
        """Posts made to the response_url, the queue's "queued" note included."""
        return self.used + (1 if self.ticket is not None and self.ticket.told_queued else 0)

    def _open(self) -> bool:
        return self.clock() - self.started < WINDOW - MARGIN

    def job(self, job_id: str, list_name: str) -> None:
        """Sending progress is reported from here on (the job exists)."""
        self._job, self._list = job_id, list_name

    def reading_list(self, list_name: str) -> None:
        """Reading progress (the list re-read before sending) is reported from here on."""
        self._list = list_name

    async def _post(self, message: Message) -> bool:
        try:
            await self.respond(**_ephemeral(message, replace=True))
            return True
        except Exception as exc:  # an update is a courtesy; the job goes on
            log.warning("cannot post an import update (%s)", type(exc).__name__)
            return False

    async def post(self, message: Message) -> bool:
        """An interim message (not the result), when one is left besides the result's."""
        if self.spent() >= USES - 1 or not self._open():
            return False
        self.used += 1
        return await self._post(message)

    def _due(self, progress: Progress) -> bool:
        if progress.phase not in ("reading", "sending", "verifying") or not (self._job or self._list):
            return False
        if self.spent() >= USES - 1 or not self._open():
            return False
        now = self.clock()
        expected = (now - self.started) + (progress.eta or 0.0)
        if now - self.last < max(self.every, expected / 4):
            return False
        # Nearly done: the result follows soon, so the post is kept.
        return not (
            progress.phase == "sending" and progress.eta is not None and progress.eta < self.every / 2
        )

    def reading(self, said: str) -> None:
        """The engine's narration while it re-reads the list before sending (`plan_import`)."""
        self.progress(Progress("reading", 0, 0, note=said))

    def progress(self, progress: Progress) -> None:
        """The engine's progress callback (synchronous): posts in the background when one is due."""
        if not self._due(progress):
            return
        self.last = self.clock()
        self.used += 1
        self.progress_posts += 1
        message = (
            reading_message(self._list, progress.note)
            if progress.phase == "reading"
            else progress_message(self._list, self._job, progress)
        )
        self._tasks.append(asyncio.get_running_loop().create_task(self._quiet(message)))

    async def _quiet(self, message: Message) -> None:
        await self._post(message)

    async def final(self, message: Message) -> None:
        """The result: on the response_url while it takes posts, else as a direct message."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
            self._tasks.clear()
        if self.spent() < USES and self._open():
            self.used += 1
            if await self._post(message):
                return
        if self.direct is not None:
            try:
                await self.direct(message)
            except Exception as exc:
                log.warning("cannot send the import result as a direct message (%s)", type(exc).__name__)


class FirstNote:
    """The dry run's one note while a large list is read (the engine narrates only past 100
    contacts); `done()` lets it land before the report, on the same response_url."""

    def __init__(self, respond: Respond, list_name: str) -> None:
        self.respond = respond
        self.list_name = list_name
        self.task: asyncio.Future[Any] | None = None

    def __call__(self, said: str) -> None:
        if self.task is None:
            message = reading_message(self.list_name, said)
            self.task = asyncio.ensure_future(self.respond(**_ephemeral(message)))

    async def done(self) -> None:
        if self.task is not None:
            with contextlib.suppress(Exception):
                await self.task
