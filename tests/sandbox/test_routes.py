"""The sandbox serves exactly the catalog: one handler per operation, routes from its paths."""

from __future__ import annotations

import re

import httpx
import pytest
from starlette.routing import Route
from tokens import headers

from core.calls import encode_segment
from core.errors import NotFoundError
from core.operations import CATALOG, OPERATIONS
from core.sandbox.app import create_app
from core.sandbox.config import DEFAULT_APP_ID, SandboxConfig
from core.sandbox.embedded import EmbeddedSandbox
from core.sandbox.registry import REGISTRY, handles, missing_handlers, registrations
from core.sandbox.routes import served_methods

NOT_FROM_CATALOG = {("/", "GET"), ("/openapi.json", "GET")}


def test_every_catalog_operation_has_a_sandbox_handler() -> None:
    assert missing_handlers() == []
    assert [registration.key for registration in registrations()] == list(CATALOG)


def test_every_served_route_comes_from_the_catalog() -> None:
    app = create_app(SandboxConfig(rate_limit=0))
    served: set[tuple[str, str]] = set()
    for route in app.routes:
        assert isinstance(route, Route)
        served.update((route.path, method) for method in route.methods or ())
    catalog = {(op.path, op.method) for op in OPERATIONS}
    catalog |= {(op.v2_path, op.method) for op in OPERATIONS if op.v2_path is not None}  # v2 twins (§6.8)
    expected = catalog | {(s.path, s.method) for s in served_methods()}
    assert {(s.path, s.operation.method) for s in served_methods()} == catalog
    expected |= {(path, "HEAD") for path, method in expected if method == "GET"}
    expected |= NOT_FROM_CATALOG | {("/", "HEAD"), ("/openapi.json", "HEAD")}
    assert served == expected


def test_only_get_all_contact_lists_accepts_a_method_beyond_the_catalog() -> None:
    extras = {(s.operation.key, s.method) for s in served_methods() if s.method != s.operation.method}
    assert extras == {("contact_list.list", "POST")}


def test_handler_for_an_unknown_operation_fails_at_import() -> None:
    with pytest.raises(KeyError, match=r"contact_list\.create"):
        handles("contact_list.nonexistent")


def test_second_handler_for_one_operation_fails_at_import() -> None:
    async def other(api: object, request: object) -> None:  # pragma: no cover - never called
        raise AssertionError

    with pytest.raises(ValueError, match="already has a sandbox handler"):
        handles("contact.update")(other)  # type: ignore[type-var]
    assert REGISTRY["contact.update"].handler is not other


def test_extra_methods_must_be_http_methods() -> None:
    with pytest.raises(ValueError, match="unknown extra methods"):
        handles("contact.update", also=("FETCH",))
    with pytest.raises(ValueError, match="repeat a method"):
        handles("contact.update", also=("PUT",))


async def test_operation_without_handler_answers_501_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(REGISTRY, "contact.update")
    assert missing_handlers() == ["contact.update"]
    app = create_app(SandboxConfig(rate_limit=0))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox") as client:
        url = CATALOG["contact.update"].path.format(app_id=DEFAULT_APP_ID, contact_id="0" * 24)
        response = await client.put(url, headers=headers(), json={"firstName": "Ann"})
    assert response.status_code == 501
    assert "contact.update" in response.json()["errors"][0]["msg"]


async def test_literal_path_is_not_taken_for_an_id() -> None:
    """getAllListDetails and {contact_list_id} share a prefix; the literal one must win."""
    app = create_app(SandboxConfig(rate_limit=0))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox") as client:
        url = CATALOG["contact_list.list"].path.format(app_id=DEFAULT_APP_ID)
        response = await client.get(url, headers=headers())
    assert response.status_code == 200 and isinstance(response.json()["data"], list)


ODD_IDS = ["a/b", "50%", "a%2Fb", "what?", "#1", ".", "..", "a/../b"]


@pytest.mark.parametrize("list_id", ODD_IDS)
async def test_id_with_reserved_characters_reaches_its_handler_over_raw_http(list_id: str) -> None:
    """`a%2Fb` is one segment: Starlette's decoded path would make it two and answer "No such endpoint"."""
    app = create_app(SandboxConfig(rate_limit=0))
    url = CATALOG["contact_list.get"].path.format(app_id=DEFAULT_APP_ID, contact_list_id=encode_segment(list_id))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox") as client:
        response = await client.get(url, headers=headers())
    assert response.status_code == 404
    assert response.json()["errors"][0]["msg"] == f"Contact list {list_id} not found"


@pytest.mark.parametrize("list_id", ODD_IDS)
async def test_id_with_reserved_characters_is_not_found_through_kore_client(list_id: str) -> None:
    sandbox = EmbeddedSandbox(SandboxConfig(rate_limit=0))
    async with sandbox.client() as kore:
        with pytest.raises(NotFoundError, match=f"Contact list {re.escape(list_id)} not found"):
            await kore.get_contact_list(list_id)
