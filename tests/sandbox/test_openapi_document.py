"""The OpenAPI document says what the catalog and the models say, with no drift."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from core.limits import LIMITS, Limit
from core.operations import CATALOG, OPERATIONS, Operation
from core.sandbox.config import SandboxConfig
from core.sandbox.openapi import ERRORS, build_openapi
from core.sandbox.routes import served_methods

DOCUMENT = build_openapi(SandboxConfig())
SCHEMAS: dict[str, Any] = DOCUMENT["components"]["schemas"]


def operation(op: Operation) -> dict[str, Any]:
    return dict(DOCUMENT["paths"][op.path][op.method.lower()])


def sharing(op: Operation) -> list[Operation]:
    """The operations published as one with `op` (same method and path, told apart by a query value)."""
    return [other for other in OPERATIONS if (other.method, other.path) == (op.method, op.path)]


def test_operations_sharing_a_path_are_told_apart_by_a_required_query_value() -> None:
    merged = operation(CATALOG["campaign.status"])
    assert merged["operationId"] == "campaign.status+campaign.contacts"
    view = parameters(CATALOG["campaign.status"], "query")["view"]
    assert view["required"] and view["schema"]["enum"] == ["status", "contacts"]
    answers = merged["responses"]["200"]["content"]["application/json"]["schema"]["anyOf"]
    assert {answer["$ref"].rsplit("/", 1)[1] for answer in answers} == {
        "CampaignStatusEnvelope",
        "CampaignContactsEnvelope",
    }


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def parameters(op: Operation, where: str) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in operation(op)["parameters"] if p["in"] == where}


def test_paths_and_methods_are_exactly_what_the_sandbox_serves() -> None:
    expected: dict[str, set[str]] = {}
    for served in served_methods():
        expected.setdefault(served.path, set()).add(served.method.lower())
    assert {path: set(methods) for path, methods in DOCUMENT["paths"].items()} == expected


def test_every_reference_resolves() -> None:
    for section, name in re.findall(r'"\$ref": "#/components/(\w+)/([\w.]+)"', json.dumps(DOCUMENT)):
        assert name in DOCUMENT["components"][section], (section, name)


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_path_parameters_use_the_catalog_names(op: Operation) -> None:
    assert set(parameters(op, "path")) == {"app_id", *op.path_fields}
    assert all(p["required"] for p in parameters(op, "path").values())


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_account_id_is_header_or_query_and_neither_is_required(op: Operation) -> None:
    """The sandbox takes accountId from either place and iid may be left out (decisions table)."""
    assert not parameters(op, "header")["accountId"]["required"]
    assert not parameters(op, "query")["accountId"]["required"]
    iid = parameters(op, "header").get("iid")
    assert (iid is not None) is op.needs_iid
    assert iid is None or not iid["required"]


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_request_body_uses_wire_names_and_model_limits(op: Operation) -> None:
    document = operation(op)
    if not op.body_fields:
        if any(other.body_fields for other in sharing(op)):  # a sibling's body, optional for this one
            assert document["requestBody"]["required"] is False
        else:
            assert "requestBody" not in document
        return
    body = resolve(document["requestBody"]["content"]["application/json"]["schema"])
    if op.body_shape == "array":  # Update Bulk Contacts: the body is the one field's array
        assert body["type"] == "array" and resolve(body["items"])["properties"]
        return
    if body.get("type") == "array":  # Create a Contact: an array of the one object
        assert op.body_shape == "one_in_array" and body["minItems"] == 1
        body = resolve(body["items"])
    model = op.input_model.model_json_schema(by_alias=True)["properties"]
    wire = {op.input_model.model_fields[name].alias or name for name in op.body_fields}
    assert set(body["properties"]) == wire | set(op.fixed_body)
    for name in wire:
        declared = json.dumps(body["properties"][name], sort_keys=True)
        for keyword in ("maxLength", "minLength", "pattern", "maximum", "minimum"):
            for value in re.findall(rf'"{keyword}": ([^,}}]+)', json.dumps(model[name], sort_keys=True)):
                assert f'"{keyword}": {value}' in declared, (name, keyword)
    empty_ok = op.input_model.model_json_schema().get("minProperties") == 0  # `{}` asks for the defaults
    assert body.get("required") or body.get("minProperties") == 1 or empty_ok


def test_an_empty_cell_phone_is_refused_by_the_schema() -> None:
    assert SCHEMAS["CellPhoneInput"]["minProperties"] == 1


def test_an_explicit_null_is_not_offered_in_requests() -> None:
    """None in an input model means 'not sent'; the sandbox answers 400 to a null."""
    body = resolve(
        operation(CATALOG["contact.update"])["requestBody"]["content"]["application/json"]["schema"]
    )
    assert "null" not in json.dumps(body)


def test_response_schemas_carry_no_request_patterns() -> None:
    """Kore.ai answers "+14155550123": the request's digits-only pattern must not constrain it."""
    phone = SCHEMAS["CellPhone"]["properties"]["phoneNumber"]
    assert "pattern" not in json.dumps(phone)


def test_response_schemas_require_the_fields_the_client_needs() -> None:
    assert {"id", "address", "twitterDetails"} <= set(SCHEMAS["Contact"]["required"])
    assert {"_id", "name", "totalRecordCount", "campaignInUse", "files"} <= set(
        SCHEMAS["ContactList"]["required"]
    )
    assert {"status", "message", "data"} <= set(SCHEMAS["ContactListEnvelope"]["required"])
    assert set(SCHEMAS["ContactPage"]["required"]) == {
        "results", "skip", "limit", "hasMore", "totalPages", "totalResults",
    }  # fmt: skip
    assert "firstName" not in SCHEMAS["Contact"]["required"]  # optional in the model: may be absent


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_every_error_answer_is_described(op: Operation) -> None:
    responses = operation(op)["responses"]
    codes = {int(code) for code in responses if code != "200"}
    assert {401, 429, 503} <= codes
    assert (404 in codes) is bool(op.target_field)  # an unknown id, or an unknown name (Add Contacts)
    assert (413 in codes) is any(other.body_fields for other in sharing(op))
    for code in codes:
        assert responses[str(code)] == {"$ref": f"#/components/responses/E{code}"}
    components = DOCUMENT["components"]["responses"]
    assert {f"E{code}" for code in ERRORS} == set(components)
    assert "Retry-After" in components["E429"]["headers"] and "Allow" in components["E405"]["headers"]
    assert resolve(components["E400"]["content"]["application/json"]["schema"])["required"] == ["errors"]


def _declared_limits() -> set[str]:
    found: set[str] = set()
    for methods in DOCUMENT["paths"].values():  # an array body (Update Bulk Contacts) declares its own
        for document in methods.values():
            body = document.get("requestBody", {}).get("content", {}).get("application/json", {})
            found.update(body.get("schema", {}).get("x-limits", ()))
    for schema in SCHEMAS.values():
        for prop in schema.get("properties", {}).values():
            found.update(prop.get("x-limits", ()))
    for _, schema in _query_schemas():  # a fixed query parameter's values (getAllListDetails `type`)
        found.update(schema.get("x-limits", ()))
    return found


def _query_schemas() -> list[tuple[str, dict[str, Any]]]:
    return [
        (p["name"], p["schema"])
        for methods in DOCUMENT["paths"].values()
        for document in methods.values()
        for p in document["parameters"]
        if p["in"] == "query"
    ]


@pytest.mark.parametrize(
    "row", [row for row in LIMITS if "sandbox" in row.enforced_by], ids=lambda row: row.key
)
def test_every_rule_the_sandbox_enforces_is_declared(row: Limit) -> None:
    if row.kind == "body":
        assert row.readable in DOCUMENT["components"]["responses"]["E413"]["description"]
    elif row.kind == "rate":
        assert row.readable in DOCUMENT["components"]["responses"]["E429"]["description"]
    elif row.kind == "integer" and row.key not in _declared_limits():  # a query parameter
        bounds = [schema for name, schema in _query_schemas() if name == row.wire_name]
        assert bounds and any(b.get("minimum") == row.min and b.get("maximum") == row.max for b in bounds)
    else:
        assert row.key in _declared_limits()
        if row.kind in ("unique", "e164"):
            assert row.readable in json.dumps(SCHEMAS)


def test_control_characters_are_refused_by_the_schema_of_one_line_fields() -> None:
    first_name = resolve(
        operation(CATALOG["contact.update"])["requestBody"]["content"]["application/json"]["schema"]
    )
    pattern = re.compile(first_name["properties"]["firstName"]["pattern"])
    assert pattern.search("Ana") and not pattern.search("Ana\x07") and not pattern.search("Ana\nBel")
    assert not pattern.search("   "), "a name of spaces is empty once the sandbox trims it"
