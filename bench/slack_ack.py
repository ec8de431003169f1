"""Time to ack for `/kore` over HTTP, and one rate budget across replicas.

Three runs (`--run slow|big|replicas|all`, default all), each with a small fake Slack Web API
(bench/slack_bot_process.py, as SLACK_API_URL) and the bot on a loopback port:

- `slow`: `kore-slackbot --http --sandbox --sandbox-latency-ms 2000`; 200 signed `/kore lists all`,
  20 at a time; p50/p99 of the time until the HTTP 200 (the ack). Target p99 under 100 ms (Slack
  gives up after 3 s).
- `big`: a `kore-sandbox` process seeded with 124 lists of long names (about 90 KB per reply), no
  rate limit, the bot pointed at it as a tenant; 200 `/kore help` then 200 `/kore lists all`, 20 at
  a time. Prints ack p99 of each and their ratio, lists/help (target at most 2): answering big
  replies must not slow the acks of everyone else.
- `replicas`: one `kore-sandbox` at 60 requests a minute, one `redis-server`, two bot replicas
  sharing it as their store (so, by default, their rate budget); 50 `/kore lists all` to each at
  once. Prints the 429s the sandbox answered (target 0), the "queued" notes and the time until the
  last answer. Skipped without redis-server. Takes a little over a minute (the budget).

Run: `.venv/bin/python bench/slack_ack.py`. The load generator shares the machine with the bot, so
its own cost is in the figures: aiohttp's client (the default) costs little; `--client httpx`
shows how much a heavier client adds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import httpx
from local_servers import sandbox_exports, start_redis
from slack_bot_process import FakeSlack, command, signed, start_bot, stop

LONG_NAME = "Renewal Due - Northeast Region Priority Callbacks"[:44]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


class Poster:
    """POST a body, return the status; one implementation per HTTP client library."""

    def __init__(self, kind: str, concurrency: int) -> None:
        self.kind = kind
        self.concurrency = concurrency
        self._aiohttp: aiohttp.ClientSession | None = None
        self._httpx: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Poster:
        if self.kind == "httpx":
            limits = httpx.Limits(max_connections=self.concurrency)
            self._httpx = httpx.AsyncClient(timeout=10, limits=limits)
        else:
            connector = aiohttp.TCPConnector(limit=self.concurrency)
            timeout = aiohttp.ClientTimeout(total=10)
            self._aiohttp = aiohttp.ClientSession(connector=connector, timeout=timeout)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._httpx is not None:
            await self._httpx.aclose()
        if self._aiohttp is not None:
            await self._aiohttp.close()

    async def post(self, url: str, body: str) -> int:
        if self._httpx is not None:
            return (await self._httpx.post(url, content=body, headers=signed(body))).status_code
        assert self._aiohttp is not None
        async with self._aiohttp.post(url, data=body, headers=signed(body)) as response:
            await response.read()
            return response.status


@dataclass
class Acks:
    times: list[float]
    bad: int
    wall: float

    @property
    def p99(self) -> float:
        return percentile(self.times, 99)

    def line(self) -> str:
        return (
            f"p50 {statistics.median(self.times):.1f} ms, p99 {self.p99:.1f} ms, max {max(self.times):.1f} ms"
            f" (non-200: {self.bad}; wall {self.wall:.2f} s)"
        )


async def fire(http: Poster, url: str, bodies: list[str], concurrency: int) -> Acks:
    """Send every body, `concurrency` at a time; the time of each until its HTTP answer (the ack)."""
    gate = asyncio.Semaphore(concurrency)
    times: list[float] = []
    statuses: list[int] = []

    async def one(body: str) -> None:
        async with gate:
            started = time.perf_counter()
            statuses.append(await http.post(url, body))
            times.append((time.perf_counter() - started) * 1000)

    wall = time.perf_counter()
    await asyncio.gather(*(one(body) for body in bodies))
    return Acks(times, sum(status != 200 for status in statuses), time.perf_counter() - wall)


async def warm_up(http: Poster, url: str, fake: FakeSlack) -> None:
    """Not counted: bolt's one-time auth.test and imports, then every connection of the pool opened
    (else the first measured run, `/kore help` in `big`, pays for opening them and the ratio
    against it looks better than it is)."""
    for n in range(3):
        if await http.post(url, command(f"warm{n}", fake.url, "help")) != 200:
            raise SystemExit("warm-up request was not acked with 200")
    bodies = [command(f"warm-pool{n}", fake.url, "help") for n in range(2 * http.concurrency)]
    warm = await fire(http, url, bodies, http.concurrency)
    if warm.bad:
        raise SystemExit("warm-up requests were not acked with 200")


async def wait_until(done: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.1)
    return True


# --- slow: a slow Kore.ai ----------------------------------------------------------------------


async def run_slow(total: int, concurrency: int, latency_ms: int, client: str) -> bool:
    fake = await FakeSlack().start()
    with tempfile.TemporaryDirectory() as data_dir:
        slow = ("--sandbox", "--sandbox-latency-ms", str(latency_ms))
        process, url = await start_bot(fake.url, data_dir, *slow)
        try:
            async with Poster(client, concurrency) as http:
                await warm_up(http, url, fake)
                acks = await fire(http, url, [command(str(n), fake.url) for n in range(total)], concurrency)
        finally:
            await stop(process)
            await fake.stop()
    print(
        f"slow: {total} signed /kore lists all, {concurrency} at a time, sandbox latency {latency_ms} ms, "
        f"{client} client\n  time to ack: {acks.line()} (target p99 < 100 ms)"
    )
    return acks.bad == 0 and acks.p99 < 100


# --- kore-sandbox processes and redis-server ---------------------------------------------------------


@dataclass
class Sandbox:
    process: subprocess.Popen[str]
    env: dict[str, str]
    log: Path

    def rate_limited(self) -> int:
        """429 answers in the sandbox's access log."""
        return len(re.findall(r'" 429', self.log.read_text(errors="replace")))

    def requests(self) -> int:
        """API requests in the access log (token requests included)."""
        return len(re.findall(r'"(?:GET|POST|PUT|DELETE) ', self.log.read_text(errors="replace")))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def start_sandbox(workdir: str, *args: str) -> Sandbox:
    log = Path(workdir) / "sandbox.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "core.sandbox", "--port", "0", "--log-level", "info", *args],
        stdout=subprocess.PIPE,
        stderr=log.open("w"),
        text=True,
        cwd=workdir,
    )
    assert process.stdout is not None
    env = sandbox_exports(process.stdout)
    if env is None:
        raise SystemExit("kore-sandbox did not start")
    return Sandbox(process, env, log)


async def seed_long_lists(env: dict[str, str], count: int) -> int:
    """`count` lists with long names and descriptions; returns the size of one Get All reply."""
    from core import KoreClient
    from core.settings import KoreSettings

    settings = KoreSettings(
        _env_file=None,
        host=env["KORE_HOST"],
        client_id=env["KORE_CLIENT_ID"],
        client_secret=env["KORE_CLIENT_SECRET"],
        account_id=env["KORE_ACCOUNT_ID"],
        app_id=env["KORE_APP_ID"],
        rate_limit_per_minute=0,
    )
    async with KoreClient(settings) as kore:
        for n in range(count):
            description = f"Customers whose policy renews within 30 days, region {n:03d}; " * 3
            await kore.execute(
                "contact_list.create", name=f"{LONG_NAME} {n:03d}", description=description[:250]
            )
        reply = await kore.execute("contact_list.list")
        return len(json.dumps(reply.body))


# --- big: replies of about 90 KB ------------------------------------------------------------------


async def run_big(total: int, concurrency: int, client: str) -> bool:
    fake = await FakeSlack().start()
    with tempfile.TemporaryDirectory() as workdir:
        sandbox = start_sandbox(workdir, "--no-seed", "--rate-limit", "0")
        try:
            reply = await seed_long_lists(sandbox.env, 124)
            env = {**sandbox.env, "KORE_RATE_LIMIT_PER_MINUTE": "0"}
            process, url = await start_bot(fake.url, workdir, env=env)
            try:
                async with Poster(client, concurrency) as http:
                    await warm_up(http, url, fake)
                    helps = [command(f"h{n}", fake.url, "help") for n in range(total)]
                    lists = [command(f"l{n}", fake.url) for n in range(total)]
                    help_acks = await fire(http, url, helps, concurrency)
                    list_acks = await fire(http, url, lists, concurrency)
                    answered = await wait_until(
                        lambda: sum(t.startswith("l") for t in fake.finals()) >= total, 120
                    )
            finally:
                await stop(process)
        finally:
            sandbox.stop()
            await fake.stop()
    ratio = list_acks.p99 / help_acks.p99
    print(
        f"big: 124 lists of long names (one Get All reply: {reply / 1024:.0f} KB), {total} commands each, "
        f"{concurrency} at a time, {client} client\n"
        f"  /kore help:      {help_acks.line()}\n"
        f"  /kore lists all: {list_acks.line()}; all answered: {answered}\n"
        f"  ack p99 ratio lists/help: {ratio:.2f} (target <= 2)"
    )
    return help_acks.bad == list_acks.bad == 0 and answered and ratio <= 2


# --- replicas: two bots, one budget ------------------------------------------------------------------


async def run_replicas(per_replica: int, client: str) -> bool:
    with tempfile.TemporaryDirectory() as workdir:
        redis = start_redis(workdir)
        if redis is None:
            print("replicas: skipped (no redis-server; apt-get install redis-server)")
            return True
        redis_process, redis_url = redis
        fake = await FakeSlack().start()
        sandbox = start_sandbox(workdir, "--rate-limit", "60", "--no-retry-after")
        bots: list[tuple[asyncio.subprocess.Process, str]] = []
        try:
            env = {**sandbox.env, "KORE_SLACK_STORE_URL": redis_url}
            for n in range(2):
                data_dir = Path(workdir) / f"bot{n}"
                data_dir.mkdir()
                bots.append(await start_bot(fake.url, str(data_dir), env=env))
            async with Poster(client, 2 * per_replica) as http:
                started = time.monotonic()
                await asyncio.gather(
                    *(
                        fire(
                            http,
                            url,
                            [command(f"r{n}-{i}", fake.url) for i in range(per_replica)],
                            per_replica,
                        )
                        for n, (_, url) in enumerate(bots)
                    )
                )
                answered = await wait_until(lambda: len(fake.finals()) >= 2 * per_replica, 240)
                elapsed = time.monotonic() - started
        finally:
            for process, _ in bots:
                await stop(process)
            sandbox.stop()
            await fake.stop()
            redis_process.terminate()
            redis_process.wait(timeout=30)
        limited = sandbox.rate_limited()
        sent = sandbox.requests()
    queued = sum("Queued: about" in body for _, body in fake.answers)
    print(
        f"replicas: 2 bots sharing redis, {per_replica} /kore lists all each, kore-sandbox at 60/min\n"
        f"  429s seen by the sandbox: {limited} (target 0) of {sent} requests; queued notes: {queued}; "
        f"all answered: {answered}, the last after {elapsed:.1f} s"
    )
    return limited == 0 and answered


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--run", choices=["slow", "big", "replicas", "all"], default="all")
    parser.add_argument("--total", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--latency-ms", type=int, default=2000)
    parser.add_argument("--per-replica", type=int, default=50)
    parser.add_argument("--client", choices=["aiohttp", "httpx"], default="aiohttp")
    args = parser.parse_args()
    runs: dict[str, Callable[[], Awaitable[bool]]] = {
        "slow": lambda: run_slow(args.total, args.concurrency, args.latency_ms, args.client),
        "big": lambda: run_big(args.total, args.concurrency, args.client),
        "replicas": lambda: run_replicas(args.per_replica, args.client),
    }
    chosen = list(runs) if args.run == "all" else [args.run]
    ok = [asyncio.run(runs[name]()) for name in chosen]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
