"""Bulk update of address-book contacts from a file with an `id` column (`contact.bulk_update`).

Each row is checked like a one-contact Update a Contact (the catalog's own input model, so the
limits are the same as in every form), its phone with phonenumbers, then sent in batches; the
answer's failed records are reported against the rows they came from. Empty cells mean
"unchanged": an update is partial. Updates are idempotent, so a stopped run is simply run again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import phonenumbers
import pydantic

from core.bulk.checking import Reason, parse_number
from core.bulk.columns import COUNTRY_CODE_NAMES, PHONE_NAMES, normalise
from core.bulk.errors import BulkError, InputFileError
from core.bulk.reading import Row, Table, read_table

UPDATE = "contact.bulk_update"
ID_NAMES = ("id", "contactid", "_id")
FIELDS = {
    "first_name": ("firstname", "first", "givenname"),
    "last_name": ("lastname", "last", "surname", "familyname"),
    "salutation": ("salutation", "title"),
    "extension": ("cellphoneextension", "extension", "ext"),
}


def _update_batch() -> int:
    """The most contacts one Update Bulk Contacts takes: the limits table's row once it has one."""
    from core.limits import limit

    try:
        return limit("contact.bulk_update.items").max or 100
    except KeyError:
        return 100


DEFAULT_UPDATE_BATCH = _update_batch()


@dataclass(frozen=True)
class UpdateProblem:
    row: int
    contact_id: str
    reason: str

    def describe(self) -> str:
        return f"row {self.row}: {self.contact_id or '(no id)'}: {self.reason}"


@dataclass
class UpdatePlan:
    """Rows ready to send (by contact id) and rows that will not be, with why."""

    table: Table
    items: list[dict[str, Any]] = field(default_factory=list)
    rows_by_id: dict[str, int] = field(default_factory=dict)
    problems: list[UpdateProblem] = field(default_factory=list)


@dataclass
class UpdateOutcome:
    """What Kore.ai answered: contacts updated, and per-row failures with Kore.ai's reason."""

    requested: int = 0
    updated: int = 0
    failed: list[UpdateProblem] = field(default_factory=list)


class ContactGateway(Protocol):
    async def bulk_update(self, items: list[dict[str, Any]]) -> list[tuple[str, str]]:
        """Send one batch; returns (contact id, reason) for each item Kore.ai did not update."""
        ...


def _find(columns: Sequence[str], names: Sequence[str]) -> str | None:
    by_name = {normalise(column): column for column in reversed(columns)}
    return next((by_name[name] for name in names if name in by_name), None)


def _phone_parts(row: Row, phone: str | None, code: str | None, region: str) -> dict[str, str] | str:
    """The cell phone as Kore.ai stores it (country code `+cc`, national digits), or why not."""
    raw = row.cells.get(phone or "", "").strip()
    if not raw:
        return {}
    prefix = row.cells.get(code or "", "").strip().lstrip("+")
    text = f"+{prefix} {raw}" if prefix.isdigit() and not raw.startswith("+") else raw
    parsed = parse_number(text, region)
    if isinstance(parsed, Reason):
        return f"phone {raw!r}: {parsed.text}"
    number = parsed[0]
    return {
        "phone_number": phonenumbers.national_significant_number(number),
        "country_code": f"+{number.country_code}",
    }


def _row_item(row: Row, columns: dict[str, str | None], region: str) -> dict[str, Any] | str:
    """The validated update of one row (wire names, `id` first), or the reason it is refused."""
    from core.fields import field_errors
    from core.models import UpdateContactInput

    contact_id = row.cells.get(columns["id"] or "", "").strip()
    values: dict[str, Any] = {"contact_id": contact_id}
    for name in ("first_name", "last_name", "salutation"):
        value = row.cells.get(columns[name] or "", "").strip()
        if value:
            values[name] = value
    phone = _phone_parts(row, columns["phone"], columns["country_code"], region)
    if isinstance(phone, str):
        return phone
    extension = row.cells.get(columns["extension"] or "", "").strip()
    if extension:
        phone["extension"] = extension
    if phone:
        values["cell_phone"] = phone
    try:
        model = UpdateContactInput.model_validate(values)
    except pydantic.ValidationError as exc:
        name, message = next(iter(field_errors(exc).items()))
        name = "id" if name == "contact_id" else name
        return f"{name}: {message}" if name else message
    dumped = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    dumped.pop("contactId", None)
    return {"id": contact_id, **dumped}


def plan_update(path: Path, *, region: str = "US", encoding: str | None = None) -> UpdatePlan:
    """Read and check the file (no network); InputFileError when it has no `id` column."""
    table = read_table(path, encoding=encoding)
    cols = table.columns
    id_column = _find(cols, ID_NAMES)
    if id_column is None:
        raise InputFileError(
            f"{table.source} has no id column; bulk update needs the contact ids in a column named id"
        )
    columns: dict[str, str | None] = {"id": id_column, "phone": _find(cols, PHONE_NAMES)}
    columns["country_code"] = _find(cols, COUNTRY_CODE_NAMES)
    columns.update({name: _find(cols, names) for name, names in FIELDS.items()})
    plan = UpdatePlan(table)
    for row in table.rows:
        contact_id = row.cells.get(id_column, "").strip()
        item = _row_item(row, columns, region)
        if isinstance(item, str):
            plan.problems.append(UpdateProblem(row.number, contact_id, item))
        elif contact_id in plan.rows_by_id:
            earlier = plan.rows_by_id[contact_id]
            plan.problems.append(UpdateProblem(row.number, contact_id, f"duplicate of row {earlier}"))
        else:
            plan.rows_by_id[contact_id] = row.number
            plan.items.append(item)
    return plan


async def send_update(
    plan: UpdatePlan,
    gateway: ContactGateway,
    *,
    batch_size: int = DEFAULT_UPDATE_BATCH,
    on_batch: Callable[[int, int], None] | None = None,
) -> UpdateOutcome:
    """Send the plan in batches; each failed record is reported against its row."""
    outcome = UpdateOutcome(requested=len(plan.items))
    for start in range(0, len(plan.items), batch_size):
        batch = plan.items[start : start + batch_size]
        failures = await gateway.bulk_update(batch)
        failed_ids = set()
        for contact_id, reason in failures:
            failed_ids.add(contact_id)
            outcome.failed.append(UpdateProblem(plan.rows_by_id.get(contact_id, 0), contact_id, reason))
        outcome.updated += len(batch) - len(failed_ids)
        if on_batch is not None:
            on_batch(start + len(batch), len(plan.items))
    outcome.failed.sort(key=lambda problem: problem.row)
    return outcome


class KoreContactGateway:
    """`ContactGateway` over `KoreClient.execute("contact.bulk_update", ...)`."""

    def __init__(self, client: Any) -> None:
        self.client = client

    async def bulk_update(self, items: list[dict[str, Any]]) -> list[tuple[str, str]]:
        from core.operations import CATALOG

        op = CATALOG.get(UPDATE)
        if op is None:
            raise BulkError("this build has no bulk-update operation yet; only --dry-run works")
        field_name = next(iter(op.input_model.model_fields))
        result = await self.client.execute(UPDATE, **{field_name: items})
        return failures_of(result.body, items)


def failures_of(body: Any, items: Sequence[dict[str, Any]] = ()) -> list[tuple[str, str]]:
    """(id, reason) of each failed record of `{totalRequested, successful, failed, failedRecords}`.

    A failed record names its contact by `id`, or by `index` in the request; its reason is `msg`
    (with the `field` it is about), as decided for the bulk results.
    """
    records = body.get("failedRecords", []) if isinstance(body, dict) else []
    found = []
    for record in records:
        if not isinstance(record, dict):
            continue
        contact_id = record.get("id")
        index = record.get("index")
        if not contact_id and isinstance(index, int) and 0 <= index < len(items):
            contact_id = items[index].get("id")
        reason = str(record.get("msg") or record.get("reason") or record.get("message") or "not updated")
        field_name = record.get("field")
        if field_name and str(field_name) not in reason:
            reason = f"{field_name}: {reason}"
        found.append((str(contact_id or ""), reason))
    return found
