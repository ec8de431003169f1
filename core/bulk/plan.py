"""The dry run: read the file, check every row, and compare with the list and the DNC lists.

Everything that can stop a job is found here, before the first add-contacts request: a bad file
is found before any request at all, an unknown list or DNC list before anything is sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from core.bulk.checking import Checked, Contact, Problem, Reason, check_region, check_rows, normalise_stored
from core.bulk.columns import ColumnMap, map_columns
from core.bulk.errors import InputFileError
from core.bulk.lists import PAGE_SIZE, ListGateway, ListInfo, find_list, require_list
from core.bulk.reading import Table, read_table
from core.limits import limit

_BATCH = limit("contact_list.add_contacts.data")
DEFAULT_BATCH_SIZE = _BATCH.default or 1
MAX_BATCH_SIZE = _BATCH.max or 1

Narrate = Callable[[str], None]
Loaded = tuple[Table, ColumnMap, Checked]


@dataclass(frozen=True)
class ImportOptions:
    """What the user asked for: the file, the list and how to read and check the rows."""

    file: Path
    list_name: str
    region: str = "US"
    dnc: tuple[str, ...] = ()
    phone_column: str | None = None
    encoding: str | None = None
    batch_size: int = DEFAULT_BATCH_SIZE
    create: bool = False

    def checked(self) -> ImportOptions:
        """The options with the region normalised; InputFileError for a bad region or batch size."""
        if not 1 <= self.batch_size <= MAX_BATCH_SIZE:
            raise InputFileError(f"the batch size must be 1 to {MAX_BATCH_SIZE} (Kore.ai takes at most that)")
        if not self.list_name.strip():
            raise InputFileError("give the contact list to import into")
        if self.create:
            _check_new_list_name(self.list_name.strip())
        return ImportOptions(
            self.file,
            self.list_name.strip(),
            check_region(self.region),
            tuple(self.dnc),
            self.phone_column,
            self.encoding,
            self.batch_size,
            self.create,
        )


def _check_new_list_name(name: str) -> None:
    """InputFileError when Kore.ai would refuse `name` for a new list (too long, several lines), so
    `--create` says so at the dry run, not after the confirmation."""
    import pydantic

    from core.fields import input_errors, validate_flat
    from core.operations import get_operation

    try:
        validate_flat(get_operation("contact_list.create"), {"name": name, "description": ""})
    except pydantic.ValidationError as exc:
        for problem in input_errors(exc):
            if problem.name == "name":
                message = f"a new list's name must be {problem.message}; change the name"
                raise InputFileError(message) from None


@dataclass
class Plan:
    """The dry-run result: what would be sent and why every other row would not."""

    options: ImportOptions
    table: Table
    columns: ColumnMap
    checked: Checked
    target: ListInfo | None
    """The list, or None when it does not exist yet and will be created (--create)."""
    list_count: int = 0
    to_send: list[Contact] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def list_name(self) -> str:
        return self.target.name if self.target else self.options.list_name

    def count(self, reason: Reason) -> int:
        return sum(1 for problem in self.problems if problem.reason is reason)


@contextlib.contextmanager
def _bulk_allocation() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file becomes rows and contacts.

    Hundreds of thousands of small objects that form no cycles would otherwise trigger repeated
    collections that find nothing to free (about 5% of a large dry run).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_file(options: ImportOptions) -> Loaded:
    """Read and check the file (no network); InputFileError says what to fix."""
    with _bulk_allocation():
        table = read_table(options.file, encoding=options.encoding)
        columns = map_columns(table.columns, phone_column=options.phone_column, source=table.source)
        checked = check_rows(table.rows, columns, options.region)
    if (
        not checked.contacts
        and checked.problems
        and all(p.reason is Reason.MISSING for p in checked.problems)
    ):
        raise InputFileError(
            f"column {columns.phone!r} of {table.source} is empty in every row; "
            "choose the phone column (--phone-column)"
        )
    return table, columns, checked


async def existing_numbers(
    gateway: ListGateway, info: ListInfo, region: str, narrate: Narrate | None = None
) -> set[str]:
    """The list's numbers in E.164 (all pages)."""

    pages = 0

    def on_page(done: int, total: int) -> None:
        nonlocal pages
        pages += 1
        if narrate is not None and total > PAGE_SIZE and (done >= total or pages % 10 == 0):
            narrate(f"reading {info.name!r}: {done:,} of {total:,} contacts")

    records = await gateway.contacts(info.id, on_page)
    numbers: set[str] = set()
    for record in records:
        phone = normalise_stored(record.phone_number or "", region)
        if phone:
            numbers.add(phone)
    return numbers


async def plan_import(
    options: ImportOptions,
    gateway: ListGateway,
    narrate: Narrate | None = None,
    *,
    loaded: Loaded | None = None,
) -> Plan:
    """Read, check and compare (`loaded`: the file already read by `load_file`); nothing is written."""
    options = options.checked()
    if loaded is None:
        loaded = await asyncio.to_thread(load_file, options)
    table, columns, checked = loaded
    lists = await gateway.lists()
    flag = "check the name, or let the import create it (--create)" if not options.create else ""
    target = find_list(lists, options.list_name)
    if target is None and not options.create:
        require_list(lists, options.list_name, flag=flag)
    dnc_lists = [require_list(lists, name, flag="check the DNC list name") for name in options.dnc]
    plan = Plan(options, table, columns, checked, target, problems=list(checked.problems))
    present: set[str] = set()
    if target is not None:
        present = await existing_numbers(gateway, target, options.region, narrate)
        plan.list_count = target.total
    blocked: set[str] = set()
    for dnc in dnc_lists:
        blocked |= await existing_numbers(gateway, dnc, options.region, narrate)
    for contact in checked.contacts:
        if contact.phone in present:
            plan.problems.append(Problem(contact.row, contact.phone, Reason.ALREADY_IN_LIST))
        elif contact.phone in blocked:
            plan.problems.append(Problem(contact.row, contact.phone, Reason.ON_DNC))
        else:
            plan.to_send.append(contact)
    plan.problems.sort(key=lambda problem: problem.row)
    return plan
