"""Error bodies of every shape become one line a person can act on."""

from __future__ import annotations

import httpx
import pytest

from core import (
    KoreClient,
    KoreResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from core.errors import error_from_response
from core.limits import limit
from core.operations import OPERATIONS, Operation, get_operation


def reply(status: int, **kwargs: object) -> httpx.Response:
    return httpx.Response(status, **kwargs)  # type: ignore[arg-type]


def test_kore_error_list_gives_message_and_code() -> None:
    error = error_from_response(
        reply(401, json={"errors": [{"msg": "Invalid SDK credentials", "code": 4002}]}),
        "DELETE contact list cl-123",
    )
    assert str(error).startswith(
        "DELETE contact list cl-123 -> 401: Invalid SDK credentials (Kore code 4002). Check KORE_CLIENT_ID"
    )


def test_html_error_page_gives_its_title() -> None:
    error = error_from_response(
        reply(502, text="<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"),
        "GET contact lists",
    )
    assert isinstance(error, ServerError)
    assert "502 Bad Gateway" in str(error) and "<" not in str(error)


def test_plain_text_and_empty_bodies_are_readable() -> None:
    assert "upstream reset" in str(error_from_response(reply(500, text="upstream reset\n"), "GET contacts"))
    assert "empty reply" in str(error_from_response(reply(500, text=""), "GET contacts"))


def test_statuses_map_to_typed_errors() -> None:
    assert isinstance(
        error_from_response(reply(403, json={"message": "no scope"}), "x"), PermissionDeniedError
    )
    assert isinstance(error_from_response(reply(404, json={}), "x"), NotFoundError)


def test_error_field_is_kept_for_front_ends() -> None:
    error = error_from_response(
        reply(400, json={"errors": [{"msg": "name: required", "code": 400, "field": "name"}]}),
        "POST contact list",
    )
    assert error.field == "name"


async def test_a_success_reply_that_is_not_json_is_a_readable_error(make_settings) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="<html>login page</html>"))
    async with KoreClient(make_settings(), transport=transport) as kore:
        with pytest.raises(KoreResponseError, match="not JSON; is KORE_HOST"):
            await kore.list_contact_lists()


async def test_a_success_reply_of_the_wrong_shape_names_the_field(make_settings) -> None:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, json={"status": "success", "data": {"name": 3}})
    )
    async with KoreClient(make_settings(), transport=transport) as kore:
        with pytest.raises(KoreResponseError, match=r"data\._id"):
            await kore.get_contact_list("cl-1")


def test_every_kore_error_has_a_status_which_is_none_when_no_answer_came() -> None:
    from core.errors import ConfigError, InvalidInputError, KoreConnectionError, KoreTimeoutError

    assert KoreConnectionError("GET contacts: could not connect").status is None
    assert KoreTimeoutError("GET contacts: timed out").status is None
    assert ConfigError("KORE_HOST: missing").status is None
    assert InvalidInputError("GET contacts", "limit", "at most 100", []).status is None
    assert error_from_response(reply(404, json={}), "x").status == 404
    assert KoreResponseError("not JSON", status=200, body="").status == 200


def test_the_servers_text_is_kept_as_sent_even_with_two_dots() -> None:
    text = "No contact at /agentassist/api/v1/public/st-1/contacts/9601../cellPhone"
    error = error_from_response(
        reply(404, json={"errors": [{"msg": text, "code": 404}]}), "PUT contact 9601.."
    )
    assert str(error).startswith(f"PUT contact 9601.. -> 404: {text}. Check the id")


def test_a_message_without_a_full_stop_gets_one_before_the_hint() -> None:
    error = error_from_response(reply(404, json={"errors": [{"msg": "Not found", "code": 40401}]}), "GET x")
    assert str(error).startswith("GET x -> 404: Not found (Kore code 40401). Check the id")


@pytest.mark.parametrize("status", [401, 403])
@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_credential_and_permission_hints_name_the_operations_scope(status: int, op: Operation) -> None:
    body = {"errors": [{"message": "Invalid SDK credentials", "code": 4002}]}
    error = error_from_response(reply(status, json=body), op.describe(), scope=op.scope)
    assert f"{op.scope} API scope" in str(error)


async def test_the_client_passes_the_scope_of_the_call_to_its_error(make_settings) -> None:
    forbidden = {"errors": [{"message": "Access denied", "code": 4002}]}
    transport = httpx.MockTransport(lambda request: httpx.Response(403, json=forbidden))
    async with KoreClient(make_settings(), transport=transport) as kore:
        with pytest.raises(PermissionDeniedError, match="needs the Configuration API scope") as caught:
            await kore.execute("contact.list")
    assert caught.value.status == 403 and caught.value.scope == get_operation("contact.list").scope


def test_a_multi_line_server_message_becomes_one_line_with_its_words_kept() -> None:
    body = {"errors": [{"msg": "name: required\n  (see  docs..)", "code": 400}]}
    error = error_from_response(reply(400, json=body), "POST contact list")
    assert str(error).startswith("POST contact list -> 400: name: required (see docs..). Fix the field")
    assert error.message == "name: required\n  (see  docs..)"


RATE_LIMITED = {
    "errors": [
        {"msg": "You've exceeded the per-minute rate limit. Please wait for sometime before retrying."}
    ]
}


def test_a_rate_limit_hint_names_the_documented_budget_when_none_is_configured() -> None:
    error = error_from_response(reply(429, json=RATE_LIMITED), "GET contacts")
    documented = limit("account.requests_per_minute").max
    assert f"Kore.ai allows {documented} requests per minute" in str(error)


async def test_a_rate_limit_hint_names_the_configured_budget(make_settings) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(429, json=RATE_LIMITED))
    settings = make_settings(rate_limit_per_minute=25, max_retries=0)
    async with KoreClient(settings, transport=transport) as kore:
        with pytest.raises(RateLimitError) as caught:
            await kore.execute("contact.list")
    assert "set to 25 requests per minute" in str(caught.value) and "60" not in str(caught.value)
    assert caught.value.per_minute == 25
