"""The v2 contact-list service (kore-api.md §6.8): the v1 handlers over the same store, answered in v2 shape.

The routes come from the catalog's `v2_path`s (core/sandbox/routes.py); each v2 route runs the v1
handler and adds what v2 answers add: `isGlobalDNC`, `isDefault`, `columns`, `allowDuplicates` and
`mapping.contactPriority` on every list, `scope` in an update's echo. One store, two families.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from core.sandbox.campaign_records import DNC_LIST_NAME
from core.sandbox.errors import SafeJSONResponse
from core.sandbox.records import Record

Endpoint = Callable[[Request], Awaitable[Response]]
SCOPE = ["campaign_management"]


def v2_list(record: Record) -> Record:
    """A contact list as the v2 service shows it. Decided: the seeded DNC list is the global one."""
    shown = dict(record)
    mapping = {**(record.get("mapping") or {}), "contactPriority": "contactPriority"}
    shown["mapping"] = mapping
    shown["isGlobalDNC"] = record.get("name") == DNC_LIST_NAME
    shown["isDefault"] = False
    shown["columns"] = list(mapping)
    sync = (record.get("apiConfigurations") or {}).get("dataSyncMode")
    shown.setdefault("allowDuplicates", sync == "allowDuplicates")
    return shown


def _is_list(value: Any) -> bool:
    return isinstance(value, dict) and str(value.get("_id", "")).startswith("cl-")


def v2_data(data: Any) -> Any:
    """The `data` of a v1 answer in v2 shape (lists, list arrays, update echoes; anything else as is)."""
    if _is_list(data):
        return v2_list(data)
    if isinstance(data, list):
        return [v2_list(item) if _is_list(item) else item for item in data]
    if isinstance(data, dict) and isinstance(data.get("body"), dict) and "contactListId" in data:
        return {**data, "body": {**data["body"], "scope": SCOPE}}
    return data


def v2_endpoint(v1: Endpoint) -> Endpoint:
    """The v1 endpoint, its successful answers reshaped for v2 (errors are the same in both)."""

    async def endpoint(request: Request) -> Response:
        response = await v1(request)
        if response.status_code != 200:
            return response
        body = json.loads(bytes(response.body))
        if isinstance(body, dict) and "data" in body:
            body = {**body, "data": v2_data(body["data"])}
        return SafeJSONResponse(body, status_code=200)

    return endpoint
