"""Readable validation messages (core.fields) and list fields, with words taken from the limits table."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest

from core.fields import field_errors, fields_of, input_errors, nest, split_items, validate_flat
from core.limits import LIMITS, limit
from core.operations import OPERATIONS, Operation, get_operation
from tests.support.list_operation import ADD_NUMBERS, AddNumbersInput


def errors_for(op: Operation, values: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(pydantic.ValidationError) as caught:
        validate_flat(op, values)
    return field_errors(caught.value)


def _text_rows() -> list[tuple[str, str]]:
    return [
        (op.key, spec.name)
        for op in OPERATIONS
        for spec in fields_of(op)
        if spec.limit is not None and spec.limit.kind == "text" and "client" in spec.limit.enforced_by
    ]


@pytest.mark.parametrize(("op_key", "name"), _text_rows())
def test_a_too_long_text_says_the_limit_from_the_table(op_key: str, name: str) -> None:
    op = get_operation(op_key)
    spec = next(spec for spec in fields_of(op) if spec.name == name)
    assert spec.limit is not None and spec.limit.max is not None
    too_long = "x" * (spec.limit.max + 1)
    errors = errors_for(op, {name: too_long})
    assert errors[name] == f"up to {spec.limit.max} characters (got {spec.limit.max + 1})"


@pytest.mark.parametrize(
    "key", [row.key for row in LIMITS if row.kind == "pattern" and "client" in row.enforced_by]
)
def test_a_pattern_error_says_the_rule_of_its_row_never_the_regex(key: str) -> None:
    row = limit(key)
    op, spec = next(
        (op, spec) for op in OPERATIONS for spec in fields_of(op) if row in (spec.limit, spec.item)
    )
    given = {"contact_id": "c1", "phone_number": "1"} if op.key == "contact.update" else {}
    errors = errors_for(op, {**given, spec.name: "not@valid"})
    if spec.kind == "list":  # an item's error names the item
        assert errors[spec.name] == f'{spec.name}[0]: {row.readable} (got "not@valid")'
    else:
        assert errors[spec.name] == row.readable
    assert row.pattern is not None and row.pattern not in errors[spec.name]


def test_control_characters_and_blank_names_are_said_plainly() -> None:
    op = get_operation("contact.update")
    assert errors_for(op, {"contact_id": "c1", "first_name": "Ann\tMarie"}) == {
        "first_name": "one line, no control characters"
    }
    create = get_operation("contact_list.create")
    assert errors_for(create, {"name": "", "description": ""})["name"] == "required"
    assert errors_for(create, {"name": "   ", "description": ""})["name"] == "must not be blank"
    assert errors_for(create, {"description": ""})["name"] == "required"


def test_page_size_and_skip_errors_give_the_bounds() -> None:
    op = get_operation("contact.list")
    row = limit("contact.list.limit")
    assert errors_for(op, {"limit": str((row.max or 0) + 1)}) == {"limit": f"at most {row.max}"}
    assert errors_for(op, {"limit": "0"}) == {"limit": f"at least {row.min}"}
    assert errors_for(op, {"skip": "ten"}) == {"skip": "a whole number"}


def test_the_e164_rule_names_the_phone_number() -> None:
    op = get_operation("contact.update")
    errors = errors_for(op, {"contact_id": "c1", "phone_number": "1" * 15, "country_code": "+1"})
    assert errors == {"phone_number": limit("contact.cell_phone.e164").readable}


def test_unknown_fields_and_booleans_read_plainly() -> None:
    op = get_operation("contact_list.create")
    errors = errors_for(op, {"name": "A", "description": "", "allow_duplicates": "perhaps", "colour": "x"})
    assert errors == {"allow_duplicates": "use true or false", "colour": "unknown field"}


# --- list fields ----------------------------------------------------------------------------------------


def test_a_list_typed_field_becomes_a_list_spec_with_its_item_rule() -> None:
    spec = next(spec for spec in fields_of(ADD_NUMBERS) if spec.name == "phone_numbers")
    assert spec.kind == "list" and spec.required
    assert spec.limit == limit("contact_list.add_contacts.data")
    assert spec.item == limit("contact.cell_phone.phone_number")
    assert spec.max_length is None, "a list's item count is not a text length"
    assert "up to 1000" in spec.limit_text and "commas, spaces or new lines" in spec.limit_text


def test_list_text_splits_on_commas_spaces_and_new_lines() -> None:
    assert split_items(" 4155550100, 4155550101\n4155550102\t4155550103,,") == [
        "4155550100",
        "4155550101",
        "4155550102",
        "4155550103",
    ]
    text = "4155550100, 4155550101\n4155550102 4155550103"
    nested = nest(ADD_NUMBERS, {"contact_list_name": "July", "phone_numbers": text})
    assert nested["phone_numbers"] == split_items(text)
    model = validate_flat(ADD_NUMBERS, {"contact_list_name": "July", "phone_numbers": text})
    assert isinstance(model, AddNumbersInput) and len(model.phone_numbers) == 4


def test_a_bad_item_is_named_by_its_position_and_value() -> None:
    values = {"contact_list_name": "July", "phone_numbers": "4155550100, 4155550101, 41555x0102"}
    with pytest.raises(pydantic.ValidationError) as caught:
        validate_flat(ADD_NUMBERS, values)
    (error,) = input_errors(caught.value)
    assert error.where == "phone_numbers[2]"
    assert str(error) == 'phone_numbers[2]: digits only (1 to 15), no + or spaces (got "41555x0102")'
    assert field_errors(caught.value) == {"phone_numbers": str(error)}


def test_too_many_or_no_items_say_the_count() -> None:
    row = limit("contact_list.add_contacts.data")
    assert row.max is not None
    many = " ".join(str(4155550000 + n) for n in range(row.max + 1))
    errors = errors_for(ADD_NUMBERS, {"contact_list_name": "July", "phone_numbers": many})
    assert errors == {"phone_numbers": f"at most {row.max} items (got {row.max + 1})"}
    errors = errors_for(ADD_NUMBERS, {"contact_list_name": "July", "phone_numbers": " , "})
    assert errors == {"phone_numbers": "at least 1 item(s)"}


def test_a_country_code_alone_names_the_phone_number_to_fill_in() -> None:
    row = limit("contact.cell_phone.country_code.needs_number")
    errors = errors_for(get_operation("contact.update"), {"contact_id": "c1", "country_code": "+44"})
    assert errors == {row.field: row.readable}
