"""A list field in a Slack modal: one multi-line box, split and checked item by item."""

from __future__ import annotations

import pydantic
import pytest

from core.fields import validate_flat
from slackbot.modals import ACTION, FormContext, block_id, build_modal, submission_errors, values_of
from tests.support.list_operation import ADD_NUMBERS, AddNumbersInput


def submitted(numbers: str) -> dict[str, str]:
    state = {
        block_id("contact_list_name"): {ACTION: {"type": "plain_text_input", "value": "July"}},
        block_id("phone_numbers"): {ACTION: {"type": "plain_text_input", "value": numbers}},
    }
    return values_of(ADD_NUMBERS, state)


def test_the_list_box_is_multi_line_and_its_hint_says_how_to_separate() -> None:
    view = build_modal(ADD_NUMBERS, FormContext(ADD_NUMBERS.key, "C1", "https://hooks.test/r"))
    block = next(block for block in view["blocks"] if block["block_id"] == block_id("phone_numbers"))
    assert block["element"]["multiline"] is True
    assert "commas, spaces or new lines" in block["hint"]["text"]


def test_one_number_a_line_is_the_list() -> None:
    model = validate_flat(ADD_NUMBERS, submitted("4155550100\n4155550101, 4155550102"))
    assert isinstance(model, AddNumbersInput)
    assert model.phone_numbers == ["4155550100", "4155550101", "4155550102"]


def test_a_bad_line_is_named_on_the_field() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        validate_flat(ADD_NUMBERS, submitted("4155550100\n41555x0101"))
    errors = submission_errors(ADD_NUMBERS, caught.value)
    assert errors == {
        block_id(
            "phone_numbers"
        ): 'phone_numbers[1]: digits only (1 to 15), no + or spaces (got "41555x0101")'
    }
