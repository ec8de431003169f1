"""The sandbox app, driven in-process over httpx: documented answers, validation, credentials, limits."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import httpx
import pytest
from sandboxkit import (
    CONTACT_SAMPLE_KEYS,
    CONTACTS,
    CREATE_SAMPLE_KEYS,
    LIST_ID,
    LISTS,
    SEED_SAMPLE_BODY,
    TIMESTAMP,
    active_contact,
    create,
    error_of,
    get_lists,
    list_id_named,
    snapshot,
    state_of,
)
from starlette.applications import Starlette
from tokens import headers

from core.sandbox.config import (
    DEFAULT_ACCOUNT_ID,
    DEFAULT_APP_ID,
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    SandboxConfig,
)
from core.sandbox.routes import served_methods

# --- contact lists: happy paths ---------------------------------------------------------------------------


async def test_create_returns_the_documented_list_object(client: httpx.AsyncClient, app: Starlette) -> None:
    response = await create(client, name="Renewal Due - September 2025", allowDuplicates=True)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "success"
    assert body["message"] == "Contact list Renewal Due - September 2025 created successfully"
    data = body["data"]
    assert set(data) == CREATE_SAMPLE_KEYS
    assert LIST_ID.match(data["_id"])
    assert data["isActive"] is True and data["totalRecordCount"] == 0 and data["status"] == "Ready"
    assert data["listType"] == "call" and data["campaignInUse"] == [] and data["files"] == []
    assert data["isListInUse"] is False and data["source"] == "passiveApi"
    assert data["apiConfigurations"] == {"dataSyncMode": "allowDuplicates"}
    assert data["allowDuplicates"] is True
    assert set(data["mapping"]) == {"firstName", "lastName", "phoneNumber", "timeZone", "uniqueId"}
    assert re.match(r"^u-[0-9a-f-]{36}$", data["createdBy"])
    assert TIMESTAMP.match(data["createdAt"]) and data["createdAt"] == data["updatedAt"]
    stored = state_of(app).contact_lists[data["_id"]]
    assert stored["lname"] == "renewal due - september 2025"
    assert stored["iId"] == DEFAULT_APP_ID and stored["accountId"] == DEFAULT_ACCOUNT_ID
    assert re.match(r"^o-[0-9a-f-]{36}$", stored["orgId"])
    assert state_of(app).list_contacts[data["_id"]] == []


async def test_create_defaults_allow_duplicates_to_false(client: httpx.AsyncClient) -> None:
    data = (await create(client)).json()["data"]
    assert data["allowDuplicates"] is False
    assert data["apiConfigurations"] == {"dataSyncMode": "dontAllowDuplicates"}


async def test_create_accepts_passive_api_integration_and_strips_the_name(client: httpx.AsyncClient) -> None:
    response = await create(client, name="  Spaced Out  ", source="passiveApiIntegration", extra="ignored")
    assert response.status_code == 200
    assert response.json()["data"]["name"] == "Spaced Out"
    assert response.json()["data"]["source"] == "passiveApiIntegration"


async def test_create_accepts_the_limits(client: httpx.AsyncClient) -> None:
    assert (await create(client, name="n" * 48, description="d" * 256)).status_code == 200
    assert (await create(client, name="Empty description", description="")).status_code == 200


async def test_get_list_returns_full_object_with_empty_message(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    list_id = list_id_named(app, "Renewal Due - July 2025")
    response = await client.get(f"{LISTS}/{list_id}", headers=headers())
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "success" and body["message"] == ""
    assert body["data"] == state_of(app).contact_lists[list_id]
    assert {"orgId", "lname", "iId", "accountId"} <= set(body["data"])


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_get_all_lists_is_newest_first_and_filters_by_type(
    client: httpx.AsyncClient, app: Starlette, method: str
) -> None:
    newest = (await create(client, name="Brand New")).json()["data"]["_id"]
    response = await client.request(
        method, f"{LISTS}/getAllListDetails", params={"type": "call"}, headers=headers()
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "success" and body["message"] == ""
    ids = [item["_id"] for item in body["data"]]
    assert ids[0] == newest
    assert len(ids) == len(state_of(app).contact_lists)
    created = [state_of(app).contact_lists[i]["createdAt"] for i in ids]
    assert created == sorted(created, reverse=True)
    assert {"_id", "name", "description", "totalRecordCount", "apiConfigurations", "updatedAt"} <= set(
        body["data"][0]
    )
    sms = await client.request(
        method, f"{LISTS}/getAllListDetails", params={"type": "sms"}, headers=headers()
    )
    assert sms.json()["data"] == []


async def test_update_list_renames_and_echoes_the_documented_body(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    list_id = list_id_named(app, "Renewal Due - July 2025")
    before = dict(state_of(app).contact_lists[list_id])
    response = await client.put(
        f"{LISTS}/{list_id}", headers=headers(), json={"name": "Renewal Due - Sep 2025"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "success"
    assert body["message"] == "Contact list Renewal Due - Sep 2025 updated successfully"
    assert body["data"]["contactListId"] == list_id
    assert body["data"]["body"] == {
        "name": "Renewal Due - Sep 2025",
        "orgId": before["orgId"],
        "iId": DEFAULT_APP_ID,
        "listType": "call",
        "accountId": DEFAULT_ACCOUNT_ID,
        "updatedBy": before["updatedBy"],
    }
    after = (await client.get(f"{LISTS}/{list_id}", headers=headers())).json()["data"]
    assert after["name"] == "Renewal Due - Sep 2025" and after["lname"] == "renewal due - sep 2025"
    assert after["description"] == before["description"]
    assert after["updatedAt"] > before["updatedAt"]


async def test_update_list_changes_description_and_allow_duplicates(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    list_id = list_id_named(app, "Renewal Due - August 2025")
    response = await client.put(
        f"{LISTS}/{list_id}",
        headers=headers(),
        json={"description": "new words", "allowDuplicates": True, "unknownField": 1},
    )
    assert response.status_code == 200
    body = response.json()["data"]["body"]
    assert body["description"] == "new words" and body["allowDuplicates"] is True
    assert body["name"] == "Renewal Due - August 2025"
    stored = state_of(app).contact_lists[list_id]
    assert stored["allowDuplicates"] is True
    assert stored["apiConfigurations"]["dataSyncMode"] == "allowDuplicates"
    assert "unknownField" not in stored


async def test_rename_to_own_name_in_other_case_is_allowed(client: httpx.AsyncClient, app: Starlette) -> None:
    list_id = list_id_named(app, "Payment Reminder - Q3")
    response = await client.put(
        f"{LISTS}/{list_id}", headers=headers(), json={"name": "PAYMENT REMINDER - Q3"}
    )
    assert response.status_code == 200


async def test_delete_list_returns_it_and_removes_it_with_its_contacts(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    list_id = list_id_named(app, "Welcome Calls - New Signups")  # no campaign uses it
    stored = dict(state_of(app).contact_lists[list_id])
    response = await client.request("DELETE", f"{LISTS}/{list_id}", headers=headers(), content=b"")
    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "Contact list Welcome Calls - New Signups deleted successfully"
    assert body["data"] == stored
    assert list_id not in state_of(app).contact_lists and list_id not in state_of(app).list_contacts
    assert (await client.get(f"{LISTS}/{list_id}", headers=headers())).status_code == 404
    assert (await client.get(f"{LISTS}/{list_id}/getAllContacts", headers=headers())).status_code == 404


async def test_list_contacts_are_paged(client: httpx.AsyncClient, app: Starlette) -> None:
    list_id = list_id_named(app, "Renewal Due - July 2025")
    assert state_of(app).contact_lists[list_id]["totalRecordCount"] == 5
    url = f"{LISTS}/{list_id}/getAllContacts"
    first = await client.get(url, params={"accountId": DEFAULT_ACCOUNT_ID}, headers=headers())
    assert first.status_code == 200
    body = first.json()
    assert body["status"] == "success" and body["message"] == "Contacts retrieved successfully"
    data = body["data"]
    assert (data["skip"], data["limit"], data["hasMore"], data["totalPages"], data["totalResults"]) == (
        0, 50, False, 1, 5
    )  # fmt: skip
    contact = data["results"][0]
    assert set(contact) == {"_id", "createdAt", "updatedAt", "phoneNumber"}
    assert re.match(r"^cc-[0-9a-f-]{36}$", contact["_id"]) and TIMESTAMP.match(contact["createdAt"])
    page = (await client.get(url, params={"skip": 2, "limit": 2}, headers=headers())).json()["data"]
    assert len(page["results"]) == 2 and page["hasMore"] is True and page["totalPages"] == 3
    assert page["results"][0] == data["results"][2]
    last = (await client.get(url, params={"skip": 4, "limit": 2}, headers=headers())).json()["data"]
    assert len(last["results"]) == 1 and last["hasMore"] is False
    beyond = (await client.get(url, params={"skip": 50}, headers=headers())).json()["data"]
    assert beyond["results"] == [] and beyond["hasMore"] is False and beyond["totalResults"] == 5


async def test_seed_lists_are_consistent(app: Starlette) -> None:
    state = state_of(app)
    assert 3 <= len(state.contact_lists) <= 5  # the seeded lists and the DNC list the campaigns use
    for list_id, record in state.contact_lists.items():
        assert LIST_ID.match(list_id)
        assert record["totalRecordCount"] == len(state.list_contacts[list_id]) > 0
    assert "Renewal Due - July 2025" in {record["name"] for record in state.contact_lists.values()}


# --- address book -----------------------------------------------------------------------------------------


async def test_address_book_lists_active_contacts_in_three_pages_of_ten(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    pages = []
    for skip in (0, 10, 20):
        response = await client.get(CONTACTS, params={"skip": skip, "limit": 10}, headers=headers(iid=None))
        assert response.status_code == 200
        pages.append(response.json())
    assert set(pages[0]) == {"results", "skip", "limit", "hasMore", "totalPages", "totalResults"}
    assert [len(p["results"]) for p in pages] == [10, 10, 5]
    assert [p["hasMore"] for p in pages] == [True, True, False]
    assert all(p["totalPages"] == 3 and p["totalResults"] == 25 for p in pages)
    listed = [c for p in pages for c in p["results"]]
    assert all(c["status"] == "ACTIVE" for c in listed)
    assert len({c["id"] for c in listed}) == 25
    assert all(re.match(r"^[0-9a-f]{24}$", c["id"]) for c in listed)
    inactive = [c for c in state_of(app).contacts.values() if c["status"] != "ACTIVE"]
    assert inactive and not {c["id"] for c in inactive} & {c["id"] for c in listed}
    default = (await client.get(CONTACTS, headers=headers(iid=None))).json()
    assert default["skip"] == 0 and default["limit"] == 10


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"skip": "-1"}, "skip"),
        ({"skip": "abc"}, "skip"),
        ({"skip": "1.5"}, "skip"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": ""}, "limit"),
        ({"limit": "9" * 5000}, "limit"),
    ],
)
async def test_bad_paging_is_400_naming_the_parameter(
    client: httpx.AsyncClient, app: Starlette, query: dict[str, str], field: str
) -> None:
    list_id = list_id_named(app, "Renewal Due - July 2025")
    for url in (CONTACTS, f"{LISTS}/{list_id}/getAllContacts"):
        response = await client.get(url, params=query, headers=headers())
        assert response.status_code == 400
        error = error_of(response)
        assert error["field"] == field and error["msg"].startswith(f"{field}:")


async def test_update_contact_answers_like_the_documented_sample(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    contact = active_contact(app, "James")
    body = {
        "firstName": "john",
        "lastName": "doe",
        "salutation": "mr",
        "cellPhone": {"phoneNumber": "9550199999", "countryCode": "+91", "extension": "+"},
    }
    response = await client.put(f"{CONTACTS}/{contact['id']}", headers=headers(iid=None), json=body)
    assert response.status_code == 200
    data = response.json()
    assert list(data) == CONTACT_SAMPLE_KEYS
    assert data["fullName"] == "john doe" and data["salutation"] == "mr"
    assert data["cellPhone"] == {"extension": "+", "phoneNumber": "+919550199999", "countryCode": "+91"}
    assert data["id"] == contact["id"] and data["status"] == "ACTIVE"
    assert re.match(r"^u-", data["updatedBy"]) and re.match(r"^a-", data["updatedByAId"])
    assert data["instanceBotId"] == DEFAULT_APP_ID and data["accountId"] == DEFAULT_ACCOUNT_ID
    assert TIMESTAMP.match(data["updatedAt"]) and data["updatedAt"] > data["createdAt"]
    assert state_of(app).contacts[contact["id"]] == data


async def test_update_contact_phone_only_keeps_the_country_code(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    contact = active_contact(app, "Rahul")  # +91 9550112345
    response = await client.put(
        f"{CONTACTS}/{contact['id']}",
        headers=headers(iid=None),
        json={"cellPhone": {"phoneNumber": "9550100000"}},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["cellPhone"]["phoneNumber"] == "+919550100000" and data["cellPhone"]["countryCode"] == "+91"
    assert data["firstName"] == "Rahul" and data["fullName"] == "Rahul Sharma"


async def test_update_contact_country_code_only_rederives_the_number(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    contact = active_contact(app, "James")  # +1 4155550123
    response = await client.put(
        f"{CONTACTS}/{contact['id']}", headers=headers(iid=None), json={"cellPhone": {"countryCode": "+44"}}
    )
    assert response.status_code == 200
    assert response.json()["cellPhone"] == {
        "extension": "+",
        "phoneNumber": "+444155550123",
        "countryCode": "+44",
    }


async def test_update_contact_name_only_rederives_full_name(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    contact = active_contact(app, "Olivia")
    response = await client.put(
        f"{CONTACTS}/{contact['id']}", headers=headers(iid=None), json={"lastName": "Reed"}
    )
    assert response.status_code == 200
    assert response.json()["fullName"] == "Olivia Reed"
    assert response.json()["cellPhone"] == contact["cellPhone"]


async def test_phone_number_of_another_contact_is_400_naming_cell_phone(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    james, olivia = active_contact(app, "James"), active_contact(app, "Olivia")
    before = json.loads(json.dumps(james))
    response = await client.put(
        f"{CONTACTS}/{james['id']}",
        headers=headers(iid=None),
        json={"firstName": "Jim", "cellPhone": {"phoneNumber": olivia["cellPhone"]["phoneNumber"][2:]}},
    )
    assert response.status_code == 400
    error = error_of(response)
    assert error["field"] == "cellPhone.phoneNumber" and "cellPhone.phoneNumber" in error["msg"]
    assert state_of(app).contacts[james["id"]] == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"cellPhone": {"phoneNumber": "+919550112345"}}, "cellPhone.phoneNumber"),
        ({"cellPhone": {"phoneNumber": "955-011"}}, "cellPhone.phoneNumber"),
        ({"cellPhone": {"phoneNumber": ""}}, "cellPhone.phoneNumber"),
        ({"cellPhone": {"phoneNumber": "1" * 16}}, "cellPhone.phoneNumber"),
        ({"cellPhone": {"phoneNumber": 9550112345}}, "cellPhone.phoneNumber"),
        ({"cellPhone": {"countryCode": "91"}}, "cellPhone.countryCode"),
        ({"cellPhone": {"countryCode": "+12345"}}, "cellPhone.countryCode"),
        ({"cellPhone": {"extension": 5}}, "cellPhone.extension"),
        ({"cellPhone": "9550112345"}, "cellPhone"),
        ({"cellPhone": {}}, "cellPhone"),
        ({"firstName": 5}, "firstName"),
        ({"firstName": "   "}, "firstName"),
        ({"lastName": None}, "lastName"),
        ({"salutation": ["mr"]}, "salutation"),
        ({}, "body"),
        ({"unknown": "x"}, "body"),
    ],
)
async def test_invalid_contact_update_is_400_naming_the_field(
    client: httpx.AsyncClient, app: Starlette, body: dict[str, Any], field: str
) -> None:
    contact = active_contact(app, "James")
    response = await client.put(f"{CONTACTS}/{contact['id']}", headers=headers(iid=None), json=body)
    assert response.status_code == 400
    error = error_of(response)
    assert error["field"] == field and error["msg"].startswith(f"{field}:") and error["code"] == 400


async def test_inactive_or_unknown_contact_is_404(client: httpx.AsyncClient, app: Starlette) -> None:
    inactive = next(c for c in state_of(app).contacts.values() if c["status"] == "INACTIVE")
    for contact_id in (inactive["id"], "0123456789abcdef01234567"):
        response = await client.put(
            f"{CONTACTS}/{contact_id}", headers=headers(iid=None), json={"firstName": "X"}
        )
        assert response.status_code == 404
        assert error_of(response) == {"msg": f"Contact {contact_id} not found", "code": 404}


# --- validation -------------------------------------------------------------------------------------------


async def test_create_without_name_is_400_naming_name(client: httpx.AsyncClient, app: Starlette) -> None:
    before = set(state_of(app).contact_lists)
    response = await client.post(f"{LISTS}/createContactList", headers=headers(), json=SEED_SAMPLE_BODY)
    assert response.status_code == 400
    error = error_of(response)
    assert error["field"] == "name" and error["msg"].startswith("name:") and error["code"] == 400
    assert set(state_of(app).contact_lists) == before


@pytest.mark.parametrize("value", ["yes", 1, 0, None, "true", [True]])
async def test_create_with_non_boolean_allow_duplicates_is_400(client: httpx.AsyncClient, value: Any) -> None:
    response = await create(client, allowDuplicates=value)
    assert response.status_code == 400
    assert error_of(response)["field"] == "allowDuplicates"


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "n" * 49}, "name"),
        ({"name": 123}, "name"),
        ({"name": None}, "name"),
        ({"name": {"$ne": ""}}, "name"),
        ({"name": "line\nbreak"}, "name"),
        ({"description": "d" * 257}, "description"),
        ({"description": 5}, "description"),
        ({"description": None}, "description"),
        ({"source": "upload"}, "source"),
        ({"source": None}, "source"),
    ],
)
async def test_invalid_create_is_400_naming_the_field(
    client: httpx.AsyncClient, override: dict[str, Any], field: str
) -> None:
    response = await create(client, **override)
    assert response.status_code == 400
    error = error_of(response)
    assert error["field"] == field and error["msg"].startswith(f"{field}:")


@pytest.mark.parametrize("missing", ["description", "source"])
async def test_create_without_a_required_field_is_400(client: httpx.AsyncClient, missing: str) -> None:
    body = {"name": "Complete", "description": "d", "source": "passiveApi"}
    del body[missing]
    response = await client.post(f"{LISTS}/createContactList", headers=headers(), json=body)
    assert response.status_code == 400 and error_of(response)["field"] == missing


@pytest.mark.parametrize("raw", [b"", b"not json", b"[1, 2]", b"null", b'"text"', b"123", b"{", b"\xff\xfe"])
async def test_body_that_is_not_a_json_object_is_400_naming_body(
    client: httpx.AsyncClient, raw: bytes
) -> None:
    response = await client.post(f"{LISTS}/createContactList", headers=headers(), content=raw)
    assert response.status_code == 400
    error = error_of(response)
    assert error["field"] == "body" and error["msg"].startswith("body:")


async def test_duplicate_list_name_is_400_case_insensitively(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    response = await create(client, name="renewal due - JULY 2025")
    assert response.status_code == 400 and error_of(response)["field"] == "name"
    other = list_id_named(app, "Payment Reminder - Q3")
    rename = await client.put(f"{LISTS}/{other}", headers=headers(), json={"name": "Renewal Due - July 2025"})
    assert rename.status_code == 400 and error_of(rename)["field"] == "name"
    assert state_of(app).contact_lists[other]["name"] == "Payment Reminder - Q3"


async def test_concurrent_creates_with_one_name_only_one_wins(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    responses = await asyncio.gather(*(create(client, name="Race") for _ in range(8)))
    assert sorted(r.status_code for r in responses) == [200] + [400] * 7
    assert [r["name"] for r in state_of(app).contact_lists.values()].count("Race") == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "body"),
        ({"unknown": 1}, "body"),
        ({"name": ""}, "name"),
        ({"name": "x" * 49}, "name"),
        ({"description": 1}, "description"),
        ({"description": "d" * 257}, "description"),
        ({"allowDuplicates": "yes"}, "allowDuplicates"),
        ({"name": "Fine", "allowDuplicates": 1}, "allowDuplicates"),
    ],
)
async def test_invalid_list_update_is_400_and_changes_nothing(
    client: httpx.AsyncClient, app: Starlette, body: dict[str, Any], field: str
) -> None:
    list_id = list_id_named(app, "Renewal Due - July 2025")
    before = dict(state_of(app).contact_lists[list_id])
    response = await client.put(f"{LISTS}/{list_id}", headers=headers(), json=body)
    assert response.status_code == 400
    assert error_of(response)["field"] == field
    assert state_of(app).contact_lists[list_id] == before


# --- unknown ids, hostile input ---------------------------------------------------------------------------


async def test_unknown_list_id_is_404_on_every_list_endpoint(client: httpx.AsyncClient) -> None:
    missing = "cl-00000000-0000-4000-8000-000000000000"
    for method, url, body in (
        ("GET", f"{LISTS}/{missing}", None),
        ("PUT", f"{LISTS}/{missing}", {"name": "x"}),
        ("DELETE", f"{LISTS}/{missing}", None),
        ("GET", f"{LISTS}/{missing}/getAllContacts", None),
    ):
        response = await client.request(method, url, headers=headers(), json=body)
        assert response.status_code == 404, (method, url)
        assert response.json() == {"errors": [{"msg": f"Contact list {missing} not found", "code": 404}]}


HOSTILE_IDS = [
    "../x",
    "..%2F..%2Fcontacts",
    "a%2Fb",
    "%2E%2E",
    "%2e%2e%2fcontacts",
    "..",
    "x" * 5000,
    "ünïcödé-名前-🙂",
    "%00",
    "%FF%FE",
    "%ED%A0%80",
    "id%3Fskip%3D1",
    "$where",
    "%20",
    "getAllListDetails%2F..",
]


@pytest.mark.parametrize("hostile", HOSTILE_IDS)
async def test_hostile_ids_answer_404_and_touch_nothing(
    client: httpx.AsyncClient, app: Starlette, hostile: str
) -> None:
    before = snapshot(app)
    calls = [
        ("GET", f"{LISTS}/{hostile}", None),
        ("PUT", f"{LISTS}/{hostile}", {"name": "Hijacked"}),
        ("DELETE", f"{LISTS}/{hostile}", None),
        ("GET", f"{LISTS}/{hostile}/getAllContacts", None),
        ("PUT", f"{CONTACTS}/{hostile}", {"firstName": "Hijacked"}),
    ]
    for method, url, body in calls:
        response = await client.request(method, url, headers=headers(), json=body)
        assert response.status_code in (404, 405), (method, url, response.status_code, response.text[:200])
        assert "errors" in response.json()
    assert snapshot(app) == before


async def test_hostile_id_without_credentials_is_401_or_404(client: httpx.AsyncClient) -> None:
    for hostile in HOSTILE_IDS:
        response = await client.get(f"{LISTS}/{hostile}")
        assert response.status_code in (401, 404)


async def test_unknown_path_is_404_json_and_wrong_method_is_405_json(client: httpx.AsyncClient) -> None:
    unknown = await client.get("/agentassist/api/v1/public/nothing/here", headers=headers())
    assert unknown.status_code == 404 and error_of(unknown)["code"] == 404
    wrong = await client.request("PATCH", f"{LISTS}/cl-anything", headers=headers())
    assert wrong.status_code == 405 and error_of(wrong)["code"] == 405
    assert "PUT" in wrong.headers["allow"]
    patch_contacts = await client.request("PATCH", CONTACTS, headers=headers(), json=[])
    assert patch_contacts.status_code == 405 and "POST" in patch_contacts.headers["allow"]


FUZZ_VALUES: list[Any] = [
    None, True, 0, -1, 1.5, 10**30, "", "x" * 100_000, [], [None], {}, {"a": {"b": [1, {"c": None}]}},
    "\u0000", "'; DROP TABLE lists; --", "\ud800",
]  # fmt: skip


async def test_fuzzed_bodies_never_give_a_server_error(client: httpx.AsyncClient, app: Starlette) -> None:
    list_id = list_id_named(app, "Renewal Due - July 2025")
    contact_id = active_contact(app, "James")["id"]
    targets = [
        ("POST", f"{LISTS}/createContactList", ["name", "description", "source", "allowDuplicates"]),
        ("PUT", f"{LISTS}/{list_id}", ["name", "description", "allowDuplicates"]),
        ("PUT", f"{CONTACTS}/{contact_id}", ["firstName", "lastName", "salutation", "cellPhone"]),
    ]
    for method, url, fields in targets:
        for value in FUZZ_VALUES:
            bodies: list[Any] = [
                value,
                *({field: value} for field in fields),
                {"cellPhone": {"phoneNumber": value}},
            ]
            for body in bodies:
                raw = json.dumps(body).encode()
                response = await client.request(method, url, headers=headers(), content=raw)
                assert response.status_code < 500, (method, url, raw[:100], response.text[:300])
                response.json()
    raw_cases = [b"[" * 100_000 + b"]" * 100_000, b'{"name": NaN}', b'{"name": "a", "name": 1}', b"\x00" * 10]
    for raw in raw_cases:
        response = await client.post(f"{LISTS}/createContactList", headers=headers(), content=raw)
        assert 400 <= response.status_code < 500


async def test_oversized_body_is_rejected(client: httpx.AsyncClient) -> None:
    huge = json.dumps({"name": "Big", "description": "d" * 2_000_000, "source": "passiveApi"}).encode()
    response = await client.post(f"{LISTS}/createContactList", headers=headers(), content=huge)
    assert response.status_code == 413 and error_of(response)["field"] == "body"


async def test_a_genuine_bug_becomes_a_json_500(
    client: httpx.AsyncClient, app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.state.api, "store", None)
    response = await get_lists(client)
    assert response.status_code == 500 and error_of(response)["code"] == 500


# --- openapi, config --------------------------------------------------------------------------------------


async def test_openapi_json_describes_every_endpoint(client: httpx.AsyncClient) -> None:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    expected: dict[str, set[str]] = {}
    for served in served_methods():
        expected.setdefault(served.path, set()).add(served.method.lower())
    assert {path: set(methods) for path, methods in document["paths"].items()} == expected
    refs = re.findall(r'"\$ref": "#/components/(\w+)/(\w+)"', json.dumps(document))
    for section, name in refs:
        assert name in document["components"][section]


def test_client_env_points_at_the_sandbox() -> None:
    config = SandboxConfig()
    assert config.client_env("http://127.0.0.1:8765") == {
        "KORE_HOST": "http://127.0.0.1:8765",
        "KORE_CLIENT_ID": DEFAULT_CLIENT_ID,
        "KORE_CLIENT_SECRET": DEFAULT_CLIENT_SECRET,
        "KORE_ACCOUNT_ID": DEFAULT_ACCOUNT_ID,
        "KORE_APP_ID": DEFAULT_APP_ID,
    }
    assert re.fullmatch(r"[0-9a-f]{24}", DEFAULT_ACCOUNT_ID)
    assert re.fullmatch(r"st-[0-9a-f-]{36}", DEFAULT_APP_ID) and re.fullmatch(
        r"cs-[0-9a-f-]{36}", DEFAULT_CLIENT_ID
    )


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_get_all_lists_of_an_unknown_type_is_400_naming_the_accepted_types(
    client: httpx.AsyncClient, method: str
) -> None:
    response = await client.request(
        method, f"{LISTS}/getAllListDetails", params={"type": "bogus"}, headers=headers()
    )
    assert response.status_code == 400
    error = error_of(response)
    assert error["field"] == "type"
    assert error["msg"] == "type: must be call or sms (query parameter), got 'bogus'"
