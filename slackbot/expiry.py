"""Confirmations that expire unclicked: each is audited once, and its buttons say so.

Nobody clicks when a confirmation's deadline passes, so every process runs a sweeper: every few
seconds it asks the store which confirmations are past their deadline and moves each one
`pending -> expired` in the store's atomic step (`PendingStore.expire`). With several replicas on
one Redis, exactly one of them wins each expiry; a late click takes the same step, so whichever
comes first audits the expiry (`expired`, with its targets, the proposer and what it would have
touched) and the other stays quiet. The winner also replaces the proposal's buttons with
"expired", as a late click does.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from collections.abc import Awaitable, Callable

from slack_bolt.context.respond.async_respond import AsyncRespond

from slackbot import blocks
from slackbot.pending import Pending, PendingStore
from slackbot.queue import WorkLoop
from slackbot.services import ephemeral

log = logging.getLogger("slackbot.expiry")

SWEEP_EVERY = 5.0
"""Seconds between sweeps: an unclicked expiry is audited at most this long after its deadline."""
BATCH = 200
"""Expiries handled per sweep (more wait for the next one)."""
REPLACE_TIMEOUT = 5.0
"""Seconds the buttons' replacement may take; it is a courtesy, the audit is what counts."""

OnExpired = Callable[[Pending], Awaitable[None]]
"""Audits one expiry this process won (and says so where the buttons were)."""
Sleep = Callable[[float], Awaitable[None]]


class ExpirySweeper:
    """Finds confirmations past their deadline and hands each one this process wins to `on_expired`.

    `clock` is the bot's clock (the one deadlines were set with) and `sleep` waits between sweeps;
    tests inject both and never wait."""

    def __init__(
        self,
        store: PendingStore,
        clock: Callable[[], float],
        on_expired: OnExpired,
        *,
        every: float = SWEEP_EVERY,
        sleep: Sleep = asyncio.sleep,
        batch: int = BATCH,
    ) -> None:
        self.store = store
        self.clock = clock
        self.on_expired = on_expired
        self.every = every
        self.sleep = sleep
        self.batch = batch
        self._failing = False
        self._running: concurrent.futures.Future[None] | None = None

    def __repr__(self) -> str:
        return f"ExpirySweeper({self.store!r}, every={self.every})"

    async def sweep(self) -> int:
        """One pass: how many expiries this process won (and audited)."""
        now = self.clock()
        won = 0
        for pending_id in await self.store.due(now, self.batch):
            expired = await self.store.expire(pending_id, now)
            if expired is None:
                continue  # clicked, cancelled, or won by another replica meanwhile
            won += 1
            try:
                await self.on_expired(expired)
            except Exception:
                log.exception("cannot record the expiry of confirmation %s", pending_id)
        return won

    async def run(self) -> None:
        """Sweep until cancelled; a store that does not answer is logged once a spell, not raised."""
        while True:
            try:
                await self.sweep()
            except Exception as exc:
                if not self._failing:
                    log.warning("expiry sweep failed (%s: %s); trying again every %g s",
                                type(exc).__name__, exc, self.every)
                self._failing = True
            else:
                if self._failing:
                    log.info("expiry sweep works again")
                self._failing = False
            await self.sleep(self.every)

    def start(self, work: WorkLoop) -> None:
        """Sweep on the work loop (where the store's connections and the audit posts live)."""
        if self._running is None:
            self._running = work.submit(self.run())

    def stop(self) -> None:
        """No more sweeps (at shutdown, before the work in progress is drained)."""
        if self._running is not None:
            self._running.cancel()
            self._running = None


async def replace_buttons(pending: Pending, text: str) -> None:
    """Replace an expired proposal's buttons with `text` through the proposal's response_url.

    Bounded and quiet: a refused or slow post (the URL takes five posts in 30 minutes) is one log
    line, never a traceback."""
    if not pending.response_url:
        return
    respond = AsyncRespond(response_url=pending.response_url)
    try:
        answer = await asyncio.wait_for(
            respond(**ephemeral(blocks.notice(text), replace=True)), REPLACE_TIMEOUT
        )
    except Exception as exc:
        log.warning("cannot mark confirmation %s expired in Slack (%s)", pending.id, type(exc).__name__)
        return
    status = getattr(answer, "status_code", 200)
    if status != 200:
        log.warning("cannot mark confirmation %s expired in Slack (HTTP %s)", pending.id, status)
