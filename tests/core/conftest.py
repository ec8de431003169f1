"""Fixtures for core tests: settings that ignore the developer's own environment."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from core.client import KoreClient
from core.sandbox.config import SandboxConfig
from core.sandbox.embedded import EmbeddedSandbox
from core.settings import KoreSettings

SECRET = "client-secret-value-that-must-never-leak"


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No KORE_* from the machine, and a config file path that does not exist unless a test writes it."""
    import os

    for name in list(os.environ):
        if name.startswith("KORE_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("KORE_CONFIG_FILE", str(tmp_path / "config.toml"))
    monkeypatch.setenv("KORE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    yield


def _make_settings(**overrides: object) -> KoreSettings:
    values: dict[str, object] = {
        "host": "https://kore.test",
        "client_id": "cs-11111111-2222-4333-8444-555555555555",
        "client_secret": SECRET,
        "account_id": "0123456789abcdef01234567",
        "app_id": "st-11111111-2222-4333-8444-555555555555",
        "rate_limit_per_minute": 0,
    }
    values.update(overrides)
    return KoreSettings.model_validate(values)


@pytest.fixture
def make_settings() -> type[KoreSettings] | object:
    """Factory: settings for a fake tenant, with overrides."""
    return _make_settings


@pytest.fixture
def sandbox() -> EmbeddedSandbox:
    """An in-memory sandbox with no rate limit (tests do not wait for a budget)."""
    return EmbeddedSandbox(SandboxConfig(rate_limit=0))


@pytest.fixture
async def kore(sandbox: EmbeddedSandbox) -> AsyncIterator[KoreClient]:
    """A client of that sandbox, closed after the test."""
    async with sandbox.client() as client:
        yield client
