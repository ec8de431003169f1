"""Credentials the way a client sends them, for tests that talk to the sandbox app directly."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt

from core.sandbox.config import DEFAULT_ACCOUNT_ID, DEFAULT_APP_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET


def mint(
    *,
    secret: str = DEFAULT_CLIENT_SECRET,
    app_id: str | None = DEFAULT_CLIENT_ID,
    iat: float | None = None,
    lifetime: float = 300,
    jti: str | None = None,
    drop: tuple[str, ...] = (),
    algorithm: str = "HS256",
) -> str:
    """A token the way a client mints one; each argument lets a test break one thing."""
    issued = int(time.time()) if iat is None else int(iat)
    claims: dict[str, Any] = {
        "appId": app_id,
        "sub": "sandbox-tests",
        "iat": issued,
        "exp": issued + int(lifetime),
        "jti": jti or str(uuid.uuid4()),
    }
    for key in drop:
        claims.pop(key)
    return jwt.encode(claims, secret, algorithm=algorithm)


def headers(
    token: str | None = None, *, iid: str | None = DEFAULT_APP_ID, account: str | None = DEFAULT_ACCOUNT_ID
) -> dict[str, str]:
    result = {"auth": token if token is not None else mint(), "Content-Type": "application/json"}
    if iid is not None:
        result["iid"] = iid
    if account is not None:
        result["accountId"] = account
    return result
