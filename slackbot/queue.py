"""The work started after each ack, and the queue of commands waiting for the Kore.ai budget.

Every listener acks, then starts its work here as a task with a `Ticket`, on the *work loop*: a
second event loop on its own thread. Acks keep the first loop to themselves, so nothing that grows
with a Kore.ai reply (reading it, validating it, rendering a page of records, posting the answer)
ever runs between a request's arrival and its ack; the process gives the ack thread the GIL at
least every millisecond (`sys.setswitchinterval`, set by `kore-slackbot`). The bot's Kore.ai
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
import concurrent.futures
import contextvars
import logging
import math
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, TypeVar

from core.pacing import OnWait, Pacer, Wait, report

log = logging.getLogger("slackbot.queue")

Respond = Callable[..., Awaitable[Any]]
RESTARTING = (
    ":arrows_counterclockwise: The bot is restarting; nothing was run. Run the command again in a minute."
)


ANSWER_TIMEOUT = 10.0
"""Seconds the "restarting" answers to queued commands may take together at shutdown."""
NOTE_AFTER = 1.0
"""A command still waiting for the budget after this many seconds is told it is queued."""


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
    future: concurrent.futures.Future[None] | None = field(default=None, repr=False)


_CURRENT: contextvars.ContextVar[Ticket | None] = contextvars.ContextVar("kore_slack_ticket", default=None)


def current_ticket() -> Ticket | None:
    return _CURRENT.get()


T = TypeVar("T")


class WorkLoop:
    """An event loop on its own (daemon) thread, started on first use."""

    def __init__(self, name: str = "kore-slackbot-work") -> None:
        self.name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name=self.name, daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
            return self._loop

    def submit(self, work: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        return asyncio.run_coroutine_threadsafe(work, self.loop())

    async def run(self, work: Coroutine[Any, Any, T]) -> T:
        """Await `work` on the work loop from any loop (directly when already on it)."""
        loop = self.loop()
        if asyncio.get_running_loop() is loop:
            return await work
        return await asyncio.wrap_future(self.submit(work))

    def close(self) -> None:
        """Stop the thread (after `drain`); the loop's leftovers are dropped."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        if not thread.is_alive():
            loop.close()


class BackgroundTasks:
    """The work listeners start after `ack()`, run on the work loop; each task carries its Ticket
    and is answered (queued) or drained (running) on shutdown."""

    def __init__(self, work: WorkLoop | None = None) -> None:
        self.work = work or WorkLoop()
        self._tickets: set[Ticket] = set()  # changed on the work loop only
        self.answered = 0
        """Queued commands answered "restarting" and dropped so far (the shutdown's `stopped` line)."""

    def start(self, work: Coroutine[Any, Any, None], name: str, respond: Respond | None = None) -> Ticket:
        ticket = Ticket(name, respond)

        async def run() -> None:
            _CURRENT.set(ticket)
            ticket.task = asyncio.current_task()
            self._tickets.add(ticket)
            try:
                await work
            finally:
                self._tickets.discard(ticket)

        ticket.future = self.work.submit(run())
        return ticket

    def __len__(self) -> int:
        return len(self._tickets)

    async def answer_queued(self, text: str = RESTARTING) -> int:
        """Cancel every ticket that has not reached Kore.ai and tell its user; returns how many."""
        return await self.work.run(self._answer_queued(text))

    async def drain(self, timeout: float = 30.0) -> None:
        """Answer what is queued, wait for what runs (at most `timeout` s), cancel what is left."""
        await self.work.run(self._drain(timeout))

    def queued(self) -> list[Ticket]:
        """Work waiting for its first slot: nothing of it has reached Kore.ai."""
        return [ticket for ticket in self._tickets if ticket.waiting and not ticket.started]

    async def _answer_queued(self, text: str) -> int:
        tickets = [t for t in self.queued() if t.task is not None and not t.task.done()]
        for ticket in tickets:
            assert ticket.task is not None
            ticket.task.cancel()
        # Each cancelled command audits what it had to (slackbot.commands) before it is answered.
        await asyncio.gather(*(t.task for t in tickets if t.task is not None), return_exceptions=True)

        async def tell(ticket: Ticket) -> None:
            if ticket.respond is not None:
                with suppress(Exception):
                    await ticket.respond(text=text, response_type="ephemeral", replace_original=False)

        # All at once and bounded: a hundred answers one after the other would outlast the time
        # an orchestrator gives a stopping process.
        with suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*(tell(t) for t in tickets)), ANSWER_TIMEOUT)
        self.answered += len(tickets)
        return len(tickets)

    async def _drain(self, timeout: float) -> None:
        await self._answer_queued(RESTARTING)
        await asyncio.sleep(0)  # let work submitted just now start, so it is waited for too
        tasks = [ticket.task for ticket in self._tickets if ticket.task is not None]
        if not tasks:
            return
        _, pending = await asyncio.wait(tasks, timeout=timeout)
        for task in pending:
            task.cancel()


class QueuePacer:
    """Wraps the account's pacer: counts who waits (the queue depth), marks a ticket started when
    its request gets a slot, and tells a waiting command's user "queued: about N s" once."""

    def __init__(
        self, inner: Pacer, on_depth: Callable[[int], None] | None = None, *, note_after: float = NOTE_AFTER
    ) -> None:
        self.inner = inner
        self.note_after = note_after
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
        timer: asyncio.TimerHandle | None = None
        if ticket is not None:
            ticket.waiting = True
            # The pacer reports the waits it foresees; one behind others (in its lock) it may not,
            # so a ticket still waiting after a second asks for an estimate itself.
            loop = asyncio.get_running_loop()
            timer = loop.call_later(self.note_after, lambda: _spawn(self._note(ticket)))
        entered = False
        try:
            async with self.inner.slot(heard, operation=operation):
                entered = True
                self._depth(-1)
                if ticket is not None:
                    ticket.waiting, ticket.started = False, True
                yield
        finally:
            if timer is not None:
                timer.cancel()
            if not entered:
                self._depth(-1)
                if ticket is not None:
                    ticket.waiting = False

    async def _note(self, ticket: Ticket) -> None:
        if not ticket.waiting or ticket.told_queued:
            return
        try:
            seconds = await self.inner.estimate_wait(1)
        except Exception:  # an estimate is a courtesy
            return
        if ticket.waiting and seconds > 1:
            await _tell_queued(ticket, seconds)


_NOTES: set[asyncio.Task[None]] = set()


def _spawn(work: Coroutine[Any, Any, None]) -> None:
    task = asyncio.ensure_future(work)
    _NOTES.add(task)
    task.add_done_callback(_NOTES.discard)


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
