"""Add Contacts in the sandbox: answered at once, applied after the delay, duplicates as the list says."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sandboxkit import LISTS, FakeClock, client_for
from starlette.applications import Starlette
from tokens import headers

from core.operations import get_operation
from core.sandbox.app import create_app
from core.sandbox.config import DEFAULT_ACCOUNT_ID, DEFAULT_APP_ID, SandboxConfig
from core.sandbox.documents import Writer
from core.sandbox.pending import PendingAdds
from core.sandbox.schema import CONTACT_LISTS, PENDING_ADDS
from core.sandbox.store import SandboxStore

ADD = get_operation("contact_list.add_contacts").path.format(app_id=DEFAULT_APP_ID)
DELAY_MS = 500


@pytest.fixture
def wall() -> FakeClock:
    clock = FakeClock()
    clock.now = time.time()  # tokens are minted with the real time; only the clock's moves are faked
    return clock


def make_app(wall: FakeClock, **config: Any) -> Starlette:
    settings = {"rate_limit": 0, "random_seed": 7, "async_delay_ms": DELAY_MS, **config}
    return create_app(SandboxConfig(**settings), wall_clock=wall)


@pytest.fixture
def app(wall: FakeClock) -> Starlette:
    return make_app(wall)


async def add(http: httpx.AsyncClient, name: str, *numbers: str, **extra: Any) -> httpx.Response:
    body = {"contact_list_name": name, "data": [{"phoneNumber": number} for number in numbers], **extra}
    return await http.post(ADD, json=body, headers=headers())


async def create_list(http: httpx.AsyncClient, name: str, *, allow_duplicates: bool) -> str:
    body = {"name": name, "description": "", "source": "passiveApi", "allowDuplicates": allow_duplicates}
    response = await http.post(f"{LISTS}/createContactList", json=body, headers=headers())
    assert response.status_code == 200, response.text
    return str(response.json()["data"]["_id"])


async def count_and_numbers(http: httpx.AsyncClient, list_id: str) -> tuple[int, list[str]]:
    shown = await http.get(f"{LISTS}/{list_id}", headers=headers())
    members = await http.get(f"{LISTS}/{list_id}/getAllContacts?limit=100", headers=headers())
    numbers = [member["phoneNumber"] for member in members.json()["data"]["results"]]
    return int(shown.json()["data"]["totalRecordCount"]), numbers


async def test_the_answer_comes_at_once_and_the_contacts_only_after_the_delay(
    app: Starlette, wall: FakeClock
) -> None:
    async with client_for(app) as http:
        list_id = await create_list(http, "Async adds", allow_duplicates=False)
        response = await add(http, "Async adds", "+14155550123", "+14155550124")
        assert response.status_code == 200
        assert response.json() == {"message": "Adding contacts to public list is in progress"}
        assert await count_and_numbers(http, list_id) == (0, [])
        wall.advance(DELAY_MS / 1000 - 0.01)
        assert await count_and_numbers(http, list_id) == (0, [])
        wall.advance(0.01)
        assert await count_and_numbers(http, list_id) == (2, ["+14155550123", "+14155550124"])


async def test_a_list_without_duplicates_skips_numbers_it_has_and_repeats_in_the_batch(
    app: Starlette, wall: FakeClock
) -> None:
    async with client_for(app) as http:
        list_id = await create_list(http, "No twins", allow_duplicates=False)
        await add(http, "No twins", "+14155550123")
        wall.advance(1)
        await add(http, "no TWINS", "+14155550123", "+14155550124", "+14155550124")
        wall.advance(1)
        assert await count_and_numbers(http, list_id) == (2, ["+14155550123", "+14155550124"])


async def test_a_list_with_duplicates_keeps_every_number(app: Starlette, wall: FakeClock) -> None:
    async with client_for(app) as http:
        list_id = await create_list(http, "Twins welcome", allow_duplicates=True)
        await add(http, "Twins welcome", "+14155550123", "+14155550123")
        wall.advance(1)
        assert await count_and_numbers(http, list_id) == (2, ["+14155550123", "+14155550123"])


async def test_an_unknown_list_name_is_a_404_naming_the_list(app: Starlette) -> None:
    async with client_for(app) as http:
        response = await add(http, "Nobody's list", "+14155550123")
    assert response.status_code == 404
    error = response.json()["errors"][0]
    assert "Nobody's list" in error["msg"] and error["field"] == "contact_list_name"


async def test_more_than_a_thousand_items_is_a_400_and_nothing_is_queued(app: Starlette, wall: FakeClock) -> None:
    numbers = [f"+1415{index:07d}" for index in range(1001)]
    async with client_for(app) as http:
        list_id = await create_list(http, "Too many", allow_duplicates=False)
        response = await add(http, "Too many", *numbers)
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "data"
        assert "1 to 1000 items" in response.json()["errors"][0]["msg"]
        wall.advance(1)
        assert await count_and_numbers(http, list_id) == (0, [])


@pytest.mark.parametrize(
    ("item", "field", "words"),
    [
        ({"phoneNumber": "4155550123"}, "data[].phoneNumber", "data[1].phoneNumber: E.164"),
        ({}, "data[].phoneNumber", "data[1].phoneNumber: E.164"),
        ({"phoneNumber": "+14155550124", "firstName": "x" * 301}, "data[].firstName", "data[1].firstName"),
        ({"phoneNumber": "+14155550124", "uniqueId": None}, "data[].uniqueId", "must be a string"),
        ("+14155550124", "data", "data[1]: must be a JSON object"),
    ],
)
async def test_a_bad_item_is_refused_naming_its_place(
    app: Starlette, item: Any, field: str, words: str
) -> None:
    body = {"contact_list_name": "Welcome Calls - New Signups", "data": [{"phoneNumber": "+14155550123"}, item]}
    async with client_for(app) as http:
        response = await http.post(ADD, json=body, headers=headers())
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == field and words in error["msg"]


async def test_the_mapped_columns_are_accepted(app: Starlette, wall: FakeClock) -> None:
    item = {"phoneNumber": "+14155550123", "firstName": "Ada", "lastName": "L", "timeZone": "America/New_York",
            "uniqueId": "crm-1"}  # fmt: skip
    async with client_for(app) as http:
        list_id = await create_list(http, "With columns", allow_duplicates=False)
        response = await http.post(ADD, json={"contact_list_name": "With columns", "data": [item]}, headers=headers())
        assert response.status_code == 200, response.text
        wall.advance(1)
        assert await count_and_numbers(http, list_id) == (1, ["+14155550123"])


async def test_a_batch_for_a_list_deleted_meanwhile_is_dropped(app: Starlette, wall: FakeClock) -> None:
    async with client_for(app) as http:
        list_id = await create_list(http, "Short-lived", allow_duplicates=False)
        await add(http, "Short-lived", "+14155550123")
        assert (await http.delete(f"{LISTS}/{list_id}", headers=headers())).status_code == 200
        wall.advance(1)
        assert (await http.get(f"{LISTS}/{list_id}", headers=headers())).status_code == 404
        await create_list(http, "Short-lived", allow_duplicates=False)  # a new list of the same name
        lists = (await http.get(f"{LISTS}/getAllListDetails", headers=headers())).json()["data"]
    assert next(item for item in lists if item["name"] == "Short-lived")["totalRecordCount"] == 0


async def test_a_pending_batch_survives_a_restart(tmp_path: Path, wall: FakeClock) -> None:
    state = tmp_path / "sandbox.sqlite3"
    first = make_app(wall, state_file=state)
    async with client_for(first) as http:
        list_id = await create_list(http, "Kept across restarts", allow_duplicates=False)
        assert (await add(http, "Kept across restarts", "+14155550123")).status_code == 200
    first.state.sandbox.close()
    wall.advance(1)
    second = make_app(wall, state_file=state)
    async with client_for(second) as http:
        assert await count_and_numbers(http, list_id) == (1, ["+14155550123"])
    second.state.sandbox.close()


async def test_a_batch_stored_while_its_request_was_cancelled_is_still_applied(
    wall: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client that gives up (Ctrl-C) after the sandbox stored its batch: the batch still arrives,
    as on Kore.ai, so a resume finds it instead of sending it again."""
    store = SandboxStore.open(None, seed=True, account_id=DEFAULT_ACCOUNT_ID, app_id=DEFAULT_APP_ID)
    pending = PendingAdds(store, 0, wall)
    july = store.read_now(lambda reader: next(d for d in reader.find(CONTACT_LISTS) if d["allowDuplicates"]))
    stored, go_on = threading.Event(), threading.Event()
    insert = Writer.insert

    def held_insert(writer: Writer, table: Any, doc: dict[str, Any]) -> None:
        insert(writer, table, doc)
        if table is PENDING_ADDS:
            stored.set()
            go_on.wait(timeout=60)  # the transaction commits once the request is cancelled

    monkeypatch.setattr(Writer, "insert", held_insert)
    request = asyncio.create_task(pending.enqueue(july, [{"phoneNumber": "+14155550199"}]))
    assert await asyncio.to_thread(stored.wait, 60)
    request.cancel()
    with pytest.raises(asyncio.CancelledError):
        await request
    go_on.set()
    await store.write(lambda writer: None)  # after the held transaction: one writer thread
    assert await pending.apply_due() == 1
