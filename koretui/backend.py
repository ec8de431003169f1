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

SANDBOX_BANNER = "SANDBOX: no Kore.ai credentials configured; see README"
FORCED_SANDBOX_BANNER = "SANDBOX (--sandbox): in-process emulator, nothing leaves this machine"


class BackendError(Exception):
    """The backend cannot be built; the message is one line (bad setting, unusable state file)."""


@dataclass
class Backend:
    """The client the TUI sends with, and what the screen says about where it points."""

    client: KoreClient
    label: str
    is_sandbox: bool
    sandbox: EmbeddedSandbox | None = None

    @property
    def host_name(self) -> str:
        return self.client.settings.host_name

    @classmethod
    def for_sandbox(
        cls, sandbox: EmbeddedSandbox, *, forced: bool = False, **client_overrides: object
    ) -> Backend:
        """A backend on an existing embedded sandbox (tests inject one with rate limits off)."""
        label = FORCED_SANDBOX_BANNER if forced else SANDBOX_BANNER
        return cls(sandbox.client(**client_overrides), label, True, sandbox)

    async def aclose(self) -> None:
        await self.client.aclose()


def default_state_file() -> Path:
    """The TUI's sandbox keeps its data here, so what a user created is still there next time."""
    from core.settings import default_data_dir

    return default_data_dir() / "sandbox-state.json"


def build_backend(
    *, force_sandbox: bool = False, profile: str | None = None, state_file: Path | None = None
) -> Backend:
    """The configured tenant when credentials are set, else the sandbox; BackendError says why not."""
    from core.errors import ConfigError

    try:
        if not force_sandbox:
            from core.client import KoreClient
            from core.settings import load_settings

            settings = load_settings(profile=profile)
            if settings.has_credentials:
                return Backend(KoreClient(settings), settings.host_name, False)
            if profile or settings.mentions_credentials:
                settings.require_credentials()  # half a configuration: say what is missing
        return _sandbox_backend(forced=force_sandbox, state_file=state_file or default_state_file())
    except ConfigError as exc:
        raise BackendError(str(exc)) from None


def _sandbox_backend(*, forced: bool, state_file: Path) -> Backend:
    from core.sandbox.config import SandboxConfig
    from core.sandbox.embedded import EmbeddedSandbox
    from core.sandbox.statefile import StateFileError

    try:
        sandbox = EmbeddedSandbox(SandboxConfig(state_file=state_file))
    except StateFileError as exc:
        raise BackendError(f"{exc} (or pick another file with --state FILE)") from None
    return Backend.for_sandbox(sandbox, forced=forced)
