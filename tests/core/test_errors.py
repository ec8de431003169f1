"""Error bodies of every shape become one line a person can act on."""

from __future__ import annotations

import httpx
import pytest

from core import KoreClient, KoreResponseError, NotFoundError, PermissionDeniedError, ServerError
from core.errors import error_from_response


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
