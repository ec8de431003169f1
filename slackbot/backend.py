"""The one Kore.ai client the bot uses: a real tenant, or the sandbox embedded in-process."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.client import CallResult, KoreClient
from core.settings import KoreSettings, load_settings


@dataclass
class KoreBackend:
    """Owns the KoreClient (one pooled connection set for every Slack request)."""

    client: KoreClient
    label: str
    is_sandbox: bool = False

    @classmethod
    def tenant(cls, *, profile: str | None = None, settings: KoreSettings | None = None) -> KoreBackend:
        """A real tenant from KORE_* settings; ConfigError names the first missing credential."""
        settings = settings or load_settings(profile=profile)
        settings.require_credentials()
        return cls(KoreClient(settings), label=settings.host_name)

    @classmethod
    def sandbox(
        cls, *, latency_ms: int = 0, state_file: Path | None = None, rate_limit: int = 60
    ) -> KoreBackend:
        """The embedded sandbox (seeded demo data); `latency_ms` simulates a slow tenant."""
        from core.sandbox.config import SandboxConfig  # only the sandbox mode loads the emulator
        from core.sandbox.embedded import EmbeddedSandbox

        config = SandboxConfig(latency_ms=latency_ms, state_file=state_file, rate_limit=rate_limit)
        return cls(EmbeddedSandbox(config=config).client(), label="sandbox", is_sandbox=True)

    async def execute(self, op_key: str, values: Mapping[str, str]) -> CallResult:
        fields: dict[str, Any] = dict(values)
        return await self.client.execute(op_key, **fields)

    async def aclose(self) -> None:
        await self.client.aclose()
