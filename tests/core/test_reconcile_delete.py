"""A DELETE whose retry finds the record gone after an ambiguous failure reports it deleted."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from core import KoreClient
from core.errors import NotFoundError, ServerError
from core.sandbox.config import SandboxConfig
from core.sandbox.embedded import EmbeddedSandbox

LIST_ID = "cl-4db9a03-07a3-4009-973a-b8940e81aaaa"
GONE = httpx.Response(404, json={"errors": [{"msg": f"Contact list {LIST_ID} not found", "code": 404}]})
DELETED = httpx.Response(
    200,
    json={
        "status": "success",
        "message": "Contact list July deleted successfully",
        "data": {"_id": LIST_ID, "name": "July", "description": "", "status": "Ready"},
    },
)


class Script:
    """Answers each request with the next reply (or raises it) and records the methods sent."""

    def __init__(self, *replies: httpx.Response | Exception) -> None:
        self.replies = list(replies)
        self.methods: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.methods.append(request.method)
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply


def client(make_settings: Callable[..., object], script: Script) -> KoreClient:
    async def no_sleep(seconds: float) -> None:
        pass

    return KoreClient(make_settings(), transport=httpx.MockTransport(script), sleep=no_sleep)  # type: ignore[arg-type]


MAY_HAVE_ACTED = [
    pytest.param(
        httpx.Response(503, json={"errors": [{"msg": "Service temporarily unavailable"}]}), id="503"
    ),
    pytest.param(httpx.Response(504, text="<html><title>Gateway Timeout</title></html>"), id="504"),
    pytest.param(httpx.ReadTimeout("timed out"), id="read-timeout"),
    pytest.param(httpx.RemoteProtocolError("Server disconnected without sending a response."), id="reset"),
]


@pytest.mark.parametrize("failure", MAY_HAVE_ACTED)
async def test_a_delete_retried_after_it_may_have_acted_and_then_gone_is_reported_deleted(
    make_settings, failure
) -> None:
    script = Script(failure, GONE)
    async with client(make_settings, script) as kore:
        result = await kore.execute("contact_list.delete", contact_list_id=LIST_ID)
    assert script.methods == ["DELETE", "DELETE"]
    assert result.reconciled is True and result.status == 200 and result.attempts == 2
    assert "the first attempt deleted it" in result.reconciled_because
    assert "\n" not in result.reconciled_because
    assert result.body["status"] == "success" and result.body["data"] is None
    assert result.records == []


async def test_the_reason_names_the_first_failure(make_settings) -> None:
    script = Script(httpx.ReadTimeout("timed out"), GONE)
    async with client(make_settings, script) as kore:
        result = await kore.execute("contact_list.delete", contact_list_id=LIST_ID)
    assert f"DELETE contact list {LIST_ID}" in result.reconciled_because
    assert "no answer within" in result.reconciled_because


async def test_a_404_on_the_first_attempt_is_not_found(make_settings) -> None:
    script = Script(GONE)
    async with client(make_settings, script) as kore:
        with pytest.raises(NotFoundError):
            await kore.execute("contact_list.delete", contact_list_id=LIST_ID)
    assert script.methods == ["DELETE"]


@pytest.mark.parametrize(
    "refusal",
    [
        pytest.param(httpx.ConnectError("refused"), id="never-sent"),
        pytest.param(httpx.Response(429, json={"errors": [{"msg": "Too many requests"}]}), id="rate-limited"),
    ],
)
async def test_a_404_after_a_failure_that_did_not_reach_the_server_is_not_found(
    make_settings, refusal
) -> None:
    script = Script(refusal, GONE)
    async with client(make_settings, script) as kore:
        with pytest.raises(NotFoundError):
            await kore.execute("contact_list.delete", contact_list_id=LIST_ID)
    assert script.methods == ["DELETE", "DELETE"]


async def test_a_delete_answered_on_the_retry_is_a_plain_success(make_settings) -> None:
    script = Script(httpx.Response(503), DELETED)
    async with client(make_settings, script) as kore:
        result = await kore.execute("contact_list.delete", contact_list_id=LIST_ID)
    assert result.reconciled is False and result.reconciled_because == ""
    assert result.records[0].id == LIST_ID  # type: ignore[attr-defined]


async def test_a_get_retried_into_a_404_is_still_not_found(make_settings) -> None:
    script = Script(httpx.Response(503), GONE)
    async with client(make_settings, script) as kore:
        with pytest.raises(NotFoundError):
            await kore.execute("contact_list.get", contact_list_id=LIST_ID)


async def test_a_delete_whose_retries_run_out_keeps_the_server_error(make_settings) -> None:
    script = Script(httpx.Response(503), httpx.Response(503), httpx.Response(503))
    async with client(make_settings, script) as kore:
        with pytest.raises(ServerError):
            await kore.execute("contact_list.delete", contact_list_id=LIST_ID)


class FaultOnFirstDelete(httpx.AsyncBaseTransport):
    """The sandbox's own fault injector (`--fail-mode`), on for the first DELETE only."""

    def __init__(self, sandbox: EmbeddedSandbox) -> None:
        self.inner = httpx.ASGITransport(app=sandbox.app)
        self.faults = sandbox.app.state.api.faults
        self.deletes = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.deletes += request.method == "DELETE"
        self.faults.rate = 1.0 if request.method == "DELETE" and self.deletes == 1 else 0.0
        return await self.inner.handle_async_request(request)


async def _delete_through_a_fault(mode: str) -> tuple[bool, int, list[str], str]:
    sandbox = EmbeddedSandbox(SandboxConfig(rate_limit=0, fail_mode=mode, fail_hold_seconds=0))  # type: ignore[arg-type]
    transport = FaultOnFirstDelete(sandbox)

    async def no_sleep(seconds: float) -> None:
        pass

    async with KoreClient(sandbox.settings(), transport=transport, sleep=no_sleep) as kore:
        created = await kore.create_contact_list("Doomed", "d")
        result = await kore.execute("contact_list.delete", contact_list_id=created.data.id)
        names = [r.name for r in (await kore.list_contact_lists()).data]
    return result.reconciled, transport.deletes, names, result.reconciled_because


@pytest.mark.parametrize("mode", ["after", "timeout", "reset"])
async def test_against_the_sandbox_a_delete_whose_answer_was_lost_is_reported_deleted(mode: str) -> None:
    reconciled, deletes, names, because = await _delete_through_a_fault(mode)
    assert reconciled and deletes == 2 and "Doomed" not in names
    assert "first attempt deleted it" in because


async def test_against_the_sandbox_a_delete_refused_before_acting_is_done_by_the_retry() -> None:
    reconciled, deletes, names, _ = await _delete_through_a_fault("before")
    assert not reconciled and deletes == 2 and "Doomed" not in names
