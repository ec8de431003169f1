"""Fixtures for the TUI tests: a tmp data dir, a seeded in-process sandbox, and the app factory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from core.sandbox.config import SandboxConfig
from core.sandbox.embedded import EmbeddedSandbox
from koretui.app import KoreTui
from koretui.backend import Backend

AppFactory = Callable[..., KoreTui]


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data dir and no KORE_* settings from the machine."""
    directory = tmp_path / "data"
    monkeypatch.setenv("KORE_DATA_DIR", str(directory))
    monkeypatch.setenv("KORE_CONFIG_FILE", str(tmp_path / "no-config.toml"))
    for name in ("KORE_HOST", "KORE_CLIENT_ID", "KORE_CLIENT_SECRET", "KORE_JWT", "KORE_ACCOUNT_ID", "KORE_APP_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return directory


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Inputs do not blink, so snapshots and screen reads are stable."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "cursor_blink", False)
    yield


def make_sandbox(**config: Any) -> EmbeddedSandbox:
    return EmbeddedSandbox(SandboxConfig(rate_limit=0, seed=True, random_seed=7, **config))


@pytest.fixture
def sandbox() -> EmbeddedSandbox:
    return make_sandbox()


@pytest.fixture
def make_app(data_dir: Path) -> AppFactory:
    """Build the app on a sandbox (the `sandbox` fixture's, or a new one with the given config)."""

    def factory(sandbox: EmbeddedSandbox | None = None, **kwargs: Any) -> KoreTui:
        backend = Backend.for_sandbox(sandbox or make_sandbox(), rate_limit_per_minute=0, max_retries=0)
        kwargs.setdefault("history_path", data_dir / "history.jsonl")
        return KoreTui(backend, **kwargs)

    return factory
