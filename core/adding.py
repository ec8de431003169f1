"""Add contacts to a list and wait until they are there: Add Contacts only queues them (§6.7).

Kore.ai answers Add Contacts at once and applies the numbers later, so "sent" is not "added". The
helper sends in batches (settings.add_contacts_batch_size, 500 by default), then reads the list
(every read paced like any call) until its count reaches what was sent, stops growing, or the
timeout passes, and says how many arrived. Numbers already in a list that allows no duplicates are
skipped by Kore.ai, so fewer may arrive than were sent.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.models_add_contacts import AddContactsAccepted

if TYPE_CHECKING:
    from core.client import KoreClient
    from core.pacing import OnWait

Phone = str | dict[str, Any]
"""A number in E.164, or a whole item (`{"phoneNumber": ..., "firstName": ...}`)."""


@dataclass(frozen=True)
class AddedContacts:
    """What `add_contacts_and_wait` saw: how many were sent and how many arrived in the list."""

    list_name: str
    list_id: str | None
    sent: int
    batches: int
    before: int | None
    after: int | None
    complete: bool
    """The list grew by everything sent."""
    timed_out: bool
    """The wait ended at the timeout while the list was still short of what was sent."""

    @property
    def added(self) -> int:
        """How many contacts the list gained while we watched (0 when it could not be read)."""
        if self.before is None or self.after is None:
            return 0
        return max(self.after - self.before, 0)

    def summary(self) -> str:
        """One line: `Added 2 of 2 contacts to Renewal Due (now 14).`"""
        line = f"Added {self.added} of {self.sent} contacts to {self.list_name}"
        if self.after is not None:
            line += f" (now {self.after})"
        if self.complete:
            return line + "."
        if self.timed_out:
            return line + "; the rest had not arrived when the wait ended (they may still come)."
        return line + "; the others were already in the list or were skipped by Kore.ai."


def batches_of(phones: Sequence[Phone], size: int) -> list[list[Phone]]:
    """`phones` cut into requests of at most `size` items."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    return [list(phones[start : start + size]) for start in range(0, len(phones), size)]


async def send_batches(
    client: KoreClient,
    contact_list_name: str,
    phones: Sequence[Phone],
    *,
    batch_size: int | None = None,
    on_wait: OnWait | None = None,
) -> list[AddContactsAccepted]:
    """One Add Contacts request per batch, in order; stops at the first error (earlier ones stay sent)."""
    size = batch_size or client.settings.add_contacts_batch_size
    answers: list[AddContactsAccepted] = []
    for batch in batches_of(phones, size):
        result = await client.execute(
            "contact_list.add_contacts", on_wait=on_wait, contact_list_name=contact_list_name, phones=batch
        )
        assert isinstance(result.model, AddContactsAccepted)
        answers.append(result.model)
    return answers


async def add_contacts_and_wait(
    client: KoreClient,
    contact_list_name: str,
    phones: Sequence[Phone],
    *,
    timeout: float = 60.0,
    poll_every: float = 1.0,
    batch_size: int | None = None,
    on_wait: OnWait | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> AddedContacts:
    """Send `phones` to the list named `contact_list_name`, then wait for them (see the module)."""
    found = await _find_list(client, contact_list_name, on_wait)
    list_id, before = found if found is not None else (None, None)
    answers = await send_batches(client, contact_list_name, phones, batch_size=batch_size, on_wait=on_wait)
    sent = len(phones)
    if list_id is None or before is None:
        return AddedContacts(contact_list_name, None, sent, len(answers), None, None, False, False)
    pause = sleep or asyncio.sleep
    deadline = clock() + timeout
    polls_left = math.floor(timeout / poll_every) + 1  # one now, one per pause; bounds a simulated wait
    target = before + sent
    previous = before
    while True:
        after = await _count(client, list_id, on_wait)
        polls_left -= 1
        complete = after >= target
        settled = previous != before and after == previous
        if complete or settled or polls_left <= 0 or clock() >= deadline:
            return AddedContacts(
                contact_list_name, list_id, sent, len(answers), before, after, complete,
                timed_out=not (complete or settled),
            )
        previous = after
        await pause(poll_every)


async def _find_list(client: KoreClient, name: str, on_wait: OnWait | None) -> tuple[str, int] | None:
    """The id and record count of the list called `name` (names are unique ignoring case)."""
    result = await client.execute("contact_list.list", on_wait=on_wait)
    wanted = name.strip().lower()
    for record in result.records:
        if str(getattr(record, "name", "")).strip().lower() == wanted:
            return str(getattr(record, "id", "")), int(getattr(record, "total_record_count", 0))
    return None


async def _count(client: KoreClient, list_id: str, on_wait: OnWait | None) -> int:
    result = await client.execute("contact_list.get", on_wait=on_wait, contact_list_id=list_id)
    return int(getattr(result.records[0], "total_record_count", 0)) if result.records else 0
