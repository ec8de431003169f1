"""The published OpenAPI document is valid and the sandbox answers as it says (schemathesis).

A few generated requests per operation, with a fixed seed, against the in-process sandbox with
the rate limit off. Path ids are pinned to seeded records so handlers run past the lookup. Valid
requests must be accepted and invalid ones refused: the document declares every rule.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.checks import (  # type: ignore[attr-defined]
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)
from tokens import headers, mint

from core.limits import limit
from core.operations import CATALOG
from core.sandbox.app import create_app
from core.sandbox.config import DEFAULT_ACCOUNT_ID, DEFAULT_APP_ID, SandboxConfig

APP = create_app(SandboxConfig(rate_limit=0, random_seed=7))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    positive_data_acceptance,  # what the document allows, the sandbox accepts
    negative_data_rejection,  # every rule the document declares, the sandbox enforces
]


async def _call(method: str, key: str, json: Any = None, **path: str) -> Any:
    """One request to the sandbox through its API, like any client."""
    transport = httpx.ASGITransport(app=APP)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
        url = CATALOG[key].path.format(app_id=DEFAULT_APP_ID, **path)
        response = await client.request(method, url, headers=headers(), json=json)
    assert response.status_code == 200, response.text
    return response.json()


def _seeded_ids() -> dict[str, str]:
    """A contact list and a contact that exist, so generated requests reach the handlers' checks."""
    lists = asyncio.run(_call("GET", "contact_list.list"))
    contacts = asyncio.run(_call("GET", "contact.list"))
    return {
        "path.contact_list_id": lists["data"][-1]["_id"],
        "path.contact_id": contacts["results"][-1]["id"],
    }


async def _trigger(campaign_id: str, trigger: str) -> None:
    """Start or stop a campaign, whatever its state (a refusal is fine: it is then as wanted)."""
    transport = httpx.ASGITransport(app=APP)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
        url = CATALOG["campaign.start"].path.format(app_id=DEFAULT_APP_ID, campaign_id=campaign_id)
        params = {"campaignType": "voice", "trigger": trigger}
        await client.post(url, headers=headers(), params=params, json={})


def _campaign_ready_for(case: Any) -> None:
    """A start meets a stopped campaign and a stop a running one (a repeat is a decided 400)."""
    trigger = (case.query or {}).get("trigger")
    campaign_id = (case.path_parameters or {}).get("campaign_id")
    if trigger in ("play", "stop") and isinstance(campaign_id, str):
        asyncio.run(_trigger(campaign_id, "stop" if trigger == "play" else "play"))


UNKNOWN_HEADER = "x-schemathesis-unknown-property"


def _new_contact_id() -> str:
    body = [{"firstName": "Doomed", "cellPhone": {"phoneNumber": _unique_digits(10), "countryCode": "+1"}}]
    return str(asyncio.run(_call("POST", "contact.create", json=body))[0]["id"])


def _unique_digits(count: int) -> str:
    return str(uuid.uuid4().int)[:count]


def _new_list_id() -> str:
    body = {"name": f"doomed {uuid.uuid4()}", "description": "", "source": "passiveApi"}
    return str(asyncio.run(_call("POST", "contact_list.create", json=body))["data"]["_id"])


schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
schema.config.generation.update(max_examples=4, deterministic=True, database="none")
schema.config.update(
    parameters={
        "path.app_id": DEFAULT_APP_ID,
        "header.iid": DEFAULT_APP_ID,
        "header.accountId": DEFAULT_ACCOUNT_ID,
        **_seeded_ids(),
    }
)


@schema.parametrize()
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
def test_sandbox_answers_as_its_openapi_document_says(case: Any) -> None:
    case.headers = {**(case.headers or {}), "auth": mint()}
    case.query = {key: value for key, value in (case.query or {}).items() if key != "accountId"}
    if case.method == "DELETE" and case.path_parameters:  # keep the pinned records for the other operations
        fresh = {"contact_list_id": _new_list_id, "contact_id": _new_contact_id}
        case.path_parameters = {
            name: fresh[name]() if name in fresh else value for name, value in case.path_parameters.items()
        }
    if not case.meta.generation.mode.is_positive and UNKNOWN_HEADER in (case.headers or {}):
        return  # only an unknown header: HTTP servers (Kore.ai, the sandbox) ignore those, as they should
    _within_the_rules_a_schema_cannot_state(case)
    _campaign_ready_for(case)
    case.call_and_validate(checks=CHECKS)


LONGEST_COUNTRY_CODE = 4  # digits: the pattern of core.limits' contact.cell_phone.country_code row


def _within_the_rules_a_schema_cannot_state(case: Any) -> None:
    """Make valid generated data also keep the two declared rules JSON schema has no keyword for
    (they are in the fields' descriptions): list names are unique, and the country code and the
    number (the stored ones count) have at most 15 digits together."""
    if not case.meta.generation.mode.is_positive:
        return
    bodies = case.body if isinstance(case.body, list) else [case.body]  # Create a Contact: an array
    for body in bodies:
        if not isinstance(body, dict):
            continue
        if isinstance(body.get("name"), str):
            body["name"] = uuid.uuid4().hex[:8] + body["name"][:40]
        phone = body.get("cellPhone")
        if isinstance(phone, dict) and isinstance(phone.get("phoneNumber"), str):
            # numbers are unique among active contacts too: a fresh one, short enough for any code
            digits = (limit("contact.cell_phone.e164").max or 0) - LONGEST_COUNTRY_CODE
            phone["phoneNumber"] = _unique_digits(digits)


def test_openapi_document_is_valid_openapi_3_1() -> None:
    validate(schema.raw_schema)
