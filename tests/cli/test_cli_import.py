"""`kore import` end to end against the sandbox: send, verify, Ctrl-C, resume, --json."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import signal
from pathlib import Path
from typing import Any

import pytest

from core import connect
from core.bulk.journal import Journal
from core.connect import Connection
from core.sandbox.config import SandboxConfig
from core.sandbox.embedded import EmbeddedSandbox
from koretui.cli.main import main
from tests.bulk.fakes import write_csv

JULY = "Renewal Due - July 2025"


@pytest.fixture
def sandbox(data_dir: Path) -> EmbeddedSandbox:
    """One sandbox for the whole test (its add-contacts queue lives in the process)."""
    return EmbeddedSandbox(
        SandboxConfig(rate_limit=0, state_file=data_dir / "sandbox-state.json", async_delay_ms=0)
    )


@pytest.fixture(autouse=True)
def sandbox_backend(sandbox: EmbeddedSandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    def build(**kwargs: Any) -> Connection:
        return connect.sandbox_connection(sandbox, forced=True, rate_limit_per_minute=0)

    monkeypatch.setattr(connect, "connect", build)


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Settling and verification poll without sleeping (the sandbox applies adds at once here)."""
    from core.bulk import sending

    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        await asyncio.sleep(0)

    monkeypatch.setattr(sending, "default_timing", lambda: sending.Timing(sleep=sleep))
    return slept


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def phones(count: int, start: int = 200) -> list[str]:
    return [f"+1415555{start + i:04d}" for i in range(count)]


def list_numbers(capsys: pytest.CaptureFixture[str], name: str) -> list[str]:
    code, out, _ = run(capsys, "export", "--list", name, "--format", "json")
    assert code == 0
    return ["+" + str(c["phoneNumber"]).lstrip("+") for c in json.loads(out)]


def test_an_import_sends_in_batches_and_confirms_every_number(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "in.csv", "phone\n" + "\n".join(phones(7)) + "\n4155550101\n")
    code, out, err = run(capsys, "import", str(path), "--list", JULY, "--yes", "--json", "--batch-size", "3")
    report = json.loads(out)
    assert code == 0, err
    assert {k: report[k] for k in ("rows", "to_send", "already_in_list", "sent", "confirmed", "dry_run")} == {
        "rows": 8,
        "to_send": 7,
        "already_in_list": 1,
        "sent": 7,
        "confirmed": 7,
        "dry_run": False,
    }
    assert sorted(list_numbers(capsys, JULY)) == sorted([f"+1415555010{i}" for i in range(1, 6)] + phones(7))
    code, out, _ = run(capsys, "jobs", "--json")
    assert json.loads(out)[0] | {"id": None} == {
        "id": None,
        "list": JULY,
        "status": "done",
        "sent": 7,
        "total": 7,
    }


def test_create_makes_the_list_and_fills_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "in.csv",
        "Phone Number,First Name\n" + "\n".join(f"{p},N{i}" for i, p in enumerate(phones(3))),
    )
    code, out, err = run(capsys, "import", str(path), "--list", "Win-back Q4", "--create", "--yes", "--json")
    assert code == 0, err
    assert (json.loads(out)["sent"], json.loads(out)["confirmed"]) == (3, 3)
    assert sorted(list_numbers(capsys, "Win-back Q4")) == phones(3)


def test_ctrl_c_exits_3_and_resume_sends_the_rest_exactly_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C after Kore.ai took batch 3 but before its answer was journaled: the resume finds those
    numbers in the list and sends only batch 4 (the July list allows duplicates, so a second send of
    batch 3 would show). One batch in flight at a time, so each run takes the same path.

    Ctrl-C as at a terminal: a process started in the background of a script (`cmd &`, some CI
    runners) inherits SIGINT ignored, and then Python, and asyncio.run, leave it ignored."""
    from core.bulk import lists, sending

    signal.signal(signal.SIGINT, signal.default_int_handler)  # tests/conftest.py puts it back after

    calls = 0
    original = lists.KoreListGateway.add_batch
    timing = sending.default_timing  # the autouse fixture's: no real waits
    monkeypatch.setattr(sending, "default_timing", lambda: dataclasses.replace(timing(), in_flight=1))

    async def ctrl_c_once_the_third_batch_is_sent(
        self: Any, list_name: str, items: list[dict[str, str]]
    ) -> None:
        nonlocal calls
        calls += 1
        await original(self, list_name, items)
        if calls == 3:
            # What Ctrl-C does: the handler asyncio.run installed cancels the run at once, so this
            # batch's answer never reaches the journal.
            signal.raise_signal(signal.SIGINT)
            await asyncio.sleep(0)
            raise AssertionError("the run was not cancelled by Ctrl-C")

    monkeypatch.setattr(lists.KoreListGateway, "add_batch", ctrl_c_once_the_third_batch_is_sent)
    path = write_csv(tmp_path / "in.csv", "phone\n" + "\n".join(phones(10)) + "\n")
    code, _, err = run(capsys, "import", str(path), "--list", JULY, "--yes", "--batch-size", "3")
    assert code == 3 and calls == 3
    job_id = err.split("`kore import --resume ")[1].split("`")[0]
    with Journal.open_default() as journal:
        stopped = journal.job(job_id)
        assert (stopped.status, stopped.sent) == ("interrupted", 6)
        assert journal.counts(job_id) == {"acked": 6, "inflight": 3, "pending": 1}

    monkeypatch.setattr(lists.KoreListGateway, "add_batch", original)
    code, out, err = run(capsys, "import", "--resume", job_id, "--yes", "--json")
    assert code == 0, err
    assert "9 of 10 sent; 0 found already in the list, 0 in-flight to send again" in err
    assert (json.loads(out)["sent"], json.loads(out)["confirmed"]) == (10, 10)
    numbers = list_numbers(capsys, JULY)
    assert sorted(n for n in numbers if n in phones(10)) == phones(10)  # each exactly once
