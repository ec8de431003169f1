"""Prometheus metrics of the bot, served at `/metrics`.

One registry per process (per `Metrics`), so tests build as many bots as they like. What an
operator watches: commands by subcommand and outcome, how fast Slack gets its ack, how Kore.ai
answers (latency and status per operation), and how many commands wait for the rate budget.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from core.client import CallResult
from core.errors import KoreError

log = logging.getLogger("slackbot.metrics")
CONTENT_TYPE = CONTENT_TYPE_LATEST
_ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 3.0, 5.0)
ARRIVED = "kore_arrived"
"""Request context key: when the HTTP request arrived (perf_counter), so the ack histogram counts
the body's reading and the gate too; Socket Mode requests have none and are timed from dispatch."""
_KORE_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.commands = Counter(
            "kore_slack_commands",
            "Slack requests handled, by subcommand (or button/form) and outcome",
            ["subcommand", "outcome"],
            registry=self.registry,
        )
        self.ack_seconds = Histogram(
            "kore_slack_ack_seconds",
            "Time from a request's arrival to the bot's answer to Slack (the ack)",
            ["kind"],
            buckets=_ACK_BUCKETS,
            registry=self.registry,
        )
        self.kore_seconds = Histogram(
            "kore_api_call_seconds",
            "Kore.ai calls by operation and HTTP status (0: no answer), pacing waits included",
            ["operation", "status"],
            buckets=_KORE_BUCKETS,
            registry=self.registry,
        )
        self.queue_depth = Gauge(
            "kore_slack_queue_depth",
            "Commands waiting for the Kore.ai rate budget",
            registry=self.registry,
        )

    def command(self, subcommand: str, outcome: str) -> None:
        self.commands.labels(subcommand=subcommand, outcome=outcome).inc()

    def ack(self, kind: str, seconds: float) -> None:
        self.ack_seconds.labels(kind=kind).observe(seconds)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class MeteredKore:
    """An executor that times each Kore.ai call and labels it with the status it got."""

    def __init__(self, inner: Any, metrics: Metrics) -> None:
        self.inner = inner
        self.metrics = metrics

    async def execute(self, op_key: str, values: Mapping[str, str]) -> CallResult:
        started = time.perf_counter()
        status = "0"
        try:
            result: CallResult = await self.inner.execute(op_key, values)
            status = str(result.status)
            return result
        except KoreError as exc:
            status = str(exc.status or 0)
            raise
        finally:
            elapsed = time.perf_counter() - started
            self.metrics.kore_seconds.labels(operation=op_key, status=status).observe(elapsed)


def request_kind(body: Any) -> str:
    """`command`, `block_actions`, `view_submission`, ... for the ack histogram's label."""
    if not isinstance(body, dict):
        return "other"
    if "command" in body:
        return "command"
    kind = body.get("type")
    return kind if kind in ("block_actions", "view_submission", "view_closed") else "other"


class MeteredApp(AsyncApp):
    """Bolt's app, timing each dispatch: with `process_before_response` a dispatch returns when
    the listener has acked, in HTTP and in Socket Mode alike, so this is the ack latency (in HTTP
    mode from the request's arrival, slackbot.web)."""

    metrics: Metrics | None = None
    refuse: Callable[[Any], str | None] | None = None
    """Says why a request must not reach bolt's own middleware (slackbot.payloads.dispatch_problem)."""

    async def async_dispatch(self, req: AsyncBoltRequest) -> BoltResponse:
        # Socket Mode only: over HTTP the gate refused these already, after checking the signature.
        socket_mode = req.mode == "socket_mode"
        problem = self.refuse(req.body) if self.refuse is not None and socket_mode else None
        if problem:
            # Acknowledged (200) but not run: an envelope left unacknowledged would be delivered again.
            log.warning("malformed request refused: %s", problem)
            return BoltResponse(status=200, body="")
        arrived = req.context.get(ARRIVED)
        started = arrived if isinstance(arrived, float) else time.perf_counter()
        try:
            return await super().async_dispatch(req)
        finally:
            if self.metrics is not None:
                self.metrics.ack(request_kind(req.body), time.perf_counter() - started)
