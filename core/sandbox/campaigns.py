"""The sandbox's campaign endpoints: reads (§8.1 to §8.4) and voice campaign start/stop (decisions table).

Campaign contact details are the numbers of the campaign's lists as they are now, each with its
dial outcome when it has been dialed; numbers on the campaign's DNC list are shown as skipped.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from core.operations import get_operation
from core.sandbox.campaign_records import detail_view, list_view, new_campaign_instance_id
from core.sandbox.campaign_validation import (
    NumberedPaging,
    validate_campaign_query,
    validate_contact_paging,
)
from core.sandbox.documents import Reader, Writer
from core.sandbox.endpoints import SandboxApi, page_of, success
from core.sandbox.errors import SafeJSONResponse, bad_request, not_found
from core.sandbox.records import Record, iso_timestamp
from core.sandbox.registry import handles
from core.sandbox.schema import CAMPAIGNS, DIAL_OUTCOMES, LIST_CONTACTS
from core.sandbox.validation import read_json_object

DNC_OUTCOME = "dnc_skip"
"""Decided: a number on the campaign's DNC list is never dialed; the contact view says so."""


def campaign_of(reader: Reader, campaign_id: str) -> Record:
    record = reader.get(CAMPAIGNS, campaign_id)
    if record is None:
        raise not_found("Campaign", campaign_id)
    return record


def _matches(
    doc: Record, statuses: tuple[str, ...], priorities: tuple[int, ...], modes: tuple[str, ...]
) -> bool:
    if statuses and doc.get("status") not in statuses:
        return False
    if priorities and int(doc.get("priority") or 0) not in priorities:
        return False
    return not modes or doc.get("dialingMode") in modes


@handles("campaign.list")
async def all_campaigns(api: SandboxApi, request: Request) -> Response:
    query = validate_campaign_query(await read_json_object(request))

    def page(reader: Reader) -> dict[str, Any]:
        found = reader.find(CAMPAIGNS, "campaign_type = ?", (query.type,), order="created_at DESC, seq DESC")
        found = [doc for doc in found if _matches(doc, query.statuses, query.priorities, query.dialing_modes)]
        shown = found[query.skip : query.skip + query.limit]
        return page_of([list_view(reader, doc) for doc in shown], len(found), query.skip, query.limit)

    return success("", await api.store.read(page))


@handles("campaign.get")
async def get_campaign(api: SandboxApi, request: Request) -> Response:
    campaign_id = request.path_params["campaign_id"]
    return success(
        "", await api.store.read(lambda reader: detail_view(reader, campaign_of(reader, campaign_id)))
    )


@handles("campaign.status")
async def campaign_status(api: SandboxApi, request: Request) -> Response:
    campaign_id = request.path_params["campaign_id"]
    validate_contact_paging(await read_json_object(request, optional=True))  # one body rule for both views
    record = await api.store.read(lambda reader: campaign_of(reader, campaign_id))
    return success("", {"id": record["_id"], "status": record["status"], "name": record["name"]})


def contact_rows(reader: Reader, campaign: Record) -> list[Record]:
    """Every number the campaign dials, in list order, with how dialing it went."""
    campaign_id = str(campaign["_id"])
    outcomes = {
        doc["phoneNumber"]: doc for doc in reader.find(DIAL_OUTCOMES, "campaign_id = ?", (campaign_id,))
    }
    dnc_id = campaign.get("dncListId")
    blocked = (
        {str(doc["phoneNumber"]) for doc in reader.find(LIST_CONTACTS, "list_id = ?", (dnc_id,))}
        if dnc_id
        else set()
    )
    rows: list[Record] = []
    for list_id in campaign.get("listIds", ()):
        for member in reader.find(LIST_CONTACTS, "list_id = ?", (list_id,)):
            phone = str(member["phoneNumber"])
            rows.append(_contact_row(phone, str(member["_id"]), outcomes.get(phone), phone in blocked))
    return rows


def _contact_row(phone: str, unique_id: str, outcome: Record | None, blocked: bool) -> Record:
    row: Record = {
        "phoneNumber": phone,
        "uniqueId": unique_id,
        "dialerOutcome": "",
        "numberOfAttemptsSoFar": 0,
        "botSessionId": "",
        "agentDispositionCodes": [],
        "botOutboundStatus": "",
        "botOutboundStatusDetail": "",
    }
    if blocked:
        row.update(dialerOutcome=DNC_OUTCOME, botOutboundStatusDetail="on the campaign's DNC list")
    elif outcome is not None:
        row.update({key: outcome[key] for key in row if key in outcome and key != "uniqueId"})
    return row


def _numbered_page(rows: list[Record], paging: NumberedPaging) -> dict[str, Any]:
    shown = rows[paging.offset : paging.offset + paging.limit]
    return {
        "results": shown,
        "page": paging.page,
        "limit": paging.limit,
        "totalPages": -(-len(rows) // paging.limit),
        "totalResults": len(rows),
    }


@handles("campaign.contacts")
async def campaign_contacts(api: SandboxApi, request: Request) -> Response:
    campaign_id = request.path_params["campaign_id"]
    paging = validate_contact_paging(await read_json_object(request, optional=True))

    def page(reader: Reader) -> dict[str, Any]:
        return _numbered_page(contact_rows(reader, campaign_of(reader, campaign_id)), paging)

    return success("", await api.store.read(page))


# --- start and stop (decisions table: start / stop a voice campaign) -------------------------------


def _check_trigger(request: Request, campaign: Record, trigger: str) -> None:
    """Voice campaigns only; the statuses the catalog's start and stop name are refused (a start of a
    running campaign, a stop of one not running), as confirmations warn beforehand."""
    kind = request.query_params.get("campaignType")
    if kind != "voice":
        raise bad_request("campaignType", "must be voice (only voice campaigns start and stop here)")
    name, status = campaign["name"], campaign["status"]
    if campaign.get("type") != "voice":
        raise bad_request("campaignType", f"campaign {name!r} is an SMS campaign, not a voice campaign")
    rule = get_operation("campaign.start" if trigger == "play" else "campaign.stop").refused_when
    if rule is not None and status in rule.statuses:
        raise bad_request("trigger", f"campaign {name!r} {rule.why} (status {status})")


async def _trigger(api: SandboxApi, request: Request, trigger: str) -> Response:
    campaign_id = request.path_params["campaign_id"]
    await read_json_object(request, optional=True)  # `{}` as documented; a broken body is still a 400
    now = iso_timestamp(api.wall_clock())

    def apply(writer: Writer) -> tuple[Record, int]:
        campaign = campaign_of(writer, campaign_id)
        _check_trigger(request, campaign, trigger)
        campaign["status"] = "Active" if trigger == "play" else "Stopped"
        if trigger == "play":
            campaign["campaignInstanceId"] = new_campaign_instance_id()
        campaign["updatedAt"] = campaign["campaignInstanceUpdatedAt"] = now
        writer.put(CAMPAIGNS, campaign)
        outcomes = writer.find(DIAL_OUTCOMES, "campaign_id = ?", (campaign_id,))
        return campaign, sum(doc["dialerOutcome"] == "completed" for doc in outcomes)

    campaign, completed = await api.store.write(apply)
    return SafeJSONResponse(
        {
            "status": campaign["status"],
            "message": "Campaign Started" if trigger == "play" else "Campaign Stopped",
            "totalCallsCompleted": completed,
            "updatedAt": campaign["updatedAt"],
            "campaignInstanceId": campaign["campaignInstanceId"],
        }
    )


@handles("campaign.start")
async def start_campaign(api: SandboxApi, request: Request) -> Response:
    return await _trigger(api, request, "play")


@handles("campaign.stop")
async def stop_campaign(api: SandboxApi, request: Request) -> Response:
    return await _trigger(api, request, "stop")
