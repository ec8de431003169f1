"""The catalog's campaign entries (kore-api.md §8 and the decisions table): reads, then start and stop.

core/operations.py adds them to OPERATIONS; they are entries like any other.
"""

from __future__ import annotations

from core import models_campaigns as campaigns
from core.campaign_statuses import NOT_RUNNING, RUNNING
from core.catalog_entry import CAMPAIGN_V1, V1, Operation, Resource, StatusRule

CAMPAIGN_ID = "cd-5e1b2c3a-7d4f-4e8a-9b0c-1d2e3f4a5b6c"
"""The seeded sandbox's running campaign (July Renewals Outreach)."""
READY_CAMPAIGN_ID = "cd-22649eda-4ac6-507b-aa3a-a6e31ed7b31c"
"""The seeded sandbox's campaign that has not run yet (August Renewals): the start example."""

CAMPAIGN_OPERATIONS: tuple[Operation, ...] = (
    Operation(
        key="campaign.list",
        method_name="list_campaigns",
        resource=Resource.CAMPAIGN,
        verb="all",
        title="Get All Campaigns",
        help="Page through the voice (or SMS) campaigns, optionally by status, priority or dialing mode",
        method="POST",
        path=f"{V1}/campaign/getAllCampaignDetails",
        input_model=campaigns.GetAllCampaignsInput,
        response_model=campaigns.CampaignsEnvelope,
        noun="campaigns",
        reads=True,
        example={"type": "voice", "status": "Active,Paused"},
    ),
    Operation(
        key="campaign.get",
        method_name="get_campaign",
        resource=Resource.CAMPAIGN,
        verb="show",
        title="Get Voice Campaign by ID",
        help="Show one voice campaign: its lists, DNC list, calling hours and status",
        method="GET",
        path=f"{V1}/campaign/{{campaign_id}}",
        input_model=campaigns.CampaignIdInput,
        response_model=campaigns.CampaignEnvelope,
        noun="campaign",
        example={"campaign_id": CAMPAIGN_ID},
    ),
    Operation(
        key="campaign.status",
        method_name="get_campaign_status",
        resource=Resource.CAMPAIGN,
        verb="status",
        title="Get Campaign Status",
        help="Whether a campaign is running, paused, stopped or done",
        method="POST",
        path=f"{V1}/campaign/{{campaign_id}}/status",
        input_model=campaigns.CampaignIdInput,
        response_model=campaigns.CampaignStatusEnvelope,
        noun="campaign status",
        fixed_query={"view": "status"},
        reads=True,
        example={"campaign_id": CAMPAIGN_ID},
    ),
    Operation(
        key="campaign.contacts",
        method_name="list_campaign_contacts",
        resource=Resource.CAMPAIGN,
        verb="contacts",
        title="Get Campaign Contact Details",
        help="Page through a campaign's numbers and how dialing each went",
        method="POST",
        path=f"{V1}/campaign/{{campaign_id}}/status",
        input_model=campaigns.CampaignContactsInput,
        response_model=campaigns.CampaignContactsEnvelope,
        noun="contacts of campaign",
        fixed_query={"view": "contacts"},
        reads=True,
        example={"campaign_id": CAMPAIGN_ID, "limit": "20"},
    ),
)


def _trigger(
    verb: str, trigger: str, word: str, consequence: str, example: str, refused_when: StatusRule
) -> Operation:
    """Start or stop a voice campaign: one path, told apart by `trigger` (decisions table)."""
    title = f"{word} a Voice Campaign"
    return Operation(
        key=f"campaign.{verb}",
        method_name=f"{verb}_campaign",
        resource=Resource.CAMPAIGN,
        verb=verb,
        title=title,
        help=f"{word} an outbound voice campaign now",
        method="POST",
        path=f"{CAMPAIGN_V1}/campaign/{{campaign_id}}",
        input_model=campaigns.CampaignIdInput,
        response_model=campaigns.CampaignTrigger,
        noun="voice campaign",
        fixed_query={"campaignType": "voice", "trigger": trigger},
        destructive=True,
        confirm_word=word,
        consequence=consequence,
        refused_when=refused_when,
        example={"campaign_id": example},
    )


CAMPAIGN_OPERATIONS += (
    _trigger(
        "start",
        "play",
        "Start",
        "It starts dialing the numbers of its lists now (DNC numbers excepted).",
        READY_CAMPAIGN_ID,
        StatusRule(RUNNING, "is already running"),
    ),
    _trigger(
        "stop",
        "stop",
        "Stop",
        "Its outbound run stops now; calls already connected finish.",
        CAMPAIGN_ID,
        StatusRule(NOT_RUNNING, "is not running"),
    ),
)
