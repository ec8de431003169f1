"""The pending-operation stores: SQLite in a file and Redis on a real `redis-server` on loopback."""

from __future__ import annotations

import asyncio
from pathlib import Path

from slackbot.pending import Pending, PendingStore, Refusal, SqlitePendingStore, new_id, open_store
from slackbot.redis_store import RedisPendingStore

NOW = 1_750_000_000.0
"""The stores' tests' clock (fixtures `store` and `redis_url` are in conftest.py)."""


def pending(user: str = "U_ALICE", *, ttl: float = 600) -> Pending:
    return Pending(
        id=new_id(), op_key="contact_list.delete", inputs={"contact_list_id": "cl-1"}, user_id=user,
        team_id="T1", channel_id="C1", summary="Contact list *July* (`cl-1`) with 5 records",
        created_at=NOW, expires_at=NOW + ttl,
    )


async def test_created_pending_reads_back_unchanged(store: PendingStore) -> None:
    item = pending()
    await store.create(item)
    assert await store.get(item.id) == item
    assert await store.get("nope") is None


async def test_claim_is_single_use(store: PendingStore) -> None:
    item = pending()
    await store.create(item)
    claimed = await store.claim(item.id, "U_ALICE", NOW + 1)
    assert isinstance(claimed, Pending) and claimed.state == "executing"
    assert await store.claim(item.id, "U_ALICE", NOW + 2) is Refusal.USED
    await store.finish(item.id, "ok")
    done = await store.get(item.id)
    assert done is not None and done.state == "done" and done.outcome == "ok"


async def test_concurrent_claims_have_exactly_one_winner(store: PendingStore) -> None:
    item = pending()
    await store.create(item)
    results = await asyncio.gather(*(store.claim(item.id, "U_ALICE", NOW + 1) for _ in range(20)))
    assert sum(isinstance(result, Pending) for result in results) == 1
    assert all(result is Refusal.USED for result in results if not isinstance(result, Pending))


async def test_other_user_cannot_claim_or_cancel_and_does_not_consume(store: PendingStore) -> None:
    item = pending()
    await store.create(item)
    assert await store.claim(item.id, "U_BOB", NOW + 1) is Refusal.OTHER_USER
    assert await store.cancel(item.id, "U_BOB", NOW + 1) is Refusal.OTHER_USER
    assert isinstance(await store.claim(item.id, "U_ALICE", NOW + 1), Pending)


async def test_expired_pending_cannot_be_claimed_but_can_be_cancelled(store: PendingStore) -> None:
    item = pending(ttl=600)
    await store.create(item)
    assert await store.claim(item.id, "U_ALICE", NOW + 600) is Refusal.EXPIRED
    cancelled = await store.cancel(item.id, "U_ALICE", NOW + 601)
    assert isinstance(cancelled, Pending) and cancelled.state == "cancelled"
    assert await store.claim(item.id, "U_ALICE", NOW + 1) is Refusal.USED


async def test_unknown_id_is_refused(store: PendingStore) -> None:
    assert await store.claim("forged", "U_ALICE", NOW) is Refusal.NOT_FOUND


async def test_sqlite_pending_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "pending.sqlite3"
    item = pending()
    await SqlitePendingStore(path).create(item)
    reopened = SqlitePendingStore(path)
    assert isinstance(await reopened.claim(item.id, "U_ALICE", NOW + 1), Pending)


async def test_two_replicas_on_one_redis_claim_once(redis_url: str) -> None:
    first, second = RedisPendingStore(redis_url), RedisPendingStore(redis_url)
    try:
        item = pending()
        await first.create(item)
        results = await asyncio.gather(
            *(store.claim(item.id, "U_ALICE", NOW + 1) for store in (first, second) for _ in range(5))
        )
        assert sum(isinstance(result, Pending) for result in results) == 1
    finally:
        await first.aclose()
        await second.aclose()


def test_open_store_picks_the_backend_from_the_url(tmp_path: Path) -> None:
    assert isinstance(open_store(str(tmp_path / "a.sqlite3")), SqlitePendingStore)
    assert isinstance(open_store(f"sqlite:///{tmp_path}/b.sqlite3"), SqlitePendingStore)
    redis_store = open_store("redis://:s3cret@127.0.0.1:6399/0")
    assert isinstance(redis_store, RedisPendingStore) and "s3cret" not in repr(redis_store)


async def test_clicks_landing_on_two_replicas_delete_once(redis_url: str, tmp_path: Path) -> None:
    """Two bot processes behind a load balancer share Redis: the double click runs one delete."""
    from botkit import ALICE, make_bot
    from fake_slack import FakeSlack

    from core.sandbox.config import SandboxConfig
    from core.sandbox.embedded import EmbeddedSandbox

    fake = await FakeSlack().start()
    sandbox = EmbeddedSandbox(config=SandboxConfig(rate_limit=0))
    stores = [RedisPendingStore(redis_url), RedisPendingStore(redis_url)]
    replicas = [
        await make_bot(fake, tmp_path / f"r{n}", sandbox=sandbox, store=stores[n]) for n in range(2)
    ]
    try:
        list_id = next(key for key, record in sandbox.state.contact_lists.items() if not record["isListInUse"])
        await replicas[0].command(f"lists delete {list_id}", user=ALICE)
        answer = await fake.wait_response()
        pending_id = next(b for b in answer.body["blocks"] if b["type"] == "actions")["elements"][0]["value"]
        await asyncio.gather(*(replica.click("kore_confirm", pending_id) for replica in replicas * 3))
        await fake.wait_outcome("click", "DELETE contact list")
        await fake.wait_for(lambda c: c.name == "click" and "already used" in c.text, count=5)
        assert sum(replica.kore.count("contact_list.delete") for replica in replicas) == 1
        assert list_id not in sandbox.state.contact_lists
    finally:
        for replica in replicas:
            await replica.services.tasks.drain()
            await replica.kore.inner.aclose()
            await replica.services.store.aclose()
        await fake.stop()


async def test_replay_memory_in_redis_holds_across_replicas(redis_url: str) -> None:
    first, second = RedisPendingStore(redis_url), RedisPendingStore(redis_url)
    try:
        key = new_id()
        assert await first.first_use(key, NOW, 660) is True
        assert await second.first_use(key, NOW + 1, 660) is False
        assert await second.first_use(new_id(), NOW, 660) is True
    finally:
        await first.aclose()
        await second.aclose()


async def test_a_redis_that_went_silent_fails_fast_instead_of_hanging() -> None:
    """A server that accepts the connection and never answers (a partition, a hung Redis): the
    replay check and the ping fail within the store's timeout, so the gate can answer 503 in time."""
    import socket

    import redis.exceptions

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # connections complete in the backlog; nothing is ever read or written
        url = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
        store = RedisPendingStore(url, timeout=0.1)
        try:
            for call in (store.ping(), store.first_use("k", 0.0, 60)):
                try:
                    await asyncio.wait_for(call, 10)
                except redis.exceptions.TimeoutError:
                    pass
                else:
                    raise AssertionError("a silent Redis answered")
        finally:
            await store.aclose()
