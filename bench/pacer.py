"""Does a paced client running flat out stay under Kore.ai's 60 requests per minute, and use it all?

Side by side, for `--seconds` (default 150), each variant against its own `kore-sandbox` process at
60/min with `--no-retry-after`: `--workers` tasks send `GET contacts` as fast as their pacer lets
them, with no retries, so every 429 is seen. Variants:

- `before`: the pacer as it was (a slot comes back a minute after it was *taken*, no margin);
- `local`: `core.pacing.LocalPacer` (a minute and 0.5 s after its request *completed*);
- `shared`: two processes (this script with `--child`), each a client with its own `SharedPacer`, on
  one `redis-server` on loopback, splitting the workers; skipped without redis-server.

Prints requests sent, 429s (target 0) and accepted requests as a share of the most a rolling
minute allows in the run (target at least 95%). Run: `.venv/bin/python bench/pacer.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field

from local_servers import sandbox_exports, start_redis

from core import KoreClient, RateLimitError, load_settings
from core.pacing import LocalPacer, OnWait, Pacer
from core.shared_pacing import SharedPacer

RATE = 60


class BeforePacer:
    """The pacer before issue 8: a slot is stamped when taken and returns exactly 60 s later."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._spent: deque[float] = deque()
        self._lock = asyncio.Lock()

    def _wait_time(self) -> float:
        now = time.monotonic()
        while self._spent and self._spent[0] <= now - 60:
            self._spent.popleft()
        return 0.0 if len(self._spent) < self.per_minute else self._spent[0] + 60 - now

    async def estimate_wait(self, requests: int = 1) -> float:
        return self._wait_time()

    @asynccontextmanager
    async def slot(self, on_wait: OnWait | None = None, *, operation: str = "") -> AsyncIterator[None]:
        async with self._lock:
            while (delay := self._wait_time()) > 0:
                await asyncio.sleep(delay)
            self._spent.append(time.monotonic())
        yield


@dataclass
class Tally:
    sent: int = 0
    rate_limited: int = 0
    accepted: int = 0
    other_errors: list[str] = field(default_factory=list)


async def start_sandbox() -> tuple[subprocess.Popen[str], dict[str, str]]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "core.sandbox",
            "--port",
            "0",
            "--no-seed",
            "--rate-limit",
            str(RATE),
            "--no-retry-after",
            "--log-level",
            "warning",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    env = sandbox_exports(process.stdout)
    if env is None:
        raise SystemExit("kore-sandbox did not start")
    return process, env


async def flat_out(kore: KoreClient, end: float, tally: Tally) -> None:
    """Send as fast as the pacer allows; count what completed before `end`."""
    while time.monotonic() < end:
        try:
            await kore.list_contacts(limit=1)
            outcome = "accepted"
        except RateLimitError:
            outcome = "rate_limited"
        except Exception as exc:  # a bench reports, it does not stop
            tally.other_errors.append(str(exc))
            outcome = "error"
        if time.monotonic() > end:
            return
        tally.sent += 1
        tally.accepted += outcome == "accepted"
        tally.rate_limited += outcome == "rate_limited"


async def run_variant(pacers: list[Pacer], env: dict[str, str], workers: int, seconds: float) -> Tally:
    settings = load_settings(
        env_file=None, max_retries=0, **{k.removeprefix("KORE_").lower(): v for k, v in env.items()}
    )
    tally = Tally()
    clients = [KoreClient(settings, pacer=pacer) for pacer in pacers]
    end = time.monotonic() + seconds
    tasks = [asyncio.create_task(flat_out(clients[i % len(clients)], end, tally)) for i in range(workers)]
    try:
        _, waiting = await asyncio.wait(tasks, timeout=seconds + 1)
        for task in waiting:  # parked in the pacer until after the end: nothing more to count
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        for kore in clients:
            await kore.aclose()
    return tally


async def run_shared_processes(redis_url: str, env: dict[str, str], workers: int, seconds: float) -> Tally:
    """Two child processes share the budget through Redis, as two bot replicas would."""
    args = ["--child", redis_url, "--prefix", f"bench:{os.getpid()}", "--seconds", str(seconds)]
    children = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            __file__,
            *args,
            "--workers",
            str(max(1, workers // 2)),
            env={**os.environ, **env},
            stdout=asyncio.subprocess.PIPE,
        )
        for _ in range(2)
    ]
    total = Tally()
    for child in children:
        out, _ = await child.communicate()
        tally = Tally(**json.loads(out))
        total.sent += tally.sent
        total.rate_limited += tally.rate_limited
        total.accepted += tally.accepted
        total.other_errors += tally.other_errors
    return total


async def child(redis_url: str, prefix: str, workers: int, seconds: float) -> int:
    env = {key: value for key, value in os.environ.items() if key.startswith("KORE_")}
    pacer = SharedPacer(redis_url, RATE, "bench", key_prefix=prefix)
    try:
        tally = await run_variant([pacer], env, workers, seconds)
    finally:
        await pacer.aclose()
    print(json.dumps(asdict(tally)))
    return 0


async def bench(seconds: float, workers: int) -> int:
    redis = start_redis(tempfile.mkdtemp(prefix="bench-redis-"))
    names = ["before", "local"] + (["shared"] if redis else [])
    sandboxes = [await start_sandbox() for _ in names]
    try:
        print(
            f"{len(names)} variants side by side, {seconds:g} s each, {workers} workers, sandbox at "
            f"{RATE}/min with --no-retry-after, client with max_retries=0"
        )
        runs = [
            run_variant([BeforePacer(RATE)], sandboxes[0][1], workers, seconds),
            run_variant([LocalPacer(RATE)], sandboxes[1][1], workers, seconds),
        ]
        if redis:
            runs.append(run_shared_processes(redis[1], sandboxes[2][1], workers, seconds))
        tallies = await asyncio.gather(*runs)
    finally:
        for process, _ in sandboxes:
            process.terminate()
            process.wait(timeout=10)
        if redis:
            redis[0].terminate()
            redis[0].wait(timeout=10)
    most = RATE * (math.floor(seconds / 60) + 1)  # a fresh rolling minute allows a burst per window
    print(f"\n{'variant':<8} {'sent':>6} {'429s':>6} {'accepted':>9} {'share of budget':>16}")
    shares: dict[str, float] = {}
    for name, tally in zip(names, tallies, strict=True):
        shares[name] = tally.accepted / most
        print(f"{name:<8} {tally.sent:>6} {tally.rate_limited:>6} {tally.accepted:>9} {shares[name]:>15.1%}")
        for error in tally.other_errors[:3]:
            print(f"    other error: {error}")
    print(
        f"\nshare of budget, local / before: {shares['local'] / shares['before']:.3f}"
        f" (budget: {most} requests in {seconds:g} s)"
    )
    ok = all(t.rate_limited == 0 for n, t in zip(names, tallies, strict=True) if n != "before")
    ok = ok and all(shares[n] >= 0.95 for n in names if n != "before")
    print("targets (0 429s, share >= 95%):", "met" if ok else "NOT met")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=150.0, help="length of the run (default 150)")
    parser.add_argument("--workers", type=int, default=4, help="concurrent senders per variant (default 4)")
    parser.add_argument("--child", metavar="REDIS_URL", help=argparse.SUPPRESS)
    parser.add_argument("--prefix", default="bench", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return asyncio.run(child(args.child, args.prefix, args.workers, args.seconds))
    return asyncio.run(bench(args.seconds, args.workers))


if __name__ == "__main__":
    sys.exit(main())
