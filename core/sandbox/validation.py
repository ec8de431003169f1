"""Input checks, following the decisions table of kore-api.md; each failure names the field to fix.

The sandbox keeps its own checks (it is the independent check on the client and never imports the
client's models) but reads every limit from core.limits, the table the client reads too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import ClientDisconnect, Request

from core.limits import Limit, limit
from core.sandbox.errors import ApiError, bad_request

BODY = limit("request.body")
LIST_NAME = limit("contact_list.name")
DESCRIPTION = limit("contact_list.description")
FIRST_NAME = limit("contact.first_name")
LAST_NAME = limit("contact.last_name")
SALUTATION = limit("contact.salutation")
PHONE_DIGITS = limit("contact.cell_phone.phone_number")
COUNTRY_CODE = limit("contact.cell_phone.country_code")
EXTENSION = limit("contact.cell_phone.extension")
SKIP = limit("paging.skip")
ADD_BATCH = limit("contact_list.add_contacts.data")
ADD_PHONE = limit("contact_list.add_contacts.phone_number")
ADD_COLUMNS = {  # a passive list's mapping (§6.1): wire name -> its row
    "firstName": limit("contact_list.add_contacts.first_name"),
    "lastName": limit("contact_list.add_contacts.last_name"),
    "timeZone": limit("contact_list.add_contacts.time_zone"),
    "uniqueId": limit("contact_list.add_contacts.unique_id"),
}
MAX_BODY_BYTES = BODY.max or 0
SOURCES = ("passiveApi", "passiveApiIntegration")

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_UNSIGNED = re.compile(r"[0-9]+")

_MISSING = object()


async def read_json_object(request: Request, *, optional: bool = False) -> dict[str, Any]:
    """The request body as a JSON object, or a 400 naming `body`; `optional`: no body reads as `{}`."""
    data = await _read_json(request, "a JSON object", optional=optional)
    if data is _MISSING:
        return {}
    if not isinstance(data, dict):
        raise bad_request("body", f"must be a JSON object, not {_json_type(data)}")
    return data


async def read_json_array(request: Request) -> list[Any]:
    """The request body as a non-empty JSON array (Create a Contact, Update Bulk Contacts), or a 400."""
    data = await _read_json(request, "a JSON array")
    if not isinstance(data, list):
        raise bad_request("body", f"must be a JSON array, not {_json_type(data)}")
    if not data:
        raise bad_request("body", "must hold at least one item")
    return data


async def _read_json(request: Request, wanted: str, *, optional: bool = False) -> Any:
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise ApiError(
                    BODY.status, f"body: larger than {MAX_BODY_BYTES} bytes", BODY.status, field="body"
                )
            chunks.append(chunk)
    except ClientDisconnect as exc:
        raise bad_request("body", "the client disconnected before sending it") from exc
    raw = b"".join(chunks)
    if not raw.strip():
        if optional:
            return _MISSING
        raise bad_request("body", f"is empty; send {wanted}")
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise bad_request("body", f"is not valid JSON; send {wanted}") from exc


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


def _text(value: Any, row: Limit, field: str | None = None) -> str:
    """A string within the row's length, one line when the row says so; trimmed rows are stripped."""
    field = field or row.wire_name
    if not isinstance(value, str):
        raise bad_request(field, f"must be a string, not {_json_type(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise bad_request(field, "must be valid Unicode text") from exc
    if row.trimmed:
        value = value.strip()
    if row.single_line and _CONTROL.search(value):
        raise bad_request(field, "must not contain control characters")
    max_len = row.max if row.max is not None else len(value)
    min_len = row.min or 0
    if len(value) > max_len:
        raise bad_request(field, f"must be at most {max_len} characters (got {len(value)})")
    if len(value) < min_len:
        raise bad_request(
            field, "must not be blank" if min_len == 1 else f"must be at least {min_len} characters"
        )
    return value


def _matching(value: Any, row: Limit) -> str:
    """A string matching the row's pattern (after trimming when the row says so)."""
    if isinstance(value, str) and row.trimmed:
        value = value.strip()
    if not isinstance(value, str) or row.pattern is None or not re.fullmatch(row.pattern, value):
        raise bad_request(row.wire_name, row.readable)
    return value


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
    name = _text(body["name"], LIST_NAME)
    if "description" not in body:
        raise bad_request("description", "is required (may be an empty string)")
    description = _text(body["description"], DESCRIPTION)
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
        name=None if name is _MISSING else _text(name, LIST_NAME),
        description=(None if description is _MISSING else _text(description, DESCRIPTION)),
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
        changes["first_name"] = _text(first, FIRST_NAME)
    if last is not _MISSING:
        changes["last_name"] = _text(last, LAST_NAME)
    if salutation is not _MISSING:
        changes["salutation"] = _text(salutation, SALUTATION)
    if "cellPhone" in body:
        changes.update(_cell_phone(body["cellPhone"]))
    return ContactChanges(**changes)


def _cell_phone(phone: Any) -> dict[str, str]:
    if not isinstance(phone, dict):
        raise bad_request("cellPhone", f"must be a JSON object, not {_json_type(phone)}")
    if not any(key in phone for key in ("phoneNumber", "countryCode", "extension")):
        raise bad_request("cellPhone", "give at least one of phoneNumber, countryCode, extension")
    changes: dict[str, str] = {}
    if "phoneNumber" in phone:
        changes["phone_digits"] = _matching(phone["phoneNumber"], PHONE_DIGITS)
    if "countryCode" in phone:
        changes["country_code"] = _matching(phone["countryCode"], COUNTRY_CODE)
    if "extension" in phone:
        changes["extension"] = _text(phone["extension"], EXTENSION)
    return changes


@dataclass(frozen=True)
class Paging:
    skip: int
    limit: int


def parse_paging(query: QueryParams, *, limit_key: str) -> Paging:
    """`skip` and `limit` within their rows of the table, both plain integers."""
    return Paging(_int_param(query, SKIP), _int_param(query, limit(limit_key)))


def _int_param(query: QueryParams, row: Limit) -> int:
    raw = query.get(row.wire_name)
    if raw is None:
        return row.default if row.default is not None else 0
    text = raw.strip()
    value = int(text) if _UNSIGNED.fullmatch(text) and len(text) <= 12 else None
    low = row.min if row.min is not None else 0
    high = row.max if row.max is not None else 0
    if value is None or not low <= value <= high:
        raise bad_request(row.wire_name, f"must be an integer from {low} to {high}")
    return value


@dataclass(frozen=True)
class AddBatch:
    list_name: str
    items: list[dict[str, str]]


def validate_add_contacts(body: dict[str, Any]) -> AddBatch:
    """Add Contacts: a list name and 1 to 1,000 items, each an E.164 number plus mapped columns."""
    if "contact_list_name" not in body:
        raise bad_request("contact_list_name", "is required (the list is addressed by its name)")
    name = body["contact_list_name"]
    if not isinstance(name, str) or not name.strip():
        raise bad_request("contact_list_name", "must be the name of a contact list")
    data = body.get("data", _MISSING)
    if data is _MISSING:
        raise bad_request("data", 'is required: [{"phoneNumber": "+14155550123"}, ...]')
    if not isinstance(data, list):
        raise bad_request("data", f"must be an array, not {_json_type(data)}")
    low, high = ADD_BATCH.min or 0, ADD_BATCH.max or len(data)
    if not low <= len(data) <= high:
        raise bad_request("data", f"must hold {low} to {high} items per request (got {len(data)})")
    return AddBatch(name.strip(), [_add_item(index, item) for index, item in enumerate(data)])


def _add_item(index: int, item: Any) -> dict[str, str]:
    where = f"data[{index}]"
    if not isinstance(item, dict):
        raise ApiError(400, f"{where}: must be a JSON object, not {_json_type(item)}", 400, field="data")
    number = item.get("phoneNumber")
    if not isinstance(number, str) or ADD_PHONE.pattern is None or not re.fullmatch(
        ADD_PHONE.pattern, number.strip()
    ):
        got = "" if number is None else f" (got {str(number)[:24]!r})"
        raise ApiError(
            400, f"{where}.phoneNumber: {ADD_PHONE.readable}{got}", 400, field=ADD_PHONE.wire_name
        )
    kept = {"phoneNumber": number.strip()}
    for key, row in ADD_COLUMNS.items():
        if key in item:
            try:
                kept[key] = _text(item[key], row, f"{where}.{key}")
            except ApiError as error:
                error.field = row.wire_name
                raise
    return kept


@dataclass(frozen=True)
class NewContact:
    first_name: str
    last_name: str
    salutation: str
    digits: str
    country_code: str
    extension: str


def validate_new_contacts(items: list[Any]) -> list[NewContact]:
    """Create a Contact: each item a first name and a phone (number and country code); the rest optional.
    A problem in the second item of several says so after the field's message."""
    checked: list[NewContact] = []
    for index, item in enumerate(items):
        try:
            checked.append(_new_contact(item))
        except ApiError as error:
            raise placed(error, index, len(items)) from None
    return checked


def placed(error: ApiError, index: int, count: int) -> ApiError:
    """The error of one item of an array body, saying which item when there are several."""
    if count > 1:
        error.msg = f"{error.msg} (item {index} of the array)"
    return error


def _new_contact(item: Any) -> NewContact:
    if not isinstance(item, dict):
        raise bad_request("body", f"each item must be a JSON object, not {_json_type(item)}")
    if "firstName" not in item:
        raise bad_request("firstName", "is required")
    phone = item.get("cellPhone")
    if not isinstance(phone, dict):
        raise bad_request("cellPhone", "is required: {phoneNumber, countryCode}")
    for key, row in (("phoneNumber", PHONE_DIGITS), ("countryCode", COUNTRY_CODE)):
        if key not in phone:
            raise bad_request(row.wire_name, "is required")
    return NewContact(
        first_name=_text(item["firstName"], FIRST_NAME),
        last_name=_text(item.get("lastName", ""), LAST_NAME),
        salutation=_text(item.get("salutation", ""), SALUTATION),
        digits=_matching(phone["phoneNumber"], PHONE_DIGITS),
        country_code=_matching(phone["countryCode"], COUNTRY_CODE),
        extension=_text(phone.get("extension", "+"), EXTENSION),
    )
