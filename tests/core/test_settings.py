"""Settings: sources, profiles, and one-line errors that name the setting and where to set it."""

from __future__ import annotations

from pathlib import Path

import pytest

from core import ConfigError, load_settings


def write_config(text: str) -> Path:
    path = Path("config.toml").resolve()
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_point_at_the_public_platform() -> None:
    settings = load_settings()
    assert settings.host == "https://platform.kore.ai"
    assert settings.connect_timeout == 5 and settings.read_timeout == 20 and settings.max_retries == 2
    assert not settings.has_credentials


def test_environment_is_read_with_the_kore_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KORE_CLIENT_ID", "cs-env")
    monkeypatch.setenv("KORE_CLIENT_SECRET", "s3cret")
    monkeypatch.setenv("KORE_ACCOUNT_ID", "a" * 24)
    monkeypatch.setenv("KORE_APP_ID", "st-env")
    settings = load_settings()
    assert settings.client_id == "cs-env" and settings.has_credentials


def test_dotenv_file_is_read() -> None:
    Path(".env").write_text("KORE_HOST=https://bots.kore.ai\nKORE_APP_ID=st-dotenv\n", encoding="utf-8")
    settings = load_settings()
    assert settings.host == "https://bots.kore.ai" and settings.app_id == "st-dotenv"


def test_profile_overrides_the_config_file_top_level(monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(
        f'host = "https://platform.kore.ai"\naccount_id = "{"a" * 24}"\n'
        f'[profiles.prod]\naccount_id = "{"b" * 24}"\napp_id = "st-prod"\n'
    )
    monkeypatch.setenv("KORE_PROFILE", "prod")
    settings = load_settings()
    assert settings.account_id == "b" * 24 and settings.app_id == "st-prod"
    assert load_settings(profile="prod").app_id == "st-prod"


def test_environment_beats_the_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    write_config('[profiles.prod]\napp_id = "st-prod"\n')
    monkeypatch.setenv("KORE_APP_ID", "st-env")
    assert load_settings(profile="prod").app_id == "st-env"


def test_unknown_profile_names_the_profiles_there() -> None:
    write_config('[profiles.prod]\napp_id = "st-prod"\n')
    with pytest.raises(ConfigError, match=r"profile 'stage' not found .* \(profiles there: prod\)"):
        load_settings(profile="stage")


def test_malformed_toml_is_one_line_naming_the_file() -> None:
    path = write_config("host = \n")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(path) in str(caught.value) and "not valid TOML" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_unknown_key_in_config_file_is_named() -> None:
    write_config('hots = "x"\n')
    with pytest.raises(ConfigError, match="unknown setting 'hots'"):
        load_settings()


def test_malformed_setting_names_it_and_where_to_set_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KORE_READ_TIMEOUT", "soon")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith("invalid Kore.ai setting read_timeout:")
    assert "KORE_READ_TIMEOUT" in message and "\n" not in message


def test_app_id_must_look_like_a_stream_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KORE_APP_ID", "cs-oops")
    with pytest.raises(ConfigError, match=r"app_id: the app id .* starts with 'st-'"):
        load_settings()


def test_missing_credential_is_named_with_where_to_set_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KORE_ACCOUNT_ID", "a" * 24)
    monkeypatch.setenv("KORE_APP_ID", "st-x")
    settings = load_settings()
    with pytest.raises(ConfigError) as caught:
        settings.require_credentials()
    assert "missing Kore.ai settings client_id, client_secret: " in str(caught.value)
    assert "KORE_CLIENT_ID, KORE_CLIENT_SECRET" in str(caught.value)


def test_host_without_scheme_gets_https() -> None:
    assert load_settings(host="platform.kore.ai/").host == "https://platform.kore.ai"


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("KORE_ACCOUNT_ID", "123", "account_id: the account id is 24 hex characters (0-9, a-f); this one has 3"),
        ("KORE_ACCOUNT_ID", "67777ce93e25326494e9xxxx", "account_id: the account id is 24 hex characters"),
        ("KORE_APP_ID", "st-", "app_id: the app id (IID / stream id) starts with 'st-'"),
        ("KORE_CLIENT_ID", "st-11111111", "client_id: the JWT app's Client ID starts with 'cs-'"),
    ],
)
def test_ids_of_the_wrong_shape_are_named_at_start(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, said: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value).startswith(f"invalid Kore.ai setting {said}")
    assert name in str(caught.value) and "\n" not in str(caught.value)


def test_every_malformed_setting_is_named_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KORE_ACCOUNT_ID", "123")
    monkeypatch.setenv("KORE_APP_ID", "cs-oops")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith("invalid Kore.ai settings account_id: ")
    assert "; app_id: the app id" in message and "KORE_ACCOUNT_ID, KORE_APP_ID" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("XX", "default_region: 'XX' is not a country code; give two letters such as US"),
        ("usa", "default_region: 'usa' is not a country code"),
    ],
)
def test_a_default_region_that_is_no_country_is_refused_at_start(
    monkeypatch: pytest.MonkeyPatch, value: str, said: str
) -> None:
    """Otherwise it surfaced only at an import, as "unknown region" with no word of the setting."""
    monkeypatch.setenv("KORE_DEFAULT_REGION", value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value).startswith(f"invalid Kore.ai setting {said}")
    assert "KORE_DEFAULT_REGION" in str(caught.value)


def test_a_default_region_is_upper_cased(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KORE_DEFAULT_REGION", "gb")
    assert load_settings().default_region == "GB"


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("KORE_READ_TIMEOUT", "soon", "read_timeout: a number (got 'soon')"),
        ("KORE_MAX_RETRIES", "1.5", "max_retries: a whole number (got '1.5')"),
        ("KORE_MAX_RETRIES", "-1", "max_retries: at least 0 (got -1)"),
        ("KORE_READ_TIMEOUT", "0", "read_timeout: more than 0 (got 0)"),
        ("KORE_READ_TIMEOUT", "9999", "read_timeout: at most 600 (got 9999)"),
    ],
)
def test_a_number_setting_says_what_it_wants_in_plain_words(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, said: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value).startswith(f"invalid Kore.ai setting {said};")


def test_a_number_where_text_belongs_in_the_config_file_says_to_quote_it() -> None:
    write_config("host = 5\n")
    with pytest.raises(ConfigError, match=r"host: text, not int \(5\); in config.toml put it in quotes"):
        load_settings()
