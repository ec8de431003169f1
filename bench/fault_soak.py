"""Does the client lose or double anything when the sandbox fails 30% of requests, in each fail mode?

For each `--fail-mode` (before, after, timeout, reset) a fresh in-process sandbox fails 30% of
requests; `KoreClient` runs the same 300 mixed operations against it (creates, renames, deletes,
reads, contact updates; backoff sleeps skipped). Prints, per mode and operation, how many
succeeded, were reconciled (a create that may have reached the server, found by name; a delete
whose retry found the record gone), or ended in a typed error; then the two figures that matter
(targets 0):
- duplicates: Create Contact List POSTs the client sent more than once for the same name;
- missing: acknowledged writes not in the store afterwards (a create, update or delete the client
  reported done, or a create it reported "not created" that is there after all).

In-process, `timeout` ends the held request at once as the read timeout a client would hit.
Run: `.venv/bin/python bench/fault_soak.py [--ops 300] [--rate 0.3] [--seed 1]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, get_args

import httpx

from core.calls import CallResult
from core.client import KoreClient
from core.errors import KoreError, NotCreatedError
from core.sandbox.config import FailMode, SandboxConfig
from core.sandbox.embedded import EmbeddedSandbox
from core.sandbox.store import SandboxStore

MIX = (
    ("contact_list.create", 40),
    ("contact_list.update", 15),
    ("contact_list.delete", 10),
    ("contact_list.get", 15),
    ("contact_list.list", 10),
    ("contact.update", 10),
)
OUTCOMES = ("succeeded", "reconciled", "typed error", "other error")


class CountingTransport(httpx.ASGITransport):
    """ASGITransport that counts Create Contact List POSTs per list name (to find re-sent creates)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.creates: Counter[str] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/createContactList"):
            self.creates[json.loads(request.content)["name"]] += 1
        return await super().handle_async_request(request)


@dataclass
class Expected:
    """What the client was told, so the store can be checked afterwards."""

    lists: dict[str, str] = field(default_factory=dict)  # id -> acknowledged description
    deleted: set[str] = field(default_factory=set)
    not_created: set[str] = field(default_factory=set)  # names
    contacts: dict[str, str] = field(default_factory=dict)  # id -> acknowledged last name
    uncertain: set[str] = field(default_factory=set)  # ids after an ambiguous update/delete


@dataclass
class Soak:
    kore: KoreClient
    rng: random.Random
    contact_ids: list[str]
    expected: Expected = field(default_factory=Expected)
    outcomes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    errors: Counter[str] = field(default_factory=Counter)
    stale_reads: int = 0

    def known_list(self) -> str | None:
        usable = [key for key in self.expected.lists if key not in self.expected.uncertain]
        return self.rng.choice(usable) if usable else None

    async def step(self, index: int) -> None:
        op = self.rng.choices([key for key, _ in MIX], [weight for _, weight in MIX])[0]
        fields, target = self.fields_for(op, index)
        if fields is None:
            op, fields, target = "contact_list.list", {}, None
        try:
            result = await self.kore.execute(op, **fields)
        except NotCreatedError:
            self.tally(op, "typed error", "NotCreatedError")
            self.expected.not_created.add(fields["name"])
        except KoreError as exc:
            self.tally(op, "typed error", type(exc).__name__)
            if target is not None:
                self.expected.uncertain.add(target)
        except Exception as exc:  # a bug: the client must turn everything into a KoreError
            self.tally(op, "other error", type(exc).__name__)
            if target is not None:
                self.expected.uncertain.add(target)
        else:
            self.tally(op, "reconciled" if result.reconciled else "succeeded", None)
            self.acknowledge(op, fields, target, result)

    def fields_for(self, op: str, index: int) -> tuple[dict[str, Any] | None, str | None]:
        if op == "contact_list.create":
            return {"name": f"Soak list {index:04d}", "description": f"created at step {index}"}, None
        if op == "contact.update":
            contact_id = self.rng.choice(self.contact_ids)
            if contact_id in self.expected.uncertain:
                return None, None
            return {"contact_id": contact_id, "last_name": f"Step{index}"}, contact_id
        list_id = self.known_list()
        if list_id is None:
            return None, None
        if op == "contact_list.update":
            return {"contact_list_id": list_id, "description": f"updated at step {index}"}, list_id
        if op in ("contact_list.delete", "contact_list.get"):
            return {"contact_list_id": list_id}, list_id if op.endswith("delete") else None
        return {}, None

    def acknowledge(self, op: str, fields: dict[str, Any], target: str | None, result: CallResult) -> None:
        data = result.body.get("data") if isinstance(result.body, dict) else None
        if op == "contact_list.create" and isinstance(data, dict):
            self.expected.lists[str(data["_id"])] = fields["description"]
        elif op == "contact_list.update" and target is not None:
            self.expected.lists[target] = fields["description"]
        elif op == "contact_list.delete" and target is not None:
            self.expected.lists.pop(target, None)
            self.expected.deleted.add(target)
        elif op == "contact_list.get" and isinstance(data, dict):
            if data.get("description") != self.expected.lists.get(fields["contact_list_id"]):
                self.stale_reads += 1
        elif op == "contact.update" and target is not None:
            self.expected.contacts[target] = fields["last_name"]

    def tally(self, op: str, outcome: str, error: str | None) -> None:
        self.outcomes[op][outcome] += 1
        if error:
            self.errors[error] += 1


def missing_writes(store: SandboxStore, expected: Expected) -> list[str]:
    lists, contacts = store.contact_lists, store.contacts
    names = {record["name"] for record in lists.values()}
    problems = [
        f"list {list_id}: acknowledged description {description!r}, stored "
        f"{lists[list_id]['description'] if list_id in lists else 'nothing'}"
        for list_id, description in expected.lists.items()
        if list_id not in expected.uncertain and lists.get(list_id, {}).get("description") != description
    ]
    problems += [
        f"list {list_id}: acknowledged deleted, still there"
        for list_id in expected.deleted
        if list_id in lists
    ]
    problems += [
        f"list {name!r}: reported not created, but there" for name in expected.not_created if name in names
    ]
    problems += [
        f"contact {contact_id}: acknowledged last name {last!r}, stored {contacts[contact_id]['lastName']!r}"
        for contact_id, last in expected.contacts.items()
        if contact_id not in expected.uncertain and contacts[contact_id]["lastName"] != last
    ]
    return problems


async def soak(mode: FailMode, ops: int, rate: float, seed: int) -> tuple[Soak, int, list[str]]:
    config = SandboxConfig(
        fail_rate=rate, fail_mode=mode, random_seed=seed, rate_limit=0, fail_hold_seconds=0, seed=True
    )
    sandbox = EmbeddedSandbox(config)
    transport = CountingTransport(app=sandbox.app)

    async def no_sleep(_: float) -> None:
        await asyncio.sleep(0)

    settings = sandbox.settings(rate_limit_per_minute=0)
    contact_ids = [key for key, contact in sandbox.state.contacts.items() if contact["status"] == "ACTIVE"]
    async with KoreClient(settings, transport=transport, sleep=no_sleep) as kore:
        run = Soak(kore, random.Random(seed), contact_ids)
        for index in range(ops):
            await run.step(index)
    duplicates = sum(count - 1 for count in transport.creates.values() if count > 1)
    return run, duplicates, missing_writes(sandbox.state, run.expected)


def print_mode(mode: str, run: Soak, duplicates: int, missing: list[str]) -> None:
    print(f"\n--fail-mode {mode}")
    print(f"  {'operation':<22}" + "".join(f"{name:>13}" for name in OUTCOMES))
    for op, _ in MIX:
        counts = run.outcomes.get(op, Counter())
        print(f"  {op:<22}" + "".join(f"{counts[name]:>13}" for name in OUTCOMES))
    if run.errors:
        print("  errors: " + ", ".join(f"{name} {count}" for name, count in run.errors.most_common()))
    print(f"  duplicates: {duplicates} (target 0)   missing acknowledged writes: {len(missing)} (target 0)"
          f"   stale reads: {run.stale_reads}")  # fmt: skip
    for problem in missing[:10]:
        print(f"    {problem}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--ops", type=int, default=300)
    parser.add_argument("--rate", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    logging.getLogger("core").setLevel(
        logging.ERROR
    )  # the client narrates every retry; the table says it all
    print(f"{args.ops} operations per mode, {args.rate:.0%} of requests failed, seed {args.seed}")
    totals = Counter[str]()
    for mode in get_args(FailMode):
        run, duplicates, missing = asyncio.run(soak(mode, args.ops, args.rate, args.seed))
        print_mode(mode, run, duplicates, missing)
        totals["duplicates"] += duplicates
        totals["missing"] += len(missing)
        totals["other errors"] += sum(counts["other error"] for counts in run.outcomes.values())
    print(f"\nall modes: duplicates {totals['duplicates']}, missing acknowledged writes {totals['missing']}, "
          f"untyped errors {totals['other errors']}")  # fmt: skip


if __name__ == "__main__":
    main()
