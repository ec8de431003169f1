"""Reconciling a create whose outcome is unknown, instead of ever sending it twice.

Kore.ai has no idempotency key. When Create Contact List fails after it may have reached the
server (a 5xx, a read timeout, a dropped connection), repeating it could make a second list, and
giving up leaves the user guessing. List names are unique (case-insensitive), so the client looks
the name up with Get All Contact Lists: found means it was created (the result is marked
`reconciled`); not found means it was not, and sending again is safe.

A DELETE is safe to repeat, and the client does; but when the repeat answers 404 after an attempt
that may have reached the server, the earlier attempt deleted the record: that is reported as done
(`reconciled`, with the reason), not as "not found" (`deleted_earlier`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from core import models
from core.errors import CreateOutcomeUnknownError, KoreError, NotCreatedError
from core.pacing import OnWait
from core.retry import AmbiguousSend, DeletedEarlier

if TYPE_CHECKING:
    from core.calls import PreparedCall
    from core.client import KoreClient

log = logging.getLogger("core.reconcile")

RECONCILED_MESSAGE = "Contact list found by name after an ambiguous failure (reconciled)"


@dataclass(frozen=True)
class Reconciled:
    """What reconciling established, shaped as the operation answers (`body`, `model`).

    `status` is the answer the outcome rests on (the lookup's, or 200 for a delete found done),
    `lookup_attempts` the requests the lookup took, `because` the reason in one line.
    """

    body: dict[str, Any]
    model: BaseModel
    status: int
    lookup_attempts: int
    because: str


def same_name(a: str, b: str) -> bool:
    """Kore.ai's uniqueness rule for list names: trimmed, case-insensitive."""
    return a.strip().casefold() == b.strip().casefold()


async def reconcile_create(
    kore: KoreClient, prepared: PreparedCall, ambiguous: AmbiguousSend, on_wait: OnWait | None
) -> Reconciled:
    """Find the list the failed create was for, or raise NotCreatedError / CreateOutcomeUnknownError."""
    name = str(prepared.inputs["name"])
    what = f"{prepared.description} {name!r}"
    log.warning("%s failed ambiguously (%s); looking it up by name", what, ambiguous.cause)
    try:
        lookup = await kore.execute("contact_list.list", on_wait=on_wait)
    except KoreError as exc:
        raise CreateOutcomeUnknownError(
            f"{what} failed after it may have reached Kore.ai ({ambiguous.cause}) and looking it up "
            f"failed too ({exc}); it may exist: check Get All Contact Lists before sending again.",
            operation=prepared.description,
            name=name,
            cause=ambiguous.error,
        ) from exc
    raw = lookup.body.get("data") if isinstance(lookup.body, dict) else None
    for index, record in enumerate(lookup.records):
        if not isinstance(record, models.ContactList) or not same_name(record.name, name):
            continue
        if (record.description or "") != (prepared.inputs.get("description") or ""):
            raise NotCreatedError(
                f"{what} failed ({ambiguous.cause}) and the list named so ({record.id}) has another "
                "description: it is someone else's, this one was not created; pick another name.",
                operation=prepared.description,
                name=name,
                cause=ambiguous.error,
            )
        data = raw[index] if isinstance(raw, list) and index < len(raw) else record.model_dump(by_alias=True)
        body = {"status": "success", "message": RECONCILED_MESSAGE, "data": data}
        log.warning("%s: found as %s after the ambiguous failure; not sending it again", what, record.id)
        because = f"{what} failed ({ambiguous.cause}); found by name as {record.id}, so it was created"
        model = models.ContactListEnvelope.model_validate(body)
        return Reconciled(body, model, lookup.status, lookup.attempts, because)
    raise NotCreatedError(
        f"{what} failed after it may have reached Kore.ai ({ambiguous.cause}), but the list was "
        "not found afterwards: it was not created, so sending it again is safe.",
        operation=prepared.description,
        name=name,
        cause=ambiguous.error,
    )


def deleted_earlier(prepared: PreparedCall, gone: DeletedEarlier) -> Reconciled:
    """A DELETE whose retry answered 404 after an attempt that may have acted: it was deleted then.

    The deleted record's fields came in the lost answer, so the result carries none (`data` null).
    """
    because = (
        f"{prepared.description} failed ({gone.cause}) and the retry found it gone (404): "
        "the first attempt deleted it"
    )
    log.warning("%s; reported deleted", because)
    body = {"status": "success", "message": f"{because} (reconciled)", "data": None}
    return Reconciled(body, models.Envelope[None].model_validate(body), 200, 0, because)


Reconciler = Callable[["KoreClient", "PreparedCall", AmbiguousSend, OnWait | None], Awaitable[Reconciled]]

RECONCILERS: dict[str, Reconciler] = {"contact_list.create": reconcile_create}
"""Operations that are not safe to repeat and how each one's outcome is looked up."""
