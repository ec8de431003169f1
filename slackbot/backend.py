"""The one Kore.ai client the bot uses: a real tenant, or the sandbox embedded in-process
(core/connect.py decides which, with the same policy and state file as the TUI)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.client import CallResult, KoreClient


@dataclass
class KoreBackend:
    """Owns the KoreClient (one pooled connection set for every Slack request)."""

    client: KoreClient
    label: str
    is_sandbox: bool = False

    @classmethod
    def connect(
        cls, *, force_sandbox: bool = False, profile: str | None = None, latency_ms: int = 0
    ) -> KoreBackend:
        """The tenant or the embedded sandbox, by core/connect.py's policy (the TUI's too): no
        credentials means the sandbox; half of them is a ConfigError naming every missing one.
        `latency_ms` makes the sandbox answer slowly (tests, bench)."""
        from core.connect import connect

        options = {"latency_ms": latency_ms} if latency_ms else {}
        connection = connect(force_sandbox=force_sandbox, profile=profile, sandbox_options=options)
        return cls(connection.client, label=connection.label, is_sandbox=connection.is_sandbox)

    async def execute(self, op_key: str, values: Mapping[str, str]) -> CallResult:
        fields: dict[str, Any] = dict(values)
        return await self.client.execute(op_key, **fields)

    async def aclose(self) -> None:
        await self.client.aclose()
