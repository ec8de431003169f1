"""The sandbox's OpenAPI 3.1 document, served at /openapi.json, generated from the catalog.

Paths and methods come from what the sandbox serves (the catalog plus the registry's extra
methods), parameters and request bodies from each operation's input model, answers from its
response model, and the error answers from what the sandbox's checks can refuse. What the sandbox
decides where the docs are silent (core/sandbox/decisions.py) is listed in `info.x-decisions` and
said where it applies: in the operations a decision names, the parameters, the error answers and
each body field's `x-limits`. Nothing here names an operation, so a new catalog entry with a
handler appears without an edit.
"""

from __future__ import annotations

import string
from typing import Any

from core.limits import LIMITS, Limit, limit
from core.operations import Operation
from core.sandbox.config import SandboxConfig
from core.sandbox.decisions import BEHAVIOUR, decision, entries
from core.sandbox.openapi_schemas import Components, Schema, ref
from core.sandbox.routes import ServedMethod, selectors, served_methods

V2_FIELDS = "`isGlobalDNC`, `isDefault`, `columns`, `allowDuplicates` and `mapping.contactPriority` to lists"

ERRORS: dict[int, str] = {
    400: "Invalid input; `errors[0].msg` starts with the field to fix and `errors[0].field` names it",
    401: "Invalid SDK credentials (code 4002): token, accountId, iid or app id in the path",
    404: f"No record with this id: {decision('unknown ids').rule}. Add Contacts: no list with this name",
    405: "Method not allowed on this path; the `Allow` header lists the allowed ones",
    413: f"Body too large: {limit('request.body').readable}",
    429: f"Over {limit('account.requests_per_minute').readable}: {decision('rate limit').rule}",
    500: "A sandbox bug (never expected)",
    501: "The sandbox has no handler for this catalog operation yet",
    503: "Injected failure (the sandbox's fail_rate setting)",
}

ARRAY_BODY = "A JSON array even for one item (the client sends one); all are created or none"
ACCOUNT_EITHER = f"Account id (24 hex): {decision('`accountId`').rule}"
IID = f"The app id again: {decision('`iid` header').rule}"
DESCRIPTION = (
    "Local emulator of the Kore.ai contact-center endpoints. Every API request needs `auth`, a JWT: "
    f"{decision('JWT claims').rule}; and `accountId`: {decision('`accountId`').rule}. Errors answer "
    '`{"errors": [{"msg", "code"}]}`; a wrong method is 405, an unknown path 404. Where the docs are '
    "silent the sandbox decides; `x-decisions` lists each decision (topic, rule; a limit's key and "
    "status), and the operations, parameters and fields they apply to say so too."
)

ERROR_SCHEMA: Schema = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["msg", "code"],
                "properties": {
                    "msg": {"type": "string"},
                    "code": {"type": "integer"},
                    "field": {"type": "string", "description": "The wire name of the field to fix"},
                },
            },
        }
    },
}


def build_openapi(config: SandboxConfig) -> dict[str, Any]:
    """The document; `config` supplies example ids so a reader can copy working values."""
    components = Components()
    components.add("Error", ERROR_SCHEMA)
    paths: dict[str, dict[str, Any]] = {}
    groups: dict[tuple[str, str], list[ServedMethod]] = {}
    for served in served_methods():
        groups.setdefault((served.path, served.method), []).append(served)
    for (path, method), group in groups.items():
        documents = [_operation(served, config, components) for served in group]
        merged = documents[0] if len(group) == 1 else _merged(group, documents)
        paths.setdefault(path, {})[method.lower()] = merged
    for served in served_methods():
        request_body = paths[served.path][served.method.lower()].get("requestBody")
        if request_body is not None:
            _declare_rules(
                served.operation, request_body["content"]["application/json"]["schema"], components
            )
    responses = {f"E{code}": _error_response(code) for code in ERRORS}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "kore-sandbox: Kore.ai contact lists and contacts",
            "version": "1.0.0",
            "description": DESCRIPTION,
            "x-decisions": entries(),
        },
        "security": [{"auth": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"auth": {"type": "apiKey", "in": "header", "name": "auth"}},
            "responses": responses,
            "schemas": components.schemas,
        },
    }


def _operation(served: ServedMethod, config: SandboxConfig, components: Components) -> dict[str, Any]:
    op = served.operation
    extra = served.method != op.method
    body_fields = op.body_fields if served.method != "GET" and not extra else ()
    v2 = served.version == 2
    operation_id = f"{op.key}.{served.method.lower()}" if extra else op.key
    description = _description(op, served.method if extra else None)
    if v2:
        description = f"The v2 service's twin of {op.title} (§6.8): v2 answers add {V2_FIELDS}. {description}"
    document: dict[str, Any] = {
        "tags": [op.resource.label + (" (v2)" if v2 else "")],
        "operationId": operation_id + (".v2" if v2 else ""),
        "summary": op.title + (" (v2)" if v2 else ""),
        "description": description,
        "parameters": _parameters(op, config, components),
    }
    if body_fields:
        wire = [_wire_name(op, name) for name in body_fields]
        schema = components.request_body(op.input_model, wire, op.fixed_body)
        if op.body_shape == "one_in_array":
            schema = {"type": "array", "minItems": 1, "items": schema, "description": ARRAY_BODY}
        elif op.body_shape == "array":  # Update Bulk Contacts: the one body field's array is the body
            (schema,) = components.resolve(schema)["properties"].values()
        document["requestBody"] = {
            "required": True,
            "description": f"Unknown body fields are {decision('unknown body fields').rule}.",
            "content": {"application/json": {"schema": schema}},
        }
    codes = [401, 429, 503]
    if body_fields or op.query_fields or any(_fixed_rule(op, name) for name in op.fixed_query):
        codes.append(400)
    if op.target_field:
        codes.append(404)
    if body_fields:
        codes.append(413)
    document["responses"] = {
        "200": {
            "description": f"{op.title}: the documented answer",
            "content": {"application/json": {"schema": components.response(op.response_model)}},
        },
        **{str(code): {"$ref": f"#/components/responses/E{code}"} for code in sorted(codes)},
    }
    return document


def _description(op: Operation, extra_method: str | None) -> str:
    """The catalog's help, then the sandbox decisions that name this operation."""
    text = op.help + (f" (the sandbox also answers {extra_method})" if extra_method else "")
    decided = [f"Sandbox decision, {d.topic}: {d.rule}." for d in BEHAVIOUR if op.key in d.operations]
    return " ".join([text if text.endswith(".") else f"{text}.", *decided])


def _merged(group: list[ServedMethod], documents: list[dict[str, Any]]) -> dict[str, Any]:
    """One OpenAPI operation for catalog operations sharing a method and path (told apart by a query
    parameter, `view=status|contacts`): the selector is a required enum, the answers any of theirs."""
    chosen = selectors([served.operation for served in group])
    merged = dict(documents[0])
    merged["operationId"] = "+".join(document["operationId"] for document in documents)
    merged["summary"] = " / ".join(served.operation.title for served in group)
    merged["description"] = " ".join(_selected_by(served.operation, chosen) for served in group)
    common = {key: value for key, value in group[0].operation.fixed_query.items() if key not in chosen}
    merged["parameters"] = [_fixed_parameter(p, chosen, common) for p in documents[0]["parameters"]]
    bodies = [document["requestBody"] for document in documents if "requestBody" in document]
    if bodies:
        merged["requestBody"] = {**bodies[0], "required": False}
    answers = [
        document["responses"]["200"]["content"]["application/json"]["schema"] for document in documents
    ]
    unique = [answer for index, answer in enumerate(answers) if answer not in answers[:index]]
    schema = unique[0] if len(unique) == 1 else {"anyOf": unique}
    responses: dict[str, Any] = {
        "200": {
            "description": "The documented answer of the operation the selector names",
            "content": {"application/json": {"schema": schema}},
        }
    }
    for document in documents:
        responses.update({code: value for code, value in document["responses"].items() if code != "200"})
    responses["400"] = {"$ref": "#/components/responses/E400"}  # a missing or unknown selector value
    merged["responses"] = dict(sorted(responses.items()))
    return merged


def _fixed_parameter(parameter: Schema, chosen: dict[str, tuple[str, ...]], common: dict[str, str]) -> Schema:
    """A selector is a required enum of its values; a fixed value they share is required as it is."""
    name = parameter["name"]
    if parameter["in"] != "query" or (name not in chosen and name not in common):
        return parameter
    values = list(chosen[name]) if name in chosen else [common[name]]
    said = f"Which answer: {', '.join(values)}" if name in chosen else f"Always `{name}={values[0]}`"
    return _param(name, "query", said, {"type": "string", "enum": values}, required=True)


def _selected_by(op: Operation, chosen: dict[str, tuple[str, ...]]) -> str:
    """'`view=status`: Whether a campaign is running...'"""
    picks = ", ".join(f"`{key}={op.fixed_query[key]}`" for key in chosen)
    return f"{picks}: {_description(op, None)}"


def _declare_rules(op: Operation, body_ref: Schema, components: Components) -> None:
    """Say in each body field which table rows apply, and in words the ones a schema cannot state.

    JSON schema has keywords for lengths, patterns and ranges (the models already put them in);
    uniqueness, E.164 length across two fields and trimming are described in the field's text.
    """
    body = components.resolve(body_ref)
    if body.get("type") == "array":  # an array body: its own rows (how many), then each item's
        for row in LIMITS:
            if row.kind == "items" and row.wire_name == "body" and row.field in op.body_fields:
                body.setdefault("x-limits", []).append(row.key)
        body = components.resolve(body.get("items", {}))
    for row in LIMITS:
        if row.key.split(".")[0] != op.resource.key or "sandbox" not in row.enforced_by:
            continue
        prop = _property_at(body, row.wire_name.split("."), components)
        if prop is None:
            continue
        keys: list[str] = prop.setdefault("x-limits", [])
        if row.key in keys:
            continue
        keys.append(row.key)
        words = _rule_words(row)
        if words:
            text = prop.get("description", "")
            prop["description"] = f"{text}{'' if not text or text.endswith('.') else '.'} {words}".strip()


def _rule_words(row: Limit) -> str:
    if row.kind in ("unique", "e164"):
        return f"The sandbox checks: {row.readable} (else 400 naming `{row.wire_name}`)."
    if row.trimmed:
        return "Surrounding whitespace is removed before the checks."
    return ""


def _property_at(schema: Schema, path: list[str], components: Components) -> Schema | None:
    """The property a wire name points to; `data[].phoneNumber` is a key of each item of `data`."""
    for depth, part in enumerate(path):
        name = part.removesuffix("[]")
        prop = schema.get("properties", {}).get(name)
        if prop is None:
            return None
        if depth == len(path) - 1:
            return None if "$ref" in prop else prop
        if part.endswith("[]"):
            prop = prop.get("items", {})
        schema = components.resolve(prop)
    return None


def _parameters(op: Operation, config: SandboxConfig, components: Components) -> list[Schema]:
    parameters: list[Schema] = []
    for name in _template_fields(op.path):
        if name == "app_id":
            schema: Schema = {"type": "string", "examples": [config.app_id]}
            description = "App / stream id (`st-<uuid>`), also called IID or streamId"
        else:
            schema, _ = components.field(op.input_model, _wire_name(op, name))
            description = schema.pop("description", name)
            if name in op.example:
                schema["examples"] = [op.example[name]]
        parameters.append(_param(name, "path", description, schema, required=True))
    for name in op.query_fields:
        wire = _wire_name(op, name)
        schema, required = components.field(op.input_model, wire)
        description = schema.pop("description", wire)
        parameters.append(_param(wire, "query", description, schema, required=required))
    for name, value in op.fixed_query.items():
        described = f"Filter; the client always sends `{name}={value}`"
        rule = {"type": "string", "examples": [value], **_fixed_rule(op, name)}
        parameters.append(_param(name, "query", described, rule))
    if op.needs_iid:
        iid = {"type": "string", "examples": [config.app_id]}
        parameters.append(_param("iid", "header", IID, iid))
    account = {"type": "string", "examples": [config.account_id]}
    parameters.append(_param("accountId", "header", ACCOUNT_EITHER, account))
    parameters.append(_param("accountId", "query", ACCOUNT_EITHER, {"type": "string"}))
    return parameters


def _fixed_rule(op: Operation, name: str) -> Schema:
    """The pattern a fixed query parameter's value must match, when the limits table has a row for it."""
    try:
        row = limit(f"{op.key}.{name}")
    except KeyError:
        return {}
    if row.effective_pattern is None:
        return {}
    return {"pattern": row.effective_pattern, "x-limits": [row.key], "description": f"{row.readable}."}


def _param(name: str, where: str, description: str, schema: Schema, required: bool = False) -> Schema:
    return {"name": name, "in": where, "required": required, "description": description, "schema": schema}


def _template_fields(path: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(path) if name]


def _wire_name(op: Operation, field: str) -> str:
    info = op.input_model.model_fields[field]
    return info.alias or field


def _error_response(code: int) -> Schema:
    response: Schema = {
        "description": ERRORS[code],
        "content": {"application/json": {"schema": ref("Error")}},
    }
    if code == 429:
        response["headers"] = {
            "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer", "minimum": 1}}
        }
    if code == 405:
        response["headers"] = {"Allow": {"description": "Allowed methods", "schema": {"type": "string"}}}
    return response
