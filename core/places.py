"""Where koretui's settings and data live, and whether any setting is given at all.

Without pydantic (core.settings costs ~80 ms to import): front ends read these before their first
frame, and `koretui` with nothing configured goes straight to the sandbox.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "koretui"
ENV_PREFIX = "KORE_"
PLACE_VARIABLES = frozenset({"KORE_CONFIG_FILE", "KORE_DATA_DIR"})
"""Variables that say where files are, not settings of the tenant."""


def default_config_file() -> Path:
    """Where the TOML config with profiles is read from."""
    override = os.environ.get("KORE_CONFIG_FILE")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir  # only when needed: the TUI reads this before drawing

    return Path(user_config_dir(APP_NAME)) / "config.toml"


def default_data_dir() -> Path:
    """Where history, the TUI's sandbox state and the bot's stores live (KORE_DATA_DIR overrides)."""
    override = os.environ.get("KORE_DATA_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME))


def settings_given(env_file: str | Path | None = ".env") -> bool:
    """Whether any setting could be read: a KORE_* variable (any case, as pydantic-settings reads
    them), the `.env` file or the config file. False means every setting is its default."""
    names = {name.upper() for name in os.environ}
    return (
        any(name.startswith(ENV_PREFIX) for name in names - PLACE_VARIABLES)
        or (env_file is not None and Path(env_file).exists())
        or default_config_file().exists()
    )
