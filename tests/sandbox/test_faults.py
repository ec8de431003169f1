"""Injected faults in-process: `before` acts on nothing; `after`, `timeout` and `reset` act, then fail."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from sandboxkit import (
    CONTACTS,
    LISTS,
    active_contact,
    client_for,
    get_lists,
    list_id_named,
    snapshot,
    state_of,
)
from starlette.applications import Starlette
from tokens import headers

from core.sandbox.app import create_app
from core.sandbox.config import FailMode, SandboxConfig
from core.sandbox.faults import AnswerWithheld, ConnectionDropped, WithheldAnswer

NEW_LIST = {"name": "Maybe Created", "description": "", "source": "passiveApi"}
UNAVAILABLE = {"errors": [{"msg": "Service temporarily unavailable", "code": 503}]}


def failing(mode: FailMode) -> Starlette:
    """Every request gets the fault; a held request is let go at once (the client 'gave up')."""
    config = SandboxConfig(fail_rate=1.0, fail_mode=mode, random_seed=1, rate_limit=0, fail_hold_seconds=0)
    return create_app(config)


def writes(app: Starlette) -> list[tuple[str, str, dict[str, Any] | None]]:
    list_id = list_id_named(app, "Renewal Due - July 2025")
    other = list_id_named(app, "Welcome Calls - New Signups")  # no campaign uses it: it may be deleted
    contact_id = active_contact(app, "James")["id"]
    return [
        ("POST", f"{LISTS}/createContactList", NEW_LIST),
        ("PUT", f"{LISTS}/{list_id}", {"name": "Renamed Anyway"}),
        ("DELETE", f"{LISTS}/{other}", None),
        ("PUT", f"{CONTACTS}/{contact_id}", {"firstName": "Changed"}),
    ]


def assert_all_applied(app: Starlette) -> None:
    names = {record["name"] for record in state_of(app).contact_lists.values()}
    assert "Maybe Created" in names and "Renamed Anyway" in names
    assert "Welcome Calls - New Signups" not in names and "Renewal Due - July 2025" not in names
    assert active_contact(app, "Changed")


async def test_before_answers_503_and_changes_nothing() -> None:
    app = failing("before")
    before = snapshot(app)
    async with client_for(app) as client:
        for method, url, body in writes(app):
            response = await client.request(method, url, headers=headers(), json=body)
            assert response.status_code == 503 and response.json() == UNAVAILABLE
    assert snapshot(app) == before


async def test_after_applies_the_write_then_answers_503() -> None:
    app = failing("after")
    async with client_for(app) as client:
        for method, url, body in writes(app):
            response = await client.request(method, url, headers=headers(), json=body)
            assert response.status_code == 503 and response.json() == UNAVAILABLE
    assert_all_applied(app)


@pytest.mark.parametrize(
    ("mode", "error"),
    [("timeout", httpx.ReadTimeout), ("reset", httpx.RemoteProtocolError)],
)
async def test_timeout_and_reset_apply_the_write_then_fail_as_transport_errors(
    mode: FailMode, error: type[httpx.TransportError]
) -> None:
    app = failing(mode)
    async with client_for(app) as client:
        for method, url, body in writes(app):
            with pytest.raises(error) as failure:
                await client.request(method, url, headers=headers(), json=body)
            assert failure.value.request.method == method  # httpx attached the request, as for a real one
    assert_all_applied(app)


async def test_a_refused_request_still_gets_the_fault_but_changes_nothing() -> None:
    app = failing("after")
    before = snapshot(app)
    async with client_for(app) as client:
        bad = {"name": "", "description": "", "source": "passiveApi"}
        response = await client.post(f"{LISTS}/createContactList", headers=headers(), json=bad)
        assert response.status_code == 503
    assert snapshot(app) == before


async def test_the_same_seed_injects_the_same_faults() -> None:
    async def outcomes(mode: FailMode) -> list[str]:
        config = SandboxConfig(
            fail_rate=0.5, fail_mode=mode, random_seed=42, rate_limit=0, fail_hold_seconds=0
        )
        app = create_app(config)
        seen: list[str] = []
        async with client_for(app) as client:
            for _ in range(20):
                try:
                    seen.append(str((await get_lists(client)).status_code))
                except httpx.TransportError as exc:
                    seen.append(type(exc).__name__)
        return seen

    first, second = await outcomes("reset"), await outcomes("reset")
    assert first == second and set(first) == {"200", "ConnectionDropped"}
    assert [o == "200" for o in await outcomes("after")] == [o == "200" for o in first]


async def test_a_held_answer_ends_quietly_when_the_client_disconnects() -> None:
    sent: list[dict[str, Any]] = []
    messages = iter([{"type": "http.request", "body": b"", "more_body": False}, {"type": "http.disconnect"}])

    async def receive() -> dict[str, Any]:
        return next(messages)

    async def send(message: Any) -> None:
        sent.append(message)

    await WithheldAnswer(hold_seconds=3600)({"type": "http"}, receive, send)
    assert sent == []  # nothing is written to a client that has gone


async def test_a_held_answer_is_let_go_when_the_hold_ends() -> None:
    sent: list[dict[str, Any]] = []
    never = asyncio.Event()

    async def receive() -> dict[str, Any]:
        await never.wait()
        raise AssertionError("unreachable")

    async def send(message: Any) -> None:
        sent.append(message)

    with pytest.raises(AnswerWithheld):
        await WithheldAnswer(hold_seconds=0)({"type": "http"}, receive, send)
    assert [message["type"] for message in sent] == ["http.response.start"]  # then the connection drops
    assert issubclass(ConnectionDropped, httpx.TransportError) and issubclass(
        AnswerWithheld, httpx.TimeoutException
    )
