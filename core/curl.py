"""Render a request as a curl command a user can paste, with the token masked by default."""

from __future__ import annotations

import shlex

import httpx

MASK_HEADER = '"auth: ${KORE_JWT:?export KORE_JWT=<token> first}"'
"""Masked token: the shell fills it from $KORE_JWT, so the command still works once pasted."""
_SKIP = {"host", "content-length", "accept", "accept-encoding", "connection", "user-agent", "auth"}


def render_curl(request: httpx.Request, *, token: str | None = None) -> str:
    """`curl` for `request`. `token` fills the auth header only when the user asked to reveal it."""
    parts = ["curl", "--request", request.method, shlex.quote(str(request.url))]
    parts += ["--header", shlex.quote(f"auth: {token}") if token is not None else MASK_HEADER]
    for name, value in request.headers.items():
        if name.lower() not in _SKIP:
            parts += ["--header", shlex.quote(f"{_canonical(name)}: {value}")]
    content = request.content
    if content:
        parts += ["--data", shlex.quote(content.decode("utf-8"))]
    return " \\\n  ".join(_pairs(parts))


def _canonical(name: str) -> str:
    known = {"accountid": "accountId", "iid": "iid", "content-type": "Content-Type"}
    return known.get(name.lower(), name)


def _pairs(parts: list[str]) -> list[str]:
    """Group flag/value pairs so each header sits on its own line."""
    lines = [" ".join(parts[:4])]
    rest = parts[4:]
    lines += [f"{rest[i]} {rest[i + 1]}" for i in range(0, len(rest), 2)]
    return lines
