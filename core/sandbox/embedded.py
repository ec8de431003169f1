"""The sandbox embedded in-process: what front ends use when no Kore.ai credentials are set."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource
from starlette.applications import Starlette

from core.client import KoreClient
from core.sandbox.app import create_app
from core.sandbox.config import SandboxConfig
from core.sandbox.store import SandboxStore
from core.settings import KoreSettings

SANDBOX_HOST = "http://sandbox.local"


class _SandboxSettings(KoreSettings):
    """Settings from the given values only: a broken config file or a KORE_* variable in the
    environment must not stop or redirect the sandbox (`koretui --sandbox`, `make tui`)."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


@dataclass
class EmbeddedSandbox:
    """A sandbox app plus the settings a client needs to reach it through ASGITransport."""

    config: SandboxConfig = field(default_factory=SandboxConfig)
    app: Starlette = field(init=False)

    def __post_init__(self) -> None:
        self.app = create_app(self.config)

    @property
    def state(self) -> SandboxStore:
        """The sandbox's store (its `contact_lists`, `contacts`... properties are snapshots)."""
        store: SandboxStore = self.app.state.sandbox
        return store

    def settings(self, **overrides: Any) -> KoreSettings:
        """Settings for the sandbox, independent of any KORE_* environment or config file."""
        values: dict[str, Any] = {
            "host": SANDBOX_HOST,
            "client_id": self.config.client_id,
            "client_secret": self.config.client_secret,
            "account_id": self.config.account_id,
            "app_id": self.config.app_id,
            "rate_limit_per_minute": self.config.rate_limit,
        }
        values.update(overrides)
        return _SandboxSettings.model_validate(values)

    def client(self, **overrides: Any) -> KoreClient:
        """A KoreClient wired to this sandbox in-process (no sockets)."""
        transport = httpx.ASGITransport(app=self.app)
        return KoreClient(self.settings(**overrides), transport=transport)
