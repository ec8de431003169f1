"""Benchmarks of the bulk importer (issue 10), each printed as a ratio against its baseline.

(a) dry run: `kore import`'s dry run of a 100,000-row CSV (read, map columns, check every number,
    compare with the list) against a bare loop that only parses and validates the same numbers
    with phonenumbers. Target: at most 1.5x.
(b) paced import: 10,000 rows into a list of `kore-sandbox` at its default 60 requests a minute,
    through the real `kore` command; 429s seen (target 0) and wall time against the least the
    budget allows for the requests the import made (target at most 1.1x).
(c) kill -9 and resume: the same import killed halfway with SIGKILL and resumed with --resume;
    every number must be in the list exactly once.

The input files are generated here (fake but valid numbers of several countries, from
phonenumbers' example numbers); nothing large is committed.

    .venv/bin/python bench/bulk_import.py            # all three
    .venv/bin/python bench/bulk_import.py --only a   # one of them
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

REGIONS = ("US", "GB", "IN", "DE", "FR", "BR", "JP", "AU", "IT", "MX", "ES", "CA")


def valid_numbers(count: int, seed: int = 7) -> list[phonenumbers.PhoneNumber]:
    """`count` distinct valid mobile numbers spread over REGIONS (example number + a varied tail)."""
    rng = random.Random(seed)
    found: dict[str, phonenumbers.PhoneNumber] = {}
    bases = {}
    for region in REGIONS:
        base = phonenumbers.example_number_for_type(region, PhoneNumberType.MOBILE)
        bases[region] = base
    while len(found) < count:
        region = rng.choice(REGIONS)
        base = bases[region]
        tail = 10 ** min(4, len(str(base.national_number)) - 3)
        national = base.national_number - base.national_number % tail + rng.randrange(tail)
        number = phonenumbers.PhoneNumber(country_code=base.country_code, national_number=national)
        if base.italian_leading_zero:
            number.italian_leading_zero = True
            number.number_of_leading_zeros = base.number_of_leading_zeros
        if phonenumbers.is_valid_number(number):
            found.setdefault(phonenumbers.format_number(number, PhoneNumberFormat.E164), number)
    return list(found.values())


def written(number: phonenumbers.PhoneNumber, rng: random.Random) -> str:
    """The number as a CRM might hold it: national for US rows, international or E.164 otherwise."""
    region = phonenumbers.region_code_for_number(number)
    style = rng.random()
    if region == "US" and style < 0.5:
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    if style < 0.75:
        return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def write_file(path: Path, rows: int, *, seed: int = 7, noise: bool = True) -> list[str]:
    """A CRM-like CSV of `rows` rows (2% repeats and 1% junk when `noise`); returns the phone cells."""
    rng = random.Random(seed)
    numbers = valid_numbers(rows, seed)
    cells = [written(number, rng) for number in numbers]
    if noise:
        for index in range(0, rows, 50):
            cells[index] = cells[max(0, index - 7)]  # a repeat of an earlier row
        for index in range(3, rows, 100):
            cells[index] = rng.choice(["12", "n/a", "+1 099 555 0100", ""])
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "Phone Number", "Customer Id"])
        for index, cell in enumerate(cells):
            writer.writerow([f"Given{index}", f"Family{index}", cell, f"C{index:07d}"])
    return cells


def bare_loop(cells: list[str], region: str = "US") -> int:
    """The baseline: parse and validate each number with phonenumbers, nothing else."""
    valid = 0
    for cell in cells:
        try:
            number = phonenumbers.parse(cell, region)
        except phonenumbers.NumberParseException:
            continue
        valid += phonenumbers.is_valid_number(number)
    return valid


async def dry_run(path: Path, sandbox: Any) -> int:
    """`kore import --dry-run`'s work: read, check, and compare with the list and a DNC list."""
    from core.bulk.lists import KoreListGateway
    from core.bulk.plan import ImportOptions, plan_import

    async with sandbox.client(rate_limit_per_minute=0) as client:
        options = ImportOptions(path, "Renewal Due - July 2025", dnc=("Payment Reminder - Q3",))
        plan = await plan_import(options, KoreListGateway(client))
    return len(plan.to_send)


def new_sandbox() -> Any:
    """The in-process sandbox plays Kore.ai; it is built before the clock starts (it is the server)."""
    from core.sandbox.config import SandboxConfig
    from core.sandbox.embedded import EmbeddedSandbox

    return EmbeddedSandbox(SandboxConfig(rate_limit=0))


def _timed(run: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) seconds of one call; CPU time is what load from other processes does not inflate."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def bench_dry_run(workdir: Path, rows: int, rounds: int) -> None:
    path = workdir / "dry-run.csv"
    cells = write_file(path, rows)
    size = path.stat().st_size / 1e6
    results: dict[str, list[tuple[float, float]]] = {"ours": [], "base": []}
    counts: dict[str, int] = {}
    for _ in range(rounds):  # side by side, alternating; the best round of each counts
        box = new_sandbox()
        results["ours"].append(_timed(lambda box=box: counts.update(sent=asyncio.run(dry_run(path, box)))))
        results["base"].append(_timed(lambda: counts.update(valid=bare_loop(cells))))
    ours = [min(t[i] for t in results["ours"]) for i in (0, 1)]
    base = [min(t[i] for t in results["base"]) for i in (0, 1)]
    print(
        f"(a) dry run of {rows:,} rows ({size:.1f} MB): {counts['sent']:,} to send; "
        f"{counts['valid']:,} valid in the bare loop"
    )
    print(
        f"    dry run {ours[0]:.2f} s wall / {ours[1]:.2f} s CPU; bare parse+validate loop {base[0]:.2f} s / "
        f"{base[1]:.2f} s: {ours[0] / base[0]:.2f}x wall, {ours[1] / base[1]:.2f}x CPU (target <= 1.5x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", choices=["a", "b", "c"], action="append")
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the dry-run file (a)")
    parser.add_argument("--import-rows", type=int, default=10_000, help="rows of the paced import (b, c)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--batch-size",
        type=int,
        default=100,
        help="batch of the paced import (b, c); 100 makes 10,000 rows need more than a minute's budget",
    )
    parser.add_argument("--async-delay", type=float, default=0.5, help="the sandbox's add-contacts delay (s)")
    args = parser.parse_args()
    chosen = set(args.only or ["a", "b", "c"])
    import tempfile

    with tempfile.TemporaryDirectory(prefix="kore-bench-") as tmp:
        workdir = Path(tmp)
        os.environ["KORE_DATA_DIR"] = str(workdir / "data")
        if "a" in chosen:
            bench_dry_run(workdir, args.rows, args.rounds)
        if chosen & {"b", "c"}:
            from bulk_import_live import bench_kill_and_resume, bench_paced_import

            path = workdir / "import.csv"
            cells = write_file(path, args.import_rows, seed=11, noise=False)
            expected = [
                phonenumbers.format_number(phonenumbers.parse(cell, "US"), PhoneNumberFormat.E164)
                for cell in cells
            ]
            if "b" in chosen:
                for batch in sorted({500, args.batch_size}, reverse=True):
                    bench_paced_import(workdir, path, args.import_rows, batch, args.async_delay)
            if "c" in chosen:
                bench_kill_and_resume(workdir, path, expected, args.batch_size)


if __name__ == "__main__":
    main()
