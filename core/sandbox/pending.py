"""Add Contacts batches waiting to be applied, as the real service applies them: some time after it answered.

A batch is stored (in the SQLite file, so a restart keeps it) with the moment it becomes due, and applied
by the first request that arrives after that moment, before the request is handled. No background task
is needed, so an in-process sandbox (tests, `koretui --sandbox`) behaves exactly like a served one, and a
test controls the moment with the sandbox's wall clock.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable

from core.sandbox.documents import Reader, Writer
from core.sandbox.records import Record, iso_timestamp, new_list_contact, new_list_contact_id
from core.sandbox.schema import CONTACT_LISTS, LIST_CONTACTS, PENDING_ADDS
from core.sandbox.store import SandboxStore


class PendingAdds:
    """The queue of accepted batches; `apply_due()` runs every batch whose moment has come."""

    def __init__(self, store: SandboxStore, delay_ms: int, wall_clock: Callable[[], float]) -> None:
        self.store = store
        self.delay = max(delay_ms, 0) / 1000
        self.wall_clock = wall_clock
        self._next_due = store.read_now(_earliest)

    async def enqueue(self, contact_list: Record, items: list[dict[str, str]]) -> None:
        """Keep `items` for `contact_list` until the delay has passed (committed before the answer)."""
        due = self.wall_clock() + self.delay
        doc = {"id": str(uuid.uuid4()), "listId": contact_list["_id"], "items": items, "due": due}
        # Before the write: a request cancelled while its transaction commits (a client's Ctrl-C)
        # must not leave a stored batch that no moment ever applies. Too early is harmless.
        self._next_due = min(self._next_due, due)
        await self.store.write(lambda writer: writer.insert(PENDING_ADDS, doc))

    async def apply_due(self) -> int:
        """Apply every batch that is due; returns how many contacts were added."""
        now = self.wall_clock()
        if now < self._next_due:
            return 0
        added, self._next_due = await self.store.write(lambda writer: _apply(writer, now))
        return added


def _earliest(reader: Reader) -> float:
    row = reader.connection.execute(f"SELECT MIN(due) FROM {PENDING_ADDS.name}").fetchone()
    return math.inf if row is None or row[0] is None else float(row[0])


def _apply(writer: Writer, now: float) -> tuple[int, float]:
    added = 0
    for batch in writer.find(PENDING_ADDS, "due <= ?", (now,), order="due, seq"):
        added += _apply_batch(writer, batch, iso_timestamp(now))
        writer.delete(PENDING_ADDS, str(batch["id"]))
    return added, _earliest(writer)


def _apply_batch(writer: Writer, batch: Record, timestamp: str) -> int:
    """Add the batch's numbers to its list (if the list still exists), honouring allowDuplicates."""
    contact_list = writer.get(CONTACT_LISTS, str(batch["listId"]))
    if contact_list is None:
        return 0  # deleted meanwhile: the service has nothing to add them to
    list_id = str(contact_list["_id"])
    allow_duplicates = bool(contact_list.get("allowDuplicates"))
    present: set[str] = set()
    if not allow_duplicates:
        members = writer.find(LIST_CONTACTS, "list_id = ?", (list_id,))
        present = {_digits(str(member.get("phoneNumber", ""))) for member in members}
    added = 0
    for item in batch["items"]:
        number = str(item["phoneNumber"])
        if not allow_duplicates and _digits(number) in present:
            continue
        present.add(_digits(number))
        member = new_list_contact(contact_id=new_list_contact_id(), phone_number=number, timestamp=timestamp)
        writer.insert(LIST_CONTACTS, {**member, "listId": list_id})
        added += 1
    if added:
        contact_list["totalRecordCount"] = int(contact_list.get("totalRecordCount", 0)) + added
        contact_list["updatedAt"] = timestamp
        writer.put(CONTACT_LISTS, contact_list)
    return added


def _digits(number: str) -> str:
    """Seeded and older numbers are stored without the `+`; both spellings are one number."""
    return number.lstrip("+")
