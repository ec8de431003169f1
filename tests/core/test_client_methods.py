"""The typed client methods match the catalog: one per entry, parameters equal to its input fields."""

from __future__ import annotations

import inspect
import types
import typing
from typing import Any

import pytest
from pydantic import BaseModel, RootModel

from core.client import KoreClient
from core.fields import FieldSpec, fields_of
from core.operations import OPERATIONS, Operation

KIND_TYPES: dict[str, set[Any]] = {"text": {str}, "int": {int}, "bool": {bool}, "list": {list[str]}}


def method_of(op: Operation) -> Any:
    method = getattr(KoreClient, op.method_name, None)
    assert method is not None, f"{op.key}: KoreClient has no method {op.method_name!r}"
    return method


def parameters_of(op: Operation) -> dict[str, inspect.Parameter]:
    signature = inspect.signature(method_of(op))
    return {name: param for name, param in signature.parameters.items() if name != "self"}


def specs_of(op: Operation) -> dict[str, FieldSpec]:
    return {spec.name: spec for spec in fields_of(op)}


def without_none(annotation: Any) -> set[Any]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return {arg for arg in typing.get_args(annotation) if arg is not type(None)}
    return {annotation}


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_every_catalog_entry_names_an_async_client_method_returning_its_response_model(op: Operation) -> None:
    method = method_of(op)
    assert inspect.iscoroutinefunction(method)
    assert typing.get_type_hints(method)["return"] is op.response_model


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_method_parameters_are_the_input_fields_with_the_same_required_and_defaults(op: Operation) -> None:
    params, specs = parameters_of(op), specs_of(op)
    assert set(params) == set(specs)
    for name, spec in specs.items():
        param = params[name]
        has_default = param.default is not inspect.Parameter.empty
        assert has_default is not spec.required, f"{op.key}.{name}: required differs"
        if has_default:
            assert param.default == spec.default, f"{op.key}.{name}: default differs"


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_method_parameter_types_are_the_input_field_kinds(op: Operation) -> None:
    hints = typing.get_type_hints(method_of(op))
    for name, spec in specs_of(op).items():
        expected = KIND_TYPES[spec.kind]
        if spec.kind == "list" and spec.item is not None and spec.item.kind == "integer":
            expected = {list[int]}  # a list of priorities
        if spec.kind == "list" and spec.item is None and not op.form:
            expected = {list[dict[str, Any]]}  # whole records (Update Bulk Contacts), for scripts only
        assert without_none(hints[name]) == expected, f"{op.key}.{name}"


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
async def test_method_runs_its_own_operation_with_the_arguments_given(
    op: Operation, monkeypatch: pytest.MonkeyPatch, make_settings: Any
) -> None:
    seen: list[tuple[str, dict[str, Any]]] = []

    async def call(self: KoreClient, op_key: str, /, **fields: Any) -> BaseModel:
        seen.append((op_key, fields))
        if issubclass(op.response_model, RootModel):  # an answer that is a bare array
            return op.response_model.model_construct([])
        return op.response_model.model_construct()

    monkeypatch.setattr(KoreClient, "call", call)
    required = {name: "x" for name, spec in specs_of(op).items() if spec.required}
    async with KoreClient(make_settings()) as kore:
        await getattr(kore, op.method_name)(**required)
    assert seen == [(op.key, {**{k: v for k, v in defaults(op).items() if v is not None}, **required})]


def defaults(op: Operation) -> dict[str, Any]:
    return {name: spec.default for name, spec in specs_of(op).items() if not spec.required}
