"""Request verification as the platform does it: HS256 JWT in `auth`, account, app id, replay protection."""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from typing import Any

import jwt
from starlette.requests import Request

from core.sandbox.config import SandboxConfig
from core.sandbox.errors import unauthorized

MAX_LIFETIME_SECONDS = 3600  # exp may be at most one hour after iat when jti is used
CLOCK_SKEW_SECONDS = 60  # tolerated for iat in the future
MAX_JTI_LENGTH = 256
MAX_TOKEN_LENGTH = 8192


class ReplayCache:
    """Every jti seen, remembered until its token expires (after that the token is refused anyway)."""

    def __init__(self) -> None:
        self._expiry: dict[str, float] = {}
        self._heap: list[tuple[float, str]] = []

    def __contains__(self, jti: str) -> bool:
        return jti in self._expiry

    def __len__(self) -> int:
        return len(self._expiry)

    def add(self, jti: str, exp: float) -> None:
        self._expiry[jti] = exp
        heapq.heappush(self._heap, (exp, jti))

    def forget_expired(self, now: float) -> None:
        while self._heap and self._heap[0][0] <= now:
            _, jti = heapq.heappop(self._heap)
            self._expiry.pop(jti, None)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


class Verifier:
    """Checks one request's credentials; raises the 401 the real service gives on any failure."""

    def __init__(self, config: SandboxConfig, wall_clock: Callable[[], float]) -> None:
        self.config = config
        self.wall_clock = wall_clock
        self.seen = ReplayCache()

    def verify(self, request: Request, *, path_app_id: str, needs_iid: bool) -> str:
        """Return the verified account id; the jti is recorded only when everything else passed."""
        claims = self._claims(request.headers.get("auth", ""))
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
        if needs_iid and request.headers.get("iid") != path_app_id:
            raise unauthorized()
        jti, exp = claims
        now = self.wall_clock()
        self.seen.forget_expired(now)
        if jti in self.seen:
            raise unauthorized()
        self.seen.add(jti, exp)
        return config.account_id

    def _claims(self, token: str) -> tuple[str, float]:
        """Signature, appId, iat/exp window and jti; returns (jti, exp)."""
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
        exp = _number(claims.get("exp"))
        iat = _number(claims.get("iat"))
        jti = claims.get("jti")
        now = self.wall_clock()
        if exp is None or iat is None or exp <= now or iat > now + CLOCK_SKEW_SECONDS:
            raise unauthorized()
        if exp - iat > MAX_LIFETIME_SECONDS or exp < iat:
            raise unauthorized()
        if not isinstance(jti, str) or not jti or len(jti) > MAX_JTI_LENGTH:
            raise unauthorized()
        nbf = claims.get("nbf")
        if nbf is not None:
            nbf_value = _number(nbf)
            if nbf_value is None or nbf_value > now + CLOCK_SKEW_SECONDS:
                raise unauthorized()
        return jti, exp
