"""No secret (client secret, JWT) in reprs, logs, error texts or curl exports unless asked."""

from __future__ import annotations

import logging
import subprocess
import sys

import httpx
import pytest

from core import KoreClient
from core.auth import KoreAuth, TokenMinter
from core.errors import KoreAPIError

SECRET = "client-secret-value-that-must-never-leak"  # the value conftest.make_settings uses


def test_settings_repr_masks_the_secret_and_jwt(make_settings) -> None:
    settings = make_settings(jwt="eyJhbGciOiJIUzI1NiJ9.payload.signature")
    text = repr(settings) + str(settings) + str(settings.model_dump())
    assert SECRET not in text and "payload.signature" not in text


def test_client_auth_and_minter_reprs_hold_no_secret(make_settings) -> None:
    settings = make_settings()
    minter = TokenMinter(settings)
    token = minter.mint()
    for obj in (KoreClient(settings), minter, KoreAuth(minter)):
        assert SECRET not in repr(obj) and token not in repr(obj)


def test_curl_export_masks_the_token_unless_revealed(make_settings) -> None:
    kore = KoreClient(make_settings())
    masked = kore.to_curl("contact_list.create", name="Renewal", description="d")
    assert "${KORE_JWT" in masked and "eyJ" not in masked and SECRET not in masked
    revealed = kore.to_curl("contact_list.create", reveal=True, name="Renewal", description="d")
    assert "auth: eyJ" in revealed and SECRET not in revealed


def test_curl_export_is_a_runnable_command(make_settings) -> None:
    kore = KoreClient(make_settings())
    text = kore.to_curl("contact_list.update", contact_list_id="cl-1", name="Renewal's")
    assert text.startswith("curl --request PUT https://kore.test/agentassist/api/v1/public/st-")
    assert "--header 'iid: st-" in text and "--header 'accountId: 0123456789abcdef01234567'" in text
    assert """--data '{"name":"Renewal'"'"'s"}""" in text


async def test_logs_and_errors_hold_no_secret(make_settings, caplog: pytest.LogCaptureFixture) -> None:
    tokens: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        tokens.append(request.headers["auth"])
        return httpx.Response(401, json={"errors": [{"msg": "Invalid SDK credentials", "code": 4002}]})

    caplog.set_level(logging.DEBUG)
    async with KoreClient(make_settings(), transport=httpx.MockTransport(handler)) as kore:
        with pytest.raises(KoreAPIError) as caught:
            await kore.list_contact_lists()
    everything = caplog.text + str(caught.value) + repr(caught.value) + caught.value.body
    assert SECRET not in everything
    assert all(token not in everything for token in tokens)


def test_a_short_client_secret_prints_no_python_warning() -> None:
    """PyJWT's InsecureKeyLengthWarning printed its source line on stderr before `kore`'s one line."""
    code = (
        "from core.auth import TokenMinter; from core.settings import KoreSettings; "
        "s = KoreSettings(_env_file=None, client_id='cs-1', client_secret='short', "
        "account_id='a' * 24, app_id='st-1'); TokenMinter(s).mint()"
    )
    done = subprocess.run(
        [sys.executable, "-W", "default", "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
