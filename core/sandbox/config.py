"""Settings of one sandbox instance: the credentials it accepts and the faults it injects."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from core.limits import limit

FailMode = Literal["before", "after", "timeout", "reset"]

DEFAULT_CLIENT_ID = "cs-5a4db0c4-0000-4000-8000-5a4db0c45a4d"
DEFAULT_CLIENT_SECRET = "sandbox-client-secret-not-for-production"
DEFAULT_ACCOUNT_ID = "5a4db0c45a4db0c45a4db0c4"
DEFAULT_APP_ID = "st-5a4db0c4-0000-4000-8000-000000000001"
DEFAULT_RATE_LIMIT = limit("account.requests_per_minute").max or 0


@dataclass
class SandboxConfig:
    """Everything that varies between sandbox runs; the defaults match a fresh `kore-sandbox`."""

    client_id: str = DEFAULT_CLIENT_ID
    client_secret: str = DEFAULT_CLIENT_SECRET
    account_id: str = DEFAULT_ACCOUNT_ID
    app_id: str = DEFAULT_APP_ID
    state_file: Path | None = None  # SQLite file (a JSON file of the previous version is imported)
    reset_state: bool = False  # move an existing state file aside and start over
    seed: bool = True
    rate_limit: int = DEFAULT_RATE_LIMIT  # requests per minute per account; 0 turns the limit off
    latency_ms: int = 0
    retry_after: bool = True  # send Retry-After with a 429 (Kore.ai documents none: --no-retry-after)
    enforce_jti: bool = False  # the app setting "Enforce JTI": jti and a short exp required, no reuse
    fail_rate: float = 0.0  # probability that an API request gets the injected fault `fail_mode`
    fail_mode: FailMode = "before"
    fail_hold_seconds: float = 120.0  # how long fail mode `timeout` holds a request at most
    random_seed: int | None = None  # makes the injected faults repeatable
    async_delay_ms: int = 500  # how long after an Add Contacts answer its contacts appear in the list

    def client_env(self, host: str) -> dict[str, str]:
        """The environment a client needs to talk to this sandbox at `host` (a base URL)."""
        base = host if "://" in host else f"http://{host}"
        return {
            "KORE_HOST": base.rstrip("/"),
            "KORE_CLIENT_ID": self.client_id,
            "KORE_CLIENT_SECRET": self.client_secret,
            "KORE_ACCOUNT_ID": self.account_id,
            "KORE_APP_ID": self.app_id,
        }
