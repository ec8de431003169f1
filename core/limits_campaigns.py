"""The limits rows of the campaign inputs (kore-api.md §8.1, §8.4); core/limits.py adds them to LIMITS.

Like core/limits.py this imports nothing outside the standard library, core.limit_rows and
core.campaign_statuses: the sandbox reads it too.
"""

from __future__ import annotations

from core.campaign_statuses import STATUSES
from core.limit_rows import Limit

CAMPAIGN_LIMITS: tuple[Limit, ...] = (
    Limit(
        key="campaign.list.type",
        field="type",
        wire_name="type",
        kind="pattern",
        pattern=r"^(voice|sms)$",
        words="voice or sms",
        trimmed=True,
        note="§8.1: `type` is required, `voice` or `sms`. Decided: the client sends `voice` unless told.",
    ),
    Limit(
        key="campaign.list.limit",
        field="limit",
        wire_name="limit",
        kind="integer",
        min=1,
        max=100,
        default=10,
        note="§8.1: page size, maximum not stated. Decided: 1 to 100, default 10, like the other pages.",
    ),
    Limit(
        key="campaign.list.filters.status",
        field="status",
        wire_name="filters.status",
        kind="pattern",
        pattern=rf"^({'|'.join(STATUSES)})$",
        words=f"{', '.join(STATUSES[:-1])} or {STATUSES[-1]}",
        trimmed=True,
        note="§8.1: `filters.status` is an array of the campaign statuses listed there (case as written).",
    ),
    Limit(
        key="campaign.list.filters.priority",
        field="priority",
        wire_name="filters.priority",
        kind="integer",
        min=1,
        max=5,
        note="§8.1: `filters.priority` is an array of numbers from 1 to 5.",
    ),
    Limit(
        key="campaign.list.filters.dialing_mode",
        field="dialing_mode",
        wire_name="filters.dialingMode",
        kind="pattern",
        pattern=r"^(Progressive|Preview)$",
        words="Progressive or Preview",
        trimmed=True,
        note="§8.1: `filters.dialingMode` is an array of `Progressive`, `Preview` (voice only).",
    ),
    Limit(
        key="campaign.contacts.page",
        field="page",
        wire_name="page",
        kind="integer",
        min=1,
        max=999_999,
        default=1,
        note="§8.4: `page` is an integer of at least 1. Decided: at most 6 digits, default 1.",
    ),
    Limit(
        key="campaign.contacts.limit",
        field="limit",
        wire_name="limit",
        kind="integer",
        min=1,
        max=100,
        default=10,
        note="§8.4: `limit` is an integer from 1 to 100. Decided: default 10 (the docs give none).",
    ),
)
