"""Add Contacts through the client: item-by-item checks, batches, and the add-then-wait helper."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from core import InvalidInputError, KoreClient, NotFoundError
from core.adding import AddedContacts, batches_of
from core.models_add_contacts import AddContactsAccepted
from core.sandbox.app import create_app
from core.sandbox.config import SandboxConfig
from core.sandbox.embedded import EmbeddedSandbox

IN_PROGRESS = "Adding contacts to public list is in progress"


class Clock:
    """The sandbox's wall clock and the helper's clock; `sleep` moves it instead of waiting."""

    def __init__(self) -> None:
        self.now = time.time()
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


def sandbox_with(clock: Clock, delay_ms: int) -> EmbeddedSandbox:
    sandbox = EmbeddedSandbox(SandboxConfig(rate_limit=0, async_delay_ms=delay_ms))
    sandbox.app = create_app(sandbox.config, wall_clock=clock)
    return sandbox


@pytest.fixture
async def kore(clock: Clock) -> AsyncIterator[KoreClient]:
    sandbox = sandbox_with(clock, 2000)
    transport = httpx.ASGITransport(app=sandbox.app)
    async with KoreClient(sandbox.settings(add_contacts_batch_size=2), transport=transport, sleep=clock.sleep) as client:
        yield client


async def new_list(kore: KoreClient, name: str, *, allow_duplicates: bool = False) -> str:
    return (await kore.create_contact_list(name, "", allow_duplicates=allow_duplicates)).data.id


async def test_numbers_typed_as_text_become_items_in_e164(kore: KoreClient) -> None:
    prepared = kore.prepare("contact_list.add_contacts", contact_list_name="July", phones="+14155550123,\n +14155550124")
    assert prepared.body == {
        "contact_list_name": "July",
        "data": [{"phoneNumber": "+14155550123"}, {"phoneNumber": "+14155550124"}],
    }
    assert prepared.path.startswith("/api/1.1/public/st-") and prepared.headers["iid"]


async def test_whole_items_keep_their_mapped_columns(kore: KoreClient) -> None:
    item = {"phoneNumber": "+14155550123", "firstName": "Ada", "timeZone": "Europe/London"}
    prepared = kore.prepare("contact_list.add_contacts", contact_list_name="July", phones=[item])
    assert prepared.body == {"contact_list_name": "July", "data": [item]}


async def test_a_bad_number_is_refused_before_sending_naming_the_item(kore: KoreClient) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await kore.call("contact_list.add_contacts", contact_list_name="July", phones="+14155550123 4155550124")
    assert caught.value.field == "phones[1]"
    assert 'E.164' in str(caught.value) and '(got "4155550124")' in str(caught.value)


async def test_an_unknown_list_name_is_not_found(kore: KoreClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        await kore.add_contacts("Nobody's list", ["+14155550123"])
    assert "Nobody's list" in str(caught.value)


def test_batches_are_cut_at_the_batch_size() -> None:
    assert batches_of(["a", "b", "c", "d", "e"], 2) == [["a", "b"], ["c", "d"], ["e"]]
    assert batches_of([], 500) == []


async def test_add_contacts_sends_one_request_per_batch_of_the_configured_size(
    kore: KoreClient, clock: Clock
) -> None:
    list_id = await new_list(kore, "Batched")
    posts: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        if request.method == "POST":
            posts.append(request)

    kore._http.event_hooks["request"].append(record)  # the requests as sent, one per batch
    answer = await kore.add_contacts("Batched", [f"+1415555012{digit}" for digit in range(5)])
    assert isinstance(answer, AddContactsAccepted) and answer.message == IN_PROGRESS
    assert [len(json.loads(request.content)["data"]) for request in posts] == [2, 2, 1]
    assert (await kore.get_contact_list(list_id)).data.total_record_count == 0  # not yet: asynchronous
    clock.now += 2
    assert (await kore.get_contact_list(list_id)).data.total_record_count == 5


async def test_add_and_wait_polls_until_every_number_arrived(kore: KoreClient, clock: Clock) -> None:
    list_id = await new_list(kore, "Waited for")
    result = await kore.add_contacts_and_wait("waited FOR", ["+14155550123", "+14155550124", "+14155550125"])
    assert result == AddedContacts("waited FOR", list_id, 3, 2, 0, 3, complete=True, timed_out=False)
    assert result.added == 3 and result.summary() == "Added 3 of 3 contacts to waited FOR (now 3)."
    assert clock.sleeps and all(pause == 1 for pause in clock.sleeps)  # paced polling, no busy loop


async def test_add_and_wait_says_when_numbers_were_already_in_the_list(kore: KoreClient, clock: Clock) -> None:
    await new_list(kore, "Has one")
    await kore.add_contacts_and_wait("Has one", ["+14155550123"])
    result = await kore.add_contacts_and_wait("Has one", ["+14155550123", "+14155550124"])
    assert (result.before, result.after, result.added, result.complete, result.timed_out) == (1, 2, 1, False, False)
    assert "already in the list" in result.summary()


async def test_add_and_wait_gives_up_at_the_timeout(clock: Clock) -> None:
    sandbox = sandbox_with(clock, 10 * 60 * 1000)  # applied in ten minutes
    transport = httpx.ASGITransport(app=sandbox.app)
    async with KoreClient(sandbox.settings(), transport=transport, sleep=clock.sleep) as kore:
        await new_list(kore, "Slow one")
        result = await kore.add_contacts_and_wait("Slow one", ["+14155550123"], timeout=5)
    assert (result.added, result.complete, result.timed_out) == (0, False, True)
    assert "had not arrived" in result.summary()
    assert sum(clock.sleeps) == pytest.approx(5)


def test_the_batch_size_setting_is_bounded_by_the_limits_row() -> None:
    sandbox = EmbeddedSandbox(SandboxConfig(rate_limit=0))
    assert sandbox.settings().add_contacts_batch_size == 500
    with pytest.raises(Exception, match="1000"):
        sandbox.settings(add_contacts_batch_size=1001)


async def test_every_call_of_the_helper_goes_through_the_pacer(clock: Clock) -> None:
    sandbox = sandbox_with(clock, 0)
    seen: list[str] = []

    class CountingPacer:
        def slot(self, on_wait: Any, *, operation: str) -> Any:
            seen.append(operation)
            from contextlib import asynccontextmanager

            @asynccontextmanager
            async def nothing() -> AsyncIterator[None]:
                yield

            return nothing()

    transport = httpx.ASGITransport(app=sandbox.app)
    pacer: Any = CountingPacer()
    async with KoreClient(sandbox.settings(), transport=transport, pacer=pacer, sleep=clock.sleep) as kore:
        await kore.add_contacts_and_wait("Welcome Calls - New Signups", ["+14155550199"])
    assert seen[0] == "GET contact lists"
    assert any(name.startswith("POST contacts to contact list") for name in seen)
    assert seen[-1].startswith("GET contact list cl-")
