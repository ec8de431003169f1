"""Campaign documents, their views (§8.1 list item, §8.2 voice campaign) and the seeded campaigns.

A stored campaign keeps the ids of the lists it dials (`listIds`) and of its DNC list (`dncListId`);
the views name them from the lists as they are now, so renaming a list renames it everywhere. The
lists carry `isListInUse` and `campaignInUse` ({id, name} per campaign, as the samples show), which
`mark_lists_in_use` keeps equal to what the campaigns use.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from core.sandbox.documents import Reader, Writer
from core.sandbox.errors import bad_request
from core.sandbox.records import (
    Record,
    iso_timestamp,
    new_contact_list,
    new_list_contact,
    stable_uuid,
)
from core.sandbox.schema import CAMPAIGNS, CONTACT_LISTS, DIAL_OUTCOMES, LIST_CONTACTS

SEED_CAMPAIGN_ID = "cd-5e1b2c3a-7d4f-4e8a-9b0c-1d2e3f4a5b6c"
"""The first seeded campaign; the catalog's examples name it (core/operations.py)."""

DNC_LIST_NAME = "Do Not Call - Global"
DNC_NUMBERS = ("14155550104", "442079460199")

# Keys of one item of Get All Campaigns (§8.1) and of Get Voice Campaign by ID (§8.2), in that order.
LIST_VIEW_KEYS = (
    "_id",
    "name",
    "description",
    "status",
    "priority",
    "dialingMode",
    "dncLists",
    "isFiltersEnabled",
    "schedule",
    "connection",
    "contactLists",
    "createdAt",
    "updatedAt",
    "campaignInstanceUpdatedAt",
)
DETAIL_VIEW_KEYS = (
    "_id",
    "name",
    "lname",
    "description",
    "status",
    "priority",
    "dialingMode",
    "dncLists",
    "dialingStrategy",
    "experienceFlow",
    "schedule",
    "contactLists",
    "enableMachineDetect",
    "format",
    "createdAt",
    "updatedAt",
    "campaignInstanceUpdatedAt",
)

# (name, type, status, priority, dialing mode, list names, outcomes of the first numbers dialed)
# An outcome is (dialerOutcome, attempts, botOutboundStatus, agent disposition codes).
Outcome = tuple[str, int, str, tuple[str, ...]]
SEED_CAMPAIGNS: tuple[tuple[str, str, str, str, str, tuple[str, ...], tuple[Outcome, ...]], ...] = (
    (
        "July Renewals Outreach",
        "voice",
        "Active",
        "1",
        "Progressive",
        ("Renewal Due - July 2025",),
        (
            ("completed", 1, "agentHangUp", ("Renewed",)),
            ("completed", 2, "userHangUp", ("Callback requested",)),
            ("", 1, "", ()),
        ),
    ),
    (
        "August Renewals",
        "voice",
        "Ready",
        "2",
        "Preview",
        ("Renewal Due - August 2025",),
        (),
    ),
    (
        "Q3 Payment Reminders",
        "voice",
        "Stopped",
        "3",
        "Progressive",
        ("Payment Reminder - Q3",),
        (
            ("completed", 1, "agentHangUp", ("Promise to pay",)),
            ("completed", 3, "userHangUp", ()),
            ("no-answer", 3, "", ()),
            ("busy", 2, "", ()),
        ),
    ),
    (
        "Q3 Payment Reminder Texts",
        "sms",
        "Completed",
        "4",
        "",
        ("Payment Reminder - Q3",),
        (),
    ),
)


def campaign_id_for(index: int) -> str:
    return SEED_CAMPAIGN_ID if index == 0 else f"cd-{stable_uuid('seed-campaign', str(index))}"


def new_campaign_instance_id() -> str:
    return f"ci-{uuid.uuid4()}"


def _campaign(
    *, campaign_id: str, row: tuple[Any, ...], list_ids: list[str], dnc_id: str | None, stamp: str
) -> Record:
    name, kind, status, priority, dialing_mode, _, _ = row
    doc: Record = {
        "_id": campaign_id,
        "type": kind,
        "name": name,
        "lname": name.lower(),
        "description": f"{name}: outbound {kind} campaign",
        "status": status,
        "priority": priority,
        "isFiltersEnabled": False,
        "schedule": {"isSchedulingEnabled": False, "isRecurrenceEnabled": False},
        "listIds": list_ids,
        "format": "simple",
        "createdAt": stamp,
        "updatedAt": stamp,
        "campaignInstanceUpdatedAt": stamp,
        "campaignInstanceId": f"ci-{stable_uuid('seed-instance', campaign_id)}",
    }
    if kind == "voice":
        doc.update(
            dialingMode=dialing_mode,
            dncListId=dnc_id,
            connection="Outbound Sales Queue",
            dialingStrategy={
                "callerId": {"phoneNumber": "+14155550100"},
                "callingHours": {
                    "frequency": "weekdays",
                    "timezone": "America/Los_Angeles",
                    "days": [{"day": day, "start": "09:00", "end": "18:00"} for day in ("mon", "tue", "wed")],
                },
            },
            experienceFlow=f"cf-{stable_uuid('seed-flow', campaign_id)}",
            enableMachineDetect=True,
        )
    return doc


def _names(reader: Reader, list_ids: Iterable[str]) -> list[str]:
    names = []
    for list_id in list_ids:
        found = reader.get(CONTACT_LISTS, list_id)
        if found is not None:
            names.append(str(found["name"]))
    return names


def _with_names(reader: Reader, doc: Record) -> Record:
    """The stored campaign with its lists and DNC list named as they are now."""
    named = dict(doc)
    named["contactLists"] = _names(reader, doc.get("listIds", ()))
    dnc_id = doc.get("dncListId")
    if dnc_id:
        dnc = reader.get(CONTACT_LISTS, str(dnc_id))
        named["dncLists"] = {"id": dnc_id, "name": dnc["name"] if dnc else ""}
    return named


def list_view(reader: Reader, doc: Record) -> Record:
    """One item of Get All Campaigns; SMS campaigns carry `id` where voice ones carry `_id` (§8.1)."""
    named = _with_names(reader, doc)
    view = {key: named[key] for key in LIST_VIEW_KEYS if key in named}
    if doc.get("type") == "sms":
        view = {("id" if key == "_id" else key): value for key, value in view.items()}
    return view


def detail_view(reader: Reader, doc: Record) -> Record:
    """What Get Voice Campaign by ID returns as `data`."""
    named = _with_names(reader, doc)
    return {key: named[key] for key in DETAIL_VIEW_KEYS if key in named}


def campaigns_using(reader: Reader, list_id: str) -> list[str]:
    """The names of the campaigns that dial the list or check it as their DNC list, in creation order."""
    return [
        str(campaign["name"])
        for campaign in reader.find(CAMPAIGNS)
        if list_id in campaign.get("listIds", ()) or campaign.get("dncListId") == list_id
    ]


def refuse_if_in_use(reader: Reader, contact_list: Record) -> None:
    """Deleting a list a campaign uses is refused (decisions table: 400 naming the campaigns)."""
    users = campaigns_using(reader, str(contact_list["_id"]))
    if users:
        names = ", ".join(users)
        raise bad_request(
            "contactListId",
            f"contact list {contact_list['name']!r} is in use by campaign{'s' if len(users) > 1 else ''} "
            f"{names}; Kore.ai does not delete a list a campaign uses",
        )


def mark_lists_in_use(writer: Writer) -> None:
    """Set every list's `isListInUse` and `campaignInUse` from the campaigns that dial it or use it as DNC."""
    users: dict[str, list[Record]] = {}
    for campaign in writer.find(CAMPAIGNS):
        ref = {"id": campaign["_id"], "name": campaign["name"]}
        for list_id in [*campaign.get("listIds", ()), campaign.get("dncListId")]:
            if list_id and ref not in users.setdefault(str(list_id), []):
                users[str(list_id)].append(ref)
    for record in writer.find(CONTACT_LISTS):
        in_use = users.get(str(record["_id"]), [])
        if record.get("campaignInUse") != in_use or record.get("isListInUse") != bool(in_use):
            record["campaignInUse"] = in_use
            record["isListInUse"] = bool(in_use)
            writer.put(CONTACT_LISTS, record)


def seed_campaigns(writer: Writer, *, account_id: str, app_id: str, base_epoch: float) -> None:
    """The DNC list, the seeded campaigns over the seeded lists (by name) and their dial outcomes."""
    stamp = iso_timestamp(base_epoch)
    existing = writer.first(CONTACT_LISTS, "lname = ?", (DNC_LIST_NAME.lower(),))
    dnc_id = str(existing["_id"]) if existing else _seed_dnc_list(writer, account_id, app_id, stamp)
    by_name = {str(doc["name"]): str(doc["_id"]) for doc in writer.find(CONTACT_LISTS)}
    for index, row in enumerate(SEED_CAMPAIGNS):
        campaign_id = campaign_id_for(index)
        list_ids = [by_name[name] for name in row[5] if name in by_name]
        doc = _campaign(campaign_id=campaign_id, row=row, list_ids=list_ids, dnc_id=dnc_id, stamp=stamp)
        writer.insert(CAMPAIGNS, doc)
        members = [m for list_id in list_ids for m in writer.find(LIST_CONTACTS, "list_id = ?", (list_id,))]
        for member, outcome in zip(members, row[6], strict=False):
            writer.insert(DIAL_OUTCOMES, outcome_doc(campaign_id, str(member["phoneNumber"]), outcome))
    mark_lists_in_use(writer)


def _seed_dnc_list(writer: Writer, account_id: str, app_id: str, stamp: str) -> str:
    dnc_id = f"cl-{stable_uuid('seed-list', 'dnc')}"
    dnc = new_contact_list(
        list_id=dnc_id,
        name=DNC_LIST_NAME,
        description="Numbers that asked never to be called; every voice campaign checks it.",
        source="passiveApi",
        allow_duplicates=False,
        account_id=account_id,
        app_id=app_id,
        timestamp=stamp,
        record_count=len(DNC_NUMBERS),
    )
    writer.insert(CONTACT_LISTS, dnc)
    for phone in DNC_NUMBERS:
        member = new_list_contact(
            contact_id=f"cc-{stable_uuid('seed-dnc', phone)}", phone_number=phone, timestamp=stamp
        )
        writer.insert(LIST_CONTACTS, {**member, "listId": dnc_id})
    return dnc_id


def outcome_doc(campaign_id: str, phone: str, outcome: Outcome) -> Record:
    dialer, attempts, bot_status, codes = outcome
    return {
        "key": f"{campaign_id}/{phone}",
        "campaignId": campaign_id,
        "phoneNumber": phone,
        "dialerOutcome": dialer,
        "numberOfAttemptsSoFar": attempts,
        "botSessionId": f"bs-{stable_uuid('seed-session', campaign_id, phone)}" if attempts else "",
        "agentDispositionCodes": list(codes),
        "botOutboundStatus": bot_status,
        "botOutboundStatusDetail": "",
    }
