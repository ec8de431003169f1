"""JSON schemas for the OpenAPI document, generated from the catalog's pydantic models.

Request and response models mean different things by an optional field, so their schemas are
adjusted differently:
- in a request, `X | None = None` means "leave it out": the schema says X (the sandbox answers
  400 to an explicit null), and an object whose fields are all optional needs at least one;
- in a response, a field is required when its model type does not admit None: the client needs
  it, and the sandbox always sends it. `| None` fields may be absent or null, and a field one of
  the model's `anyOf` alternatives requires is required only there.
The input models forbid unknown fields (a typo in a script fails before sending); the sandbox, like
the service, ignores them, so request schemas do not say `additionalProperties: false`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel

REF = "#/components/schemas/{model}"
Schema = dict[str, Any]


def ref(name: str) -> Schema:
    return {"$ref": REF.format(model=name)}


class Components:
    """The `components.schemas` being collected; one name, one schema."""

    def __init__(self) -> None:
        self.schemas: dict[str, Schema] = {}

    def add(self, name: str, schema: Schema) -> Schema:
        """Store `schema` under `name` (an equal one may already be there) and return a $ref to it."""
        if name in self.schemas and self.schemas[name] != schema:
            raise ValueError(f"two different schemas are both named {name!r}")
        self.schemas[name] = schema
        return ref(name)

    def resolve(self, schema: Schema) -> Schema:
        """The stored schema a $ref points to (the schema itself when it is no $ref)."""
        while "$ref" in schema:
            schema = self.schemas[schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def model(self, model: type[BaseModel], *, request: bool) -> Schema:
        """The model's full schema (its nested models become components); returns the top schema."""
        schema = model.model_json_schema(by_alias=True, ref_template=REF)
        for name, nested in schema.pop("$defs", {}).items():
            self.add(name, _adjust(nested, request=request))
        return _adjust(schema, request=request)

    def response(self, model: type[BaseModel]) -> Schema:
        """A $ref to the response model's schema."""
        return self.add(model.__name__, self.model(model, request=False))

    def request_body(
        self, model: type[BaseModel], wire_names: Iterable[str], fixed: Mapping[str, Any]
    ) -> Schema:
        """A $ref to the body part of an input model: `wire_names` only, plus the fixed fields."""
        full = self.model(model, request=True)
        keep = set(wire_names)
        properties = {name: value for name, value in full.get("properties", {}).items() if name in keep}
        required = [name for name in full.get("required", []) if name in keep]
        for name, value in fixed.items():
            properties[name] = {"const": value, "description": "Always this value"}
            required.append(name)
        body: Schema = {key: value for key, value in full.items() if key not in ("properties", "required")}
        body["properties"] = properties
        empty_ok = body.pop("minProperties", None) == 0
        if required:
            body["required"] = required
        elif not empty_ok:
            body["minProperties"] = 1  # the sandbox refuses a body that changes nothing
        whole = set(properties) == set(full.get("properties", {}))
        name = model.__name__ if whole else f"{model.__name__}Body"
        return self.add(name, body)

    def field(self, model: type[BaseModel], wire_name: str) -> tuple[Schema, bool]:
        """One property of an input model (a path or query parameter) and whether it is required."""
        full = self.model(model, request=True)
        schema = dict(full["properties"][wire_name])
        schema.pop("in", None)
        return schema, wire_name in full.get("required", [])


def _adjust(schema: Schema, *, request: bool) -> Schema:
    schema = copy.deepcopy(schema)
    properties: dict[str, Schema] = schema.get("properties", {})
    for name, prop in properties.items():
        prop.pop("title", None)
        if request:
            properties[name] = _without_null(prop)
    if request and schema.get("additionalProperties") is False:
        del schema["additionalProperties"]
    if schema.get("type") != "object" or not properties:
        return schema
    required = list(schema.get("required", []))
    if request and not required and "minProperties" not in schema:  # a model may allow `{}` (say 0)
        schema["minProperties"] = 1
    if not request:
        # A name that one of several alternatives requires (`anyOf: [{required: [...]}]`) is not
        # required on its own: a campaign has `_id` or, in SMS items, `id`.
        either = {name for option in schema.get("anyOf", ()) for name in option.get("required", ())}
        required += [
            name
            for name, prop in properties.items()
            if name not in required and name not in either and not _nullable(prop)
        ]
    if required:
        schema["required"] = required
    return schema


def _nullable(prop: Schema) -> bool:
    return any(option.get("type") == "null" for option in prop.get("anyOf", ()))


def _without_null(prop: Schema) -> Schema:
    """`anyOf: [X, null]` with default null becomes X: in a request, None means "not sent"."""
    options = [option for option in prop.get("anyOf", ()) if option.get("type") != "null"]
    if len(options) != 1 or not _nullable(prop):
        return prop
    rest = {key: value for key, value in prop.items() if key != "anyOf"}
    if rest.get("default", 0) is None:
        rest.pop("default")
    return {**options[0], **rest}
