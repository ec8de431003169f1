"""Before a campaign starts or stops, every front end names it, its lists and how many numbers they hold."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

import pytest

from core import KoreClient
from core.calls import CallResult
from core.impact import impact_of, read_impact
from core.operations import get_operation
from core.sandbox.campaign_records import SEED_CAMPAIGN_ID
from core.sandbox.config import SandboxConfig
from core.sandbox.embedded import EmbeddedSandbox

JULY_LIST = "Renewal Due - July 2025"


@pytest.fixture
async def kore() -> AsyncIterator[KoreClient]:
    async with EmbeddedSandbox(SandboxConfig(rate_limit=0)).client() as client:
        yield client


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
