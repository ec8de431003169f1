"""The sandbox's SQLite store: durability, import of the old JSON file, refusals, reset, file modes, indexes."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import stat
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from sandboxkit import CONTACTS as CONTACTS_URL
from sandboxkit import (
    LISTS,
    active_contact,
    client_for,
    create,
    list_id_named,
    snapshot,
    state_of,
)
from starlette.applications import Starlette
from tokens import headers

from core.sandbox.app import create_app
from core.sandbox.config import DEFAULT_ACCOUNT_ID, DEFAULT_APP_ID, SandboxConfig
from core.sandbox.documents import Writer
from core.sandbox.records import new_contact_list
from core.sandbox.schema import CONTACT_LISTS, CONTACTS
from core.sandbox.seed import seed_records
from core.sandbox.statefile import StateFileError
from core.sandbox.store import SandboxStore


def legacy_file(path: Path, *, extra_list: str | None = "Made By A User") -> dict[str, Any]:
    """A state file exactly as the previous (JSON) version wrote it, with one user-created list."""
    lists, members, contacts = seed_records(DEFAULT_ACCOUNT_ID, DEFAULT_APP_ID)
    if extra_list:
        lists["cl-made-by-user"] = new_contact_list(
            list_id="cl-made-by-user",
            name=extra_list,
            description="typed in the TUI",
            source="passiveApi",
            allow_duplicates=False,
            account_id=DEFAULT_ACCOUNT_ID,
            app_id=DEFAULT_APP_ID,
            timestamp="2026-01-02T03:04:05.678Z",
        )
        members["cl-made-by-user"] = []
    data = {"version": 1, "contactLists": lists, "listContacts": members, "contacts": contacts}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1))
    return data


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- durability -------------------------------------------------------------------------------------------


async def test_state_survives_a_recreate_from_the_same_file(tmp_path: Path) -> None:
    state_file = tmp_path / "nested" / "state.sqlite3"
    app = create_app(SandboxConfig(state_file=state_file))
    august = list_id_named(app, "Welcome Calls - New Signups")  # no campaign uses it: it may be deleted
    james = active_contact(app, "James")["id"]
    async with client_for(app) as client:
        created = (await create(client, name="Persisted")).json()["data"]["_id"]
        assert (
            await client.put(f"{LISTS}/{created}", headers=headers(), json={"description": "kept"})
        ).status_code == 200
        assert (await client.delete(f"{LISTS}/{august}", headers=headers())).status_code == 200
        assert (
            await client.put(f"{CONTACTS_URL}/{james}", headers=headers(), json={"firstName": "Jim"})
        ).status_code == 200

    again = create_app(SandboxConfig(state_file=state_file))
    assert snapshot(again) == snapshot(app)
    async with client_for(again) as client:
        got = (await client.get(f"{LISTS}/{created}", headers=headers())).json()["data"]
        assert got["name"] == "Persisted" and got["description"] == "kept"
        assert (await client.get(f"{LISTS}/{august}", headers=headers())).status_code == 404


async def test_an_acknowledged_create_is_committed_before_the_reply(tmp_path: Path) -> None:
    state_file = tmp_path / "state.sqlite3"
    app = create_app(SandboxConfig(state_file=state_file, seed=False))
    async with client_for(app) as client:
        created = (await create(client, name="On Disk")).json()["data"]["_id"]
        # Another connection (another process would do the same) sees it: the transaction is committed.
        with sqlite3.connect(state_file) as other:
            row = other.execute("SELECT doc FROM contact_lists WHERE id = ?", (created,)).fetchone()
        assert json.loads(row[0])["name"] == "On Disk"


async def test_a_write_that_fails_halfway_is_undone_and_not_acknowledged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(SandboxConfig(state_file=tmp_path / "state.sqlite3", seed=False))
    real_insert = Writer.insert

    def insert_then_fail(self: Writer, table: Any, doc: dict[str, Any]) -> None:
        real_insert(self, table, doc)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Writer, "insert", insert_then_fail)
    async with client_for(app) as client:
        response = await create(client, name="Never Stored")
        assert response.status_code == 500
    assert state_of(app).contact_lists == {}


async def test_a_read_does_not_wait_for_a_write_in_progress(tmp_path: Path) -> None:
    app = create_app(SandboxConfig(state_file=tmp_path / "state.sqlite3", rate_limit=0))
    store = state_of(app)
    inside, release = threading.Event(), threading.Event()

    def slow_write(writer: Writer) -> None:
        writer.delete_where(CONTACT_LISTS, "1 = 1")
        inside.set()
        release.wait(30)  # a safety net only: the test releases it below

    pending = asyncio.ensure_future(store.write(slow_write))
    try:
        await asyncio.to_thread(inside.wait, 30)
        async with client_for(app) as client:
            listed = await client.get(f"{LISTS}/getAllListDetails", headers=headers())
        assert listed.status_code == 200 and len(listed.json()["data"]) == 5  # the committed state
        assert not pending.done()
    finally:
        release.set()
        await pending
    assert state_of(app).contact_lists == {}


def test_uniqueness_checks_use_indexes_so_a_write_does_not_scan_the_table(tmp_path: Path) -> None:
    store = SandboxStore.open(tmp_path / "s.sqlite3", seed=False, account_id="a", app_id="b")

    def plan(sql: str) -> str:
        rows = store.read_now(
            lambda reader: reader.connection.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
        )
        return " ".join(str(row[-1]) for row in rows)

    assert "USING" in plan("SELECT doc FROM contact_lists WHERE lname = 'x' AND id != 'y'")
    assert "USING" in plan("SELECT doc FROM contacts WHERE phone = '+1' AND status = 'ACTIVE' AND id != 'y'")
    assert "USING" in plan("SELECT doc FROM list_contacts WHERE list_id = 'x' ORDER BY seq LIMIT 50")
    store.close()


def test_the_database_refuses_a_second_list_with_the_same_name_in_any_case(tmp_path: Path) -> None:
    store = SandboxStore.open(tmp_path / "s.sqlite3", seed=True, account_id="a", app_id="b")
    taken = next(iter(store.contact_lists.values()))
    clash = {**taken, "_id": "cl-other", "name": taken["name"].upper()}
    with pytest.raises(sqlite3.IntegrityError):
        store.write_now(lambda writer: writer.insert(CONTACT_LISTS, clash))
    contact = next(iter(store.contacts.values()))
    twin = {**contact, "id": "f" * 24}
    with pytest.raises(sqlite3.IntegrityError):
        store.write_now(lambda writer: writer.insert(CONTACTS, twin))
    store.write_now(lambda writer: writer.insert(CONTACTS, {**twin, "status": "INACTIVE"}))
    store.close()


# --- files ------------------------------------------------------------------------------------------------


def test_state_files_are_private(tmp_path: Path) -> None:
    state_file = tmp_path / "state.sqlite3"
    create_app(SandboxConfig(state_file=state_file))
    wal = tmp_path / "state.sqlite3-wal"
    assert mode_of(state_file) == 0o600
    assert not wal.exists() or mode_of(wal) == 0o600


def test_a_sandbox_without_a_state_file_leaves_nothing_behind() -> None:
    store = SandboxStore.open(None, seed=True, account_id="a", app_id="b")
    scratch = store.path.parent
    assert store.contact_lists
    store.close()
    assert not scratch.exists()


async def test_seed_is_not_reapplied_to_an_existing_state_file(tmp_path: Path) -> None:
    state_file = tmp_path / "state.sqlite3"
    app = create_app(SandboxConfig(state_file=state_file))
    async with client_for(app) as client:
        created = (await create(client, name="Made here")).json()["data"]["_id"]
        for list_id in [created, list_id_named(app, "Welcome Calls - New Signups")]:
            assert (await client.delete(f"{LISTS}/{list_id}", headers=headers())).status_code == 200
    kept = state_of(app).contact_lists
    assert created not in kept and len(kept) == 4  # the lists the seeded campaigns use
    assert state_of(create_app(SandboxConfig(state_file=state_file))).contact_lists == kept


async def test_no_seed_starts_empty() -> None:
    app = create_app(SandboxConfig(seed=False))
    async with client_for(app) as empty:
        assert (await empty.get(f"{LISTS}/getAllListDetails", headers=headers())).json()["data"] == []
        assert (await empty.get(CONTACTS_URL, headers=headers())).json() == {
            "results": [], "skip": 0, "limit": 10, "hasMore": False, "totalPages": 0, "totalResults": 0,
        }  # fmt: skip


# --- the previous version's JSON file ---------------------------------------------------------------------


async def test_a_json_state_file_is_imported_and_kept_as_bak(tmp_path: Path) -> None:
    state_file = tmp_path / "sandbox-state.json"
    data = legacy_file(state_file)
    original = state_file.read_bytes()
    app = create_app(SandboxConfig(state_file=state_file))
    store = state_of(app)
    assert store.contact_lists == data["contactLists"]
    assert store.list_contacts == data["listContacts"]
    assert store.contacts == data["contacts"]
    backup = tmp_path / "sandbox-state.json.bak"
    assert backup.read_bytes() == original and mode_of(backup) == 0o600
    assert store.imported_backup == backup
    assert state_file.read_bytes().startswith(b"SQLite format 3\x00") and mode_of(state_file) == 0o600
    async with client_for(app) as client:
        got = await client.get(f"{LISTS}/cl-made-by-user", headers=headers())
        assert got.json()["data"]["name"] == "Made By A User"
        assert (await create(client, name="made by a USER")).status_code == 400  # still unique
        assert (await client.delete(f"{LISTS}/cl-made-by-user", headers=headers())).status_code == 200
    again = create_app(SandboxConfig(state_file=state_file))  # not imported a second time
    assert "cl-made-by-user" not in state_of(again).contact_lists
    assert state_of(again).imported_backup is None
    assert sorted(path.name for path in tmp_path.iterdir() if not path.name.endswith(("-wal", "-shm"))) == [
        "sandbox-state.json",
        "sandbox-state.json.bak",
    ]


def test_an_earlier_backup_is_never_overwritten(tmp_path: Path) -> None:
    state_file = tmp_path / "sandbox-state.json"
    (tmp_path / "sandbox-state.json.bak").write_text("an older backup")
    legacy_file(state_file)
    create_app(SandboxConfig(state_file=state_file))
    kept = [path for path in tmp_path.iterdir() if path.read_bytes() == b"an older backup"]
    assert len(kept) == 1 and kept[0].name.startswith("sandbox-state.json.bak.older-")


def _foreign_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE photos (id INTEGER)")


def _newer_store(path: Path) -> None:
    SandboxStore.open(path, seed=False, account_id="a", app_id="b").close()
    with sqlite3.connect(path) as other:
        other.execute("PRAGMA user_version = 99")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("", "is empty"),
        ("{not json", "not valid JSON"),
        ("[]", "not a kore-sandbox state file"),
        ('{"version": 1}', "'contactLists' is missing"),
        ('{"version": 99, "contactLists": {}}', "unknown version 99"),
        ("\x00\x01binary", "not a kore-sandbox state file"),
        (_foreign_sqlite, "some other program"),
        (_newer_store, "newer koretui"),
    ],
)
def test_a_corrupt_or_foreign_file_fails_with_one_line_and_is_kept(
    tmp_path: Path, content: Any, says: str
) -> None:
    state_file = tmp_path / "state.db"
    if callable(content):
        content(state_file)
    else:
        state_file.write_text(content)
    before = state_file.read_bytes()
    with pytest.raises(StateFileError) as failure:
        create_app(SandboxConfig(state_file=state_file))
    message = str(failure.value)
    assert str(state_file) in message and says in message and "\n" not in message
    assert "--reset" in message or "upgrade" in message
    assert state_file.read_bytes() == before


@pytest.mark.parametrize("content", ["{not json", "\x00\x01binary", None])
async def test_reset_moves_the_old_file_aside_and_starts_over(tmp_path: Path, content: str | None) -> None:
    state_file = tmp_path / "state.db"
    if content is None:  # one of our own stores, with data
        app = create_app(SandboxConfig(state_file=state_file, seed=False))
        async with client_for(app) as client:
            assert (await create(client, name="Old Data")).status_code == 200
        state_of(app).close()
    else:
        state_file.write_text(content)
    before = state_file.read_bytes()
    fresh = create_app(SandboxConfig(state_file=state_file, reset_state=True))
    assert len(state_of(fresh).contact_lists) == 5  # the seed data (DNC list included), nothing else
    aside = [path for path in tmp_path.iterdir() if ".reset-" in path.name and path.name.endswith(".bak")]
    assert len(aside) == 1 and aside[0].read_bytes() == before
    if content is None:
        with sqlite3.connect(aside[0]) as old:
            names = [json.loads(row[0])["name"] for row in old.execute("SELECT doc FROM contact_lists")]
        assert names == ["Old Data"]


def test_a_state_file_in_a_directory_that_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(StateFileError) as failure:
        create_app(SandboxConfig(state_file=blocker / "state.db"))
    message = str(failure.value)
    assert str(blocker) in message and "Not a directory" in message and "\n" not in message


async def test_a_store_serves_concurrent_clients(tmp_path: Path) -> None:
    app: Starlette = create_app(SandboxConfig(state_file=tmp_path / "s.db", seed=False, rate_limit=0))
    async with client_for(app) as client:

        async def make(index: int) -> httpx.Response:
            return await create(client, name=f"Concurrent {index}")

        responses = await asyncio.gather(*(make(index) for index in range(20)), make(0))
    codes = sorted(response.status_code for response in responses)
    assert codes.count(200) == 20 and codes.count(400) == 1
    assert len(state_of(app).contact_lists) == 20
