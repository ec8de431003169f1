"""The emulated endpoints: they check input like the service, change the state, answer the documented body."""

from __future__ import annotations

import asyncio
import logging
import math
import random
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from core.limits import limit
from core.sandbox.auth import Verifier
from core.sandbox.config import SandboxConfig
from core.sandbox.errors import RATE_LIMITED, UNAVAILABLE, ApiError, SafeJSONResponse, bad_request, not_found
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
from core.sandbox.state import SandboxState
from core.sandbox.validation import (
    parse_paging,
    read_json_object,
    validate_create_list,
    validate_update_contact,
    validate_update_list,
)

logger = logging.getLogger("core.sandbox")

Handler = Callable[[Request], Awaitable[Response]]
E164_MAX_DIGITS = limit("contact.cell_phone.e164").max or 15


def success(message: str, data: Any) -> SafeJSONResponse:
    """The campaign family's `{status, message, data}` envelope."""
    return SafeJSONResponse({"status": "success", "message": message, "data": data})


def page_of(items: list[Record], skip: int, limit: int) -> dict[str, Any]:
    """`results` plus the paging fields both paginated endpoints return."""
    total = len(items)
    results = items[skip : skip + limit]
    return {
        "results": results,
        "skip": skip,
        "limit": limit,
        "hasMore": skip + len(results) < total,
        "totalPages": math.ceil(total / limit),
        "totalResults": total,
    }


class SandboxApi:
    """Holds what the endpoints share (state, verifier, limiter, fault injection) and the endpoints."""

    def __init__(
        self,
        config: SandboxConfig,
        state: SandboxState,
        verifier: Verifier,
        limiter: RateLimiter,
        wall_clock: Callable[[], float],
    ) -> None:
        self.config = config
        self.state = state
        self.verifier = verifier
        self.limiter = limiter
        self.wall_clock = wall_clock
        self.rng = random.Random(config.random_seed)

    def guarded(self, handler: Handler, *, needs_iid: bool) -> Handler:
        """Latency, fault injection, credentials, rate limit, then `handler`; client input never gives 500."""

        async def endpoint(request: Request) -> Response:
            try:
                if self.config.latency_ms > 0:
                    await asyncio.sleep(self.config.latency_ms / 1000)
                if self.config.fail_rate > 0 and self.rng.random() < self.config.fail_rate:
                    raise ApiError(503, UNAVAILABLE, 503)
                account = self.verifier.verify(
                    request, path_app_id=request.path_params.get("app_id", ""), needs_iid=needs_iid
                )
                wait = self.limiter.check(account)
                if wait is not None:
                    raise ApiError(429, RATE_LIMITED, 429, headers={"Retry-After": str(wait)})
                return await handler(request)
            except ApiError as error:
                return error.response()
            except Exception:
                logger.exception("sandbox bug while handling %s %s", request.method, request.url.path)
                return ApiError(500, "Internal sandbox error", 500).response()

        return endpoint

    def _now(self) -> str:
        return iso_timestamp(self.wall_clock())

    def _list(self, list_id: str) -> Record:
        record = self.state.contact_lists.get(list_id)
        if record is None:
            raise not_found("Contact list", list_id)
        return record

    def _ensure_unique_name(self, name: str, *, exclude: str | None) -> None:
        lowered = name.lower()
        for list_id, record in self.state.contact_lists.items():
            if list_id != exclude and str(record.get("lname", "")).lower() == lowered:
                raise bad_request(
                    "name", f"a contact list named {name!r} already exists (names are case-insensitive)"
                )

    # --- contact lists -------------------------------------------------------------------------------------

    @handles("contact_list.create")
    async def create_list(self, request: Request) -> Response:
        new = validate_create_list(await read_json_object(request))
        async with self.state.mutation():
            self._ensure_unique_name(new.name, exclude=None)
            list_id = new_contact_list_id()
            while list_id in self.state.contact_lists:  # pragma: no cover - a uuid4 collision
                list_id = new_contact_list_id()
            record = new_contact_list(
                list_id=list_id,
                name=new.name,
                description=new.description,
                source=new.source,
                allow_duplicates=new.allow_duplicates,
                account_id=self.config.account_id,
                app_id=self.config.app_id,
                timestamp=self._now(),
            )
            self.state.contact_lists[list_id] = record
            self.state.list_contacts[list_id] = []
        return success(f"Contact list {new.name} created successfully", create_view(record))

    @handles("contact_list.update")
    async def update_list(self, request: Request) -> Response:
        list_id = request.path_params["contact_list_id"]
        self._list(list_id)
        changes = validate_update_list(await read_json_object(request))
        async with self.state.mutation():
            record = self._list(list_id)
            if changes.name is not None:
                self._ensure_unique_name(changes.name, exclude=list_id)
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
            record["updatedAt"] = self._now()
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
        async with self.state.mutation():
            record = self._list(list_id)
            del self.state.contact_lists[list_id]
            self.state.list_contacts.pop(list_id, None)
        return success(f"Contact list {record['name']} deleted successfully", record)

    @handles("contact_list.get")
    async def get_list(self, request: Request) -> Response:
        return success("", self._list(request.path_params["contact_list_id"]))

    @handles("contact_list.list", also=("POST",))  # decisions table: GET and POST
    async def all_lists(self, request: Request) -> Response:
        wanted = request.query_params.get("type")
        records = [
            record
            for record in reversed(list(self.state.contact_lists.values()))
            if wanted is None or record.get("listType") == wanted
        ]
        records.sort(key=lambda record: str(record.get("createdAt", "")), reverse=True)
        return success("", [summary_view(record) for record in records])

    @handles("contact_list.contacts")
    async def list_contacts(self, request: Request) -> Response:
        list_id = request.path_params["contact_list_id"]
        self._list(list_id)
        paging = parse_paging(request.query_params, limit_key="contact_list.contacts.limit")
        members = self.state.list_contacts.get(list_id, [])
        return success("Contacts retrieved successfully", page_of(members, paging.skip, paging.limit))

    # --- address book --------------------------------------------------------------------------------------

    def _contact(self, contact_id: str) -> Record:
        record = self.state.contacts.get(contact_id)
        if record is None or record.get("status") != "ACTIVE":
            raise not_found("Contact", contact_id)
        return record

    @handles("contact.list")
    async def contacts(self, request: Request) -> Response:
        paging = parse_paging(request.query_params, limit_key="contact.list.limit")
        active = [record for record in self.state.contacts.values() if record.get("status") == "ACTIVE"]
        return SafeJSONResponse(page_of(active, paging.skip, paging.limit))

    @handles("contact.update")
    async def update_contact(self, request: Request) -> Response:
        contact_id = request.path_params["contact_id"]
        self._contact(contact_id)
        changes = validate_update_contact(await read_json_object(request))
        async with self.state.mutation():
            record = self._contact(contact_id)
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
                        "cellPhone.phoneNumber",
                        f"with the country code it is longer than {E164_MAX_DIGITS} digits",
                    )
                number = code + digits
                for other_id, other in self.state.contacts.items():
                    other_phone = other.get("cellPhone") or {}
                    if (
                        other_id != contact_id
                        and other.get("status") == "ACTIVE"
                        and other_phone.get("phoneNumber") == number
                    ):
                        raise bad_request(
                            "cellPhone.phoneNumber", f"{number} already belongs to another contact"
                        )
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
            record["updatedAt"] = self._now()
            record["updatedBy"] = user_id(self.config.account_id)
            record["updatedByAId"] = app_actor_id(self.config.account_id)
            # Keep the documented key order: `id` last.
            record["id"] = record.pop("id", contact_id)
        return SafeJSONResponse(record)
