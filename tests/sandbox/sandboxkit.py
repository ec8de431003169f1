"""Helpers of the sandbox tests: paths, sample shapes, a fake clock, store snapshots (tokens: tokens.py)."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
from starlette.applications import Starlette
from tokens import headers

from core.sandbox.config import (
    DEFAULT_APP_ID,
)
from core.sandbox.store import SandboxStore

BASE = f"/agentassist/api/v1/public/{DEFAULT_APP_ID}"
LISTS = f"{BASE}/campaign/contactList"
CONTACTS = f"{BASE}/contacts"
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
LIST_ID = re.compile(r"^cl-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CREATE_SAMPLE_KEYS = {
    "isActive", "name", "description", "totalRecordCount", "status", "createdBy", "updatedBy", "mapping",
    "isListInUse", "listType", "campaignInUse", "source", "apiConfigurations", "files", "createdAt",
    "updatedAt", "_id", "allowDuplicates",
}  # fmt: skip
CONTACT_SAMPLE_KEYS = [
    "firstName", "lastName", "fullName", "salutation", "cellPhone", "status", "instanceBotId", "orgId",
    "accountId", "createdBy", "createdByAId", "address", "twitterDetails", "createdAt", "updatedAt",
    "updatedBy", "updatedByAId", "id",
]  # fmt: skip
SEED_SAMPLE_BODY = {
    "name1": "Renewal Due - July 2025",
    "description": "This list contains customers with services expiring in July 2025.",
    "source": "passiveApiIntegration",
    "allowDuplicates": True,
}
INVALID_CREDENTIALS = {"errors": [{"msg": "Invalid SDK credentials", "code": 4002}]}


class FakeClock:
    """Monotonic clock the rate limiter reads; tests move it instead of sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def client_for(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox")


def state_of(app: Starlette) -> SandboxStore:
    store = app.state.sandbox
    assert isinstance(store, SandboxStore)
    return store


def snapshot(app: Starlette) -> str:
    """Everything the sandbox holds, as one comparable string."""
    store = state_of(app)
    return json.dumps([store.contact_lists, store.list_contacts, store.contacts], sort_keys=True)


def list_id_named(app: Starlette, name: str) -> str:
    return next(key for key, value in state_of(app).contact_lists.items() if value["name"] == name)


def active_contact(app: Starlette, first_name: str) -> dict[str, Any]:
    return next(c for c in state_of(app).contacts.values() if c["firstName"] == first_name)


async def create(client: httpx.AsyncClient, **body: Any) -> httpx.Response:
    payload = {"name": "Test List", "description": "for tests", "source": "passiveApi", **body}
    return await client.post(f"{LISTS}/createContactList", headers=headers(), json=payload)


def error_of(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"errors"}, body
    error = body["errors"][0]
    assert isinstance(error["msg"], str) and isinstance(error["code"], int)
    return dict(error)


async def get_lists(
    client: httpx.AsyncClient, request_headers: dict[str, str] | None = None
) -> httpx.Response:
    """Get All Contact Lists as the client sends it (`?type=call`)."""
    return await client.get(
        f"{LISTS}/getAllListDetails", params={"type": "call"}, headers=request_headers or headers()
    )
