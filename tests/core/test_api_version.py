"""The `api_version` setting moves the contact-list operations to the v2 service (§6.8); the sandbox
serves both families over one store, and its OpenAPI document describes both."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core import KoreClient, NotFoundError, ValidationError
from core.errors import ConfigError
from core.operations import CATALOG, OPERATIONS, V1, V2
from core.sandbox.campaign_records import DNC_LIST_NAME
from core.sandbox.config import SandboxConfig
from core.sandbox.embedded import EmbeddedSandbox
from core.sandbox.openapi import build_openapi
from core.settings import load_settings

V2_OPERATIONS = [op for op in OPERATIONS if op.v2_path is not None]


@pytest.fixture
async def v2(sandbox: EmbeddedSandbox) -> AsyncIterator[KoreClient]:
    async with sandbox.client(api_version=2) as client:
        yield client


def test_the_contact_list_operations_have_v2_twins_and_add_contacts_has_none() -> None:
    assert {op.key for op in V2_OPERATIONS} == {
        "contact_list.list", "contact_list.get", "contact_list.create", "contact_list.update",
        "contact_list.delete", "contact_list.contacts",
    }  # fmt: skip
    for op in V2_OPERATIONS:
        assert (
            op.v2_path == op.path.replace(V1, V2)
            and op.path_for(2) == op.v2_path
            and op.path_for(1) == op.path
        )
    assert CATALOG["contact_list.add_contacts"].path_for(2) == CATALOG["contact_list.add_contacts"].path


def test_api_version_defaults_to_1_and_reads_kore_api_version(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings(env_file=None).api_version == 1
    monkeypatch.setenv("KORE_API_VERSION", "2")
    assert load_settings(env_file=None).api_version == 2


@pytest.mark.parametrize("value", ["3", "v2", "", "1.5"])
def test_an_unknown_api_version_is_one_line_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("KORE_API_VERSION", value)
    with pytest.raises(
        ConfigError, match=r"api_version: .* is not an API version; give 1 or 2; set KORE_API_VERSION"
    ):
        load_settings(env_file=None)


def test_api_version_is_read_per_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[profiles.new]\napi_version = 2\n", encoding="utf-8")
    monkeypatch.setenv("KORE_CONFIG_FILE", str(config))
    assert load_settings(env_file=None).api_version == 1
    assert load_settings(env_file=None, profile="new").api_version == 2


async def test_v2_requests_go_to_the_v2_service_with_account_id_in_the_query(v2: KoreClient) -> None:
    for op in V2_OPERATIONS:
        inputs = {name: "cl-1" for name in op.path_fields}
        if op.key == "contact_list.create":
            inputs.update(name="N", description="")
        if op.key == "contact_list.update":
            inputs["name"] = "N"
        prepared = v2.prepare(op.key, **inputs)
        assert prepared.path.startswith("/campaign/api/v2/public/"), op.key
        assert prepared.params["accountId"] == v2.settings.account_id
        assert prepared.headers["iid"] == v2.settings.app_id
    add = v2.prepare("contact_list.add_contacts", contact_list_name="July", phones=["+14155550123"])
    assert add.path.startswith("/api/1.1/public/")


async def test_every_contact_list_operation_works_on_v2_over_the_same_store(
    v2: KoreClient, sandbox: EmbeddedSandbox
) -> None:
    created = await v2.create_contact_list("Made on v2", "both families see it", allow_duplicates=True)
    list_id = created.data.id
    assert created.data.is_global_dnc is False and created.data.columns
    assert created.data.mapping is not None and created.data.mapping.contact_priority == "contactPriority"
    async with sandbox.client() as v1:
        assert (await v1.get_contact_list(list_id)).data.name == "Made on v2"  # one store
    updated = await v2.update_contact_list(list_id, name="Renamed on v2")
    assert updated.data.body.name == "Renamed on v2" and updated.data.body.scope == ["campaign_management"]
    got = (await v2.get_contact_list(list_id)).data
    assert got.name == "Renamed on v2" and got.allow_duplicates is True and got.is_default is False
    listed = (await v2.list_contact_lists()).data
    assert {item.name: item.is_global_dnc for item in listed}[DNC_LIST_NAME] is True
    july = next(item for item in listed if item.name == "Renewal Due - July 2025")
    members = (await v2.list_contacts_of_list(july.id, limit=2)).data
    assert len(members.results) == 2 and members.total_results == 5
    deleted = await v2.delete_contact_list(list_id)
    assert deleted.data.columns is not None
    with pytest.raises(NotFoundError):
        await v2.get_contact_list(list_id)


async def test_v2_answers_carry_the_v2_fields_and_v1_answers_do_not(
    v2: KoreClient, sandbox: EmbeddedSandbox
) -> None:
    list_id = next(iter(sandbox.state.contact_lists))
    body = (await v2.execute("contact_list.get", contact_list_id=list_id)).body["data"]
    assert {"isGlobalDNC", "isDefault", "columns", "allowDuplicates"} <= set(body)
    assert body["mapping"]["contactPriority"] == "contactPriority"
    async with sandbox.client() as v1:
        plain = (await v1.execute("contact_list.get", contact_list_id=list_id)).body["data"]
    assert not {"isGlobalDNC", "isDefault", "columns"} & set(plain)


async def test_v2_refuses_what_v1_refuses(v2: KoreClient, sandbox: EmbeddedSandbox) -> None:
    july = next(key for key, record in sandbox.state.contact_lists.items() if record["isListInUse"])
    with pytest.raises(ValidationError, match="in use by campaign"):
        await v2.delete_contact_list(july)
    assert july in sandbox.state.contact_lists


def test_the_openapi_document_describes_both_families() -> None:
    document = build_openapi(SandboxConfig())
    ids = {doc["operationId"] for methods in document["paths"].values() for doc in methods.values()}
    for op in V2_OPERATIONS:
        assert op.v2_path in document["paths"] and f"{op.key}.v2" in ids and op.key in ids
        v2 = document["paths"][op.v2_path][op.method.lower()]
        assert v2["summary"].endswith("(v2)") and "isGlobalDNC" in v2["description"]
    assert "isGlobalDNC" in document["components"]["schemas"]["ContactList"]["properties"]
