"""Tenant or sandbox: one policy for every front end (core/connect.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.connect import (
    FORCED_SANDBOX_NOTICE,
    SANDBOX_NOTICE,
    StateFileUnusableError,
    connect,
    default_state_file,
)
from core.errors import ConfigError

TENANT = {
    "KORE_HOST": "https://acme.kore.ai",
    "KORE_CLIENT_ID": "cs-11111111-2222-4333-8444-555555555555",
    "KORE_CLIENT_SECRET": "very-secret-value",
    "KORE_ACCOUNT_ID": "0123456789abcdef01234567",
    "KORE_APP_ID": "st-11111111-2222-4333-8444-555555555555",
}


def set_env(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    for name, value in values.items():
        monkeypatch.setenv(name, value)


async def test_no_credentials_means_the_sandbox_with_a_notice_and_the_shared_state_file() -> None:
    connection = connect()
    try:
        assert connection.is_sandbox and connection.notice == SANDBOX_NOTICE
        assert default_state_file().exists()
    finally:
        await connection.aclose()


async def test_every_credential_means_the_tenant(monkeypatch: pytest.MonkeyPatch) -> None:
    set_env(monkeypatch, **TENANT)
    connection = connect()
    try:
        assert not connection.is_sandbox and connection.notice is None
        assert connection.label == connection.host_name == "acme.kore.ai"
    finally:
        await connection.aclose()


def test_half_a_tenant_names_every_missing_setting_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    set_env(monkeypatch, KORE_CLIENT_ID=TENANT["KORE_CLIENT_ID"])
    with pytest.raises(ConfigError) as caught:
        connect()
    message = str(caught.value)
    assert message.startswith("missing Kore.ai settings account_id, app_id, client_secret: set ")
    assert "KORE_ACCOUNT_ID, KORE_APP_ID, KORE_CLIENT_SECRET" in message and "\n" not in message
    assert not default_state_file().exists()


def test_a_ready_made_jwt_replaces_client_id_and_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    set_env(monkeypatch, KORE_JWT="eyJ.x.y", KORE_ACCOUNT_ID=TENANT["KORE_ACCOUNT_ID"])
    with pytest.raises(ConfigError, match=r"missing Kore\.ai setting app_id: set KORE_APP_ID "):
        connect()


def test_a_chosen_profile_without_credentials_is_an_error_not_the_sandbox() -> None:
    config = Path("config.toml")
    config.write_text('[profiles.prod]\nhost = "https://acme.kore.ai"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"missing Kore\.ai settings .* in \[profiles\.prod\]"):
        connect(profile="prod")


async def test_forced_sandbox_ignores_even_half_a_tenant(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    set_env(monkeypatch, KORE_CLIENT_ID=TENANT["KORE_CLIENT_ID"])
    connection = connect(force_sandbox=True, state_file=tmp_path / "other.json")
    try:
        assert connection.is_sandbox and connection.notice == FORCED_SANDBOX_NOTICE
        assert (tmp_path / "other.json").exists()
    finally:
        await connection.aclose()


def test_an_unusable_state_file_is_one_line_naming_it(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_text("not a state file", encoding="utf-8")
    with pytest.raises(StateFileUnusableError) as caught:
        connect(force_sandbox=True, state_file=state)
    assert str(state) in str(caught.value) and "\n" not in str(caught.value)


async def test_the_tui_and_the_bot_share_one_sandbox_state() -> None:
    from koretui.backend import build_backend
    from slackbot.backend import KoreBackend

    tui = build_backend()
    try:
        created = await tui.client.execute("contact_list.create", name="Made in the TUI", description="")
    finally:
        await tui.aclose()
    bot = KoreBackend.connect()
    try:
        assert bot.is_sandbox and bot.label == tui.label
        lists = await bot.execute("contact_list.list", {})
        assert created.records[0].id in {record.id for record in lists.records}  # type: ignore[attr-defined]
    finally:
        await bot.aclose()


async def test_the_old_default_state_file_is_taken_over_with_its_data() -> None:
    from core.connect import LEGACY_STATE_FILE_NAME

    legacy = default_state_file().with_name(LEGACY_STATE_FILE_NAME)
    legacy.parent.mkdir(parents=True)
    old = connect(state_file=legacy)
    try:
        created = await old.client.call("contact_list.create", name="Made before the rename", description="")
    finally:
        await old.aclose()
        assert old.sandbox is not None
        old.sandbox.state.close()
    connection = connect()
    try:
        assert default_state_file().name == "sandbox.sqlite3" and not legacy.exists()
        lists = await connection.client.call("contact_list.list")
        assert "Made before the rename" in lists.model_dump_json()
        assert created is not None
    finally:
        await connection.aclose()
