"""What the bot's listeners share: the services built once per process, and who is calling."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from core.client import CallResult
from slackbot import blocks
from slackbot.access import AccessPolicy
from slackbot.audit import AuditLog
from slackbot.bulk import BulkConfig
from slackbot.metrics import Metrics
from slackbot.pending import PendingStore
from slackbot.queue import BackgroundTasks, QueuePacer

if TYPE_CHECKING:
    from slackbot.expiry import ExpirySweeper

Respond = Callable[..., Awaitable[Any]]


class Executor(Protocol):
    """Runs one catalog operation (KoreBackend in production, a wrapper in tests)."""

    async def execute(self, op_key: str, values: Mapping[str, str]) -> CallResult: ...


@dataclass
class Services:
    """What the listeners use; built once per process by `__main__` or a test."""

    kore: Executor
    store: PendingStore
    audit: AuditLog
    access: AccessPolicy
    confirm_ttl_seconds: int = 600
    clock: Callable[[], float] = time.time
    tasks: BackgroundTasks = field(default_factory=BackgroundTasks)
    metrics: Metrics = field(default_factory=Metrics)
    pacer: QueuePacer | None = None
    """The Kore.ai client's pacer as the bot wraps it (None when pacing is off)."""
    queue_max: int = 100
    """Commands that may wait for the rate budget at once; more are answered "busy"."""
    bulk: BulkConfig = field(default_factory=BulkConfig)
    """How imports and exports run (slackbot.bulk)."""
    sweeper: ExpirySweeper | None = None
    """Audits confirmations that expire unclicked (slackbot.expiry); made by `build_app`, run by
    `kore-slackbot` on the work loop."""


@dataclass(frozen=True)
class Caller:
    user_id: str
    team_id: str
    channel_id: str


def response_url_of(respond: Respond) -> str:
    """The response_url behind a `respond` (bolt's AsyncRespond keeps it), or "" for other callables."""
    return str(getattr(respond, "response_url", None) or "")


def ephemeral(message: blocks.Message, *, replace: bool | None = None) -> dict[str, Any]:
    """respond() arguments for a message only the caller sees."""
    kwargs: dict[str, Any] = {**message.kwargs(), "response_type": "ephemeral"}
    if replace is not None:
        kwargs["replace_original"] = replace
    return kwargs
