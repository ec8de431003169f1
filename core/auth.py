"""JWT minting for Kore.ai's `auth` header.

A fresh token per HTTP attempt: Kore rejects a reused `jti` as a replay, so the token is minted
inside `httpx.Auth.auth_flow`, which httpx runs for every request it sends (retries included).
"""

from __future__ import annotations

import time
import uuid
import warnings
from collections.abc import Callable, Generator

import httpx
import jwt

from core.settings import KoreSettings

# PyJWT warns (a Python warning with its source line, on stderr) when a secret is under 32 bytes.
# The secret is Kore.ai's to choose, and a wrong one is answered 401 with a hint naming the setting;
# the warning only broke the one-line output of every front end.
warnings.filterwarnings("ignore", category=jwt.InsecureKeyLengthWarning, module=r"jwt\.")


class TokenMinter:
    """Mints HS256 tokens with `appId`, `sub`, `iat`, `exp` and a new uuid4 `jti` each time.

    When a ready-made token is configured (KORE_JWT) it is used as is.
    """

    def __init__(self, settings: KoreSettings, *, clock: Callable[[], float] = time.time) -> None:
        self._settings = settings
        self._clock = clock

    def __repr__(self) -> str:
        return f"TokenMinter(client_id={self._settings.client_id!r}, secret=**********)"

    def mint(self) -> str:
        settings = self._settings
        if settings.jwt is not None:
            return settings.jwt.get_secret_value()
        settings.require_credentials()
        assert settings.client_secret is not None and settings.client_id is not None
        now = int(self._clock())
        claims = {
            "appId": settings.client_id,
            "sub": settings.jwt_subject,
            "iat": now,
            "exp": now + settings.jwt_ttl_seconds,
            "jti": str(uuid.uuid4()),
        }
        return jwt.encode(claims, settings.client_secret.get_secret_value(), algorithm="HS256")


class KoreAuth(httpx.Auth):
    """Puts a freshly minted token in the `auth` header of every request httpx sends."""

    def __init__(self, minter: TokenMinter) -> None:
        self._minter = minter

    def __repr__(self) -> str:
        return "KoreAuth(auth=**********)"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["auth"] = self._minter.mint()
        yield request
