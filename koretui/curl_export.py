"""The curl command ctrl+y copies and shows, runnable as pasted.

Headless (no Textual). Against a tenant the token stays masked (`${KORE_JWT}`). The embedded
sandbox has no address outside the app, so its command points at `kore-sandbox` on its default
address and carries a token minted from the sandbox's built-in credentials (sandbox-only, valid
a few minutes), with comment lines saying how to start it.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from koretui.backend import Backend

KORE_SANDBOX_URL = "http://127.0.0.1:8765"
"""Where `kore-sandbox` listens by default (--host 127.0.0.1 --port 8765)."""

COMMENT_WIDTH = 70
"""The comment lines' width: the curl dialog at 80 columns shows 74."""


def curl_for(backend: Backend, op_key: str, values: dict[str, Any]) -> tuple[str, str]:
    """(command, one-line note for the screen); KoreError when the form is not valid."""
    client = backend.client
    if not backend.is_sandbox:
        return client.to_curl(op_key, **values), "token masked: export KORE_JWT=<token> before running it"
    from core.sandbox.embedded import SANDBOX_HOST

    command = client.to_curl(op_key, reveal=True, **values).replace(SANDBOX_HOST, KORE_SANDBOX_URL)
    ttl = client.settings.jwt_ttl_seconds // 60
    note = (
        "The TUI's sandbox runs inside the app. To run this command, start the same sandbox as a "
        f"server first: `kore-sandbox` (listens on {KORE_SANDBOX_URL}, same built-in credentials; "
        "it keeps its own data unless given --state FILE). The token is a sandbox-only token, "
        f"valid for about {ttl} minutes."
    )
    # lines short enough for the dialog at 80 columns, so none is broken without its '#'
    header = textwrap.fill(
        note, COMMENT_WIDTH, initial_indent="# ", subsequent_indent="# ", break_long_words=False,
        break_on_hyphens=False,
    ) + "\n"
    return header + command, f"embedded sandbox: run `kore-sandbox` first; sandbox token valid ~{ttl} min"
