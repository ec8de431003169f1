"""The bot's settings: Slack credentials (SLACK_*) and access control, store and audit (KORE_SLACK_*).

The Kore.ai tenant settings are core's `KoreSettings`; these only add what Slack needs. Secrets are
`SecretStr`, so a repr or a log line shows `**********`, never a token.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic import ValidationError as PydanticValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import ConfigError
from core.settings import default_data_dir

SLACK_API_URL = "https://slack.com/api/"

Mode = Literal["socket", "http"]

_WHERE = "set it in the environment or in .env"
_HINTS = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-...) from the app's OAuth & Permissions page",
    "SLACK_SIGNING_SECRET": "the Signing Secret from the app's Basic Information page",
    "SLACK_APP_TOKEN": "an app-level token (xapp-...) with connections:write, from Basic Information",
}


_PERSON = re.compile(r"^(\*|[UWS][A-Z0-9_]{2,})$")
_CHANNEL = re.compile(r"^[CGD][A-Z0-9_]{2,}$")


def _ids(value: str | None, pattern: re.Pattern[str], what: str) -> str | None:
    """The list as given, or ValueError naming the first entry that is not an id (a name such as
    `@alice` or `#ops` would never match anyone, silently)."""
    if value is None:
        return None
    for item in (part.strip() for part in value.replace(";", ",").split(",")):
        if item and not pattern.match(item):
            raise ValueError(f"{item!r} is not {what}; see the README's 'Finding ids'")
    return value


class SlackSettings(BaseSettings):
    """Everything the bot needs besides the Kore.ai tenant; read from the environment and `.env`."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    slack_bot_token: SecretStr | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(default=None, validation_alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default=SLACK_API_URL, validation_alias="SLACK_API_URL")

    readers: str | None = Field(
        default=None,
        validation_alias="KORE_SLACK_READERS",
        description="Who may run help and reads; unset means everyone",
    )
    writers: str | None = Field(
        default=None,
        validation_alias="KORE_SLACK_WRITERS",
        description="Who may create and update: user ids (U...), user-group ids (S...), or *",
    )
    deleters: str | None = Field(
        default=None,
        validation_alias="KORE_SLACK_DELETERS",
        description="Who may run destructive operations: user ids, user-group ids, or *",
    )
    channels: str | None = Field(
        default=None,
        validation_alias="KORE_SLACK_CHANNELS",
        description="Channel ids where /kore works; unset means everywhere",
    )
    store_url: str | None = Field(
        default=None,
        validation_alias="KORE_SLACK_STORE_URL",
        description="redis://... for several replicas, or a SQLite file path; default a file in the data dir",
    )
    audit_path: Path | None = Field(
        default=None,
        validation_alias="KORE_SLACK_AUDIT_PATH",
        description="JSON-lines audit log; default slack-audit.jsonl in the data dir",
    )
    audit_channel: str | None = Field(
        default=None,
        validation_alias="KORE_SLACK_AUDIT_CHANNEL",
        description="Channel id that also receives one message per mutation",
    )
    confirm_ttl_seconds: int = Field(default=600, ge=10, le=86_400, validation_alias="KORE_SLACK_CONFIRM_TTL")
    group_cache_seconds: int = Field(
        default=300,
        ge=0,
        le=86_400,
        validation_alias="KORE_SLACK_GROUP_CACHE_TTL",
        description="How long user-group memberships (and failed lookups) are kept, in seconds",
    )
    queue_max: int = Field(
        default=100,
        ge=1,
        le=100_000,
        validation_alias="KORE_SLACK_QUEUE_MAX",
        description="Commands that may wait for the Kore.ai rate budget at once; more are answered busy",
    )

    @field_validator(
        "readers", "writers", "deleters", "channels", "store_url", "audit_channel", mode="before"
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("readers", "writers", "deleters")
    @classmethod
    def _user_and_group_ids(cls, value: str | None) -> str | None:
        return _ids(value, _PERSON, "a Slack user id (U...) or user-group id (S...), or *")

    @field_validator("channels")
    @classmethod
    def _channel_ids(cls, value: str | None) -> str | None:
        return _ids(value, _CHANNEL, "a channel id (C... or G..., from the channel's About tab)")

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_ends_with_slash(cls, value: str) -> str:
        value = value.strip()
        if not value.startswith(("http://", "https://")):
            raise ValueError("give a URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    def require(self, mode: Mode) -> None:
        """Raise ConfigError naming the first secret that `mode` needs and is missing."""
        needed = ["SLACK_BOT_TOKEN"]
        needed.append("SLACK_APP_TOKEN" if mode == "socket" else "SLACK_SIGNING_SECRET")
        values = {
            "SLACK_BOT_TOKEN": self.slack_bot_token,
            "SLACK_SIGNING_SECRET": self.slack_signing_secret,
            "SLACK_APP_TOKEN": self.slack_app_token,
        }
        for name in needed:
            secret = values[name]
            if secret is None or not secret.get_secret_value().strip():
                raise ConfigError(f"missing Slack setting {name} ({_HINTS[name]}): {_WHERE}")

    def resolved_audit_path(self) -> Path:
        return self.audit_path or default_data_dir() / "slack-audit.jsonl"

    def resolved_store_url(self) -> str:
        return self.store_url or str(default_data_dir() / "slack-pending.sqlite3")


def load_slack_settings(*, env_file: str | Path | None = ".env") -> SlackSettings:
    """Read settings; a malformed value becomes one ConfigError line naming the variable."""
    try:
        return SlackSettings(_env_file=env_file)
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "settings"
        field = SlackSettings.model_fields.get(name)
        alias = (
            field.validation_alias if field is not None and isinstance(field.validation_alias, str) else name
        )
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"invalid Slack setting {alias}: {message}; {_WHERE}") from None
