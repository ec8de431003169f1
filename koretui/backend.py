"""Which Kore.ai the TUI (and `kore`) talks to: core/connect.py decides, with the bot's policy.

Headless (never imports Textual) and imported lazily: building a backend loads httpx, pydantic and,
for the sandbox, Starlette, none of which the first frame needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from core.connect import FORCED_SANDBOX_NOTICE as FORCED_SANDBOX_BANNER
from core.connect import SANDBOX_NOTICE as SANDBOX_BANNER
from core.connect import Connection, default_state_file

if TYPE_CHECKING:
    from core.sandbox.embedded import EmbeddedSandbox
    from core.settings import KoreSettings

__all__ = [
    "FORCED_SANDBOX_BANNER",
    "SANDBOX_BANNER",
    "Backend",
    "BackendError",
    "build_backend",
    "default_state_file",
    "ignored_config",
    "move_aside",
    "tenant_settings",
]


class BackendError(Exception):
    """The backend cannot be built; the message is one line (bad setting, unusable state file).

    `state_file` is set when the sandbox's state file is what failed, so the app can offer to move
    it aside and start fresh.
    """

    def __init__(self, message: str, *, state_file: Path | None = None) -> None:
        super().__init__(message)
        self.state_file = state_file


@dataclass
class Backend(Connection):
    """The client the TUI sends with, and what the screen says about where it points."""

    warning: str | None = None
    """Something the user should know but that does not stop the app (a config file ignored)."""

    @property
    def tenant(self) -> tuple[str, str | None, str | None]:
        """(host, profile, app id) recorded with each history entry: "sandbox" for the sandbox."""
        if self.is_sandbox:
            return "sandbox", None, None
        return self.host_name, self.client.settings.profile, self.client.settings.app_id

    @classmethod
    def of(cls, connection: Connection) -> Backend:
        return cls(connection.client, connection.label, connection.is_sandbox, connection.sandbox)

    @classmethod
    def for_sandbox(
        cls, sandbox: EmbeddedSandbox, *, forced: bool = False, **client_overrides: object
    ) -> Backend:
        """A backend on an existing embedded sandbox (tests inject one with rate limits off)."""
        from core.connect import sandbox_connection

        return cls.of(sandbox_connection(sandbox, forced=forced, **client_overrides))


def move_aside(path: Path, *, now: float | None = None) -> Path:
    """Rename an unusable data file to `<name>.corrupt-<UTC time>` (kept, never deleted)."""
    import os
    import time
    from datetime import UTC, datetime

    stamp = datetime.fromtimestamp(time.time() if now is None else now, UTC).strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, aside)
    for suffix in ("-wal", "-shm"):  # a SQLite file's journal goes with it, or a new file would replay it
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            os.replace(sidecar, aside.with_name(aside.name + suffix))
    return aside


def tenant_settings(profile: str | None = None) -> KoreSettings | None:
    """The tenant's settings when credentials are set, None when none are (the sandbox then).

    BackendError for a bad setting or half a configuration (every missing setting named). Cheap
    enough (no httpx, no sandbox) for `koretui` to call before its first frame.
    """
    from core import connect
    from core.errors import ConfigError

    try:
        return connect.tenant_settings(profile)
    except ConfigError as exc:
        raise BackendError(str(exc)) from None


def ignored_config(profile: str | None = None) -> str | None:
    """With --sandbox the settings are not needed: a broken config file is a warning, not an exit."""
    try:
        tenant_settings(profile)
    except BackendError as exc:
        return f"Settings ignored in --sandbox mode: {exc}"
    return None


def build_backend(
    *, force_sandbox: bool = False, profile: str | None = None, state_file: Path | None = None
) -> Backend:
    """The configured tenant when credentials are set, else the sandbox; BackendError says why not."""
    from core.connect import StateFileUnusableError, open_sandbox, tenant_connection

    if not force_sandbox:
        settings = tenant_settings(profile)
        if settings is not None:
            return Backend.of(tenant_connection(settings))
    state_file = state_file or default_state_file()
    try:
        backend = Backend.of(open_sandbox(state_file=state_file, forced=force_sandbox))
    except StateFileUnusableError as exc:
        problem = str(exc)
        if "pick another file" not in problem:
            problem += " (or pick another file with --state FILE)"
        raise BackendError(problem, state_file=state_file) from None
    if force_sandbox:
        backend.warning = ignored_config(profile)
    return backend
