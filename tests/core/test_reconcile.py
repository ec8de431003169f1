"""A create that may have reached Kore.ai is looked up by name, never sent twice."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from core import KoreClient, ValidationError
from core.errors import CreateOutcomeUnknownError, NotCreatedError
from core.sandbox.config import SandboxConfig
from core.sandbox.embedded import EmbeddedSandbox

LIST_ID = "cl-4db9a03-07a3-4009-973a-b8940e81aaaa"


def listed(*names: str, description: str = "July renewals") -> httpx.Response:
    lists = [
        {
            "_id": LIST_ID if index == 0 else f"cl-other-{index}",
            "name": name,
            "description": description,
            "totalRecordCount": 0,
            "status": "Ready",
            "source": "passiveApi",
        }
        for index, name in enumerate(names)
    ]
    return httpx.Response(200, json={"status": "success", "message": "", "data": lists})


class Server:
    """Answers POSTs and GETs from two scripts and counts what was sent."""

    def __init__(self, post: list[httpx.Response | Exception], get: list[httpx.Response | Exception]) -> None:
        self.post, self.get = post, get
        self.methods: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.methods.append(request.method)
        reply = (self.post if request.method == "POST" else self.get).pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply


def client(make_settings: Callable[..., object], server: Server) -> KoreClient:
    async def no_sleep(seconds: float) -> None:
        pass

    return KoreClient(make_settings(), transport=httpx.MockTransport(server), sleep=no_sleep)  # type: ignore[arg-type]


AFTER_ACTING = [
    pytest.param(httpx.Response(503, json={"errors": [{"msg": "Service temporarily unavailable"}]}), id="503"),
    pytest.param(httpx.Response(500, text="<html><title>Internal Server Error</title></html>"), id="500"),
    pytest.param(httpx.ReadTimeout("timed out"), id="read-timeout"),
    pytest.param(httpx.RemoteProtocolError("Server disconnected without sending a response."), id="reset"),
    pytest.param(httpx.ReadError("connection reset by peer"), id="read-error"),
]


@pytest.mark.parametrize("failure", AFTER_ACTING)
async def test_an_ambiguous_create_that_happened_is_returned_marked_reconciled(make_settings, failure) -> None:
    server = Server([failure], [listed("  renewal DUE - July  ", "Weekly")])
    async with client(make_settings, server) as kore:
        result = await kore.execute("contact_list.create", name="Renewal Due - July", description="July renewals")
    assert server.methods == ["POST", "GET"]
    assert result.reconciled is True
    assert result.model.data.id == LIST_ID  # type: ignore[attr-defined]
    assert result.body["data"]["_id"] == LIST_ID
    assert [r.id for r in result.records] == [LIST_ID]  # type: ignore[attr-defined]
    assert result.attempts == 2


@pytest.mark.parametrize("failure", AFTER_ACTING)
async def test_an_ambiguous_create_that_did_not_happen_says_sending_again_is_safe(make_settings, failure) -> None:
    server = Server([failure], [listed("Weekly")])
    async with client(make_settings, server) as kore:
        with pytest.raises(NotCreatedError) as caught:
            await kore.create_contact_list("Renewal Due - July", "July renewals")
    message = str(caught.value)
    assert server.methods == ["POST", "GET"]
    assert "\n" not in message
    assert "not found" in message and "sending it again is safe" in message
    assert caught.value.safe_to_resend and caught.value.name == "Renewal Due - July"


async def test_a_same_named_list_with_another_description_is_not_taken_for_ours(make_settings) -> None:
    server = Server([httpx.Response(502)], [listed("Renewal Due - July", description="someone else's")])
    async with client(make_settings, server) as kore:
        with pytest.raises(NotCreatedError, match="someone else's, this one was not created"):
            await kore.create_contact_list("Renewal Due - July", "July renewals")
    assert server.methods == ["POST", "GET"]


async def test_when_the_lookup_fails_too_the_error_says_the_list_may_exist(make_settings) -> None:
    server = Server([httpx.ReadTimeout("slow")], [httpx.ConnectError("refused")] * 3)
    async with client(make_settings, server) as kore:
        with pytest.raises(CreateOutcomeUnknownError) as caught:
            await kore.create_contact_list("Renewal Due - July", "July renewals")
    message = str(caught.value)
    assert server.methods == ["POST", "GET", "GET", "GET"]  # the lookup is a GET: retried as usual
    assert "may exist" in message and "before sending again" in message and "\n" not in message
    assert not caught.value.safe_to_resend


async def test_a_refused_create_is_not_looked_up(make_settings) -> None:
    refused = httpx.Response(400, json={"errors": [{"msg": "name: a contact list named 'x' already exists"}]})
    server = Server([refused], [])
    async with client(make_settings, server) as kore:
        with pytest.raises(ValidationError):
            await kore.create_contact_list("x", "d")
    assert server.methods == ["POST"]


async def test_a_create_that_never_left_is_sent_again_not_looked_up(make_settings) -> None:
    created = listed("x").json()["data"][0]
    server = Server(
        [httpx.ConnectError("refused"), httpx.Response(200, json={"status": "success", "data": created})], []
    )
    async with client(make_settings, server) as kore:
        result = await kore.execute("contact_list.create", name="x", description="July renewals")
    assert server.methods == ["POST", "POST"] and result.reconciled is False


class FaultsOnPostsOnly(httpx.AsyncBaseTransport):
    """The sandbox's own fault injector (`--fail-mode`), switched on for POSTs only, so the lookup works."""

    def __init__(self, sandbox: EmbeddedSandbox) -> None:
        self.inner = httpx.ASGITransport(app=sandbox.app)
        self.faults = sandbox.app.state.api.faults
        self.posts = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.posts += request.method == "POST"
        self.faults.rate = 1.0 if request.method == "POST" else 0.0
        return await self.inner.handle_async_request(request)


def faulty_sandbox(mode: str) -> EmbeddedSandbox:
    return EmbeddedSandbox(SandboxConfig(rate_limit=0, fail_rate=1.0, fail_mode=mode, fail_hold_seconds=0))  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["after", "timeout", "reset"])
async def test_against_the_sandbox_a_create_whose_answer_was_lost_is_found_once(mode: str) -> None:
    sandbox = faulty_sandbox(mode)
    transport = FaultsOnPostsOnly(sandbox)
    async with KoreClient(sandbox.settings(), transport=transport) as kore:
        result = await kore.execute("contact_list.create", name="Soak 1", description="d")
        names = [r.name for r in (await kore.list_contact_lists()).data]
    assert result.reconciled and transport.posts == 1
    assert names.count("Soak 1") == 1


async def test_against_the_sandbox_a_create_refused_before_acting_is_reported_not_created() -> None:
    sandbox = faulty_sandbox("before")
    transport = FaultsOnPostsOnly(sandbox)
    async with KoreClient(sandbox.settings(), transport=transport) as kore:
        with pytest.raises(NotCreatedError):
            await kore.execute("contact_list.create", name="Soak 2", description="d")
        names = [r.name for r in (await kore.list_contact_lists()).data]
    assert transport.posts == 1 and "Soak 2" not in names
