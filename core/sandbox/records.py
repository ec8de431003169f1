"""Shapes of the JSON objects the real service returns, and the id and timestamp formats it uses."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

Record = dict[str, Any]

# Fixed namespace so the sandbox's org/user/app-actor ids are stable for a given account.
_NAMESPACE = uuid.UUID("5a4db0c4-5a4d-4b0c-85a4-db0c45a4db0c")

LIST_MAPPING = {
    "firstName": "firstName",
    "lastName": "lastName",
    "phoneNumber": "phoneNumber",
    "timeZone": "timeZone",
    "uniqueId": "uniqueId",
}

# Key order of the Create Contact List sample response (no orgId/lname/iId/accountId there).
CREATE_VIEW_KEYS = (
    "isActive",
    "name",
    "description",
    "totalRecordCount",
    "status",
    "createdBy",
    "updatedBy",
    "mapping",
    "isListInUse",
    "listType",
    "campaignInUse",
    "source",
    "apiConfigurations",
    "files",
    "createdAt",
    "updatedAt",
    "_id",
    "allowDuplicates",
)

# Fields of one item in the Get All Contact Lists sample (6.5).
SUMMARY_VIEW_KEYS = (
    "_id",
    "name",
    "description",
    "totalRecordCount",
    "status",
    "mapping",
    "isListInUse",
    "listType",
    "campaignInUse",
    "source",
    "apiConfigurations",
    "files",
    "updatedAt",
)


def iso_timestamp(epoch_seconds: float) -> str:
    """ISO-8601 UTC with milliseconds and `Z`, like `2025-06-27T07:37:17.489Z`."""
    moment = datetime.fromtimestamp(epoch_seconds, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def stable_uuid(*parts: str) -> str:
    """A uuid that is the same every run for the same inputs (for seed data and actor ids)."""
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def new_contact_list_id() -> str:
    return f"cl-{uuid.uuid4()}"


def new_list_contact_id() -> str:
    return f"cc-{uuid.uuid4()}"


def new_contact_id() -> str:
    """Address-book contact ids are 24-hex Mongo ObjectIds."""
    return secrets.token_hex(12)


def org_id(account_id: str) -> str:
    return f"o-{stable_uuid('org', account_id)}"


def user_id(account_id: str) -> str:
    return f"u-{stable_uuid('user', account_id)}"


def app_actor_id(account_id: str) -> str:
    return f"a-{stable_uuid('app-actor', account_id)}"


def data_sync_mode(allow_duplicates: bool) -> str:
    return "allowDuplicates" if allow_duplicates else "dontAllowDuplicates"


def new_contact_list(
    *,
    list_id: str,
    name: str,
    description: str,
    source: str,
    allow_duplicates: bool,
    account_id: str,
    app_id: str,
    timestamp: str,
    record_count: int = 0,
) -> Record:
    """A stored contact list, in the key order of the Delete/Get samples."""
    return {
        "_id": list_id,
        "isActive": True,
        "orgId": org_id(account_id),
        "name": name,
        "lname": name.lower(),
        "description": description,
        "totalRecordCount": record_count,
        "status": "Ready",
        "createdBy": user_id(account_id),
        "updatedBy": user_id(account_id),
        "mapping": dict(LIST_MAPPING),
        "isListInUse": False,
        "iId": app_id,
        "listType": "call",
        "campaignInUse": [],
        "accountId": account_id,
        "source": source,
        "apiConfigurations": {"dataSyncMode": data_sync_mode(allow_duplicates)},
        "files": [],
        "createdAt": timestamp,
        "updatedAt": timestamp,
        "allowDuplicates": allow_duplicates,
    }


def create_view(contact_list: Record) -> Record:
    """What Create Contact List returns as `data`."""
    return {key: contact_list[key] for key in CREATE_VIEW_KEYS if key in contact_list}


def summary_view(contact_list: Record) -> Record:
    """What Get All Contact Lists returns per list."""
    return {key: contact_list[key] for key in SUMMARY_VIEW_KEYS if key in contact_list}


def new_contact(
    *,
    contact_id: str,
    first_name: str,
    last_name: str,
    salutation: str,
    digits: str,
    country_code: str,
    account_id: str,
    app_id: str,
    timestamp: str,
    status: str = "ACTIVE",
) -> Record:
    """An address-book contact, in the key order of the Update a Contact sample."""
    return {
        "firstName": first_name,
        "lastName": last_name,
        "fullName": full_name(first_name, last_name),
        "salutation": salutation,
        "cellPhone": {"extension": "+", "phoneNumber": country_code + digits, "countryCode": country_code},
        "status": status,
        "instanceBotId": app_id,
        "orgId": org_id(account_id),
        "accountId": account_id,
        "createdBy": user_id(account_id),
        "createdByAId": app_actor_id(account_id),
        "address": [],
        "twitterDetails": [],
        "createdAt": timestamp,
        "updatedAt": timestamp,
        "updatedBy": user_id(account_id),
        "updatedByAId": app_actor_id(account_id),
        "id": contact_id,
    }


def full_name(first_name: str, last_name: str) -> str:
    return f"{first_name} {last_name}".strip()


def new_list_contact(*, contact_id: str, phone_number: str, timestamp: str) -> Record:
    return {"_id": contact_id, "createdAt": timestamp, "updatedAt": timestamp, "phoneNumber": phone_number}
