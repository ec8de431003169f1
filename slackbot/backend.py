"""The one Kore.ai client the bot uses: a real tenant, or the sandbox embedded in-process
(core/connect.py decides which, with the same policy and state file as the TUI).

The client sends through the account's pacer (its own, or the budget shared in Redis), wrapped by
the bot (`wrap`: slackbot.queue.QueuePacer) so it knows which commands wait for the budget.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr

from core.client import CallResult, KoreClient
from core.pacing import Pacer, pacer_for
from core.settings import KoreSettings

Wrap = Callable[[Pacer], Pacer]


def with_shared_budget(settings: KoreSettings, fallback_url: str | None) -> KoreSettings:
    """KORE_RATE_LIMIT_URL when set; else `fallback_url` when it is Redis (the bot's store, which
    every replica already shares), so replicas on one Redis also share one budget."""
    if settings.rate_limit_url is not None or not fallback_url:
        return settings
    if not fallback_url.startswith(("redis://", "rediss://", "unix://")):
        return settings
    return settings.model_copy(update={"rate_limit_url": SecretStr(fallback_url)})


@dataclass
class KoreBackend:
    """Owns the KoreClient (one pooled connection set for every Slack request)."""

    client: KoreClient
    label: str
    is_sandbox: bool = False

    @classmethod
    def connect(
        cls,
        *,
        force_sandbox: bool = False,
        profile: str | None = None,
        latency_ms: int = 0,
        shared_budget_url: str | None = None,
        wrap: Wrap | None = None,
    ) -> KoreBackend:
        """The tenant or the embedded sandbox, by core/connect.py's policy (the TUI's too): no
        credentials means the sandbox; half of them is a ConfigError naming every missing one.
        `latency_ms` makes the sandbox answer slowly (tests, bench). Call it inside the event
        loop that will use it: pacers belong to one loop."""
        from core.connect import connect

        options = {"latency_ms": latency_ms} if latency_ms else {}
        connection = connect(force_sandbox=force_sandbox, profile=profile, sandbox_options=options)
        client = connection.client
        settings = client.settings
        if not connection.is_sandbox:
            settings = with_shared_budget(settings, shared_budget_url)
        if wrap is not None and settings.rate_limit_per_minute > 0:
            client.pace_with(wrap(pacer_for(settings)))
        return cls(client, label=connection.label, is_sandbox=connection.is_sandbox)

    async def execute(self, op_key: str, values: Mapping[str, str]) -> CallResult:
        fields: dict[str, Any] = dict(values)
        return await self.client.execute(op_key, **fields)

    async def estimate_wait(self, requests: int = 1) -> float:
        return await self.client.estimate_wait(requests)

    async def aclose(self) -> None:
        await self.client.aclose()
