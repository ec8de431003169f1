"""Every limit of core/limits.py, checked on both sides of its boundary, from the table.

For each catalog operation and each of its inputs that a row checks: the value at the limit passes
the client and the sandbox answers 2xx; the value one past it makes the client raise
InvalidInputError naming the field (nothing is sent), and the same value sent raw makes the sandbox
answer 400 naming the row's wire name. A new row used by a model gets these tests by itself;
a new pattern row needs its examples in PATTERN_CASES (a test says so).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from core import InvalidInputError, KoreClient
from core.auth import TokenMinter
from core.errors import KoreAPIError
from core.fields import FieldSpec, fields_of
from core.limits import LIMITS, Limit, limit
from core.operations import OPERATIONS, Operation, get_operation
from core.sandbox.embedded import SANDBOX_HOST, EmbeddedSandbox


@dataclass(frozen=True)
class Examples:
    """Values of a pattern row's field: accepted ones, and refused ones; `with_` holds companion
    inputs the value needs (a phone number is checked together with its country code)."""

    ok: tuple[str, ...]
    bad: tuple[str, ...]
    with_: dict[str, str] = field(default_factory=dict)


PATTERN_CASES: dict[str, Examples] = {
    "contact.cell_phone.phone_number": Examples(
        ok=("1" * 14, "7"), bad=("1" * 16, "12a4", "+14155550123", "415 555"), with_={"country_code": "+1"}
    ),
    "contact.cell_phone.country_code": Examples(
        ok=("+1234", "+1"), bad=("+12345", "91", "+"), with_={"phone_number": "1" * 11}
    ),
    "contact.cell_phone.e164": Examples(ok=("1" * 14,), bad=("1" * 15,), with_={"country_code": "+1"}),
    "campaign.list.type": Examples(ok=("voice", "sms"), bad=("Voice", "email", "voice sms")),
    "campaign.list.filters.status": Examples(ok=("Active", "Rescheduled"), bad=("active", "Running", "")),
    "campaign.list.filters.dialing_mode": Examples(
        ok=("Progressive", "Preview"), bad=("progressive", "Predictive")
    ),
    "contact_list.add_contacts.phone_number": Examples(
        ok=("+14155550123", "+1234567", "+" + "9" * 15),
        bad=("+123456", "+" + "9" * 16, "14155550123", "+04155550123", "+1415555012a"),
    ),
}
"""Rows whose boundary cannot be derived from min and max; keyed by row, used for its field."""


@dataclass(frozen=True)
class Case:
    op_key: str
    spec_name: str
    row_key: str
    value: Any
    companions: dict[str, Any]
    accepted: bool
    through_client: bool = True
    """False for a blank optional field: the client reads a blank as "not given", not as a value."""

    @property
    def id(self) -> str:
        shown = repr(self.value)
        shown = shown if len(shown) <= 24 else f"{shown[:10]}...({len(self.value)} chars)"
        side = "accepted" if self.accepted else "refused"
        return f"{self.op_key}-{self.spec_name}-{self.row_key}-{side}-{shown}"

    @property
    def row(self) -> Limit:
        return limit(self.row_key)

    @property
    def spec(self) -> FieldSpec:
        return next(spec for spec in fields_of(get_operation(self.op_key)) if spec.name == self.spec_name)


def _text_values(row: Limit) -> Iterator[tuple[str, bool]]:
    top = row.max or 0
    yield "x" * top, True
    yield "x" * (top + 1), False
    if row.min:
        yield "x" * row.min, True
        yield " " * row.min if row.trimmed else "x" * (row.min - 1), False
    if row.single_line:
        yield "a\x01b", False
        yield "two\nlines", False


def _integer_values(row: Limit) -> Iterator[tuple[int, bool]]:
    low, high = row.min or 0, row.max or 0
    yield from ((low, True), (high, True), (low - 1, False), (high + 1, False))


def _item_cases(op: Operation, spec: FieldSpec) -> Iterator[Case]:
    """A list field's items, each checked by the item's row: one item at a time, in a list."""
    item = spec.item
    if item is None or "client" not in item.enforced_by:
        return
    examples = PATTERN_CASES.get(item.key)
    if examples is not None:
        values = [(value, True) for value in examples.ok] + [(value, False) for value in examples.bad]
    elif item.kind == "integer":
        values = list(_integer_values(item))
    else:
        return
    for value, ok in values:
        yield Case(op.key, spec.name, item.key, [value], {}, ok)


def _count_cases(op: Operation, spec: FieldSpec) -> Iterator[Case]:
    """A list field's number of items, at its limits and one past them (items valid by their row)."""
    row, item = spec.limit, spec.item
    examples = PATTERN_CASES.get(item.key) if item is not None else None
    if row is None or row.kind != "items" or "client" not in row.enforced_by or row.max is None or not examples:
        return
    one = examples.ok[0]
    yield Case(op.key, spec.name, row.key, [one] * row.max, {}, True)
    yield Case(op.key, spec.name, row.key, [one] * (row.max + 1), {}, False)
    if row.min:
        yield Case(op.key, spec.name, row.key, [one] * row.min, {}, True)
        yield Case(op.key, spec.name, row.key, [one] * (row.min - 1), {}, False)


def _cases_for(op: Operation, spec: FieldSpec) -> Iterator[Case]:
    if spec.kind == "list":
        yield from _item_cases(op, spec)
        yield from _count_cases(op, spec)
        return
    row = spec.limit
    if row is None or "client" not in row.enforced_by:
        return
    rows = [row]
    rows += [other for other in LIMITS if other.kind == "e164" and other.field == spec.name]
    for current in rows:
        examples = PATTERN_CASES.get(current.key)
        if examples is not None:
            for value in examples.ok:
                yield Case(op.key, spec.name, current.key, value, dict(examples.with_), True)
            for value in examples.bad:
                yield Case(op.key, spec.name, current.key, value, dict(examples.with_), False)
        elif current.kind == "text":
            for value, ok in _text_values(current):
                blank = not value.strip() and not spec.required
                yield Case(op.key, spec.name, current.key, value, {}, ok, through_client=not blank)
        elif current.kind == "integer":
            for number, ok in _integer_values(current):
                yield Case(op.key, spec.name, current.key, number, {}, ok)


CASES = [case for op in OPERATIONS for spec in fields_of(op) for case in _cases_for(op, spec)]


def test_every_pattern_row_has_examples() -> None:
    for row in LIMITS:
        if row.kind in ("pattern", "e164") and "client" in row.enforced_by:
            assert row.key in PATTERN_CASES, f"give {row.key} its boundary values in PATTERN_CASES"


def test_every_limit_the_client_enforces_is_exercised() -> None:
    covered = {case.row_key for case in CASES}
    for row in LIMITS:
        if "client" in row.enforced_by and row.kind in ("text", "pattern", "integer", "e164"):
            assert row.key in covered, f"no boundary case reaches {row.key}"


# --- running a case ---------------------------------------------------------------------------------



async def _inputs(kore: KoreClient, op: Operation, case: Case, value: Any) -> dict[str, Any]:
    """Valid inputs for `op` (real ids, the catalog's example for the rest) plus the case."""
    values: dict[str, Any] = {}
    for spec in fields_of(op):
        if spec.name == "contact_list_id":
            lists = (await kore.list_contact_lists()).data
            values[spec.name] = next(item.id for item in lists if not item.is_list_in_use)
        elif spec.name == "contact_list_name":
            values[spec.name] = (await kore.list_contact_lists()).data[0].name
        elif spec.name == "contact_id":
            values[spec.name] = (await kore.list_contacts(limit=1)).results[0].id
        elif spec.name in op.example:
            values[spec.name] = op.example[spec.name]
    return {**values, **case.companions, case.spec_name: value}


def _stand_in(case: Case) -> Any:
    """A value of the case's field that the client accepts, to lay out the raw request around."""
    return next(
        other.value
        for other in CASES
        if other.accepted and other.row_key == case.row_key and other.op_key == case.op_key
    )


def _with_wire_value(prepared: Any, spec: FieldSpec, row: Limit, value: Any) -> Any:
    if spec.location == "query":
        return dataclasses.replace(prepared, params={**prepared.params, row.wire_name: str(value)})
    sent = json.loads(json.dumps(prepared.body or {}))
    if isinstance(sent, list):  # a body that is an array of one object (Create a Contact)
        return dataclasses.replace(prepared, body=[_with_wire_value(
            dataclasses.replace(prepared, body=sent[0]), spec, row, value
        ).body])
    body = sent
    item_wire = spec.item.wire_name if spec.item is not None else ""
    if "[]." in item_wire:  # items that are objects on the wire (`data[].phoneNumber`): one per value
        array, key = item_wire.split("[].")
        body[array] = [{key: item} for item in value]
        return dataclasses.replace(prepared, body=body)
    *parents, leaf = row.wire_name.split(".")
    target = body
    for part in parents:
        target = target.setdefault(part, {})
    target[leaf] = value
    return dataclasses.replace(prepared, body=body)


async def _send_raw(sandbox: EmbeddedSandbox, kore: KoreClient, prepared: Any) -> httpx.Response:
    request = kore.build_request(prepared)
    request.headers["auth"] = TokenMinter(sandbox.settings()).mint()
    transport = httpx.ASGITransport(app=sandbox.app)
    async with httpx.AsyncClient(transport=transport, base_url=SANDBOX_HOST) as http:
        return await http.send(request)


@pytest.mark.parametrize("case", [case for case in CASES if case.accepted], ids=lambda case: case.id)
async def test_the_value_at_the_limit_passes_the_client_and_the_sandbox(
    case: Case, kore: KoreClient, sandbox: EmbeddedSandbox
) -> None:
    op = get_operation(case.op_key)
    inputs = await _inputs(kore, op, case, case.value)
    if "sandbox" not in case.row.enforced_by:
        kore.prepare(op.key, **inputs)  # the client accepts it; the server's answer is another matter
        return
    try:
        result = await kore.execute(op.key, **inputs)
    except KoreAPIError as error:  # pragma: no cover - the failure message is the point
        pytest.fail(f"the sandbox refused a value the table allows: {error}")
    assert 200 <= result.status < 300


@pytest.mark.parametrize("case", [case for case in CASES if not case.accepted], ids=lambda case: case.id)
async def test_the_value_past_the_limit_is_refused_by_the_client_and_the_sandbox(
    case: Case, kore: KoreClient, sandbox: EmbeddedSandbox
) -> None:
    op = get_operation(case.op_key)
    spec = case.spec
    if case.through_client:
        with pytest.raises(InvalidInputError) as caught:
            await kore.call(op.key, **(await _inputs(kore, op, case, case.value)))
        assert caught.value.field.split("[")[0] == spec.name, caught.value  # a list item: phones[0]
    if "sandbox" not in case.row.enforced_by:
        return
    prepared = kore.prepare(op.key, **(await _inputs(kore, op, case, _stand_in(case))))
    response = await _send_raw(sandbox, kore, _with_wire_value(prepared, spec, case.row, case.value))
    assert response.status_code == case.row.status, response.text
    error = response.json()["errors"][0]
    assert error["field"] == case.row.wire_name, error


# --- rules only the sandbox can check ------------------------------------------------------------------


async def test_list_names_are_unique_ignoring_case(kore: KoreClient) -> None:
    row = limit("contact_list.name.unique")
    await kore.create_contact_list("Boundary Names", "")
    await kore.create_contact_list("Boundary Names 2", "")
    with pytest.raises(KoreAPIError) as caught:
        await kore.create_contact_list("boundary NAMES", "")
    assert caught.value.status == row.status and caught.value.field == row.wire_name


async def test_a_number_belongs_to_one_active_contact(kore: KoreClient) -> None:
    row = limit("contact.cell_phone.unique")
    first, second = (await kore.list_contacts(limit=2)).results
    await kore.update_contact(first.id, phone_number="4155550000", country_code="+1")
    await kore.update_contact(second.id, phone_number="4155550001", country_code="+1")
    with pytest.raises(KoreAPIError) as caught:
        await kore.update_contact(second.id, phone_number="4155550000", country_code="+1")
    assert caught.value.status == row.status and caught.value.field == row.wire_name


async def test_a_new_number_is_checked_against_the_stored_country_code(kore: KoreClient) -> None:
    """The client cannot know the stored code; the sandbox adds it and applies E.164."""
    row = limit("contact.cell_phone.e164")
    contact = (await kore.list_contacts(limit=1)).results[0]
    await kore.update_contact(contact.id, phone_number="1" * 12, country_code="+91")
    await kore.update_contact(contact.id, phone_number="2" * 13)
    with pytest.raises(KoreAPIError) as caught:
        await kore.update_contact(contact.id, phone_number="3" * 14)
    assert caught.value.status == 400 and caught.value.field == row.wire_name


def _padded_create_body(size: int) -> bytes:
    body = {"name": "Padded", "description": "", "source": "passiveApi", "padding": ""}
    empty = len(json.dumps(body).encode())
    body["padding"] = "p" * (size - empty)
    encoded = json.dumps(body).encode()
    assert len(encoded) == size
    return encoded


async def test_a_body_at_the_size_limit_is_read_and_one_byte_more_is_refused(
    kore: KoreClient, sandbox: EmbeddedSandbox
) -> None:
    row = limit("request.body")
    assert row.max is not None
    prepared = kore.prepare("contact_list.create", name="Padded", description="")
    for size, status in ((row.max + 1, row.status), (row.max, 200)):
        request = kore.build_request(prepared)
        raw = httpx.Request(
            request.method, request.url, headers=request.headers, content=_padded_create_body(size)
        )
        raw.headers["auth"] = TokenMinter(sandbox.settings()).mint()
        transport = httpx.ASGITransport(app=sandbox.app)
        async with httpx.AsyncClient(transport=transport, base_url=SANDBOX_HOST) as http:
            response = await http.send(raw)
        assert response.status_code == status, (size, response.text[:200])
        if status != 200:
            assert response.json()["errors"][0]["field"] == row.wire_name
