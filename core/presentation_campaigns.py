"""How campaign records are shown (core/presentation.py registers these entries with the others)."""

from __future__ import annotations

from typing import Any

from core import models_campaigns as campaigns
from core.formatting import attr, date_text, e164
from core.presentation_types import Column, Detail, Presentation


def _lists(record: Any) -> str:
    return ", ".join(record.contact_lists)


def _dnc(record: Any) -> str:
    return str(record.dnc_lists.name or record.dnc_lists.id or "") if record.dnc_lists else ""


def _calling(record: Any) -> str:
    """`+14155550100; weekdays, America/Los_Angeles: mon 09:00-18:00, tue 09:00-18:00`."""
    strategy = record.dialing_strategy or {}
    caller = (strategy.get("callerId") or {}).get("phoneNumber", "")
    hours = strategy.get("callingHours") or {}
    days = ", ".join(
        f"{day.get('day', '')} {day.get('start', '')}-{day.get('end', '')}" for day in hours.get("days", ())
    )
    when = ", ".join(part for part in (hours.get("frequency"), hours.get("timezone")) if part)
    said = f"{when}: {days}" if days else when
    return "; ".join(part for part in (e164(caller) if caller else "", said) if part)


def _updated(record: Any) -> str:
    return date_text(record.updated_at or record.created_at)


def _phone(record: Any) -> str:
    return e164(record.phone_number)


CAMPAIGN = Presentation(
    model=campaigns.Campaign,
    title="Campaign",
    plural="Campaigns",
    id_field="campaign_id",
    name=attr("name"),
    columns=(
        Column("Name", attr("name"), 18, grow=True, role="name"),
        Column("Status", attr("status"), 9),
        Column("Priority", attr("priority"), 8, drop=1),
        Column("Dialing", attr("dialing_mode"), 11, drop=2),
        Column("Lists", _lists, 14, grow=True),
        Column("Updated", _updated, 10, drop=3),
    ),
    parts=lambda record: tuple(record.contact_lists),
    parts_read="contact_list.list",
    status=lambda record: record.status or None,
    details=(
        Detail("Name", "name"),
        Detail("Id", "id"),
        Detail("Status", "status"),
        Detail("Description", "description"),
        Detail("Priority", "priority"),
        Detail("Dialing mode", "dialing_mode"),
        Detail("Contact lists", "contact_lists", _lists),
        Detail("DNC list", "dnc_lists", _dnc),
        Detail("Queue", "connection"),
        Detail("Caller id and calling hours", "dialing_strategy", _calling),
        Detail("Machine detection", "enable_machine_detect"),
        Detail("Created", "created_at"),
        Detail("Updated", "updated_at"),
        Detail("Last run changed", "campaign_instance_updated_at"),
    ),
)

CAMPAIGN_STATUS = Presentation(
    model=campaigns.CampaignStatus,
    title="Campaign status",
    plural="Campaign statuses",
    id_field="campaign_id",
    name=attr("name"),
    columns=(
        Column("Id", attr("id"), 12, role="id"),
        Column("Name", attr("name"), 18, grow=True, role="name"),
        Column("Status", attr("status"), 10),
    ),
    details=(Detail("Name", "name"), Detail("Id", "id"), Detail("Status", "status")),
)

CAMPAIGN_CONTACT = Presentation(
    model=campaigns.CampaignContact,
    title="Number of a campaign",
    plural="Numbers of a campaign",
    id_field="campaign_number_id",
    id_attr="unique_id",
    name=_phone,
    columns=(
        Column("Phone", _phone, 16, role="name"),
        Column("Outcome", attr("dialer_outcome"), 10),
        Column("Attempts", attr("number_of_attempts_so_far"), 8),
        Column("Bot status", attr("bot_outbound_status"), 11),
        Column("Dispositions", lambda record: ", ".join(record.agent_disposition_codes), 12, grow=True),
    ),
    details=(
        Detail("Phone", "phone_number", _phone),
        Detail("Unique id", "unique_id"),
        Detail("Dialer outcome", "dialer_outcome"),
        Detail("Attempts so far", "number_of_attempts_so_far"),
        Detail("Bot outbound status", "bot_outbound_status"),
        Detail("Bot status detail", "bot_outbound_status_detail"),
        Detail("Agent dispositions", "agent_disposition_codes"),
        Detail("Bot session", "bot_session_id"),
    ),
)

CAMPAIGN_TRIGGER = Presentation(
    model=campaigns.CampaignTrigger,
    title="Campaign run",
    plural="Campaign runs",
    id_field="campaign_id",
    id_attr="campaign_instance_id",
    name=attr("message"),
    columns=(
        Column("Status", attr("status"), 9),
        Column("Message", attr("message"), 16, grow=True, role="name"),
        Column("Calls completed", attr("total_calls_completed"), 8),
        Column("Run", attr("campaign_instance_id"), 12, role="id"),
    ),
    details=(
        Detail("Status", "status"),
        Detail("Message", "message"),
        Detail("Calls completed", "total_calls_completed"),
        Detail("Run id", "campaign_instance_id"),
        Detail("Updated", "updated_at"),
    ),
)

CAMPAIGN_PRESENTATIONS: tuple[Presentation, ...] = (
    CAMPAIGN,
    CAMPAIGN_STATUS,
    CAMPAIGN_CONTACT,
    CAMPAIGN_TRIGGER,
)
