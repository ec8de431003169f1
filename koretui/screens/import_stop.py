"""Stopping an import cleanly although the engine keeps up to three batches in flight.

After Escape, `StoppableGateway` lets the batches already being sent finish (a request is never
cut off) and holds back any new one before it reaches Kore.ai. Once every batch that went out is
acknowledged in the journal, `clean_stop` is true and the screen's progress callback stops the run;
the held-back batches were never sent, so their rows go back to `pending` (`release_unsent`) and
a resume needs no settling for them.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.bulk.journal import Journal
    from core.bulk.lists import KoreListGateway, ListInfo, PageCallback
    from core.bulk.sending import Progress
    from core.models import ListContact


class StoppableGateway:
    """The engine's `ListGateway` around `KoreListGateway`, with a stop that never cuts a request."""

    def __init__(self, inner: KoreListGateway) -> None:
        self.inner = inner
        self.stopping = False
        self.active = 0
        """Batches whose request is under way (waiting for the budget, or sent and unanswered)."""
        self.completed = 0
        """Batches Kore.ai acknowledged in this run."""
        self._never = asyncio.Event()

    async def lists(self) -> list[ListInfo]:
        return await self.inner.lists()

    async def create_list(self, name: str, description: str) -> ListInfo:
        return await self.inner.create_list(name, description)

    async def count(self, list_id: str) -> int:
        return await self.inner.count(list_id)

    async def contacts(self, list_id: str, on_page: PageCallback | None = None) -> list[ListContact]:
        return await self.inner.contacts(list_id, on_page)

    async def estimate_wait(self, requests: int) -> float:
        """The pacer's estimate (the engine's time left uses it when a gateway offers it)."""
        return await self.inner.estimate_wait(requests)

    async def add_batch(self, list_name: str, items: list[dict[str, str]]) -> None:
        if self.stopping:
            await self._never.wait()  # held back: cancelled when the run stops, never sent
        self.active += 1
        try:
            await self.inner.add_batch(list_name, items)
            self.completed += 1
        finally:
            self.active -= 1

    def clean_stop(self, progress: Progress) -> bool:
        """True once a stop was asked and every batch that went out is acknowledged in the journal.

        `progress.batches` counts the acknowledgements the engine has journaled in this run; a
        batch that completed but is not yet journaled keeps the run going until it is.
        """
        if not self.stopping:
            return False
        if progress.phase != "sending":
            return True  # verifying or settling: nothing is in flight
        return self.active == 0 and progress.batches >= self.completed


def release_unsent(journal: Journal, job_id: str) -> int:
    """After a clean stop, rows still `inflight` were held back and never sent: make them pending."""
    _, released = journal.reconcile(job_id, set())
    return released
