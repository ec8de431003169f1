"""Which Kore.ai a front end talks to: the configured tenant, or the embedded sandbox.

One policy for the TUI, the bot and the command line:
- `--sandbox` (force_sandbox): the sandbox, whatever is configured;
- every credential set: the tenant;
- no credential set and no profile chosen: the sandbox, with a notice saying so;
- some but not all (or a chosen profile without them): a ConfigError naming every missing setting.
Every front end's sandbox keeps its data in the same state file, so what one created the others see.

Imported lazily by front ends: building a connection loads httpx and, for the sandbox, Starlette.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import ConfigError

if TYPE_CHECKING:
    from core.client import KoreClient
    from core.sandbox.embedded import EmbeddedSandbox
    from core.settings import KoreSettings

SANDBOX_NOTICE = "SANDBOX: no Kore.ai credentials configured; see README"
FORCED_SANDBOX_NOTICE = "SANDBOX (--sandbox): in-process emulator, nothing leaves this machine"
STATE_FILE_NAME = "sandbox.sqlite3"
LEGACY_STATE_FILE_NAME = "sandbox-state.json"
"""The default's name before it said what the file is (SQLite); take_over_legacy_state moves it."""
SQLITE_SIDE_FILES = ("-wal", "-shm")


class StateFileUnusableError(ConfigError):
    """The sandbox state file cannot be used; the message is one line saying what to do."""


@dataclass
class Connection:
    """The client a front end sends with, and what it tells users about where that goes."""

    client: KoreClient
    label: str
    """The tenant's host name, or the sandbox notice (front ends show it at all times)."""
    is_sandbox: bool
    sandbox: EmbeddedSandbox | None = field(default=None, repr=False)

    @property
    def host_name(self) -> str:
        return self.client.settings.host_name

    @property
    def notice(self) -> str | None:
        """The line to show (or log) when the calls stay on this machine."""
        return self.label if self.is_sandbox else None

    async def aclose(self) -> None:
        await self.client.aclose()


def backend_name(settings: KoreSettings) -> str:
    """Which tenant a job runs against: import journals key on it, so `kore import --resume`, the TUI
    and the bot never resume a job against another tenant."""
    return f"{settings.host_name} account {settings.account_id}"


def default_state_file() -> Path:
    """The sandbox state file every front end shares (in the data dir, KORE_DATA_DIR overrides)."""
    from core.places import default_data_dir

    return default_data_dir() / STATE_FILE_NAME


def take_over_legacy_state(state_file: Path) -> None:
    """Move the old default `sandbox-state.json` (with its -wal and -shm) to `state_file` when only
    the old one exists, so nothing a user created in the sandbox is lost by the rename."""
    legacy = state_file.with_name(LEGACY_STATE_FILE_NAME)
    if state_file.exists() or not legacy.exists():
        return
    for suffix in SQLITE_SIDE_FILES:  # side files first: a crash mid-way leaves the old file usable
        side = legacy.with_name(legacy.name + suffix)
        if side.exists():
            side.replace(state_file.with_name(state_file.name + suffix))
    legacy.replace(state_file)


def wants_tenant(settings: KoreSettings, *, profile: str | None = None) -> bool:
    """True for a complete tenant; False for none at all; ConfigError for half of one."""
    if settings.has_credentials:
        return True
    if profile or settings.profile or settings.mentions_credentials:
        settings.require_credentials()  # names every missing setting in one line
    return False


def tenant_settings(profile: str | None = None) -> KoreSettings | None:
    """The tenant's settings, or None when none are configured (the sandbox then); ConfigError for a
    bad setting or half a tenant. Cheap (no httpx, no sandbox): front ends call it before drawing."""
    from core.places import settings_given

    if profile is None and not settings_given():
        return None  # every setting is its default: no tenant, and pydantic stays unloaded
    from core.settings import load_settings

    settings = load_settings(profile=profile)
    return settings if wants_tenant(settings, profile=profile) else None


def tenant_connection(settings: KoreSettings) -> Connection:
    from core.client import KoreClient

    return Connection(KoreClient(settings), settings.host_name, False)


def connect(
    *,
    force_sandbox: bool = False,
    profile: str | None = None,
    state_file: Path | None = None,
    sandbox_options: dict[str, Any] | None = None,
) -> Connection:
    """The connection the policy above picks; ConfigError (one line) when it cannot be built.

    `sandbox_options` are extra SandboxConfig fields (latency_ms, rate_limit...) for the sandbox.
    """
    api_version = 1
    if not force_sandbox:
        from core.settings import load_settings

        settings = load_settings(profile=profile)
        if wants_tenant(settings, profile=profile):
            return tenant_connection(settings)
        api_version = settings.api_version  # the sandbox serves both families: the setting still picks
    return open_sandbox(
        state_file=state_file or default_state_file(),
        forced=force_sandbox,
        api_version=api_version,
        **(sandbox_options or {}),
    )


def open_sandbox(
    *, state_file: Path | None, forced: bool = False, api_version: int = 1, **options: Any
) -> Connection:
    """The embedded sandbox on `state_file` (None keeps its data in memory only); `api_version` is
    the client's (the sandbox answers v1 and v2 over one store)."""
    from core.sandbox.config import SandboxConfig
    from core.sandbox.embedded import EmbeddedSandbox
    from core.sandbox.statefile import StateFileError

    if state_file is not None and state_file == default_state_file():
        take_over_legacy_state(state_file)
    try:
        sandbox = EmbeddedSandbox(SandboxConfig(state_file=state_file, **options))
    except StateFileError as exc:
        raise StateFileUnusableError(str(exc)) from None
    return sandbox_connection(sandbox, forced=forced, api_version=api_version)


def sandbox_connection(
    sandbox: EmbeddedSandbox, *, forced: bool = False, **client_overrides: Any
) -> Connection:
    """A connection to an existing embedded sandbox (tests inject one with rate limits off)."""
    label = FORCED_SANDBOX_NOTICE if forced else SANDBOX_NOTICE
    return Connection(sandbox.client(**client_overrides), label, True, sandbox)
