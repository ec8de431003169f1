"""Send a planned import in batches, journaled, with progress; resume one; verify the result.

Every batch is marked `inflight` in the journal before it goes and `acked` once Kore.ai answers,
so whatever stops the process, the journal says which numbers may be in flight. A resume waits for
the list to settle (add-contacts is applied asynchronously), re-reads it, and sends exactly the
numbers that are neither acknowledged nor already there. Pacing is the client's job (one budget
per account); this module never sleeps except to poll the list while it settles or verifies.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from core.bulk.errors import JobError
from core.bulk.journal import Job, Journal
from core.bulk.lists import ListGateway, ListInfo, find_list, require_list
from core.bulk.plan import Plan, existing_numbers
from core.errors import ValidationError
from core.limits import limit

Phase = Literal["settling", "reading", "sending", "verifying", "done"]


@dataclass(frozen=True)
class Progress:
    """Where a job is: sent out of total, batches, rows per second, seconds left (None: unknown)."""

    phase: Phase
    sent: int
    total: int
    batches: int = 0
    batches_total: int = 0
    rate: float = 0.0
    eta: float | None = None
    note: str = ""

    def describe(self) -> str:
        """One line: `sent 1,000 of 10,000 · batch 2/20 · 16.7 rows/s · about 9m00s left`."""
        if self.phase != "sending":
            return f"{self.phase}: {self.note}" if self.note else self.phase
        parts = [f"sent {self.sent:,} of {self.total:,}"]
        if self.batches_total:
            parts.append(f"batch {self.batches}/{self.batches_total}")
        if self.rate:
            parts.append(f"{self.rate:,.1f} rows/s")
            parts.append(f"about {duration(self.eta)} left")
        return " · ".join(parts)


def duration(seconds: float | None) -> str:
    """`2m05s`, `45s`, `1h02m`; `?` when unknown."""
    if seconds is None:
        return "?"
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


ProgressCallback = Callable[[Progress], None]


@dataclass
class Timing:
    """Clock and sleep (tests inject both) and how long to poll the list."""

    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    verify_timeout: float = 120.0
    settle_interval: float = 2.0
    settle_timeout: float = 60.0
    poll_intervals: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0, 4.0, 5.0)
    in_flight: int = 3
    """Add-contacts requests in flight at once: enough to keep the account's budget busy."""


def default_timing() -> Timing:
    """The timing a run gets when none is given (tests of whole front ends replace this)."""
    return Timing()


@dataclass
class Outcome:
    """What a run did: acknowledged rows (all sessions), and what verification found."""

    job: Job
    sent: int
    verified: bool = False
    confirmed: int = 0
    missing: list[str] = field(default_factory=list)


async def start_job(
    plan: Plan, journal: Journal, gateway: ListGateway, *, backend: str, source: str, report: dict[str, Any]
) -> Job:
    """Create the list if asked and journal the plan (nothing is sent yet)."""
    target = plan.target
    if target is None:
        most = limit("contact_list.description").max or 256
        description = f"Imported by kore from {source}"  # a long file name must not fail the create
        try:
            target = await gateway.create_list(plan.options.list_name, description[:most])
        except ValidationError:
            # Another import (another replica, another terminal) made it since the plan: use it.
            target = find_list(await gateway.lists(), plan.options.list_name)
            if target is None:
                raise
    return journal.create(
        list_name=target.name,
        list_id=target.id,
        source=source,
        backend=backend,
        batch_size=plan.options.batch_size,
        region=plan.options.region,
        count_before=plan.list_count if plan.target else 0,
        rows=((c.row, c.phone, c.item) for c in plan.to_send),
        report=report,
    )


class ImportRun:
    """Runs one journaled job to the end: send what is pending, then verify."""

    def __init__(
        self,
        journal: Journal,
        gateway: ListGateway,
        job: Job,
        *,
        on_progress: ProgressCallback | None = None,
        timing: Timing | None = None,
    ) -> None:
        self.journal = journal
        self.gateway = gateway
        self.job = job
        self.on_progress = on_progress or (lambda _progress: None)
        self.timing = timing or default_timing()
        self._done = self._pending = self._batches_total = self._sent_now = self._batches_done = 0
        self._started = 0.0

    def _report(
        self,
        phase: Phase,
        sent: int,
        *,
        batches: int = 0,
        batches_total: int = 0,
        rate: float = 0.0,
        eta: float | None = None,
        note: str = "",
    ) -> None:
        self.on_progress(Progress(phase, sent, self.job.total, batches, batches_total, rate, eta, note))

    async def run(self, *, verify: bool = True) -> Outcome:
        """Send and verify under the job's lock; the journal records how it ended."""
        with self.journal.running(self.job.id):
            self.journal.set_status(self.job.id, "running")
            try:
                outcome = await self._send()
                if verify:
                    await self._verify(outcome)
            except (asyncio.CancelledError, KeyboardInterrupt):
                self.journal.set_status(self.job.id, "interrupted", error="interrupted")
                raise
            except Exception as exc:
                from core.errors import KoreConnectionError

                lost = isinstance(exc, KoreConnectionError)
                self.journal.set_status(self.job.id, "interrupted" if lost else "failed", error=str(exc))
                raise
            self.journal.set_status(self.job.id, "done", confirmed=outcome.confirmed if verify else None)
            outcome.job = self.journal.job(self.job.id)
            return outcome

    async def _send(self) -> Outcome:
        """Send every pending batch, up to `timing.in_flight` at once, each journaled around its request.

        A few requests in flight keep the budget busy (the pacer still spaces them); when one
        fails, no new batch starts, the others are awaited and recorded, then the failure is raised.
        """
        job_id, size = self.job.id, self.job.batch_size
        counts = self.journal.counts(job_id)
        self._done = counts.get("acked", 0) + counts.get("present", 0)
        self._pending = counts.get("pending", 0)
        self._batches_total = -(-self._pending // size)
        self._started, self._sent_now, self._batches_done = self.timing.clock(), 0, 0
        self._report("sending", self._done, batches_total=self._batches_total)
        running: set[asyncio.Task[list[int]]] = set()
        failure: BaseException | None = None
        batch_no = 0
        try:
            while True:
                while failure is None and len(running) < self.timing.in_flight:
                    rows = self.journal.next_batch(job_id, size)
                    if not rows:
                        break
                    batch_no += 1
                    seqs = [row.seq for row in rows]
                    self.journal.mark(job_id, seqs, "inflight", batch=batch_no)
                    running.add(asyncio.ensure_future(self._one(seqs, [row.item for row in rows])))
                if not running:
                    break
                finished, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                budget = await self._budget_wait(self._batches_total - batch_no)
                for task in finished:
                    if task.exception() is not None:
                        failure = failure or task.exception()
                    else:
                        self._acked(task.result(), budget)
        except asyncio.CancelledError:
            for task in running:
                task.cancel()
            raise
        if failure is not None:
            raise failure
        return Outcome(self.journal.job(job_id), self.journal.counts(job_id).get("acked", 0))

    async def _budget_wait(self, not_started: int) -> float:
        """The pacer's estimate for the batches not started yet, when the gateway can tell."""
        estimate = getattr(self.gateway, "estimate_wait", None)
        if estimate is None or not not_started:
            return 0.0
        return float(await estimate(not_started + 1))

    async def _one(self, seqs: list[int], items: list[dict[str, str]]) -> list[int]:
        await self.gateway.add_batch(self.job.list_name, items)
        return seqs

    def _acked(self, seqs: list[int], budget: float) -> None:
        """Record an acknowledged batch and report progress; the time left is the longer of what
        the rate so far says and what the account's budget allows (`budget`: the pacer's estimate
        for the batches not started yet)."""
        self.journal.mark(self.job.id, seqs, "acked")
        self._sent_now += len(seqs)
        self._batches_done += 1
        rate = self._sent_now / max(self.timing.clock() - self._started, 1e-9)
        left = self._pending - self._sent_now
        self._report(
            "sending",
            self._done + self._sent_now,
            batches=self._batches_done,
            batches_total=self._batches_total,
            rate=rate,
            eta=max(left / rate, budget) if rate > 0 else None,
        )

    async def _verify(self, outcome: Outcome) -> None:
        """Wait (paced polling of the list's count) until the list shows what was acknowledged.

        Reading a count is one request; reading the numbers is one per 100 contacts, which at 60 a
        minute is most of a large import's time. So the count confirms, and the numbers are read
        only when the count falls short, to name the ones that did not arrive.
        """
        expected = self.journal.numbers(self.job.id, "acked")
        if not expected:
            outcome.verified = True
            return
        arrived_meanwhile = len(self.journal.numbers(self.job.id, "present"))
        target = self.job.count_before + len(expected) + arrived_meanwhile
        count = await self._poll_count(outcome, target)
        outcome.verified = True
        if count >= target:
            outcome.confirmed = len(expected)
        else:
            info = ListInfo(self.job.list_id, self.job.list_name)
            present = await existing_numbers(self.gateway, info, self.job.region)
            outcome.missing = [phone for phone in expected if phone not in present]
            outcome.confirmed = len(expected) - len(outcome.missing)
        self._report(
            "done", outcome.sent, note=f"{outcome.confirmed:,} of {len(expected):,} confirmed in the list"
        )

    async def _poll_count(self, outcome: Outcome, target: int) -> int:
        """The list's count once it reaches `target`, or the last one seen when the time is up."""
        deadline = self.timing.clock() + self.timing.verify_timeout
        intervals = iter(self.timing.poll_intervals)
        interval = self.timing.poll_intervals[0]
        while True:
            count = await self.gateway.count(self.job.list_id)
            self._report("verifying", outcome.sent, note=f"the list shows {count:,} of {target:,} contacts")
            if count >= target or self.timing.clock() >= deadline:
                return count
            interval = next(intervals, interval)
            await self.timing.sleep(interval)


async def prepare_resume(
    journal: Journal,
    gateway: ListGateway,
    job_id: str,
    *,
    backend: str,
    timing: Timing | None = None,
    on_progress: ProgressCallback | None = None,
) -> tuple[Job, int, int]:
    """Check the job can resume here, let the list settle, re-read it and reconcile the journal.

    Returns the job and (rows already in the list, in-flight rows to send again).
    """
    timing = timing or default_timing()
    job = journal.job(job_id)
    if job.status == "done":
        raise JobError(f"import job {job.id} is done ({job.sent:,} of {job.total:,} sent); nothing to resume")
    if job.status == "running":
        raise JobError(f"import job {job.id} is running in another process; wait for it or stop it")
    if job.backend != backend:
        raise JobError(
            f"import job {job.id} ran against {job.backend}, not {backend}; "
            "use the same --profile or --sandbox"
        )
    require_list(await gateway.lists(), job.list_name, flag="it was deleted or renamed since the job started")
    report = on_progress or (lambda _progress: None)
    if journal.counts(job.id).get("inflight"):
        report(Progress("settling", job.sent, job.total, note="waiting for the list to settle"))
        await settle(gateway, job.list_id, timing)
    report(Progress("reading", job.sent, job.total, note=f"re-reading {job.list_name!r}"))
    present = await existing_numbers(gateway, ListInfo(job.list_id, job.list_name), job.region)
    already, again = journal.reconcile(job.id, present)
    return journal.job(job.id), already, again


async def settle(gateway: ListGateway, list_id: str, timing: Timing) -> None:
    """Wait until two reads of the list's count, an interval apart, agree (or the timeout passes)."""
    deadline = timing.clock() + timing.settle_timeout
    last = await gateway.count(list_id)
    while timing.clock() < deadline:
        await timing.sleep(timing.settle_interval)
        count = await gateway.count(list_id)
        if count == last:
            return
        last = count
