"""Fixtures for the bulk engine tests: no KORE_* from the machine, a tmp data dir."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "data"
    for name in list(os.environ):
        if name.startswith("KORE_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("KORE_DATA_DIR", str(directory))
    monkeypatch.setenv("KORE_CONFIG_FILE", str(tmp_path / "no-config.toml"))
    monkeypatch.chdir(tmp_path)
    return directory
