"""Input checks, following the decisions table of kore-api.md; each failure names the field to fix."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import ClientDisconnect, Request

from core.sandbox.errors import ApiError, bad_request

MAX_BODY_BYTES = 1024 * 1024
NAME_MAX = 48
DESCRIPTION_MAX = 256
PERSON_NAME_MAX = 100
SALUTATION_MAX = 20
EXTENSION_MAX = 10
SOURCES = ("passiveApi", "passiveApiIntegration")

_DIGITS = re.compile(r"[0-9]{1,15}")
_COUNTRY_CODE = re.compile(r"\+[0-9]{1,4}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_UNSIGNED = re.compile(r"[0-9]{1,9}")

_MISSING = object()


async def read_json_object(request: Request) -> dict[str, Any]:
    """The request body as a JSON object, or a 400 naming `body`."""
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise ApiError(413, f"body: larger than {MAX_BODY_BYTES} bytes", 413, field="body")
            chunks.append(chunk)
    except ClientDisconnect as exc:
        raise bad_request("body", "the client disconnected before sending it") from exc
    raw = b"".join(chunks)
    if not raw.strip():
        raise bad_request("body", "is empty; send a JSON object")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise bad_request("body", "is not valid JSON; send a JSON object") from exc
    if not isinstance(data, dict):
        raise bad_request("body", f"must be a JSON object, not {_json_type(data)}")
    return data


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _text(value: Any, field: str, *, min_len: int, max_len: int, single_line: bool = False) -> str:
    if not isinstance(value, str):
        raise bad_request(field, f"must be a string, not {_json_type(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise bad_request(field, "must be valid Unicode text") from exc
    if single_line and _CONTROL.search(value):
        raise bad_request(field, "must not contain control characters")
    if len(value) > max_len:
        raise bad_request(field, f"must be at most {max_len} characters (got {len(value)})")
    if len(value) < min_len:
        raise bad_request(
            field, "must not be blank" if min_len == 1 else f"must be at least {min_len} characters"
        )
    return value


def _list_name(value: Any) -> str:
    if isinstance(value, str):
        value = value.strip()
    return _text(value, "name", min_len=1, max_len=NAME_MAX, single_line=True)


def _flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise bad_request(field, f"must be a JSON boolean (true or false), not {_json_type(value)}")
    return value


@dataclass(frozen=True)
class NewContactList:
    name: str
    description: str
    source: str
    allow_duplicates: bool


def validate_create_list(body: dict[str, Any]) -> NewContactList:
    """Create Contact List: name, description and source required; allowDuplicates optional."""
    if "name" not in body:
        hint = " (the docs sample's `name1` is a typo; send `name`)" if "name1" in body else ""
        raise bad_request("name", f"is required{hint}")
    name = _list_name(body["name"])
    if "description" not in body:
        raise bad_request("description", "is required (may be an empty string)")
    description = _text(body["description"], "description", min_len=0, max_len=DESCRIPTION_MAX)
    if "source" not in body:
        raise bad_request("source", 'is required; send "passiveApi"')
    source = body["source"]
    if not isinstance(source, str) or source not in SOURCES:
        raise bad_request("source", 'must be "passiveApi" or "passiveApiIntegration"')
    allow_duplicates = _flag(body.get("allowDuplicates", False), "allowDuplicates")
    return NewContactList(name, description, source, allow_duplicates)


@dataclass(frozen=True)
class ContactListChanges:
    name: str | None = None
    description: str | None = None
    allow_duplicates: bool | None = None


def validate_update_list(body: dict[str, Any]) -> ContactListChanges:
    """Update Contact List: every field optional, at least one required, unknown fields ignored."""
    name = body.get("name", _MISSING)
    description = body.get("description", _MISSING)
    allow = body.get("allowDuplicates", _MISSING)
    if name is _MISSING and description is _MISSING and allow is _MISSING:
        raise bad_request("body", "give at least one of name, description, allowDuplicates")
    return ContactListChanges(
        name=None if name is _MISSING else _list_name(name),
        description=(
            None
            if description is _MISSING
            else _text(description, "description", min_len=0, max_len=DESCRIPTION_MAX)
        ),
        allow_duplicates=None if allow is _MISSING else _flag(allow, "allowDuplicates"),
    )


@dataclass(frozen=True)
class ContactChanges:
    first_name: str | None = None
    last_name: str | None = None
    salutation: str | None = None
    phone_digits: str | None = None
    country_code: str | None = None
    extension: str | None = None


def validate_update_contact(body: dict[str, Any]) -> ContactChanges:
    """Update a Contact: partial; phoneNumber digits only, countryCode `+` and 1 to 4 digits."""
    fields = ("firstName", "lastName", "salutation", "cellPhone")
    if not any(key in body for key in fields):
        raise bad_request("body", "give at least one of firstName, lastName, salutation, cellPhone")
    first = body.get("firstName", _MISSING)
    last = body.get("lastName", _MISSING)
    salutation = body.get("salutation", _MISSING)
    changes: dict[str, Any] = {}
    if first is not _MISSING:
        changes["first_name"] = _text(
            first, "firstName", min_len=1, max_len=PERSON_NAME_MAX, single_line=True
        )
        if not changes["first_name"].strip():
            raise bad_request("firstName", "must not be blank")
    if last is not _MISSING:
        changes["last_name"] = _text(last, "lastName", min_len=0, max_len=PERSON_NAME_MAX, single_line=True)
    if salutation is not _MISSING:
        changes["salutation"] = _text(
            salutation, "salutation", min_len=0, max_len=SALUTATION_MAX, single_line=True
        )
    if "cellPhone" in body:
        phone = body["cellPhone"]
        if not isinstance(phone, dict):
            raise bad_request("cellPhone", f"must be a JSON object, not {_json_type(phone)}")
        if not any(key in phone for key in ("phoneNumber", "countryCode", "extension")):
            raise bad_request("cellPhone", "give at least one of phoneNumber, countryCode, extension")
        if "phoneNumber" in phone:
            digits = phone["phoneNumber"]
            if not isinstance(digits, str) or not _DIGITS.fullmatch(digits):
                raise bad_request("cellPhone.phoneNumber", "must be a string of 1 to 15 digits, no symbols")
            changes["phone_digits"] = digits
        if "countryCode" in phone:
            code = phone["countryCode"]
            if not isinstance(code, str) or not _COUNTRY_CODE.fullmatch(code):
                raise bad_request(
                    "cellPhone.countryCode", 'must be "+" followed by 1 to 4 digits, e.g. "+91"'
                )
            changes["country_code"] = code
        if "extension" in phone:
            changes["extension"] = _text(
                phone["extension"], "cellPhone.extension", min_len=0, max_len=EXTENSION_MAX, single_line=True
            )
    return ContactChanges(**changes)


@dataclass(frozen=True)
class Paging:
    skip: int
    limit: int


def parse_paging(query: QueryParams, *, default_limit: int, max_limit: int = 100) -> Paging:
    """`skip` >= 0 and `limit` 1..max_limit, both plain integers."""
    skip = _int_param(query, "skip", 0)
    limit = _int_param(query, "limit", default_limit)
    if limit < 1 or limit > max_limit:
        raise bad_request("limit", f"must be an integer from 1 to {max_limit}")
    return Paging(skip, limit)


def _int_param(query: QueryParams, name: str, default: int) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    if not _UNSIGNED.fullmatch(raw.strip()):
        wanted = "an integer from 1 to 100" if name == "limit" else "an integer from 0 to 999999999"
        raise bad_request(name, f"must be {wanted}")
    return int(raw.strip())
