"""Does the sandbox's store scale? Two `kore-sandbox` processes side by side: empty, and 100,000 lists.

Prints three ratios (targets from issue 8):
- create latency at 100,000 lists / create latency when empty (target <= 1.5), creates alternating
  between the two servers so that machine load hits both alike;
- GET p99 while 4 clients create lists / GET p99 idle, on the big server (target <= 3);
- start-up time (process start to "listening") with 100,000 lists / with none.

The state files are built directly through the store (one transaction), then served over HTTP on
loopback with the rate limit off. Run: `.venv/bin/python bench/sandbox_scale.py [--lists N]`.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from multiprocessing.sharedctypes import Synchronized
from multiprocessing.synchronize import Event
from pathlib import Path

import httpx
import jwt

from core.sandbox.config import DEFAULT_ACCOUNT_ID, DEFAULT_APP_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
from core.sandbox.records import iso_timestamp, new_contact_list
from core.sandbox.schema import CONTACT_LISTS
from core.sandbox.store import SandboxStore

ROOT = Path(__file__).resolve().parents[1]
READY = re.compile(r"listening on (http://\S+)")
LISTS = f"/agentassist/api/v1/public/{DEFAULT_APP_ID}/campaign/contactList"


def build_state(path: Path, count: int) -> float:
    """A state file holding `count` contact lists; returns the seconds it took."""
    started = time.perf_counter()
    store = SandboxStore.open(path, seed=False, account_id=DEFAULT_ACCOUNT_ID, app_id=DEFAULT_APP_ID)
    stamp = iso_timestamp(time.time())
    docs = (
        new_contact_list(
            list_id=f"cl-{uuid.uuid4()}",
            name=f"Bench list {index:07d}",
            description="built by bench/sandbox_scale.py",
            source="passiveApi",
            allow_duplicates=False,
            account_id=DEFAULT_ACCOUNT_ID,
            app_id=DEFAULT_APP_ID,
            timestamp=stamp,
        )
        for index in range(count)
    )
    store.write_now(lambda writer: writer.insert_many(CONTACT_LISTS, docs))
    store.close()
    return time.perf_counter() - started


class Server:
    """One `python -m core.sandbox` on a free loopback port, output to files."""

    def __init__(self, state: Path, log_dir: Path) -> None:
        self.log = log_dir / f"{state.stem}.out"
        started = time.perf_counter()
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "core.sandbox", "--port", "0", "--state", str(state), "--no-seed",
                 "--rate-limit", "0", "--log-level", "warning"],
                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        while not (match := READY.search(self.log.read_text())):
            if self.process.poll() is not None:
                raise SystemExit(f"kore-sandbox exited: {self.log.read_text()}")
            time.sleep(0.005)
        self.startup = time.perf_counter() - started
        self.url = match.group(1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def request_headers() -> dict[str, str]:
    now = int(time.time())
    claims = {
        "appId": DEFAULT_CLIENT_ID,
        "sub": "bench",
        "iat": now,
        "exp": now + 300,
        "jti": str(uuid.uuid4()),
    }
    return {
        "auth": jwt.encode(claims, DEFAULT_CLIENT_SECRET, algorithm="HS256"),
        "accountId": DEFAULT_ACCOUNT_ID,
        "iid": DEFAULT_APP_ID,
    }


async def timed(call: asyncio.Future[httpx.Response] | object) -> float:
    started = time.perf_counter()
    response = await call  # type: ignore[misc]
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"unexpected {response.status_code}: {response.text[:200]}")
    return elapsed


async def create(client: httpx.AsyncClient, url: str) -> float:
    body = {"name": f"Created {uuid.uuid4()}", "description": "", "source": "passiveApi"}
    return await timed(client.post(f"{url}{LISTS}/createContactList", headers=request_headers(), json=body))


async def create_latencies(
    client: httpx.AsyncClient, empty: str, big: str, rounds: int
) -> tuple[list[float], ...]:
    on_empty: list[float] = []
    on_big: list[float] = []
    for _ in range(rounds):
        on_empty.append(await create(client, empty))
        on_big.append(await create(client, big))
    return on_empty, on_big


async def get_latencies(client: httpx.AsyncClient, url: str, list_id: str, count: int) -> list[float]:
    return [
        await timed(client.get(f"{url}{LISTS}/{list_id}", headers=request_headers())) for _ in range(count)
    ]


def _write_while_asked(url: str, go: Event, stop: Event, written: Synchronized) -> None:  # type: ignore[type-arg]
    """In a child process (so its load does not slow the loop timing the GETs): 4 clients create
    lists while `go` is set, until `stop`."""

    async def run() -> None:
        async with httpx.AsyncClient(timeout=60) as client:

            async def writer() -> None:
                while not stop.is_set():
                    if not go.is_set():
                        await asyncio.sleep(0.005)
                        continue
                    await create(client, url)
                    with written.get_lock():
                        written.value += 1

            await asyncio.gather(*(writer() for _ in range(4)))

    asyncio.run(run())


async def idle_and_busy_gets(
    client: httpx.AsyncClient, url: str, list_id: str, count: int, phases: int = 5
) -> tuple[list[float], list[float], int]:
    """GET latencies with no other traffic and while 4 clients write, in alternating phases (so that
    the machine's other load falls on both alike); also the creates done meanwhile."""
    context = multiprocessing.get_context("spawn")
    go, stop, written = context.Event(), context.Event(), context.Value("i", 0)
    writers = context.Process(target=_write_while_asked, args=(url, go, stop, written))
    writers.start()
    idle: list[float] = []
    busy: list[float] = []
    creates = 0
    try:
        go.set()
        while written.value < 8:  # the writer process is up
            await asyncio.sleep(0.01)
        go.clear()
        for _ in range(phases):
            await asyncio.sleep(0.1)  # let the last creates finish
            idle += await get_latencies(client, url, list_id, count // phases)
            before = written.value
            go.set()
            await asyncio.sleep(0.05)  # all four writers busy
            busy += await get_latencies(client, url, list_id, count // phases)
            go.clear()
            creates += written.value - before
    finally:
        stop.set()
        writers.join(60)
    return idle, busy, creates


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


async def measure(empty: Server, big: Server, rounds: int, gets: int) -> None:
    limits = httpx.Limits(max_connections=16)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        listed = await client.get(f"{big.url}{LISTS}/{'cl-none'}", headers=request_headers())
        assert listed.status_code == 404
        created = await client.post(
            f"{big.url}{LISTS}/createContactList",
            headers=request_headers(),
            json={"name": "Read me", "description": "", "source": "passiveApi"},
        )
        list_id = created.json()["data"]["_id"]
        await create_latencies(client, empty.url, big.url, 5)  # warm up both
        on_empty, on_big = await create_latencies(client, empty.url, big.url, rounds)
        idle, busy, written = await idle_and_busy_gets(client, big.url, list_id, gets)
    create_ratio = statistics.median(on_big) / statistics.median(on_empty)
    get_ratio = p99(busy) / p99(idle)
    print(f"create, median of {rounds}: empty {ms(statistics.median(on_empty))}, "
          f"big {ms(statistics.median(on_big))}  -> ratio {create_ratio:.2f} (target <= 1.5)")  # fmt: skip
    print(f"create p99: empty {ms(p99(on_empty))}, big {ms(p99(on_big))}")
    print(f"GET one list, p99 of {gets}: idle {ms(p99(idle))}, while 4 clients create {ms(p99(busy))} "
          f"({written} creates meanwhile)  -> ratio {get_ratio:.2f} (target <= 3)")  # fmt: skip
    print(f"GET p50: idle {ms(statistics.median(idle))}, while writing {ms(statistics.median(busy))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lists", type=int, default=100_000, help="lists in the big store (default 100000)")
    parser.add_argument("--rounds", type=int, default=100, help="creates per server (default 100)")
    parser.add_argument("--gets", type=int, default=1000, help="GETs idle and GETs under load (default 1000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sandbox-scale-") as scratch:
        folder = Path(scratch)
        build_state(folder / "empty.db", 0)
        built = build_state(folder / "big.db", args.lists)
        size = (folder / "big.db").stat().st_size / 1e6
        print(f"built a store with {args.lists:,} lists in {built:.1f} s ({size:.0f} MB)")
        startups: dict[str, list[float]] = {"empty": [], "big": []}
        for _ in range(3):  # alternating, so that machine load hits both alike
            for name in startups:
                server = Server(folder / f"{name}.db", folder)
                startups[name].append(server.startup)
                server.stop()
        empty_start, big_start = (statistics.median(startups[name]) for name in ("empty", "big"))
        print(f"start-up to listening, median of 3: empty {ms(empty_start)}, {args.lists:,} lists "
              f"{ms(big_start)}  -> ratio {big_start / empty_start:.2f}")  # fmt: skip
        empty = Server(folder / "empty.db", folder)
        big = Server(folder / "big.db", folder)
        try:
            asyncio.run(measure(empty, big, args.rounds, args.gets))
        finally:
            empty.stop()
            big.stop()


if __name__ == "__main__":
    main()
