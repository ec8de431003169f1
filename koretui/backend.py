"""Which Kore.ai the TUI talks to: the configured tenant, or the embedded sandbox when none is set.

Headless (never imports Textual) and imported lazily: building a backend loads httpx, pydantic and,
for the sandbox, Starlette, none of which the first frame needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.client import KoreClient
    from core.sandbox.embedded import EmbeddedSandbox
    from core.settings import KoreSettings

SANDBOX_BANNER = "SANDBOX: no Kore.ai credentials configured; see README"
FORCED_SANDBOX_BANNER = "SANDBOX (--sandbox): in-process emulator, nothing leaves this machine"


class BackendError(Exception):
    """The backend cannot be built; the message is one line (bad setting, unusable state file).

    `state_file` is set when the sandbox's state file is what failed, so the app can offer to move
    it aside and start fresh.
    """

    def __init__(self, message: str, *, state_file: Path | None = None) -> None:
        super().__init__(message)
        self.state_file = state_file


@dataclass
class Backend:
    """The client the TUI sends with, and what the screen says about where it points."""

    client: KoreClient
    label: str
    is_sandbox: bool
    sandbox: EmbeddedSandbox | None = None
    warning: str | None = None
    """Something the user should know but that does not stop the app (a config file ignored)."""

    @property
    def host_name(self) -> str:
        return self.client.settings.host_name

    @property
    def tenant(self) -> tuple[str, str | None]:
        """(host, profile) recorded with each history entry: "sandbox" for the sandbox."""
        if self.is_sandbox:
            return "sandbox", None
        return self.host_name, self.client.settings.profile

    @classmethod
    def for_sandbox(
        cls, sandbox: EmbeddedSandbox, *, forced: bool = False, **client_overrides: object
    ) -> Backend:
        """A backend on an existing embedded sandbox (tests inject one with rate limits off)."""
        label = FORCED_SANDBOX_BANNER if forced else SANDBOX_BANNER
        return cls(sandbox.client(**client_overrides), label, True, sandbox)

    async def aclose(self) -> None:
        await self.client.aclose()


def move_aside(path: Path, *, now: float | None = None) -> Path:
    """Rename an unusable data file to `<name>.corrupt-<UTC time>` (kept, never deleted)."""
    import os
    import time
    from datetime import UTC, datetime

    stamp = datetime.fromtimestamp(time.time() if now is None else now, UTC).strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, aside)
    return aside


def default_state_file() -> Path:
    """The TUI's sandbox keeps its data here, so what a user created is still there next time."""
    from core.settings import default_data_dir

    return default_data_dir() / "sandbox-state.json"


def tenant_settings(profile: str | None = None) -> KoreSettings | None:
    """The tenant's settings when credentials are set, None when none are (the sandbox then).

    BackendError for a bad setting or half a configuration. Cheap enough (no httpx, no sandbox)
    for `koretui` to call before its first frame, so such errors print before anything is drawn.
    """
    from core.errors import ConfigError
    from core.settings import load_settings

    try:
        settings = load_settings(profile=profile)
        if settings.has_credentials:
            return settings
        if profile or settings.mentions_credentials:
            settings.require_credentials()  # half a configuration: say what is missing
    except ConfigError as exc:
        raise BackendError(str(exc)) from None
    return None


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
    if not force_sandbox:
        settings = tenant_settings(profile)
        if settings is not None:
            from core.client import KoreClient

            return Backend(KoreClient(settings), settings.host_name, False)
    backend = _sandbox_backend(forced=force_sandbox, state_file=state_file or default_state_file())
    if force_sandbox:
        backend.warning = ignored_config(profile)
    return backend


def _sandbox_backend(*, forced: bool, state_file: Path) -> Backend:
    from core.sandbox.config import SandboxConfig
    from core.sandbox.embedded import EmbeddedSandbox
    from core.sandbox.statefile import StateFileError

    try:
        sandbox = EmbeddedSandbox(SandboxConfig(state_file=state_file))
    except StateFileError as exc:
        raise BackendError(f"{exc} (or pick another file with --state FILE)", state_file=state_file) from None
    return Backend.for_sandbox(sandbox, forced=forced)
