"""Parts (b) and (c) of bench/bulk_import.py: real `kore` processes against a real `kore-sandbox`.

The sandbox runs on a free loopback port with its default 60 requests a minute; its access log
(stderr) is where requests and 429s are counted, so the client cannot flatter itself.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from local_servers import sandbox_exports

BIN = Path(sys.executable).parent
ACCESS = re.compile(r'"(GET|POST|PUT|DELETE) (\S+) HTTP/[\d.]+" (\d{3})')
RATE = 60


@dataclass
class Sandbox:
    process: subprocess.Popen[str]
    env: dict[str, str]
    log: Path
    stamps: list[float] = field(default_factory=list)
    """When each API request's log line appeared (perf_counter), in order."""

    @property
    def first_request_at(self) -> float:
        return self.stamps[0] if self.stamps else 0.0

    def watch(self) -> None:
        """Time-stamp every API request as its access-log line appears (the log has no times)."""

        def follow() -> None:
            with self.log.open(errors="replace") as handle:
                while self.process.poll() is None:
                    line = handle.readline()
                    if not line:
                        time.sleep(0.002)
                    elif ACCESS.search(line) and "/openapi" not in line:
                        self.stamps.append(time.perf_counter())

        threading.Thread(target=follow, daemon=True).start()

    def requests(self) -> list[tuple[str, str, int]]:
        """(method, path, status) of every API request so far, from the access log."""
        found = []
        for line in self.log.read_text(errors="replace").splitlines():
            match = ACCESS.search(line)
            if match and "/openapi" not in match.group(2):
                found.append((match.group(1), match.group(2), int(match.group(3))))
        return found

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_sandbox(workdir: Path, name: str) -> Sandbox:
    """`kore-sandbox --port 0 --no-seed` with a state file; returns once it accepts connections."""
    log = workdir / f"{name}-sandbox.log"
    process = subprocess.Popen(
        [
            str(BIN / "kore-sandbox"),
            "--port",
            "0",
            "--no-seed",
            "--state",
            str(workdir / f"{name}-state.json"),
        ],
        stdout=subprocess.PIPE,
        stderr=log.open("w"),
        text=True,
    )
    assert process.stdout is not None
    exports = sandbox_exports(process.stdout)
    if exports is None:
        raise RuntimeError(f"kore-sandbox did not start; see {log}")
    env = {**os.environ, **exports}
    env["KORE_DATA_DIR"] = str(workdir / f"{name}-data")
    env.pop("KORE_RATE_LIMIT_URL", None)
    sandbox = Sandbox(process, env, log)
    sandbox.watch()
    return sandbox


def kore(sandbox: Sandbox, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "kore"), *args], env=sandbox.env, capture_output=True, text=True, check=check
    )


def least_wall(requests: int, async_delay: float) -> float:
    """The least time `requests` can take at RATE a minute (a fresh budget allows RATE at once),
    plus the one wait nobody can avoid: the sandbox applying the last batch."""
    return 60.0 * ((requests - 1) // RATE) + async_delay


def budget_bound(stamps: list[float], async_delay: float) -> float:
    """The earliest the last request could have gone given when the first minute's really went:
    request i may follow request i - RATE by a minute, no sooner. Measured from the first request."""
    earliest = list(stamps[:RATE])
    for index in range(RATE, len(stamps)):
        earliest.append(earliest[index - RATE] + 60.0)
    return earliest[-1] - stamps[0] + async_delay


def bench_paced_import(workdir: Path, csv_path: Path, rows: int, batch: int, async_delay: float) -> None:
    sandbox = start_sandbox(workdir, f"paced-{batch}")
    try:
        started = time.perf_counter()
        done = kore(
            sandbox, "import", str(csv_path), "--list", "Bench Paced", "--create", "--yes", "--json",
            "--batch-size", str(batch),
        )  # fmt: skip
        wall = time.perf_counter() - started
        report = json.loads(done.stdout)
        seen = sandbox.requests()
        stamps = list(sandbox.stamps)
    finally:
        sandbox.stop()
    statuses = Counter(status for _, _, status in seen)
    first = stamps[0] - started
    working = wall - first
    least = least_wall(len(seen), async_delay)
    bound = budget_bound(stamps, async_delay)
    print(
        f"(b) import of {rows:,} rows in batches of {batch} at {RATE}/min: {len(seen)} requests, "
        f"{statuses.get(429, 0)} answered 429 (target 0); "
        f"sent {report['sent']:,}, confirmed {report['confirmed']:,}"
    )
    if len(seen) <= RATE:
        print(
            f"    {len(seen)} requests fit in one minute's budget, so it never waits: first request to end "
            f"{working:.1f} s (the answers and the {async_delay:g} s the sandbox takes to apply the last "
            f"batch); start-up and dry run before the first request {first:.1f} s"
        )
        return
    print(
        f"    first request to the end {working:.1f} s; the budget's least {least:.1f} s (all of a minute's "
        f"requests at once): {working / max(least, 1e-9):.2f}x (target <= 1.1x); the budget's bound given "
        f"when the first minute's requests really went {bound:.1f} s: {working / bound:.2f}x; "
        f"start-up and dry run before the first request {first:.1f} s"
    )


def _acked(data_dir: Path) -> tuple[str | None, int]:
    path = data_dir / "jobs.sqlite"
    if not path.exists():
        return None, 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            found = db.execute(
                "SELECT job_id, COUNT(*) FROM job_rows WHERE state = 'acked' GROUP BY job_id"
            ).fetchone()
    except sqlite3.Error:
        return None, 0
    return (found[0], found[1]) if found else (None, 0)


def bench_kill_and_resume(workdir: Path, csv_path: Path, expected: list[str], batch: int) -> None:
    sandbox = start_sandbox(workdir, "killed")
    data_dir = Path(sandbox.env["KORE_DATA_DIR"])
    try:
        # duplicates allowed: a number sent twice would show twice, so "exactly once" means something
        kore(
            sandbox,
            "lists",
            "create",
            "name=Bench Killed",
            "description=kill -9 bench",
            "allow_duplicates=true",
        )
        args = ["import", str(csv_path), "--list", "Bench Killed", "--yes", "--json"]
        process = subprocess.Popen(
            [str(BIN / "kore"), *args, "--batch-size", str(batch)],
            env=sandbox.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        job, acked = None, 0
        while acked < len(expected) // 2 and process.poll() is None:
            time.sleep(0.2)
            job, acked = _acked(data_dir)
        process.send_signal(signal.SIGKILL)
        process.wait()
        _, at_kill = _acked(data_dir)
        resumed = kore(sandbox, "import", "--resume", str(job), "--yes", "--json")
        report = json.loads(resumed.stdout)
        exported = kore(sandbox, "export", "--list", "Bench Killed", "--format", "json")
        numbers = ["+" + str(c["phoneNumber"]).lstrip("+") for c in json.loads(exported.stdout)]
        statuses = Counter(status for _, _, status in sandbox.requests())
    finally:
        sandbox.stop()
    counts = Counter(numbers)
    repeated = sum(1 for count in counts.values() if count > 1)
    missing = len(set(expected) - set(counts))
    verdict = "every number exactly once" if not repeated and not missing else "FAILED"
    print(
        f"(c) kill -9 after {at_kill:,} of {len(expected):,} acknowledged, then --resume {job}: "
        f"{len(numbers):,} in the list, {repeated} repeated, {missing} missing: {verdict}; "
        f"resume confirmed {report['confirmed']:,}; 429s {statuses.get(429, 0)} "
        "(the resumed process starts a fresh client budget while the sandbox still counts the killed one's)"
    )
