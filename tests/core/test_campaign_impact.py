"""Before a campaign starts or stops, every front end names it, its status, its lists and how many
numbers they hold, and warns when its status means Kore.ai will refuse the call."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

import pytest

from core import KoreClient
from core.calls import CallResult
from core.campaign_statuses import STATUSES
from core.errors import StatusRefusedError, ValidationError
from core.impact import impact_of, read_impact
from core.models_campaigns import Campaign
from core.operations import get_operation
from core.sandbox.campaign_records import SEED_CAMPAIGN_ID
from core.sandbox.config import SandboxConfig
from core.sandbox.documents import Writer
from core.sandbox.embedded import EmbeddedSandbox
from core.sandbox.schema import CAMPAIGNS

JULY_LIST = "Renewal Due - July 2025"


@pytest.fixture
def sandbox() -> EmbeddedSandbox:
    return EmbeddedSandbox(SandboxConfig(rate_limit=0))


@pytest.fixture
async def kore(sandbox: EmbeddedSandbox) -> AsyncIterator[KoreClient]:
    async with sandbox.client() as client:
        yield client


async def set_status(sandbox: EmbeddedSandbox, campaign_id: str, status: str) -> None:
    """Puts a seeded campaign in `status`, as if Kore.ai had moved it there."""

    def put(writer: Writer) -> None:
        campaign = writer.get(CAMPAIGNS, campaign_id)
        assert campaign is not None
        writer.put(CAMPAIGNS, {**campaign, "status": status})

    await sandbox.state.write(put)


def runner(kore: KoreClient, seen: list[str]) -> Any:
    async def run(key: str, inputs: Mapping[str, Any]) -> CallResult:
        seen.append(key)
        return await kore.execute(key, **inputs)

    return run


async def test_start_names_the_campaign_its_lists_and_their_numbers(kore: KoreClient) -> None:
    seen: list[str] = []
    op = get_operation("campaign.start")
    impact = await read_impact(runner(kore, seen), op, {"campaign_id": SEED_CAMPAIGN_ID})
    assert seen == ["campaign.get", "contact_list.list"]
    assert impact.name == "July Renewals Outreach" and impact.parts == ((JULY_LIST, 5),)
    assert impact.record_count == 5
    assert dict(impact.facts())["Lists"] == f"{JULY_LIST} (5 numbers)"
    assert dict(impact.facts())["Numbers"] == "5 numbers in all"
    assert impact.sentence() == (
        f"Campaign July Renewals Outreach ({SEED_CAMPAIGN_ID}) dialing {JULY_LIST} (5 numbers)"
    )
    assert (impact.confirm_word, impact.consequence) == ("Start", op.consequence)


async def test_a_known_record_saves_the_lookup_but_the_numbers_are_read(kore: KoreClient) -> None:
    campaign = (await kore.get_campaign(SEED_CAMPAIGN_ID)).data
    seen: list[str] = []
    op = get_operation("campaign.stop")
    impact = await read_impact(runner(kore, seen), op, {"campaign_id": SEED_CAMPAIGN_ID}, record=campaign)
    assert seen == ["contact_list.list"] and impact.record_count == 5 and impact.confirm_word == "Stop"


async def test_a_list_gone_since_is_named_with_an_unknown_count(kore: KoreClient) -> None:
    campaign = (await kore.get_campaign(SEED_CAMPAIGN_ID)).data
    campaign.contact_lists.append("A list deleted meanwhile")
    impact = await read_impact(
        runner(kore, []), get_operation("campaign.start"), {"campaign_id": SEED_CAMPAIGN_ID}, record=campaign
    )
    assert impact.parts[-1] == ("A list deleted meanwhile", None) and impact.record_count is None
    assert "A list deleted meanwhile (count unknown)" in impact.sentence()


async def test_a_list_delete_reads_as_before(kore: KoreClient) -> None:
    listed = (await kore.list_contact_lists()).data
    july = next(item for item in listed if item.name == JULY_LIST)
    op = get_operation("contact_list.delete")
    impact = await read_impact(runner(kore, []), op, {"contact_list_id": july.id})
    assert impact == impact_of(op, {"contact_list_id": july.id}, july.model_copy(update={}))
    assert impact.confirm_word == "Delete" and impact.consequence == "This cannot be undone."
    assert impact.used_by == ("July Renewals Outreach",)


async def _campaign_named(kore: KoreClient, name: str) -> str:
    return next(c.id for c in (await kore.list_campaigns(type="voice")).data.results if c.name == name)


async def test_starting_a_running_campaign_warns_before_the_click_and_kore_does_refuse(
    kore: KoreClient,
) -> None:
    op = get_operation("campaign.start")
    impact = await read_impact(runner(kore, []), op, {"campaign_id": SEED_CAMPAIGN_ID})
    said = "Kore.ai refuses to start a campaign that is already running (status Active)."
    assert dict(impact.facts())["Status"] == "Active"
    assert impact.refusal == said and impact.warning == said
    with pytest.raises(StatusRefusedError) as refused:
        await kore.start_campaign(SEED_CAMPAIGN_ID)
    assert "already running (status Active)" in str(refused.value)
    assert str(refused.value).endswith(
        "Nothing was changed: Kore.ai refuses this call for the record as it is now (see why above)."
    )


async def test_stopping_a_stopped_campaign_warns_before_the_click_and_kore_does_refuse(
    kore: KoreClient,
) -> None:
    stopped = await _campaign_named(kore, "Q3 Payment Reminders")
    impact = await read_impact(runner(kore, []), get_operation("campaign.stop"), {"campaign_id": stopped})
    assert impact.warning == "Kore.ai refuses to stop a campaign that is not running (status Stopped)."
    with pytest.raises(ValidationError) as refused:
        await kore.stop_campaign(stopped)
    assert "not running (status Stopped)" in str(refused.value)


async def test_a_start_or_stop_kore_accepts_has_no_warning(kore: KoreClient) -> None:
    august = await _campaign_named(kore, "August Renewals")  # Ready
    start = await read_impact(runner(kore, []), get_operation("campaign.start"), {"campaign_id": august})
    stop = await read_impact(
        runner(kore, []), get_operation("campaign.stop"), {"campaign_id": SEED_CAMPAIGN_ID}
    )
    assert (start.status, start.warning, start.refusal) == ("Ready", None, None)
    assert (stop.status, stop.warning, stop.refusal) == ("Active", None, None)
    assert (await kore.start_campaign(august)).status == "Active"
    assert (await kore.stop_campaign(SEED_CAMPAIGN_ID)).status == "Stopped"


@pytest.mark.parametrize("status", STATUSES)
async def test_the_warning_matches_what_the_sandbox_refuses_in_every_documented_status(
    kore: KoreClient, sandbox: EmbeddedSandbox, status: str
) -> None:
    august = await _campaign_named(kore, "August Renewals")
    await set_status(sandbox, august, status)
    for op_key, call in (("campaign.start", kore.start_campaign), ("campaign.stop", kore.stop_campaign)):
        impact = await read_impact(runner(kore, []), get_operation(op_key), {"campaign_id": august})
        assert impact.status == status
        try:
            await call(august)
        except ValidationError:
            refused = True
        else:
            refused = False
            await set_status(sandbox, august, status)
        assert (impact.warning is not None) == refused, (op_key, status)


def test_a_paused_campaign_may_be_started_and_stopped_without_a_warning() -> None:
    record = Campaign.model_validate({"_id": "cd-1", "name": "Q4", "status": "Paused"})
    for op_key in ("campaign.start", "campaign.stop"):
        impact = impact_of(get_operation(op_key), {"campaign_id": "cd-1"}, record)
        assert impact.status == "Paused" and impact.warning is None


async def test_a_refusal_for_what_the_call_sets_itself_says_nothing_changed_not_fix_a_field(
    kore: KoreClient,
) -> None:
    texts = next(c.id for c in (await kore.list_campaigns(type="sms")).data.results)
    with pytest.raises(StatusRefusedError) as refused:
        await kore.start_campaign(texts)
    assert refused.value.field == "campaignType" and "SMS campaign" in str(refused.value)
    assert "Fix the field" not in str(refused.value) and "Nothing was changed" in str(refused.value)
