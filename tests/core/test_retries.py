"""Retry policy: what is repeated, what never is, and that every attempt carries a new token."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import jwt
import pytest

from core import KoreClient, RateLimitError, ServerError
from core.errors import KoreConnectionError, NotCreatedError
from core.pacing import Wait

LIST = {
    "_id": "cl-4db9a03-07a3-4009-973a-b8940e81aaaa",
    "name": "Renewal Due - July 2025",
    "description": "d",
    "totalRecordCount": 0,
    "status": "Ready",
    "source": "passiveApi",
}
OK_CREATE = {"status": "success", "message": "created", "data": LIST}
OK_UPDATE = {
    "status": "success",
    "message": "updated",
    "data": {"contactListId": LIST["_id"], "body": {"name": "x"}},
}


class Recorder:
    """A MockTransport handler answering from a script, recording every request."""

    def __init__(self, replies: list[httpx.Response | Exception]) -> None:
        self.replies = replies
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply


def client_for(make_settings: Callable[..., object], recorder: Recorder, sleeps: list[float]) -> KoreClient:
    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    settings = make_settings()
    return KoreClient(
        settings,  # type: ignore[arg-type]
        transport=httpx.MockTransport(recorder),
        sleep=fake_sleep,
        jitter=lambda: 1.0,
    )


async def test_429_with_retry_after_is_retried_after_that_delay(make_settings) -> None:
    rec = Recorder(
        [
            httpx.Response(429, headers={"Retry-After": "7"}, json={"errors": []}),
            httpx.Response(200, json=OK_CREATE),
        ]
    )
    sleeps: list[float] = []
    async with client_for(make_settings, rec, sleeps) as kore:
        result = await kore.create_contact_list("Renewal", "d")
    assert result.data.name == LIST["name"]
    assert len(rec.requests) == 2
    assert sleeps == [7.0]


async def test_retry_after_is_capped_at_60_seconds(make_settings) -> None:
    rec = Recorder(
        [httpx.Response(429, headers={"Retry-After": "3600"}), httpx.Response(200, json=OK_UPDATE)]
    )
    sleeps: list[float] = []
    async with client_for(make_settings, rec, sleeps) as kore:
        await kore.update_contact_list(LIST["_id"], name="x")
    assert sleeps == [60.0]


async def test_put_is_retried_after_503(make_settings) -> None:
    rec = Recorder(
        [
            httpx.Response(503, text="<html><title>Service Unavailable</title></html>"),
            httpx.Response(200, json=OK_UPDATE),
        ]
    )
    sleeps: list[float] = []
    async with client_for(make_settings, rec, sleeps) as kore:
        await kore.update_contact_list(LIST["_id"], name="x")
    assert len(rec.requests) == 2
    assert sleeps == [0.5]


async def test_post_is_not_retried_after_503_but_looked_up(make_settings) -> None:
    rec = Recorder(
        [
            httpx.Response(503, json={"errors": [{"msg": "Service temporarily unavailable", "code": 503}]}),
            httpx.Response(200, json={"status": "success", "message": "", "data": []}),
        ]
    )
    async with client_for(make_settings, rec, []) as kore:
        with pytest.raises(NotCreatedError) as caught:
            await kore.create_contact_list("Renewal", "d")
    assert [r.method for r in rec.requests] == ["POST", "GET"]
    assert "(503: Service temporarily unavailable)" in str(caught.value)


async def test_post_is_not_retried_after_read_timeout(make_settings) -> None:
    rec = Recorder([httpx.ReadTimeout("slow"), httpx.Response(200, json={"status": "success", "data": []})])
    async with client_for(make_settings, rec, []) as kore:
        with pytest.raises(NotCreatedError, match="no answer within 20 s"):
            await kore.create_contact_list("Renewal", "d")
    assert [r.method for r in rec.requests] == ["POST", "GET"]


async def test_post_is_retried_when_the_connection_was_never_made(make_settings) -> None:
    rec = Recorder([httpx.ConnectError("refused"), httpx.Response(200, json=OK_CREATE)])
    async with client_for(make_settings, rec, []) as kore:
        await kore.create_contact_list("Renewal", "d")
    assert len(rec.requests) == 2


async def test_post_is_retried_after_429(make_settings) -> None:
    rec = Recorder([httpx.Response(429), httpx.Response(200, json=OK_CREATE)])
    async with client_for(make_settings, rec, []) as kore:
        await kore.create_contact_list("Renewal", "d")
    assert len(rec.requests) == 2


async def test_at_most_two_retries_with_doubling_backoff(make_settings) -> None:
    rec = Recorder([httpx.Response(502), httpx.Response(504), httpx.Response(503)])
    sleeps: list[float] = []
    async with client_for(make_settings, rec, sleeps) as kore:
        with pytest.raises(ServerError):
            await kore.get_contact_list(LIST["_id"])
    assert len(rec.requests) == 3
    assert sleeps == [0.5, 1.0]


async def test_backoff_is_capped_at_8_seconds(make_settings) -> None:
    rec = Recorder([httpx.Response(503)] * 7 + [httpx.Response(200, json=OK_CREATE)])
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    kore = KoreClient(
        make_settings(max_retries=7), transport=httpx.MockTransport(rec), sleep=fake_sleep, jitter=lambda: 1.0
    )
    await kore.get_contact_list(LIST["_id"])
    await kore.aclose()
    assert sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


async def test_jitter_keeps_backoff_between_half_and_full_delay(make_settings) -> None:
    rec = Recorder([httpx.Response(503), httpx.Response(200, json=OK_CREATE)])
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    kore = KoreClient(
        make_settings(), transport=httpx.MockTransport(rec), sleep=fake_sleep, jitter=lambda: 0.0
    )
    await kore.get_contact_list(LIST["_id"])
    await kore.aclose()
    assert sleeps == [0.25]


async def test_a_rate_limit_is_retried_for_up_to_a_minute_whatever_max_retries_says(make_settings) -> None:
    rec = Recorder([httpx.Response(429, headers={"Retry-After": "20"})] * 10)
    sleeps: list[float] = []
    async with client_for(make_settings, rec, sleeps) as kore:
        with pytest.raises(RateLimitError, match="per minute"):
            await kore.list_contact_lists()
    assert sleeps == [20.0, 20.0, 20.0] and len(rec.requests) == 4


async def test_max_retries_zero_raises_the_first_rate_limit(make_settings) -> None:
    rec = Recorder([httpx.Response(429)])
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    kore = KoreClient(make_settings(max_retries=0), transport=httpx.MockTransport(rec), sleep=fake_sleep)
    with pytest.raises(RateLimitError):
        await kore.list_contact_lists()
    await kore.aclose()
    assert sleeps == [] and len(rec.requests) == 1


async def test_every_attempt_carries_a_fresh_jwt(make_settings) -> None:
    rec = Recorder([httpx.Response(503), httpx.Response(503), httpx.Response(200, json=OK_UPDATE)])
    async with client_for(make_settings, rec, []) as kore:
        await kore.update_contact_list(LIST["_id"], description="new")
    tokens = [r.headers["auth"] for r in rec.requests]
    jtis = {jwt.decode(t, options={"verify_signature": False})["jti"] for t in tokens}
    assert len(jtis) == 3


async def test_connection_error_after_retries_is_one_readable_line(make_settings) -> None:
    rec = Recorder([httpx.ConnectError("Name or service not known")] * 3)
    async with client_for(make_settings, rec, []) as kore:
        with pytest.raises(KoreConnectionError) as caught:
            await kore.list_contact_lists()
    message = str(caught.value)
    assert "\n" not in message and "kore.test" in message and "KORE_HOST" in message


async def test_update_sends_only_the_fields_given(make_settings) -> None:
    rec = Recorder([httpx.Response(200, json=OK_UPDATE)])
    async with client_for(make_settings, rec, []) as kore:
        await kore.update_contact_list(LIST["_id"], allow_duplicates=False)
    assert json.loads(rec.requests[0].content) == {"allowDuplicates": False}


@pytest.mark.parametrize(
    ("status", "text"),
    [
        (400, "You've exceeded the per-minute rate limit. Please wait for sometime before retrying."),
        (500, "Rate limit for this API has been reached. Please try again after some time."),
        (503, "You\u2019ve exceeded the per-minute  rate limit. Please wait for sometime before retrying."),
    ],
)
async def test_a_documented_rate_limit_text_in_any_error_body_is_a_rate_limit(make_settings, status, text) -> None:
    rec = Recorder(
        [httpx.Response(status, json={"errors": [{"msg": text, "code": status}]}), httpx.Response(200, json=OK_CREATE)]
    )
    sleeps: list[float] = []
    async with client_for(make_settings, rec, sleeps) as kore:
        await kore.create_contact_list("Renewal", "d")
    # a refused POST did nothing, so it is sent again (after a rate-limit backoff), never looked up
    assert [r.method for r in rec.requests] == ["POST", "POST"] and sleeps == [4.0]


async def test_a_rate_limit_text_in_a_plain_text_body_is_recognised(make_settings) -> None:
    rec = Recorder(
        [
            httpx.Response(502, text="Rate limit for this API has been reached. Please try again after some time."),
            httpx.Response(200, json=OK_CREATE),
        ]
    )
    async with client_for(make_settings, rec, []) as kore:
        await kore.create_contact_list("Renewal", "d")
    assert len(rec.requests) == 2


async def test_429_without_retry_after_backs_off_longer_than_a_server_error(make_settings) -> None:
    rec = Recorder([httpx.Response(429), httpx.Response(429), httpx.Response(200, json=OK_UPDATE)])
    sleeps: list[float] = []
    async with client_for(make_settings, rec, sleeps) as kore:
        await kore.update_contact_list(LIST["_id"], name="x")
    assert sleeps == [4.0, 8.0]


async def test_retry_waits_over_a_second_are_reported_to_on_wait(make_settings) -> None:
    rec = Recorder([httpx.Response(503)] * 3 + [httpx.Response(429), httpx.Response(200, json=OK_UPDATE)])
    sleeps: list[float] = []
    heard: list[Wait] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    kore = KoreClient(
        make_settings(max_retries=4),
        transport=httpx.MockTransport(rec),
        sleep=fake_sleep,
        jitter=lambda: 1.0,
        on_wait=heard.append,
    )
    await kore.update_contact_list(LIST["_id"], name="x")
    await kore.aclose()
    assert sleeps == [0.5, 1.0, 2.0, 4.0]
    assert [str(w) for w in heard] == [
        "retrying in 2 s (503)",
        "waiting 4 s for the Kore.ai rate limit (429)",
    ]
    assert heard[0].operation == f"PUT contact list {LIST['_id']}" and heard[0].attempt == 3


async def test_on_wait_given_to_one_call_replaces_the_clients(make_settings) -> None:
    rec = Recorder([httpx.Response(429, headers={"Retry-After": "5"}), httpx.Response(200, json=OK_CREATE)])
    for_client: list[Wait] = []
    for_call: list[Wait] = []

    async def fake_sleep(seconds: float) -> None:
        pass

    kore = KoreClient(
        make_settings(), transport=httpx.MockTransport(rec), sleep=fake_sleep, on_wait=for_client.append
    )
    await kore.execute("contact_list.create", name="Renewal", description="d", on_wait=for_call.append)
    await kore.aclose()
    assert for_client == [] and [w.seconds for w in for_call] == [5.0]


async def test_estimate_wait_is_zero_when_pacing_is_off(make_settings) -> None:
    async with client_for(make_settings, Recorder([]), []) as kore:
        assert await kore.estimate_wait(100) == 0.0
