"""Sending journaled batches, resuming after any kind of stop, and verifying what arrived."""

from __future__ import annotations

import asyncio
import stat
from pathlib import Path

import pytest

from core.bulk.errors import JobError
from core.bulk.journal import Journal
from core.bulk.plan import ImportOptions, plan_import
from core.bulk.sending import ImportRun, Progress, Timing, prepare_resume, start_job
from core.errors import KoreConnectionError
from tests.bulk.fakes import FakeClock, FakeGateway, write_csv

BACKEND = "sandbox.local account 1"


def numbers(count: int, start: int = 100) -> list[str]:
    return [f"+1415555{start + i:04d}" for i in range(count)]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def gateway(clock: FakeClock) -> FakeGateway:
    fake = FakeGateway(clock)
    fake.add_list("Renewals", numbers(2, start=0))
    return fake


@pytest.fixture
def journal(data_dir: Path) -> Journal:
    return Journal(data_dir / "jobs.sqlite")


def timing(clock: FakeClock, in_flight: int = 1) -> Timing:
    """The fake clock's time; one batch in flight unless a test says otherwise (a fixed order)."""
    return Timing(
        clock=clock.clock,
        sleep=clock.sleep,
        verify_timeout=30,
        settle_interval=2,
        settle_timeout=30,
        in_flight=in_flight,
    )


def csv_of(tmp_path: Path, phones: list[str]) -> Path:
    return write_csv(tmp_path / "in.csv", "phone\n" + "\n".join(phones) + "\n")


async def start(tmp_path: Path, gateway: FakeGateway, journal: Journal, phones: list[str], batch: int = 3):
    plan = await plan_import(ImportOptions(csv_of(tmp_path, phones), "Renewals", batch_size=batch), gateway)
    return await start_job(plan, journal, gateway, backend=BACKEND, source="in.csv", report={})


async def test_batches_go_in_file_order_and_verification_confirms_them(
    tmp_path: Path, gateway: FakeGateway, journal: Journal, clock: FakeClock
) -> None:
    job = await start(tmp_path, gateway, journal, numbers(7), batch=3)
    reads_before = gateway.contact_reads
    seen: list[Progress] = []
    outcome = await ImportRun(journal, gateway, job, on_progress=seen.append, timing=timing(clock)).run()
    assert [len(batch) for batch in gateway.batches] == [3, 3, 1]
    assert [item["phoneNumber"] for batch in gateway.batches for item in batch] == numbers(7)
    assert (outcome.sent, outcome.confirmed, outcome.missing) == (7, 7, [])
    assert journal.job(job.id).status == "done"
    sending = [p for p in seen if p.phase == "sending"]
    assert [(p.sent, p.batches, p.batches_total) for p in sending] == [
        (0, 0, 3),
        (3, 1, 3),
        (6, 2, 3),
        (7, 3, 3),
    ]
    assert seen[-1].phase == "done"
    assert clock.sleeps, "verification waited for the asynchronous add to land"
    assert gateway.contact_reads == reads_before, "the count confirmed it; no page of numbers was read"


async def test_numbers_that_never_arrive_are_listed(
    tmp_path: Path, gateway: FakeGateway, journal: Journal, clock: FakeClock
) -> None:
    gateway.drop = {numbers(3)[1]}
    job = await start(tmp_path, gateway, journal, numbers(3))
    outcome = await ImportRun(journal, gateway, job, timing=timing(clock)).run()
    assert (outcome.sent, outcome.confirmed, outcome.missing) == (3, 2, [numbers(3)[1]])
    assert journal.job(job.id).confirmed == 2


async def test_a_lost_connection_before_the_request_resumes_without_gaps_or_repeats(
    tmp_path: Path, gateway: FakeGateway, journal: Journal, clock: FakeClock
) -> None:
    gateway.fail_at = 2
    job = await start(tmp_path, gateway, journal, numbers(8))
    with pytest.raises(KoreConnectionError):
        await ImportRun(journal, gateway, job, timing=timing(clock)).run()
    stopped = journal.job(job.id)
    assert (stopped.status, stopped.sent) == ("interrupted", 3)

    resumed, already, again = await prepare_resume(
        journal, gateway, job.id, backend=BACKEND, timing=timing(clock)
    )
    assert (already, again) == (0, 3)
    outcome = await ImportRun(journal, gateway, resumed, timing=timing(clock)).run()
    assert sorted(gateway.numbers("Renewals")) == sorted(numbers(2, start=0) + numbers(8))
    assert (outcome.sent, outcome.confirmed) == (8, 8)


async def test_a_batch_whose_reply_was_lost_is_not_sent_again(
    tmp_path: Path, gateway: FakeGateway, journal: Journal, clock: FakeClock
) -> None:
    gateway.fail_at, gateway.lose_reply = 2, True
    job = await start(tmp_path, gateway, journal, numbers(8))
    with pytest.raises(KoreConnectionError):
        await ImportRun(journal, gateway, job, timing=timing(clock)).run()
    resumed, _, again = await prepare_resume(journal, gateway, job.id, backend=BACKEND, timing=timing(clock))
    assert again == 0  # the settled list shows the in-flight batch arrived
    await ImportRun(journal, gateway, resumed, timing=timing(clock)).run()
    sent = [item["phoneNumber"] for batch in gateway.batches for item in batch]
    assert sorted(sent) == sorted(numbers(8))  # each number exactly once
    assert len(gateway.numbers("Renewals")) == 10


async def test_numbers_someone_else_added_meanwhile_are_skipped_on_resume(
    tmp_path: Path, gateway: FakeGateway, journal: Journal, clock: FakeClock
) -> None:
    gateway.fail_at = 1
    job = await start(tmp_path, gateway, journal, numbers(4))
    with pytest.raises(KoreConnectionError):
        await ImportRun(journal, gateway, job, timing=timing(clock)).run()
    gateway.numbers("Renewals").append(numbers(4)[3])
    resumed, already, _ = await prepare_resume(
        journal, gateway, job.id, backend=BACKEND, timing=timing(clock)
    )
    assert already == 1
    await ImportRun(journal, gateway, resumed, timing=timing(clock)).run()
    assert [i["phoneNumber"] for b in gateway.batches for i in b] == numbers(3)


async def test_cancel_marks_the_job_interrupted_and_keeps_the_batch_in_flight(
    tmp_path: Path, gateway: FakeGateway, journal: Journal, clock: FakeClock
) -> None:
    job = await start(tmp_path, gateway, journal, numbers(9))
    run = ImportRun(journal, gateway, job, timing=timing(clock))

    def cancel_after_first(progress: Progress) -> None:
        if progress.batches == 1:
            task.cancel()

    run.on_progress = cancel_after_first
    task = asyncio.ensure_future(run.run())
    with pytest.raises(asyncio.CancelledError):
        await task
    stopped = journal.job(job.id)
    assert (stopped.status, stopped.sent) == ("interrupted", 3)


async def test_a_done_job_a_running_job_and_another_tenant_cannot_be_resumed(
    tmp_path: Path, gateway: FakeGateway, journal: Journal, clock: FakeClock
) -> None:
    job = await start(tmp_path, gateway, journal, numbers(2))
    with pytest.raises(JobError, match=r"ran against sandbox\.local account 1, not prod"):
        await prepare_resume(journal, gateway, job.id, backend="prod")
    with journal.running(job.id):
        assert journal.job(job.id).status == "running"
        with pytest.raises(JobError, match="is running in another process"):
            await prepare_resume(journal, gateway, job.id, backend=BACKEND)
    assert journal.job(job.id).status == "interrupted"  # created, never run: nobody holds it
    await ImportRun(journal, gateway, job, timing=timing(clock)).run()
    with pytest.raises(JobError, match=r"is done \(2 of 2 sent\); nothing to resume"):
        await prepare_resume(journal, gateway, job.id, backend=BACKEND)
    with pytest.raises(JobError, match="no import job 'zzz'"):
        journal.job("zzz")


async def test_the_journal_is_private_and_lists_jobs_newest_first(
    tmp_path: Path, gateway: FakeGateway, journal: Journal, data_dir: Path
) -> None:
    first = await start(tmp_path, gateway, journal, numbers(2))
    second = await start(tmp_path, gateway, journal, numbers(3, start=50))
    assert stat.S_IMODE((data_dir / "jobs.sqlite").stat().st_mode) == 0o600
    assert [job.summary() for job in journal.jobs()] == [
        {"id": second.id, "list": "Renewals", "status": "interrupted", "sent": 0, "total": 3},
        {"id": first.id, "list": "Renewals", "status": "interrupted", "sent": 0, "total": 2},
    ]


async def test_create_makes_the_list_only_when_the_job_starts(
    tmp_path: Path, gateway: FakeGateway, journal: Journal, clock: FakeClock
) -> None:
    plan = await plan_import(ImportOptions(csv_of(tmp_path, numbers(2)), "Fresh", create=True), gateway)
    assert "Fresh" not in [info.name for info in await gateway.lists()]
    job = await start_job(plan, journal, gateway, backend=BACKEND, source="in.csv", report={})
    outcome = await ImportRun(journal, gateway, job, timing=timing(clock)).run()
    assert gateway.numbers("Fresh") == numbers(2)
    assert outcome.confirmed == 2


async def test_batches_in_flight_together_still_send_every_number_exactly_once_after_a_failure(
    tmp_path: Path, gateway: FakeGateway, journal: Journal, clock: FakeClock
) -> None:
    gateway.fail_at = 2
    job = await start(tmp_path, gateway, journal, numbers(12))
    with pytest.raises(KoreConnectionError):
        await ImportRun(journal, gateway, job, timing=timing(clock, in_flight=3)).run()
    stopped = journal.job(job.id)
    assert (stopped.status, stopped.sent) == ("interrupted", 6)  # batches 1 and 3 landed beside the failed 2
    resumed, _, again = await prepare_resume(journal, gateway, job.id, backend=BACKEND, timing=timing(clock))
    assert again == 3
    outcome = await ImportRun(journal, gateway, resumed, timing=timing(clock, in_flight=3)).run()
    sent = [item["phoneNumber"] for batch in gateway.batches for item in batch]
    assert sorted(sent) == sorted(numbers(12)) and len(sent) == 12
    assert (outcome.sent, outcome.confirmed) == (12, 12)


async def test_time_left_is_what_the_budget_allows_when_that_is_longer(
    tmp_path: Path, gateway: FakeGateway, journal: Journal, clock: FakeClock
) -> None:
    gateway.budget_wait = 95.0
    job = await start(tmp_path, gateway, journal, numbers(9))
    seen: list[Progress] = []
    await ImportRun(journal, gateway, job, on_progress=seen.append, timing=timing(clock)).run()
    first = next(p for p in seen if p.phase == "sending" and p.batches == 1)
    assert first.eta == 95.0 and "about 1m35s left" in first.describe()
    last = next(p for p in seen if p.phase == "sending" and p.batches == 3)
    assert last.eta == 0.0  # nothing left to start: no budget to wait for
