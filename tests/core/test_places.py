"""Where settings live, and the shortcut when none is given (core/places.py): with nothing
configured, front ends pick the sandbox without loading pydantic, and decide as load_settings would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.connect import tenant_settings, wants_tenant
from core.errors import ConfigError
from core.places import settings_given
from core.settings import load_settings


def test_nothing_given_when_only_the_place_variables_are_set() -> None:
    assert os.environ["KORE_CONFIG_FILE"] and os.environ["KORE_DATA_DIR"]  # set by conftest
    assert not settings_given()
    assert not wants_tenant(load_settings())  # what the slow path would decide: no tenant


@pytest.mark.parametrize("name", ["KORE_HOST", "KORE_PROFILE", "kore_client_id"])
def test_any_kore_variable_counts_as_given_in_any_case(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv(name, "x")
    assert settings_given()


def test_a_dotenv_file_or_the_config_file_counts_as_given(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("# nothing yet\n")  # conftest runs each test in tmp_path
    assert settings_given()
    (tmp_path / ".env").unlink()
    Path(os.environ["KORE_CONFIG_FILE"]).write_text("")
    assert settings_given()


def test_half_a_tenant_is_still_an_error_and_a_missing_profile_too(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match="profile 'prod' selected"):
        tenant_settings("prod")
    monkeypatch.setenv("KORE_CLIENT_ID", "cs-11111111-2222-4333-8444-555555555555")
    with pytest.raises(ConfigError, match=r"missing Kore\.ai settings"):
        tenant_settings()


def test_with_nothing_configured_the_sandbox_is_chosen_without_loading_pydantic(tmp_path: Path) -> None:
    code = (
        "import sys; from core.connect import tenant_settings; "
        "assert tenant_settings() is None; "
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_settings')]; "
        "assert not loaded, loaded"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=dict(os.environ), cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-1500:]
