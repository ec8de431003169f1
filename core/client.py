"""The async Kore.ai client: request building, pacing, retries, and status-to-error mapping.

One `httpx.AsyncClient` per `KoreClient`. The retry loop sits above the auth step: every attempt
is a new send, so `KoreAuth` mints a new JWT (a reused `jti` is rejected as a replay). Every
attempt takes a slot from the pacer first. What is retried, and when, is decided in core/retry.py.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any, Literal, Self

import httpx
import pydantic
from pydantic import BaseModel

from core import models
from core.auth import KoreAuth, TokenMinter
from core.calls import CallResult, PreparedCall, encode_segment, shaped
from core.client_campaigns import CampaignMethods
from core.client_methods import OperationMethods
from core.curl import render_curl
from core.errors import (
    InvalidInputError,
    KoreAPIError,
    KoreResponseError,
    RateLimitError,
    error_from_response,
)
from core.fields import input_errors, nest
from core.operations import get_operation
from core.pacing import OnWait, Pacer, Wait, pacer_for, report
from core.reconcile import RECONCILERS, deleted_earlier
from core.retry import (
    IDEMPOTENT,
    AmbiguousSend,
    DeletedEarlier,
    RetryBudget,
    ambiguous_cause,
    gone_after_retry,
    never_sent,
    status_is_retryable,
    status_maybe_acted,
    transport_error,
)
from core.settings import KoreSettings

log = logging.getLogger("core.client")


class KoreClient(OperationMethods, CampaignMethods):
    """Async client for the Kore.ai contact-list and contact APIs.

    Use as `async with KoreClient(settings) as kore: await kore.create_contact_list(...)`.
    `transport` lets tests and the embedded sandbox route requests in-process. `pacer` replaces
    the one chosen by settings (core.pacing); `on_wait` hears of every wait over a second.
    """

    def __init__(
        self,
        settings: KoreSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        pacer: Pacer | None = None,
        on_wait: OnWait | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.settings = settings
        self._minter = TokenMinter(settings)
        self._auth = KoreAuth(self._minter)
        self._pacer = pacer
        self._on_wait = on_wait
        self._sleep = sleep
        self._jitter = jitter
        timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
        self._http = httpx.AsyncClient(
            base_url=settings.host,
            timeout=timeout,
            transport=transport,
            headers={"User-Agent": "koretui/0.1 (+httpx)"},
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"KoreClient(host={self.settings.host!r}, account_id={self.settings.account_id!r})"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # --- building --------------------------------------------------------------------------

    def prepare(self, op_key: str, /, **fields: Any) -> PreparedCall:
        """Validate inputs (model field names, or flat form names) and lay out the request."""
        op = get_operation(op_key)
        try:
            model = op.validate(nest(op, fields))
        except pydantic.ValidationError as exc:
            first = input_errors(exc)[0]
            raise InvalidInputError(op.describe(fields), first.where, first.message, exc.errors()) from None
        self.settings.require_credentials()
        inputs = model.model_dump(mode="json")
        app_id = self.settings.app_id or ""
        path_values = {name: encode_segment(str(inputs[name])) for name in op.path_fields}
        template = op.path_for(self.settings.api_version)
        path = template.format(app_id=encode_segment(app_id), **path_values)
        params = dict(op.fixed_query)
        v2 = template != op.path  # the v2 service also takes accountId in the query (§6.8)
        if (op.account_in_query or v2) and self.settings.account_id:
            params["accountId"] = self.settings.account_id
        for name in op.query_fields:
            params[name] = str(inputs[name])
        headers = {"accountId": self.settings.account_id or "", "Content-Type": "application/json"}
        if op.needs_iid:
            headers["iid"] = app_id
        body: dict[str, Any] | None = None
        if op.method != "GET":
            dumped = model.model_dump(
                mode="json", by_alias=True, include=set(op.body_fields), exclude_none=True
            )
            body = {**op.fixed_body, **dumped} if (dumped or op.fixed_body) else None
            if body is None and op.method == "POST":
                body = {}  # a POST always carries a JSON object (start/stop: `{}`, decisions table)
        return PreparedCall(op, inputs, path, params, headers, shaped(op, body))

    def build_request(self, prepared: PreparedCall) -> httpx.Request:
        """The HTTP request for a prepared call, without the `auth` header (added per attempt)."""
        return self._http.build_request(
            prepared.operation.method,
            prepared.path,
            params=prepared.params or None,
            headers=prepared.headers,
            json=prepared.body,
        )

    def to_curl(self, op_key: str, /, *, reveal: bool = False, **fields: Any) -> str:
        """The call as a curl command; the `auth` token is masked unless `reveal=True`."""
        request = self.build_request(self.prepare(op_key, **fields))
        token = self._minter.mint() if reveal else None
        return render_curl(request, token=token)

    # --- sending ---------------------------------------------------------------------------

    async def execute(self, op_key: str, /, *, on_wait: OnWait | None = None, **fields: Any) -> CallResult:
        """Run one operation and return status, timing, raw body and the typed model.

        `on_wait` (else the client's) hears of every wait over a second: pacing and retries.
        """
        prepared = self.prepare(op_key, **fields)
        on_wait = on_wait if on_wait is not None else self._on_wait
        started = time.perf_counter()
        try:
            response, attempts = await self._send_with_retries(prepared, on_wait)
        except AmbiguousSend as ambiguous:
            return await self._reconcile(prepared, ambiguous, on_wait, started)
        elapsed = time.perf_counter() - started
        log.debug(
            "%s -> %d in %.0f ms (%d attempt%s)",
            prepared.description,
            response.status_code,
            elapsed * 1000,
            attempts,
            "" if attempts == 1 else "s",
        )
        model, body = self._parse(prepared, response)
        records, page = models.records_of(model)
        return CallResult(
            prepared.operation,
            prepared.inputs,
            response.status_code,
            elapsed,
            body,
            model,
            attempts,
            records,
            page,
        )

    async def _reconcile(
        self, prepared: PreparedCall, ambiguous: AmbiguousSend, on_wait: OnWait | None, started: float
    ) -> CallResult:
        """Look up what an ambiguous failure did (never send it again), or raise its error."""
        if isinstance(ambiguous, DeletedEarlier):
            found = deleted_earlier(prepared, ambiguous)
        elif (reconciler := RECONCILERS.get(prepared.operation.key)) is not None:
            found = await reconciler(self, prepared, ambiguous, on_wait)
        else:
            raise ambiguous.error from ambiguous.__cause__
        records, _ = models.records_of(found.model)
        return CallResult(
            prepared.operation,
            prepared.inputs,
            found.status,
            time.perf_counter() - started,
            found.body,
            found.model,
            ambiguous.attempts + found.lookup_attempts,
            records,
            reconciled=True,
            reconciled_because=found.because,
        )

    async def call(self, op_key: str, /, **fields: Any) -> BaseModel:
        """Run one operation by catalog key and return its response model."""
        return (await self.execute(op_key, **fields)).model

    @property
    def pacer(self) -> Pacer | None:
        """The pacer this client sends through (None when pacing is off)."""
        if self._pacer is None and self.settings.rate_limit_per_minute > 0:
            self._pacer = pacer_for(self.settings)
        return self._pacer

    def pace_with(self, pacer: Pacer) -> None:
        """Send through `pacer` from now on (a front end wrapping the account's pacer to see who waits)."""
        self._pacer = pacer

    async def estimate_wait(self, requests: int = 1) -> float:
        """Seconds before the `requests`-th call from now could be sent ("queued: about N s")."""
        pacer = self.pacer
        return 0.0 if pacer is None else await pacer.estimate_wait(requests)

    async def _send_once(self, prepared: PreparedCall, on_wait: OnWait | None) -> httpx.Response:
        request = self.build_request(prepared)
        pacer = self.pacer
        if pacer is None:
            return await self._http.send(request, auth=self._auth)
        async with pacer.slot(on_wait, operation=prepared.description):
            return await self._http.send(request, auth=self._auth)

    async def _send_with_retries(
        self, prepared: PreparedCall, on_wait: OnWait | None
    ) -> tuple[httpx.Response, int]:
        idempotent = prepared.operation.method in IDEMPOTENT or prepared.operation.is_read
        budget = RetryBudget(self.settings.max_retries)
        read_timeout = self.settings.read_timeout
        earlier: str | None = None  # why an earlier attempt may have acted (a DELETE's 404 then)
        for attempt in itertools.count(1):
            status_error: KoreAPIError | None = None
            try:
                response = await self._send_once(prepared, on_wait)
            except httpx.TransportError as exc:
                error = transport_error(
                    prepared.description,
                    self.settings.host_name,
                    exc,
                    idempotent=idempotent,
                    read_timeout=read_timeout,
                )
                if not never_sent(exc):
                    cause = ambiguous_cause(exc, error, read_timeout)
                    if not idempotent:
                        raise AmbiguousSend(error, cause, attempt) from exc
                    earlier = cause
                if not budget.allows(None):
                    raise error from exc
                cause = "connection"
            else:
                if response.is_success:
                    return response, attempt
                status_error = self._error_of(prepared, response)
                if gone_after_retry(prepared.operation.method, status_error, earlier):
                    raise DeletedEarlier(status_error, earlier or "", attempt)
                retryable = status_is_retryable(status_error, idempotent)
                if status_maybe_acted(status_error):
                    earlier = ambiguous_cause(None, status_error, read_timeout)
                    if not (idempotent or retryable):
                        raise AmbiguousSend(status_error, earlier, attempt)
                if not (retryable and budget.allows(status_error)):
                    raise status_error
                cause = str(status_error.status)
            delay = budget.delay(status_error, self._jitter)
            what = prepared.description
            log.info("%s: attempt %d failed (%s); retrying in %.1f s", what, attempt, cause, delay)
            reason: Literal["rate_limit", "retry"] = (
                "rate_limit" if isinstance(status_error, RateLimitError) else "retry"
            )
            await report(on_wait, Wait(reason, delay, cause, prepared.description, attempt))
            await self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _error_of(self, prepared: PreparedCall, response: httpx.Response) -> KoreAPIError:
        return error_from_response(
            response,
            prepared.description,
            scope=prepared.operation.scope,
            per_minute=self.settings.rate_limit_per_minute or None,
            fixed=prepared.operation.fixed_query,
        )

    def _parse(self, prepared: PreparedCall, response: httpx.Response) -> tuple[BaseModel, Any]:
        op = prepared.operation
        where = f"{prepared.description} -> {response.status_code}"
        try:
            body = response.json()
        except ValueError:
            raise KoreResponseError(
                f"{where} but the reply is not JSON; is KORE_HOST ({self.settings.host_name}) Kore.ai?",
                status=response.status_code,
                body=response.text[:4000],
            ) from None
        try:
            model = op.response_model.model_validate(body)
        except pydantic.ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(part) for part in first["loc"]) or "body"
            raise KoreResponseError(
                f"{where} but the reply does not match the documented shape ({loc}: {first['msg']}).",
                status=response.status_code,
                body=response.text[:4000],
            ) from None
        return model, body
