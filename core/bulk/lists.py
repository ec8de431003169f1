"""What the bulk engine needs from Kore.ai, as one small interface, and its KoreClient version.

The engine only ever finds lists, reads a list's contacts (all pages), counts them and sends one
batch of add-contacts; keeping that behind `ListGateway` lets tests drive the engine with an
in-memory list and lets every front end share one implementation over `KoreClient`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from core.bulk.errors import UnknownListError
from core.limits import limit
from core.models import ListContact

if TYPE_CHECKING:
    from core.client import KoreClient
    from core.pacing import OnWait

PAGE_SIZE = limit("contact_list.contacts.limit").max or 1  # the largest page it serves
ADD_CONTACTS = "contact_list.add_contacts"

PageCallback = Callable[[int, int], None]
"""Called after each page read with (contacts read so far, total)."""


@dataclass(frozen=True)
class ListInfo:
    """The facts about a contact list a bulk job needs."""

    id: str
    name: str
    total: int = 0
    allow_duplicates: bool | None = None


class ListGateway(Protocol):
    """Reads and writes of contact lists, as the bulk engine uses them."""

    async def lists(self) -> list[ListInfo]: ...

    async def create_list(self, name: str, description: str) -> ListInfo: ...

    async def count(self, list_id: str) -> int: ...

    async def contacts(self, list_id: str, on_page: PageCallback | None = None) -> list[ListContact]: ...

    async def add_batch(self, list_name: str, items: list[dict[str, str]]) -> None: ...


# A gateway may also offer `async estimate_wait(requests) -> float` (seconds before the
# `requests`-th request from now could go, the account's budget); progress then says how long
# the budget makes the rest take. KoreListGateway does; wrappers may pass it through.


def find_list(lists: list[ListInfo], name: str) -> ListInfo | None:
    """The list called `name` (names are unique regardless of case)."""
    wanted = name.strip().lower()
    return next((info for info in lists if info.name.strip().lower() == wanted), None)


def require_list(lists: list[ListInfo], name: str, *, flag: str = "") -> ListInfo:
    """The list called `name`, or UnknownListError naming the lists there are."""
    found = find_list(lists, name)
    if found is None:
        names = ", ".join(repr(info.name) for info in lists[:8]) or "none"
        more = f" and {len(lists) - 8} more" if len(lists) > 8 else ""
        hint = f"; {flag}" if flag else ""
        raise UnknownListError(f"no contact list named {name!r} (lists: {names}{more}){hint}")
    return found


class KoreListGateway:
    """`ListGateway` over `KoreClient`: every request is paced and retried by the client.

    `on_wait` hears of every pause over a second (the rate limit, a retry), so a long job can say
    "waiting 12 s for the Kore.ai rate limit" instead of looking stuck.
    """

    def __init__(self, client: KoreClient, *, on_wait: OnWait | None = None) -> None:
        self.client = client
        self.on_wait = on_wait

    async def _call(self, op_key: str, **fields: Any) -> Any:
        return (await self.client.execute(op_key, on_wait=self.on_wait, **fields)).model

    async def lists(self) -> list[ListInfo]:
        envelope = await self._call("contact_list.list")
        return [_info(record) for record in envelope.data]

    async def create_list(self, name: str, description: str) -> ListInfo:
        envelope = await self._call("contact_list.create", name=name, description=description)
        return _info(envelope.data)

    async def count(self, list_id: str) -> int:
        envelope = await self._call("contact_list.get", contact_list_id=list_id)
        return int(envelope.data.total_record_count)

    async def contacts(self, list_id: str, on_page: PageCallback | None = None) -> list[ListContact]:
        found: list[ListContact] = []
        skip = 0
        while True:
            envelope = await self._call(
                "contact_list.contacts", contact_list_id=list_id, skip=skip, limit=PAGE_SIZE
            )
            page = envelope.data
            found.extend(page.results)
            if on_page is not None:
                on_page(len(found), max(page.total_results, len(found)))
            if not page.has_more or not page.results:
                return found
            skip += len(page.results)

    async def add_batch(self, list_name: str, items: list[dict[str, str]]) -> None:
        await self._call(ADD_CONTACTS, **add_contacts_fields(list_name, items))

    async def estimate_wait(self, requests: int) -> float:
        return await self.client.estimate_wait(requests)


def add_contacts_fields(list_name: str, items: list[dict[str, str]]) -> dict[str, Any]:
    """The catalog inputs of one add-contacts batch, found by the documented wire names.

    The body is `{"contact_list_name": ..., "data": [...]}` (§6.7); the input model's field names
    are the catalog's business, so they are looked up by alias rather than restated here.
    """
    from core.operations import CATALOG

    op = CATALOG.get(ADD_CONTACTS)
    if op is None:
        from core.bulk.errors import BulkError

        raise BulkError("this build has no add-contacts operation yet; only --dry-run works")
    by_wire = {(info.alias or name): name for name, info in op.input_model.model_fields.items()}
    return {
        by_wire.get("contact_list_name", "contact_list_name"): list_name,
        by_wire.get("data", "data"): items,
    }


def _info(record: Any) -> ListInfo:
    return ListInfo(
        id=record.id,
        name=record.name,
        total=record.total_record_count,
        allow_duplicates=record.allow_duplicates,
    )
