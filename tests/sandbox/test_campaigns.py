"""Campaign reads against the sandbox: what the seeded campaigns hold, and each documented or decided refusal.

Through KoreClient where the client can send it; raw requests where only a broken client could.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from tokens import headers

from core import InvalidInputError, KoreClient, NotFoundError, ValidationError
from core.operations import get_operation
from core.sandbox.campaign_records import DNC_LIST_NAME, DNC_NUMBERS, SEED_CAMPAIGN_ID
from core.sandbox.campaigns import DNC_OUTCOME
from core.sandbox.config import DEFAULT_APP_ID, SandboxConfig
from core.sandbox.embedded import SANDBOX_HOST, EmbeddedSandbox

JULY_CAMPAIGN = "July Renewals Outreach"
JULY_LIST = "Renewal Due - July 2025"
UNKNOWN = "cd-00000000-0000-4000-8000-000000000000"


@pytest.fixture
def sandbox() -> EmbeddedSandbox:
    return EmbeddedSandbox(SandboxConfig(rate_limit=0))


@pytest.fixture
async def kore(sandbox: EmbeddedSandbox) -> AsyncIterator[KoreClient]:
    async with sandbox.client() as client:
        yield client


async def raw(
    sandbox: EmbeddedSandbox, op_key: str, *, query: str = "", json: Any = None, **path: str
) -> httpx.Response:
    """One request as a broken client might send it, signed like any other."""
    op = get_operation(op_key)
    url = op.path.format(app_id=DEFAULT_APP_ID, **path) + query
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=sandbox.app), base_url=SANDBOX_HOST
    ) as http:
        return await http.request(op.method, url, headers=headers(), json=json)


async def test_all_voice_campaigns_name_their_lists_and_dnc_list(kore: KoreClient) -> None:
    page = (await kore.list_campaigns()).data
    by_name = {campaign.name: campaign for campaign in page.results}
    assert set(by_name) == {JULY_CAMPAIGN, "August Renewals", "Q3 Payment Reminders"}
    assert page.total_results == 3 and page.has_more is False
    july = by_name[JULY_CAMPAIGN]
    assert july.id == SEED_CAMPAIGN_ID and july.status == "Active"
    assert july.contact_lists == [JULY_LIST]
    assert july.dnc_lists is not None and july.dnc_lists.name == DNC_LIST_NAME
    assert sum(campaign.status == "Active" for campaign in page.results) == 1


async def test_sms_campaigns_are_listed_apart_with_an_id_key(
    kore: KoreClient, sandbox: EmbeddedSandbox
) -> None:
    page = (await kore.list_campaigns(type="sms")).data
    assert [campaign.name for campaign in page.results] == ["Q3 Payment Reminder Texts"]
    body = (await raw(sandbox, "campaign.list", json={"type": "sms"})).json()
    assert "id" in body["data"]["results"][0] and "_id" not in body["data"]["results"][0]  # §8.1


async def test_filters_narrow_the_campaigns(kore: KoreClient) -> None:
    async def names(**filters: Any) -> set[str]:
        return {campaign.name for campaign in (await kore.list_campaigns(**filters)).data.results}

    assert await names(status=["Active"]) == {JULY_CAMPAIGN}
    assert await names(status=["Ready", "Stopped"]) == {"August Renewals", "Q3 Payment Reminders"}
    assert await names(priority=[2, 3]) == {"August Renewals", "Q3 Payment Reminders"}
    assert await names(dialing_mode=["Preview"]) == {"August Renewals"}
    assert await names(status=["Completed"]) == set()


async def test_campaigns_page_with_skip_and_limit(kore: KoreClient) -> None:
    first = (await kore.list_campaigns(limit=2)).data
    rest = (await kore.list_campaigns(skip=2, limit=2)).data
    assert (len(first.results), first.has_more, first.total_pages) == (2, True, 2)
    assert (len(rest.results), rest.has_more) == (1, False)
    assert not {c.id for c in first.results} & {c.id for c in rest.results}


async def test_a_campaign_by_id_shows_its_dialing_strategy(kore: KoreClient) -> None:
    campaign = (await kore.get_campaign(SEED_CAMPAIGN_ID)).data
    assert campaign.name == JULY_CAMPAIGN and campaign.lname == JULY_CAMPAIGN.lower()
    assert campaign.dialing_strategy is not None and "callingHours" in campaign.dialing_strategy
    assert campaign.enable_machine_detect is True and campaign.contact_lists == [JULY_LIST]


async def test_status_says_whether_the_campaign_runs(kore: KoreClient) -> None:
    status = (await kore.get_campaign_status(SEED_CAMPAIGN_ID)).data
    assert (status.id, status.name, status.status) == (SEED_CAMPAIGN_ID, JULY_CAMPAIGN, "Active")


@pytest.mark.parametrize("method", ["get_campaign", "get_campaign_status", "list_campaign_contacts"])
async def test_an_unknown_campaign_is_not_found(kore: KoreClient, method: str) -> None:
    with pytest.raises(NotFoundError, match=f"Campaign {UNKNOWN} not found"):
        await getattr(kore, method)(UNKNOWN)


async def test_contact_details_show_each_number_and_how_dialing_it_went(kore: KoreClient) -> None:
    page = (await kore.list_campaign_contacts(SEED_CAMPAIGN_ID, limit=100)).data
    by_phone = {row.phone_number: row for row in page.results}
    assert page.total_results == 5 and page.page == 1 and page.has_more is False
    first = by_phone["14155550101"]
    assert (first.dialer_outcome, first.number_of_attempts_so_far) == ("completed", 1)
    assert first.bot_outbound_status == "agentHangUp" and first.agent_disposition_codes == ["Renewed"]
    assert by_phone["14155550103"].dialer_outcome == ""  # being dialed
    assert by_phone["14155550105"].number_of_attempts_so_far == 0  # not dialed yet
    blocked = by_phone[DNC_NUMBERS[0]]
    assert blocked.dialer_outcome == DNC_OUTCOME and "DNC" in (blocked.bot_outbound_status_detail or "")


async def test_contact_details_page_by_page_number(kore: KoreClient) -> None:
    second = (await kore.list_campaign_contacts(SEED_CAMPAIGN_ID, page=2, limit=2)).data
    assert (second.page, second.limit, second.total_pages, second.total_results) == (2, 2, 3, 5)
    assert second.skip == 2 and second.has_more is True  # derived, so every front end pages alike
    beyond = (await kore.list_campaign_contacts(SEED_CAMPAIGN_ID, page=9, limit=2)).data
    assert beyond.results == [] and beyond.has_more is False


async def test_the_client_refuses_a_page_size_over_100_before_sending(kore: KoreClient) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await kore.list_campaign_contacts(SEED_CAMPAIGN_ID, limit=101)
    assert caught.value.field == "limit"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "type"),
        ({"type": "fax"}, "type"),
        ({"type": "voice", "limit": 0}, "limit"),
        ({"type": "voice", "skip": "2"}, "skip"),
        ({"type": "voice", "filters": None}, "filters"),
        ({"type": "voice", "filters": {"status": "Active"}}, "filters.status"),
        ({"type": "voice", "filters": {"status": ["running"]}}, "filters.status"),
        ({"type": "voice", "filters": {"priority": [6]}}, "filters.priority"),
        ({"type": "voice", "filters": {"dialingMode": ["Predictive"]}}, "filters.dialingMode"),
    ],
)
async def test_get_all_campaigns_refuses_a_bad_body_naming_the_field(
    sandbox: EmbeddedSandbox, body: dict[str, Any], field: str
) -> None:
    response = await raw(sandbox, "campaign.list", json=body)
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == field


@pytest.mark.parametrize(
    ("body", "field"), [({"page": 0}, "page"), ({"limit": 101}, "limit"), ({"limit": None}, "limit")]
)
async def test_contact_details_refuse_a_bad_page_naming_the_field(
    sandbox: EmbeddedSandbox, body: dict[str, Any], field: str
) -> None:
    response = await raw(
        sandbox, "campaign.contacts", query="?view=contacts", json=body, campaign_id=SEED_CAMPAIGN_ID
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == field


@pytest.mark.parametrize("query", ["", "?view=everything"])
async def test_the_status_path_needs_a_view_it_knows(sandbox: EmbeddedSandbox, query: str) -> None:
    response = await raw(sandbox, "campaign.status", query=query, campaign_id=SEED_CAMPAIGN_ID)
    assert response.status_code == 400
    assert response.json()["errors"][0]["msg"] == "view: must be one of status, contacts (query parameter)"


async def test_status_takes_no_body_as_the_v1_docs_show(sandbox: EmbeddedSandbox) -> None:
    op = get_operation("campaign.status")
    url = op.path.format(app_id=DEFAULT_APP_ID, campaign_id=SEED_CAMPAIGN_ID) + "?view=status"
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=sandbox.app), base_url=SANDBOX_HOST
    ) as http:
        response = await http.post(url, headers=headers())
    assert response.status_code == 200 and response.json()["data"]["status"] == "Active"


async def test_lists_say_which_campaigns_use_them(kore: KoreClient) -> None:
    lists = {item.name: item for item in (await kore.list_contact_lists()).data}
    july, dnc, welcome = lists[JULY_LIST], lists[DNC_LIST_NAME], lists["Welcome Calls - New Signups"]
    assert july.is_list_in_use is True
    assert [(ref.id, ref.name) for ref in july.campaign_in_use] == [(SEED_CAMPAIGN_ID, JULY_CAMPAIGN)]  # type: ignore[union-attr]
    assert dnc.is_list_in_use is True and len(dnc.campaign_in_use) == 3  # every voice campaign checks it
    assert welcome.is_list_in_use is False and welcome.campaign_in_use == []


async def test_a_renamed_list_is_renamed_in_the_campaigns_that_use_it(kore: KoreClient) -> None:
    july = next(item for item in (await kore.list_contact_lists()).data if item.name == JULY_LIST)
    await kore.update_contact_list(july.id, name="Renewal Due - July (renamed)")
    campaign = (await kore.get_campaign(SEED_CAMPAIGN_ID)).data
    assert campaign.contact_lists == ["Renewal Due - July (renamed)"]


def test_campaign_reads_count_as_reads_although_they_are_posts() -> None:
    """Reads: Slack lets readers run them, the client retries them like GETs, no confirmation."""
    assert get_operation("campaign.list").is_read and get_operation("campaign.contacts").is_read
    assert not get_operation("contact_list.create").is_read


async def test_a_post_without_body_fields_sends_an_empty_object(kore: KoreClient) -> None:
    prepared = kore.prepare("campaign.status", campaign_id=SEED_CAMPAIGN_ID)
    assert prepared.body == {} and prepared.params == {"view": "status"}


# --- start and stop ---------------------------------------------------------------------------------


async def _campaign_named(kore: KoreClient, name: str, kind: str = "voice") -> str:
    return next(c.id for c in (await kore.list_campaigns(type=kind)).data.results if c.name == name)


async def test_start_runs_a_ready_campaign_and_the_reads_say_so(kore: KoreClient) -> None:
    august = await _campaign_named(kore, "August Renewals")
    started = await kore.start_campaign(august)
    assert (started.status, started.message) == ("Active", "Campaign Started")
    assert started.campaign_instance_id and started.updated_at is not None
    assert (await kore.get_campaign_status(august)).data.status == "Active"
    assert (await kore.get_campaign(august)).data.status == "Active"
    listed = await kore.list_campaigns(status=["Active"])
    assert {c.name for c in listed.data.results} == {JULY_CAMPAIGN, "August Renewals"}


async def test_stop_ends_the_run_and_start_begins_a_new_one(kore: KoreClient) -> None:
    before = (await kore.get_campaign(SEED_CAMPAIGN_ID)).data
    stopped = await kore.stop_campaign(SEED_CAMPAIGN_ID)
    assert (stopped.status, stopped.message) == ("Stopped", "Campaign Stopped")
    assert stopped.total_calls_completed == 2  # the dial outcomes that completed
    assert (await kore.get_campaign_status(SEED_CAMPAIGN_ID)).data.status == "Stopped"
    again = await kore.start_campaign(SEED_CAMPAIGN_ID)
    assert again.status == "Active" and again.campaign_instance_id != stopped.campaign_instance_id
    assert (await kore.get_campaign(SEED_CAMPAIGN_ID)).data.updated_at != before.updated_at


async def test_starting_a_running_campaign_is_a_400_naming_trigger(kore: KoreClient) -> None:
    with pytest.raises(ValidationError) as caught:
        await kore.start_campaign(SEED_CAMPAIGN_ID)
    assert caught.value.status == 400 and caught.value.field == "trigger"
    assert "already running" in str(caught.value)


async def test_stopping_a_stopped_campaign_is_a_400_naming_trigger(kore: KoreClient) -> None:
    stopped = await _campaign_named(kore, "Q3 Payment Reminders")
    with pytest.raises(ValidationError) as caught:
        await kore.stop_campaign(stopped)
    assert caught.value.field == "trigger" and "not running (status Stopped)" in str(caught.value)
    assert (await kore.get_campaign_status(stopped)).data.status == "Stopped"


async def test_an_sms_campaign_cannot_be_started_as_voice(kore: KoreClient) -> None:
    texts = await _campaign_named(kore, "Q3 Payment Reminder Texts", "sms")
    with pytest.raises(ValidationError) as caught:
        await kore.start_campaign(texts)
    assert caught.value.field == "campaignType"


async def test_starting_an_unknown_campaign_is_not_found(kore: KoreClient) -> None:
    with pytest.raises(NotFoundError):
        await kore.start_campaign(UNKNOWN)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?campaignType=voice", "trigger"),
        ("?campaignType=voice&trigger=pause", "trigger"),
        ("?trigger=play", "campaignType"),
    ],
)
async def test_start_and_stop_need_the_documented_query(
    sandbox: EmbeddedSandbox, query: str, field: str
) -> None:
    response = await raw(sandbox, "campaign.start", query=query, json={}, campaign_id=SEED_CAMPAIGN_ID)
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == field


async def test_start_and_stop_send_an_empty_object_and_the_trigger_query(kore: KoreClient) -> None:
    prepared = kore.prepare("campaign.stop", campaign_id=SEED_CAMPAIGN_ID)
    assert prepared.body == {} and prepared.params == {"campaignType": "voice", "trigger": "stop"}
    assert prepared.path.startswith("/campaign/api/v1/public/")


# --- deleting a list a campaign uses -------------------------------------------------------------------


async def _list_named(kore: KoreClient, name: str) -> str:
    return next(item.id for item in (await kore.list_contact_lists()).data if item.name == name)


@pytest.mark.parametrize(
    ("name", "users"),
    [
        (JULY_LIST, "campaign July Renewals Outreach"),
        ("Payment Reminder - Q3", "campaigns Q3 Payment Reminders, Q3 Payment Reminder Texts"),
        (DNC_LIST_NAME, "campaigns July Renewals Outreach, August Renewals, Q3 Payment Reminders"),
    ],
)
async def test_deleting_a_list_a_campaign_uses_is_a_400_naming_the_campaigns(
    kore: KoreClient, sandbox: EmbeddedSandbox, name: str, users: str
) -> None:
    list_id = await _list_named(kore, name)
    with pytest.raises(ValidationError) as caught:
        await kore.delete_contact_list(list_id)
    assert caught.value.status == 400 and caught.value.field == "contactListId"
    assert f"is in use by {users}" in str(caught.value)
    assert list_id in sandbox.state.contact_lists and sandbox.state.list_contacts[list_id]


async def test_a_list_no_campaign_uses_is_deleted(kore: KoreClient, sandbox: EmbeddedSandbox) -> None:
    list_id = await _list_named(kore, "Welcome Calls - New Signups")
    await kore.delete_contact_list(list_id)
    assert list_id not in sandbox.state.contact_lists
