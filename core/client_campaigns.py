"""KoreClient's typed methods for the campaign operations (kept apart so core/client.py stays small).

Each method is one catalog entry's flat inputs, run through `KoreClient._typed`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from core import models_campaigns as campaigns

M = TypeVar("M", bound=BaseModel)


class CampaignMethods:
    """Mixed into KoreClient, which supplies `_typed`."""

    async def _typed(self, op_key: str, expected: type[M], **fields: Any) -> M:
        raise NotImplementedError  # pragma: no cover - KoreClient defines it

    async def list_campaigns(
        self,
        type: str = "voice",
        skip: int = 0,
        limit: int = 10,
        *,
        status: list[str] | None = None,
        priority: list[int] | None = None,
        dialing_mode: list[str] | None = None,
    ) -> campaigns.CampaignsEnvelope:
        return await self._typed(
            "campaign.list",
            campaigns.CampaignsEnvelope,
            type=type,
            skip=skip,
            limit=limit,
            status=status,
            priority=priority,
            dialing_mode=dialing_mode,
        )

    async def get_campaign(self, campaign_id: str) -> campaigns.CampaignEnvelope:
        return await self._typed("campaign.get", campaigns.CampaignEnvelope, campaign_id=campaign_id)

    async def get_campaign_status(self, campaign_id: str) -> campaigns.CampaignStatusEnvelope:
        return await self._typed("campaign.status", campaigns.CampaignStatusEnvelope, campaign_id=campaign_id)

    async def list_campaign_contacts(
        self, campaign_id: str, *, page: int = 1, limit: int = 10
    ) -> campaigns.CampaignContactsEnvelope:
        return await self._typed(
            "campaign.contacts",
            campaigns.CampaignContactsEnvelope,
            campaign_id=campaign_id,
            page=page,
            limit=limit,
        )

    async def start_campaign(self, campaign_id: str) -> campaigns.CampaignTrigger:
        """Start dialing (destructive: front ends confirm first, naming the lists and their numbers)."""
        return await self._typed("campaign.start", campaigns.CampaignTrigger, campaign_id=campaign_id)

    async def stop_campaign(self, campaign_id: str) -> campaigns.CampaignTrigger:
        return await self._typed("campaign.stop", campaigns.CampaignTrigger, campaign_id=campaign_id)
