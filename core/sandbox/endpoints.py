"""The emulated endpoints: they check input like the service, change the state, answer the documented body."""

from __future__ import annotations

import asyncio
import logging
import math
import re
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from core.limits import limit
from core.sandbox.auth import Verifier
from core.sandbox.campaign_records import refuse_if_in_use
from core.sandbox.config import SandboxConfig
from core.sandbox.documents import Reader, Writer
from core.sandbox.errors import ApiError, SafeJSONResponse, bad_request, not_found, rate_limited, shorten
from core.sandbox.faults import FaultInjector, unavailable
from core.sandbox.pending import PendingAdds
from core.sandbox.ratelimit import RateLimiter
from core.sandbox.records import (
    Record,
    app_actor_id,
    create_view,
    data_sync_mode,
    full_name,
    iso_timestamp,
    new_contact_list,
    new_contact_list_id,
    summary_view,
    user_id,
)
from core.sandbox.registry import handles
from core.sandbox.schema import CONTACT_LISTS, CONTACTS, LIST_CONTACTS
from core.sandbox.store import SandboxStore, member_view
from core.sandbox.validation import (
    ContactChanges,
    parse_paging,
    read_json_object,
    validate_create_list,
    validate_update_contact,
    validate_update_list,
)

logger = logging.getLogger("core.sandbox")

Handler = Callable[[Request], Awaitable[Response]]
E164_MAX_DIGITS = limit("contact.cell_phone.e164").max or 15
LIST_TYPE = limit("contact_list.list.type")


def success(message: str, data: Any) -> SafeJSONResponse:
    """The campaign family's `{status, message, data}` envelope."""
    return SafeJSONResponse({"status": "success", "message": message, "data": data})


def page_of(results: list[Record], total: int, skip: int, limit: int) -> dict[str, Any]:
    """`results` (one page) plus the paging fields both paginated endpoints return."""
    return {
        "results": results,
        "skip": skip,
        "limit": limit,
        "hasMore": skip + len(results) < total,
        "totalPages": math.ceil(total / limit),
        "totalResults": total,
    }


class SandboxApi:
    """Holds what the endpoints share (store, verifier, limiter, fault injector) and the endpoints."""

    def __init__(
        self,
        config: SandboxConfig,
        store: SandboxStore,
        verifier: Verifier,
        limiter: RateLimiter,
        wall_clock: Callable[[], float],
    ) -> None:
        self.config = config
        self.store = store
        self.verifier = verifier
        self.limiter = limiter
        self.wall_clock = wall_clock
        self.pending = PendingAdds(store, config.async_delay_ms, wall_clock)
        self.faults = FaultInjector(
            config.fail_rate, config.fail_mode, seed=config.random_seed, hold_seconds=config.fail_hold_seconds
        )

    def guarded(self, handler: Handler) -> Handler:
        """Latency, an injected fault, credentials, rate limit, then `handler`; bad input never gives 500."""

        async def endpoint(request: Request) -> Response:
            if self.config.latency_ms > 0:
                await asyncio.sleep(self.config.latency_ms / 1000)
            fault = self.faults.draw()
            if fault == "before":
                return unavailable().response()
            response = await self._answer(handler, request)
            if fault is None:
                return response
            return self.faults.after_handler(fault, f"{request.method} {request.url.path}")

        return endpoint

    async def _answer(self, handler: Handler, request: Request) -> Response:
        try:
            account = await self.verifier.verify(request, path_app_id=request.path_params.get("app_id", ""))
            wait = self.limiter.check(account)
            if wait is not None:
                raise rate_limited(wait if self.config.retry_after else None)
            await self.pending.apply_due()  # Add Contacts batches whose moment has come, before any read
            return await handler(request)
        except ApiError as error:
            return error.response()
        except Exception:
            logger.exception("sandbox bug while handling %s %s", request.method, request.url.path)
            return ApiError(500, "Internal sandbox error", 500).response()

    def _now(self) -> str:
        return iso_timestamp(self.wall_clock())

    def now(self) -> str:
        """The sandbox's wall clock as the API writes timestamps (for handler modules)."""
        return self._now()

    @staticmethod
    def _list(reader: Reader, list_id: str) -> Record:
        record = reader.get(CONTACT_LISTS, list_id)
        if record is None:
            raise not_found("Contact list", list_id)
        return record

    @staticmethod
    def _ensure_unique_name(reader: Reader, name: str, *, exclude: str) -> None:
        if reader.first(CONTACT_LISTS, "lname = ? AND id != ?", (name.lower(), exclude)) is not None:
            raise bad_request(
                "name", f"a contact list named {name!r} already exists (names are case-insensitive)"
            )

    # --- contact lists -------------------------------------------------------------------------------------

    @handles("contact_list.create")
    async def create_list(self, request: Request) -> Response:
        new = validate_create_list(await read_json_object(request))
        record = new_contact_list(
            list_id=new_contact_list_id(),
            name=new.name,
            description=new.description,
            source=new.source,
            allow_duplicates=new.allow_duplicates,
            account_id=self.config.account_id,
            app_id=self.config.app_id,
            timestamp=self._now(),
        )

        def insert(writer: Writer) -> None:
            self._ensure_unique_name(writer, new.name, exclude="")
            writer.insert(CONTACT_LISTS, record)

        await self.store.write(insert)
        return success(f"Contact list {new.name} created successfully", create_view(record))

    @handles("contact_list.update")
    async def update_list(self, request: Request) -> Response:
        list_id = request.path_params["contact_list_id"]
        await self.store.read(lambda reader: self._list(reader, list_id))  # an unknown id is a 404 first
        changes = validate_update_list(await read_json_object(request))
        now = self._now()

        def apply(writer: Writer) -> Record:
            record = self._list(writer, list_id)
            if changes.name is not None:
                self._ensure_unique_name(writer, changes.name, exclude=list_id)
                record["name"] = changes.name
                record["lname"] = changes.name.lower()
            if changes.description is not None:
                record["description"] = changes.description
            if changes.allow_duplicates is not None:
                record["allowDuplicates"] = changes.allow_duplicates
                record["apiConfigurations"] = {
                    **record.get("apiConfigurations", {}),
                    "dataSyncMode": data_sync_mode(changes.allow_duplicates),
                }
            record["updatedBy"] = user_id(self.config.account_id)
            record["updatedAt"] = now
            writer.put(CONTACT_LISTS, record)
            return record

        record = await self.store.write(apply)
        body: dict[str, Any] = {"name": record["name"]}
        if changes.description is not None:
            body["description"] = changes.description
        if changes.allow_duplicates is not None:
            body["allowDuplicates"] = changes.allow_duplicates
        body.update(
            orgId=record["orgId"],
            iId=record["iId"],
            listType=record["listType"],
            accountId=record["accountId"],
            updatedBy=record["updatedBy"],
        )
        return success(
            f"Contact list {record['name']} updated successfully", {"contactListId": list_id, "body": body}
        )

    @handles("contact_list.delete")
    async def delete_list(self, request: Request) -> Response:
        list_id = request.path_params["contact_list_id"]

        def remove(writer: Writer) -> Record:
            record = self._list(writer, list_id)
            refuse_if_in_use(writer, record)
            writer.delete(CONTACT_LISTS, list_id)
            writer.delete_where(LIST_CONTACTS, "list_id = ?", (list_id,))
            return record

        record = await self.store.write(remove)
        return success(f"Contact list {record['name']} deleted successfully", record)

    @handles("contact_list.get")
    async def get_list(self, request: Request) -> Response:
        list_id = request.path_params["contact_list_id"]
        return success("", await self.store.read(lambda reader: self._list(reader, list_id)))

    @handles("contact_list.list", also=("POST",))  # decisions table: GET and POST
    async def all_lists(self, request: Request) -> Response:
        wanted = request.query_params.get("type")
        if wanted is not None and not re.fullmatch(LIST_TYPE.pattern or "", wanted):
            raise bad_request(
                "type", f"must be {LIST_TYPE.readable} (query parameter), got {shorten(wanted)!r}"
            )

        def newest_first(reader: Reader) -> list[Record]:
            where, params = ("list_type = ?", (wanted,)) if wanted is not None else ("", ())
            return reader.find(CONTACT_LISTS, where, params, order="created_at DESC, seq DESC")

        records = await self.store.read(newest_first)
        return success("", [summary_view(record) for record in records])

    @handles("contact_list.contacts")
    async def list_contacts(self, request: Request) -> Response:
        list_id = request.path_params["contact_list_id"]
        paging = parse_paging(request.query_params, limit_key="contact_list.contacts.limit")

        def page(reader: Reader) -> dict[str, Any]:
            self._list(reader, list_id)
            total = reader.count(LIST_CONTACTS, "list_id = ?", (list_id,))
            members = reader.find(
                LIST_CONTACTS, "list_id = ?", (list_id,), limit=paging.limit, offset=paging.skip
            )
            return page_of([member_view(doc) for doc in members], total, paging.skip, paging.limit)

        return success("Contacts retrieved successfully", await self.store.read(page))

    # --- address book --------------------------------------------------------------------------------------

    @staticmethod
    def _contact(reader: Reader, contact_id: str) -> Record:
        record = reader.get(CONTACTS, contact_id)
        if record is None or record.get("status") != "ACTIVE":
            raise not_found("Contact", contact_id)
        return record

    @handles("contact.list")
    async def contacts(self, request: Request) -> Response:
        paging = parse_paging(request.query_params, limit_key="contact.list.limit")

        def page(reader: Reader) -> dict[str, Any]:
            total = reader.count(CONTACTS, "status = 'ACTIVE'")
            active = reader.find(CONTACTS, "status = 'ACTIVE'", limit=paging.limit, offset=paging.skip)
            return page_of(active, total, paging.skip, paging.limit)

        return SafeJSONResponse(await self.store.read(page))

    @handles("contact.update")
    async def update_contact(self, request: Request) -> Response:
        contact_id = request.path_params["contact_id"]
        await self.store.read(lambda reader: self._contact(reader, contact_id))
        changes = validate_update_contact(await read_json_object(request))
        now = self._now()

        def apply(writer: Writer) -> Record:
            record = self._contact(writer, contact_id)
            apply_contact_changes(writer, record, changes, now=now, account_id=self.config.account_id)
            writer.put(CONTACTS, record)
            return record

        return SafeJSONResponse(await self.store.write(apply))


def apply_contact_changes(
    reader: Reader, record: Record, changes: ContactChanges, *, now: str, account_id: str
) -> None:
    """Change `record` in place as Update a Contact does; a taken or too long number is a 400."""
    contact_id = str(record["id"])
    phone = dict(record.get("cellPhone") or {})
    stored_code = str(phone.get("countryCode") or "")
    stored_number = str(phone.get("phoneNumber") or "")
    stored_digits = (
        stored_number[len(stored_code) :]
        if stored_code and stored_number.startswith(stored_code)
        else stored_number.lstrip("+")
    )
    if changes.phone_digits is not None or changes.country_code is not None:
        code = changes.country_code if changes.country_code is not None else stored_code
        digits = changes.phone_digits if changes.phone_digits is not None else stored_digits
        if len(code.lstrip("+")) + len(digits) > E164_MAX_DIGITS:
            raise bad_request(
                "cellPhone.phoneNumber", f"with the country code it is longer than {E164_MAX_DIGITS} digits"
            )
        number = code + digits
        if reader.first(CONTACTS, "phone = ? AND status = 'ACTIVE' AND id != ?", (number, contact_id)):
            raise bad_request("cellPhone.phoneNumber", f"{number} already belongs to another contact")
        phone["countryCode"] = code
        phone["phoneNumber"] = number
    if changes.extension is not None:
        phone["extension"] = changes.extension
    if changes.first_name is not None:
        record["firstName"] = changes.first_name
    if changes.last_name is not None:
        record["lastName"] = changes.last_name
    if changes.salutation is not None:
        record["salutation"] = changes.salutation
    record["fullName"] = full_name(str(record.get("firstName", "")), str(record.get("lastName", "")))
    record["cellPhone"] = {
        "extension": phone.get("extension", "+"),
        "phoneNumber": phone.get("phoneNumber", ""),
        "countryCode": phone.get("countryCode", ""),
    }
    record["updatedAt"] = now
    record["updatedBy"] = user_id(account_id)
    record["updatedByAId"] = app_actor_id(account_id)
    # Keep the documented key order: `id` last.
    record["id"] = record.pop("id", contact_id)
