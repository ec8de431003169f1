"""Request verification as the platform does it: HS256 JWT in `auth`, account, app id, Enforce JTI.

What the docs' own samples send is accepted: a token with only `appId` and `sub`, `accountId` as a
header or in the query, no `iid`. With `--enforce-jti` (the app setting "Enforce JTI") a token must
carry `jti` and an `exp` at most an hour after `iat`, and a `jti` is good for one request: those
refusals answer `{"errors":[{"msg": ..., "code": 401}]}` as the SDK-security page shows. Seen `jti`s
live in the store until their token expires, so a restart does not open a replay window.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jwt
from starlette.requests import Request

from core.sandbox.config import SandboxConfig
from core.sandbox.documents import Writer
from core.sandbox.errors import ApiError, shorten, unauthorized
from core.sandbox.schema import SEEN_JTI
from core.sandbox.store import SandboxStore

MAX_LIFETIME_SECONDS = 3600  # with jti, exp may be at most one hour after iat
CLOCK_SKEW_SECONDS = 60  # tolerated for iat and nbf in the future
MAX_JTI_LENGTH = 256
MAX_TOKEN_LENGTH = 8192


def jti_refused(msg: str) -> ApiError:
    """The platform's JTI answers: HTTP 401 with code 401 (not 4002), and a message saying why."""
    return ApiError(401, msg, 401)


@dataclass(frozen=True)
class TokenId:
    jti: str
    exp: float


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


class Verifier:
    """Checks one request's credentials; raises the 401 the real service gives on any failure."""

    def __init__(self, config: SandboxConfig, wall_clock: Callable[[], float], store: SandboxStore) -> None:
        self.config = config
        self.wall_clock = wall_clock
        self.store = store

    async def verify(self, request: Request, *, path_app_id: str) -> str:
        """Return the verified account id; a jti is spent only when everything else passed."""
        token_id = self._claims(request.headers.get("auth", ""))
        self._check_request(request, path_app_id)
        if token_id is not None:
            await self._spend(token_id)
        return self.config.account_id

    def _check_request(self, request: Request, path_app_id: str) -> None:
        """The app id in the path, `accountId` (header or query, both must match if both are sent), `iid`."""
        config = self.config
        if path_app_id != config.app_id:
            raise unauthorized()
        header_account = request.headers.get("accountid")
        query_account = request.query_params.get("accountId")
        if header_account is None and query_account is None:
            raise unauthorized()
        for account in (header_account, query_account):
            if account is not None and account != config.account_id:
                raise unauthorized()
        iid = request.headers.get("iid")
        if iid is not None and iid != config.app_id:  # the pages' samples often leave it out
            raise unauthorized()

    async def _spend(self, token_id: TokenId) -> None:
        now = self.wall_clock()

        def remember(writer: Writer) -> bool:
            writer.delete_where(SEEN_JTI, "exp <= ?", (now,))
            if writer.get(SEEN_JTI, token_id.jti) is not None:
                return False
            writer.insert(SEEN_JTI, {"jti": token_id.jti, "exp": token_id.exp})
            return True

        if not await self.store.write(remember):
            raise jti_refused(f"JWT id (jti) {shorten(token_id.jti, 40)} was already used, possibly a replay")

    def _claims(self, token: str) -> TokenId | None:
        """Signature, appId, the time claims; under Enforce JTI also jti and exp, returned to be spent."""
        if not token or len(token) > MAX_TOKEN_LENGTH:
            raise unauthorized()
        try:
            claims = jwt.decode(
                token,
                self.config.client_secret,
                algorithms=["HS256"],
                options={
                    "verify_exp": False,  # checked below against the injectable clock
                    "verify_iat": False,
                    "verify_nbf": False,
                    "verify_aud": False,
                    "verify_iss": False,
                },
            )
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            raise unauthorized() from exc
        if not isinstance(claims, dict) or claims.get("appId") != self.config.client_id:
            raise unauthorized()
        now = self.wall_clock()
        times = {name: claims.get(name) for name in ("exp", "iat", "nbf")}
        values = {name: _number(value) for name, value in times.items() if value is not None}
        if any(value is None for value in values.values()):
            raise unauthorized()  # present but not a number
        exp, iat, nbf = values.get("exp"), values.get("iat"), values.get("nbf")
        if exp is not None and exp <= now:
            raise unauthorized()
        if any(value is not None and value > now + CLOCK_SKEW_SECONDS for value in (iat, nbf)):
            raise unauthorized()
        if not self.config.enforce_jti:
            return None
        return self._enforced(claims.get("jti"), exp, iat)

    @staticmethod
    def _enforced(jti: Any, exp: float | None, iat: float | None) -> TokenId:
        if not isinstance(jti, str) or not jti or len(jti) > MAX_JTI_LENGTH:
            raise jti_refused(
                f"JWT must carry a jti (a unique id of 1 to {MAX_JTI_LENGTH} characters): this app "
                "enforces JTI"
            )
        if exp is None or iat is None:
            raise jti_refused("JWT with a jti must carry iat and exp")
        if exp - iat > MAX_LIFETIME_SECONDS or exp < iat:
            raise jti_refused("JWT exp must be at most 1 hour after iat when a jti is used")
        return TokenId(jti, exp)
