"""Configuration: environment (KORE_*), a `.env` file, and a TOML config file with named profiles.

Precedence, highest first: explicit overrides, environment, `.env`, the selected profile of the
config file, the config file's top-level keys, defaults. The config file lives in the user's
config dir (`koretui/config.toml`) unless KORE_CONFIG_FILE points elsewhere (core/places.py).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import AnyHttpUrl, Field, SecretStr, TypeAdapter, field_validator
from pydantic import ValidationError as PydanticValidationError
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from core.errors import ConfigError
from core.limits import limit
from core.places import default_config_file as default_config_file  # re-exported: callers import it here
from core.places import default_data_dir as default_data_dir

DEFAULT_HOST = "https://platform.kore.ai"


def _where(fields: list[str], profile: str | None) -> str:
    section = f"[profiles.{profile}]" if profile else "the top level"
    env = ", ".join(f"KORE_{name.upper()}" for name in fields)
    return f"set {env} (environment or .env) or {', '.join(fields)} in {section} of {default_config_file()}"


ACCOUNT_ID = re.compile(r"[0-9a-fA-F]{24}")


class TomlProfileSource(PydanticBaseSettingsSource):
    """Reads the config file's top-level keys, overlaid by `[profiles.<name>]` when selected."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path, profile: str | None) -> None:
        super().__init__(settings_cls)
        self.path = path
        self.profile = profile

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # unused: __call__ returns the whole mapping

    def __call__(self) -> dict[str, Any]:
        if not self.path.exists():
            if self.profile:
                raise ConfigError(
                    f"profile {self.profile!r} selected but config file {self.path} does not exist"
                )
            return {}
        try:
            data = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read config file {self.path}: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {self.path} is not valid TOML: {exc}") from None
        profiles = data.pop("profiles", {})
        if not isinstance(profiles, dict):
            raise ConfigError(f"config file {self.path}: 'profiles' must be a table like [profiles.prod]")
        values = {key: value for key, value in data.items() if not isinstance(value, dict)}
        if self.profile:
            chosen = profiles.get(self.profile)
            if not isinstance(chosen, dict):
                known = ", ".join(sorted(profiles)) or "none"
                raise ConfigError(
                    f"profile {self.profile!r} not found in {self.path} (profiles there: {known})"
                )
            values.update(chosen)
        known_fields = set(self.settings_cls.model_fields)
        unknown = sorted(set(values) - known_fields)
        if unknown:
            raise ConfigError(f"config file {self.path}: unknown setting {unknown[0]!r}")
        return values


class KoreSettings(BaseSettings):
    """Everything needed to reach one Kore.ai tenant. Secrets are SecretStr: they print as ****."""

    model_config = SettingsConfigDict(
        env_prefix="KORE_", env_file=".env", env_file_encoding="utf-8", extra="ignore", validate_default=True
    )

    host: str = Field(default=DEFAULT_HOST, description="Base URL of the Kore.ai platform")
    client_id: str | None = Field(default=None, description="JWT app Client ID (cs-...)")
    client_secret: SecretStr | None = Field(default=None, description="JWT app Client Secret")
    jwt: SecretStr | None = Field(default=None, description="A ready-made JWT, used instead of minting")
    account_id: str | None = Field(default=None, description="Account id (24 hex characters)")
    app_id: str | None = Field(default=None, description="App / stream id, the IID (st-...)")
    profile: str | None = Field(default=None, description="Config-file profile to read")
    connect_timeout: float = Field(default=5.0, gt=0, le=120)
    read_timeout: float = Field(default=20.0, gt=0, le=600)
    max_retries: int = Field(default=2, ge=0, le=10)
    rate_limit_per_minute: int = Field(
        default=limit("account.requests_per_minute").max or 0,
        ge=0,
        description="Client-side pacing; 0 turns it off",
    )
    rate_limit_url: SecretStr | None = Field(
        default=None,
        description="redis:// URL of a rate budget shared by every process using this account",
    )
    add_contacts_batch_size: int = Field(
        default=limit("contact_list.add_contacts.data").default or 500,
        ge=1,
        le=limit("contact_list.add_contacts.data").max,
        description="Numbers per Add Contacts request (the service takes at most 1,000)",
    )
    jwt_ttl_seconds: int = Field(default=300, ge=10, le=3600)
    jwt_subject: str = Field(default="koretui")
    default_region: str = Field(
        default="US",
        description="Country (two letters, e.g. GB) for imported numbers written without +country code",
    )

    api_version: int = Field(
        default=1,
        description="Contact-list service: 1 (/agentassist/api/v1) or 2 (/campaign/api/v2, kore-api.md §6.8)",
    )

    @field_validator("api_version", mode="before")
    @classmethod
    def _known_api_version(cls, value: Any) -> Any:
        if str(value).strip() not in ("1", "2"):
            raise ValueError(f"{value!r} is not an API version; give 1 or 2")
        return int(str(value).strip())

    @field_validator("host")
    @classmethod
    def _host_is_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if "://" not in value:
            value = f"https://{value}"
        url = TypeAdapter(AnyHttpUrl).validate_python(value)
        if url.path not in (None, "", "/"):
            raise ValueError("give only scheme and host, e.g. https://platform.kore.ai")
        return value

    @field_validator("default_region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        code = value.strip().upper()
        if code == "US":  # the default: known without loading phonenumbers' metadata at start
            return code
        import phonenumbers  # 57 ms to import: paid only by a region other than the default

        if code not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(f"{value!r} is not a country code; give two letters such as US, GB or IN")
        return code

    @field_validator("client_id", "account_id", "app_id", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    @field_validator("rate_limit_url", mode="before")
    @classmethod
    def _redis_url(cls, value: Any) -> Any:
        text = value.get_secret_value() if isinstance(value, SecretStr) else value
        if isinstance(text, str):
            text = text.strip()
            if not text:
                return None
            if not text.startswith(("redis://", "rediss://", "unix://")):
                raise ValueError("give a Redis URL: redis://host:6379/0, rediss://... or unix:///path")
        return text

    @field_validator("app_id")
    @classmethod
    def app_id_shape(cls, value: str | None) -> str | None:
        if value is not None and (not value.startswith("st-") or len(value) == 3 or " " in value):
            raise ValueError("the app id (IID / stream id) starts with 'st-', e.g. st-0603182c-...")
        return value

    @field_validator("client_id")
    @classmethod
    def client_id_shape(cls, value: str | None) -> str | None:
        if value is not None and (not value.startswith("cs-") or len(value) == 3 or " " in value):
            raise ValueError("the JWT app's Client ID starts with 'cs-', e.g. cs-5a4db0c4-...")
        return value

    @field_validator("account_id")
    @classmethod
    def account_id_shape(cls, value: str | None) -> str | None:
        if value is not None and not ACCOUNT_ID.fullmatch(value):
            raise ValueError(f"the account id is 24 hex characters (0-9, a-f); this one has {len(value)}")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        profile = _selected_profile(init_settings, env_settings, dotenv_settings)
        toml = TomlProfileSource(settings_cls, default_config_file(), profile)
        return init_settings, env_settings, dotenv_settings, toml

    @property
    def has_credentials(self) -> bool:
        """True when a tenant is configured well enough to try a call."""
        return self.missing_credentials() == []

    @property
    def mentions_credentials(self) -> bool:
        """True when any credential is set: a half-configured tenant is an error, not the sandbox."""
        names = ("client_id", "client_secret", "jwt", "account_id", "app_id")
        return any(getattr(self, name) is not None for name in names)

    def missing_credentials(self) -> list[str]:
        missing = [name for name in ("account_id", "app_id") if getattr(self, name) is None]
        if self.jwt is None:
            missing += [name for name in ("client_id", "client_secret") if getattr(self, name) is None]
        return missing

    def require_credentials(self) -> None:
        """Raise ConfigError naming every missing credential and where to set them, in one line."""
        missing = self.missing_credentials()
        if missing:
            plural = "s" if len(missing) > 1 else ""
            raise ConfigError(
                f"missing Kore.ai setting{plural} {', '.join(missing)}: {_where(missing, self.profile)}"
            )

    @property
    def host_name(self) -> str:
        """The host as shown to users (always visible in the TUI)."""
        return self.host.split("://", 1)[-1]


def _selected_profile(*sources: PydanticBaseSettingsSource) -> str | None:
    for source in sources:
        value = source().get("profile")
        if value:
            return str(value)
    return None


_NUMBER_WORDS = {"float_parsing": "a number", "int_parsing": "a whole number"}
_BOUND_WORDS = {"ge": "at least", "gt": "more than", "le": "at most", "lt": "less than"}


def _readable(error: Any) -> str:
    """Pydantic's message in the words the rest of the app uses ("a number (got 'soon')")."""
    kind, ctx, got = error["type"], error.get("ctx") or {}, error.get("input")
    if kind in _NUMBER_WORDS:
        return f"{_NUMBER_WORDS[kind]} (got {got!r})"
    for key, words in _BOUND_WORDS.items():
        if key in ctx and kind.endswith(("_than", "_than_equal")):
            bound = ctx[key]
            return f"{words} {int(bound) if float(bound).is_integer() else bound} (got {got})"
    if kind == "string_type":
        return f"text, not {type(got).__name__} ({got!r}); in config.toml put it in quotes"
    return str(error["msg"]).removeprefix("Value error, ")


def load_settings(
    *, profile: str | None = None, env_file: str | Path | None = ".env", **overrides: Any
) -> KoreSettings:
    """Build settings, turning any pydantic error into one ConfigError line naming the setting."""
    if profile:
        overrides["profile"] = profile
    try:
        return KoreSettings(_env_file=env_file, **overrides)
    except PydanticValidationError as exc:
        problems: dict[str, str] = {}
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "settings"
            problems.setdefault(name, _readable(error))
        said = "; ".join(f"{name}: {message}" for name, message in problems.items())
        plural = "s" if len(problems) > 1 else ""
        raise ConfigError(
            f"invalid Kore.ai setting{plural} {said}; {_where(list(problems), overrides.get('profile'))}"
        ) from None
