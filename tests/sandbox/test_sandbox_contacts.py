"""Create a Contact in the sandbox as the docs show it: an array in, the array of created contacts out."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sandboxkit import CONTACT_SAMPLE_KEYS, CONTACTS
from tokens import headers


def item(digits: str, **extra: Any) -> dict[str, Any]:
    return {"firstName": "Ada", "cellPhone": {"phoneNumber": digits, "countryCode": "+44"}, **extra}


async def test_several_contacts_in_one_array_are_created_in_order(client: httpx.AsyncClient) -> None:
    response = await client.post(CONTACTS, json=[item("2079460101"), item("2079460102")], headers=headers())
    assert response.status_code == 200
    created = response.json()
    assert [c["cellPhone"]["phoneNumber"] for c in created] == ["+442079460101", "+442079460102"]
    assert list(created[0]) == CONTACT_SAMPLE_KEYS and created[0]["cellPhone"]["extension"] == "+"


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"firstName": "Ada"}, "body", "JSON array"),
        ([], "body", "at least one"),
        ([item("2079460101"), item("2079460101")], "cellPhone.phoneNumber", "(item 1 of the array)"),
        ([{"cellPhone": {"phoneNumber": "1", "countryCode": "+1"}}], "firstName", "required"),
        ([{"firstName": "Ada"}], "cellPhone", "required"),
        ([item("12a4")], "cellPhone.phoneNumber", "digits only"),
        ([item("1" * 14)], "cellPhone.phoneNumber", "15 digits"),
    ],
)
async def test_a_bad_array_creates_nothing_and_names_the_field(
    client: httpx.AsyncClient, body: Any, field: str, words: str
) -> None:
    before = (await client.get(f"{CONTACTS}?limit=100", headers=headers())).json()["totalResults"]
    response = await client.post(CONTACTS, json=body, headers=headers())
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == field and words in error["msg"]
    after = (await client.get(f"{CONTACTS}?limit=100", headers=headers())).json()["totalResults"]
    assert after == before
