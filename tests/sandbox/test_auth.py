"""Credentials: the docs' own sample requests are accepted; bad tokens are 4002; Enforce JTI as documented."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import jwt
import pytest
from sandboxkit import (
    CONTACTS,
    INVALID_CREDENTIALS,
    LISTS,
    FakeClock,
    client_for,
    error_of,
    get_lists,
    list_id_named,
    state_of,
)
from starlette.applications import Starlette
from tokens import headers, mint

from core.sandbox.app import create_app
from core.sandbox.config import (
    DEFAULT_ACCOUNT_ID,
    DEFAULT_APP_ID,
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    SandboxConfig,
)
from core.sandbox.schema import SEEN_JTI

WALL_START = 1_800_000_000.0


def docs_sample_token(**extra: object) -> str:
    """The token the API-introduction page shows: only `appId` and a dummy `sub`."""
    return jwt.encode({"appId": DEFAULT_CLIENT_ID, "sub": "1234567890", **extra}, DEFAULT_CLIENT_SECRET)


def enforcing(wall: FakeClock, state_file: Path | None = None) -> Starlette:
    config = SandboxConfig(rate_limit=0, enforce_jti=True, state_file=state_file)
    return create_app(config, wall_clock=wall)


@pytest.fixture
def wall() -> FakeClock:
    clock = FakeClock()
    clock.now = WALL_START
    return clock


# --- what the docs' samples send --------------------------------------------------------------------------


async def test_the_docs_sample_token_with_only_appid_and_sub_is_accepted(client: httpx.AsyncClient) -> None:
    token = docs_sample_token()
    assert (await get_lists(client, headers(token))).status_code == 200
    assert (await get_lists(client, headers(token))).status_code == 200  # no jti: nothing to replay


async def test_get_contacts_of_a_list_as_its_page_sends_it(client: httpx.AsyncClient, app: Starlette) -> None:
    """Only `auth` as a header and `accountId` in the query: no `iid`, no `accountId` header."""
    list_id = list_id_named(app, "Renewal Due - July 2025")
    response = await client.get(
        f"{LISTS}/{list_id}/getAllContacts",
        params={"accountId": DEFAULT_ACCOUNT_ID},
        headers={"auth": docs_sample_token()},
    )
    assert response.status_code == 200 and response.json()["data"]["totalResults"] == 5


@pytest.mark.parametrize("where", ["header", "query"])
async def test_account_id_may_come_as_header_or_query(client: httpx.AsyncClient, where: str) -> None:
    sent = headers(account=DEFAULT_ACCOUNT_ID if where == "header" else None, iid=None)
    params = {"accountId": DEFAULT_ACCOUNT_ID} if where == "query" else {}
    assert (await client.get(f"{LISTS}/getAllListDetails", params=params, headers=sent)).status_code == 200
    assert (await client.get(CONTACTS, params=params, headers=sent)).status_code == 200


@pytest.mark.parametrize(
    ("iid", "account", "query_account"),
    [
        pytest.param(DEFAULT_APP_ID, None, None, id="no-accountId-anywhere"),
        pytest.param(DEFAULT_APP_ID, "000000000000000000000000", None, id="wrong-accountId"),
        pytest.param(DEFAULT_APP_ID, DEFAULT_ACCOUNT_ID, "ffffffffffffffffffffffff", id="query-disagrees"),
        pytest.param("st-00000000-0000-4000-8000-000000000000", DEFAULT_ACCOUNT_ID, None, id="wrong-iid"),
    ],
)
async def test_a_wrong_or_missing_account_or_a_wrong_iid_is_refused(
    client: httpx.AsyncClient, app: Starlette, iid: str | None, account: str | None, query_account: str | None
) -> None:
    list_id = list_id_named(app, "Renewal Due - July 2025")
    params = {"accountId": query_account} if query_account else {}
    for method, url in (("GET", f"{LISTS}/{list_id}"), ("DELETE", f"{LISTS}/{list_id}")):
        response = await client.request(method, url, params=params, headers=headers(iid=iid, account=account))
        assert response.status_code == 401 and response.json() == INVALID_CREDENTIALS
    assert list_id in state_of(app).contact_lists


async def test_iid_is_optional_on_every_endpoint(client: httpx.AsyncClient, app: Starlette) -> None:
    list_id = list_id_named(app, "Renewal Due - July 2025")
    for url in (
        f"{LISTS}/{list_id}",
        f"{LISTS}/getAllListDetails",
        f"{LISTS}/{list_id}/getAllContacts",
        CONTACTS,
    ):
        assert (await client.get(url, headers=headers(iid=None))).status_code == 200, url


async def test_header_names_are_case_insensitive(client: httpx.AsyncClient) -> None:
    request_headers = {"AUTH": mint(), "ACCOUNTID": DEFAULT_ACCOUNT_ID, "IID": DEFAULT_APP_ID}
    assert (await get_lists(client, request_headers)).status_code == 200


async def test_path_app_id_must_be_the_configured_one(client: httpx.AsyncClient) -> None:
    other = "st-00000000-0000-4000-8000-000000000000"
    response = await client.get(
        f"/agentassist/api/v1/public/{other}/campaign/contactList/getAllListDetails",
        headers=headers(iid=other),
    )
    assert response.status_code == 401 and response.json() == INVALID_CREDENTIALS
    contacts = await client.get(f"/agentassist/api/v1/public/{other}/contacts", headers=headers(iid=None))
    assert contacts.status_code == 401


# --- tokens that are wrong whatever the settings ----------------------------------------------------------


@pytest.mark.parametrize(
    "token",
    [
        pytest.param("", id="empty"),
        pytest.param("not-a-jwt", id="garbage"),
        pytest.param(mint(secret="some-other-secret-that-is-long-enough-for-hs256"), id="bad-signature"),
        pytest.param(mint(app_id="cs-00000000-0000-4000-8000-000000000000"), id="wrong-appId"),
        pytest.param(mint(app_id=None), id="null-appId"),
        pytest.param(mint(drop=("appId",)), id="no-appId"),
        pytest.param(mint(iat=time.time() - 7200, lifetime=3600), id="expired"),
        pytest.param(mint(iat=time.time() + 600), id="issued-in-the-future"),
        pytest.param(docs_sample_token(exp="tomorrow"), id="exp-not-a-number"),
        pytest.param(mint(secret=DEFAULT_CLIENT_SECRET * 2, algorithm="HS512"), id="HS512"),
        pytest.param(jwt.encode({"appId": DEFAULT_CLIENT_ID}, key="", algorithm="none"), id="alg-none"),
        pytest.param("Bearer " + mint(), id="bearer-prefix"),
    ],
)
async def test_bad_tokens_are_rejected_as_invalid_credentials(client: httpx.AsyncClient, token: str) -> None:
    response = await get_lists(client, headers(token))
    assert response.status_code == 401
    assert response.json() == INVALID_CREDENTIALS


async def test_missing_auth_header_is_rejected(client: httpx.AsyncClient) -> None:
    request_headers = headers()
    del request_headers["auth"]
    response = await get_lists(client, request_headers)
    assert response.status_code == 401 and response.json() == INVALID_CREDENTIALS


async def test_without_enforce_jti_a_long_lived_token_or_a_reused_jti_is_accepted(
    client: httpx.AsyncClient,
) -> None:
    token = mint(lifetime=7200)
    assert (await get_lists(client, headers(token))).status_code == 200
    assert (await get_lists(client, headers(token))).status_code == 200


# --- Enforce JTI ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claims_dropped", "lifetime", "says"),
    [
        pytest.param(("jti",), 300, "must carry a jti", id="no-jti"),
        pytest.param(("exp",), 300, "must carry iat and exp", id="no-exp"),
        pytest.param(("iat",), 300, "must carry iat and exp", id="no-iat"),
        pytest.param((), 3601, "at most 1 hour after iat", id="exp-more-than-an-hour-after-iat"),
    ],
)
async def test_enforce_jti_refuses_tokens_without_jti_or_with_a_long_exp(
    wall: FakeClock, claims_dropped: tuple[str, ...], lifetime: int, says: str
) -> None:
    async with client_for(enforcing(wall)) as client:
        token = mint(iat=wall.now, lifetime=lifetime, drop=claims_dropped)
        response = await get_lists(client, headers(token))
        assert response.status_code == 401
        error = error_of(response)
        assert error["code"] == 401 and says in error["msg"]
        assert (await get_lists(client, headers(docs_sample_token()))).status_code == 401


async def test_enforce_jti_refuses_a_reused_jti_as_a_replay(wall: FakeClock) -> None:
    async with client_for(enforcing(wall)) as client:
        token = mint(iat=wall.now)
        assert (await get_lists(client, headers(token))).status_code == 200
        replay = await get_lists(client, headers(token))
        assert replay.status_code == 401
        assert error_of(replay)["code"] == 401 and error_of(replay)["msg"].endswith("possibly a replay")
        assert (await get_lists(client, headers(mint(iat=wall.now)))).status_code == 200


async def test_a_refused_request_does_not_spend_its_jti(wall: FakeClock) -> None:
    async with client_for(enforcing(wall)) as client:
        token = mint(iat=wall.now)
        assert (await get_lists(client, headers(token, account="0" * 24))).status_code == 401
        assert (await get_lists(client, headers(token))).status_code == 200


async def test_seen_jtis_survive_a_restart_and_are_forgotten_once_expired(
    wall: FakeClock, tmp_path: Path
) -> None:
    state_file = tmp_path / "state.db"
    token = mint(iat=wall.now, lifetime=300)
    async with client_for(enforcing(wall, state_file)) as client:
        assert (await get_lists(client, headers(token))).status_code == 200
    restarted = enforcing(wall, state_file)
    async with client_for(restarted) as client:
        replay = await get_lists(client, headers(token))
        assert replay.status_code == 401 and error_of(replay)["msg"].endswith("possibly a replay")
        wall.advance(301)
        assert (await get_lists(client, headers(mint(iat=wall.now)))).status_code == 200
    seen = state_of(restarted).read_now(lambda reader: reader.count(SEEN_JTI))
    assert seen == 1  # the expired one was dropped when the new one was recorded
