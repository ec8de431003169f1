"""The work started after each ack, and the queue of commands waiting for the Kore.ai budget.

Every listener acks, then starts its work here as a task with a `Ticket`. The bot's Kore.ai
client sends through `QueuePacer`, which wraps the account's pacer (local, or shared through
Redis): while a ticket waits for its first slot it is *queued*; once it has one it is *running*.
That distinction is what the user and the operator see:

- a command that has to wait tells its user "queued: about N s" (once);
- the queue is bounded: when it is full, a new command is answered "busy, try again in N s" and
  nothing is run;
- on shutdown, queued commands are answered "the bot is restarting; nothing was run" and
  cancelled (they have sent nothing), while running ones are drained so a confirmed delete
  finishes and is audited.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from core.pacing import OnWait, Pacer, Wait, report

log = logging.getLogger("slackbot.queue")

Respond = Callable[..., Awaitable[Any]]
RESTARTING = (
    ":arrows_counterclockwise: The bot is restarting; nothing was run. Run the command again in a minute."
)


def seconds_text(seconds: float) -> str:
    return f"{max(1, math.ceil(seconds))} s"


@dataclass(eq=False)
class Ticket:
    """One piece of post-ack work: who to answer, and whether it has reached Kore.ai yet."""

    name: str
    respond: Respond | None = None
    waiting: bool = False
    """In line for a pacer slot right now."""
    started: bool = False
    """Has had a slot: something may have reached Kore.ai."""
    told_queued: bool = False
    task: asyncio.Task[None] | None = field(default=None, repr=False)


_CURRENT: contextvars.ContextVar[Ticket | None] = contextvars.ContextVar("kore_slack_ticket", default=None)


def current_ticket() -> Ticket | None:
    return _CURRENT.get()


class BackgroundTasks:
    """The work listeners start after `ack()`; each task carries its Ticket, is kept referenced,
    and is answered or drained on shutdown."""

    def __init__(self) -> None:
        self._tickets: set[Ticket] = set()

    def start(self, work: Coroutine[Any, Any, None], name: str, respond: Respond | None = None) -> Ticket:
        ticket = Ticket(name, respond)

        async def run() -> None:
            _CURRENT.set(ticket)
            await work

        ticket.task = asyncio.create_task(run(), name=name)
        self._tickets.add(ticket)
        ticket.task.add_done_callback(lambda _: self._tickets.discard(ticket))
        return ticket

    def __len__(self) -> int:
        return len(self._tickets)

    def queued(self) -> list[Ticket]:
        """Work waiting for its first slot: nothing of it has reached Kore.ai."""
        return [ticket for ticket in self._tickets if ticket.waiting and not ticket.started]

    async def answer_queued(self, text: str = RESTARTING) -> int:
        """Cancel every ticket that has not reached Kore.ai and tell its user; returns how many."""
        answered = 0
        for ticket in self.queued():
            if ticket.task is None or ticket.task.done():
                continue
            ticket.task.cancel()
            with suppress(asyncio.CancelledError, Exception):
                await ticket.task
            if ticket.respond is not None:
                with suppress(Exception):
                    await ticket.respond(text=text, response_type="ephemeral", replace_original=False)
            answered += 1
        if answered:
            log.info("shutdown: %d queued command(s) answered and dropped; nothing was run", answered)
        return answered

    async def drain(self, timeout: float = 30.0) -> None:
        """Answer what is queued, wait for what runs (at most `timeout` s), cancel what is left."""
        await self.answer_queued()
        tasks = [ticket.task for ticket in self._tickets if ticket.task is not None]
        if not tasks:
            return
        _, pending = await asyncio.wait(tasks, timeout=timeout)
        for task in pending:
            task.cancel()


class QueuePacer:
    """Wraps the account's pacer: counts who waits (the queue depth), marks a ticket started when
    its request gets a slot, and tells a waiting command's user "queued: about N s" once."""

    def __init__(self, inner: Pacer, on_depth: Callable[[int], None] | None = None) -> None:
        self.inner = inner
        self.per_minute = inner.per_minute
        self.waiting = 0
        self.on_depth = on_depth

    def _depth(self, change: int) -> None:
        self.waiting += change
        if self.on_depth is not None:
            self.on_depth(self.waiting)

    async def estimate_wait(self, requests: int = 1) -> float:
        return await self.inner.estimate_wait(requests)

    def slot(
        self, on_wait: OnWait | None = None, *, operation: str = ""
    ) -> AbstractAsyncContextManager[None]:
        return self._slot(on_wait, operation)

    @asynccontextmanager
    async def _slot(self, on_wait: OnWait | None, operation: str) -> AsyncIterator[None]:
        ticket = current_ticket()

        async def heard(wait: Wait) -> None:
            if wait.reason == "rate_limit" and ticket is not None and not ticket.started:
                await _tell_queued(ticket, wait.seconds)
            await report(on_wait, wait)

        self._depth(+1)
        if ticket is not None:
            ticket.waiting = True
        entered = False
        try:
            async with self.inner.slot(heard, operation=operation):
                entered = True
                self._depth(-1)
                if ticket is not None:
                    ticket.waiting, ticket.started = False, True
                yield
        finally:
            if not entered:
                self._depth(-1)
                if ticket is not None:
                    ticket.waiting = False


async def _tell_queued(ticket: Ticket, seconds: float) -> None:
    if ticket.told_queued or ticket.respond is None:
        return
    ticket.told_queued = True
    text = (
        f":hourglass: Queued: about {seconds_text(seconds)} (the Kore.ai rate limit); "
        "the answer follows here."
    )
    try:
        await ticket.respond(text=text, response_type="ephemeral", replace_original=False)
    except Exception as exc:  # the note is a courtesy: the command still runs
        log.warning("cannot send the queued note (%s)", type(exc).__name__)
