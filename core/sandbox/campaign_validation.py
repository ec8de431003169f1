"""The sandbox's own checks of campaign inputs (§8.1, §8.4), reading the rows of core.limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.limits import Limit, limit
from core.sandbox.errors import bad_request
from core.sandbox.validation import _json_type, _matching

TYPE = limit("campaign.list.type")
LIST_LIMIT = limit("campaign.list.limit")
SKIP = limit("paging.skip")
STATUS = limit("campaign.list.filters.status")
PRIORITY = limit("campaign.list.filters.priority")
DIALING_MODE = limit("campaign.list.filters.dialing_mode")
PAGE = limit("campaign.contacts.page")
PAGE_SIZE = limit("campaign.contacts.limit")


_ABSENT = object()


def _integer_in(body: dict[str, Any], key: str, row: Limit) -> int:
    """`body[key]` within the row, or its default when absent (an explicit null is a 400)."""
    value = body.get(key, _ABSENT)
    if value is _ABSENT:
        return row.default if row.default is not None else 0
    return _checked_integer(value, row, key)


def _checked_integer(value: Any, row: Limit, field: str) -> int:
    low, high = row.min or 0, row.max or 0
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON has one number type: 538.0 is 538, as in Kore.ai's JavaScript
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(field, f"must be an integer from {low} to {high}, not {_json_type(value)}")
    if not low <= value <= high:
        raise bad_request(field, f"must be an integer from {low} to {high}")
    return value


@dataclass(frozen=True)
class CampaignQuery:
    """What Get All Campaigns asked for: a type, a page and the filters (empty = any)."""

    type: str
    skip: int
    limit: int
    statuses: tuple[str, ...] = ()
    priorities: tuple[int, ...] = ()
    dialing_modes: tuple[str, ...] = ()


def _array(filters: dict[str, Any], row: Limit) -> list[Any]:
    key = row.wire_name.split(".")[-1]
    if key not in filters:
        return []
    value = filters[key]
    if not isinstance(value, list):
        raise bad_request(row.wire_name, f"must be an array, not {_json_type(value)}")
    return value


def validate_campaign_query(body: dict[str, Any]) -> CampaignQuery:
    """Get All Campaigns: `type` required (voice or sms), skip/limit, filters arrays checked item by item."""
    if "type" not in body:
        raise bad_request("type", f"is required ({TYPE.readable})")
    kind = _matching(body["type"], TYPE)
    skip = _integer_in(body, "skip", SKIP)
    size = _integer_in(body, "limit", LIST_LIMIT)
    if "filters" not in body:
        return CampaignQuery(kind, skip, size)
    filters = body["filters"]
    if not isinstance(filters, dict):
        raise bad_request("filters", f"must be a JSON object, not {_json_type(filters)}")
    statuses = tuple(_matching(item, STATUS) for item in _array(filters, STATUS))
    priorities = tuple(
        _checked_integer(item, PRIORITY, PRIORITY.wire_name) for item in _array(filters, PRIORITY)
    )
    modes = tuple(_matching(item, DIALING_MODE) for item in _array(filters, DIALING_MODE))
    return CampaignQuery(kind, skip, size, statuses, priorities, modes)


@dataclass(frozen=True)
class NumberedPaging:
    page: int
    limit: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


def validate_contact_paging(body: dict[str, Any]) -> NumberedPaging:
    """Campaign contact details: `page` from 1 and `limit` 1 to 100, both optional integers (§8.4)."""
    return NumberedPaging(_integer_in(body, "page", PAGE), _integer_in(body, "limit", PAGE_SIZE))
