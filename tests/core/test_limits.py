"""The limits table: one row per rule, each cited, and every input field of the catalog reads it."""

from __future__ import annotations

import re

import pytest

from core import InvalidInputError, KoreClient
from core.fields import fields_of
from core.limits import (
    LIMITS,
    NOT_BLANK_SINGLE_LINE_PATTERN,
    SINGLE_LINE_PATTERN,
    Limit,
    limit,
    words_for_pattern,
)
from core.operations import OPERATIONS
from core.sandbox.config import SandboxConfig
from core.sandbox.embedded import EmbeddedSandbox

CITATION = re.compile(r"§\d+(\.\d+)?|decisions: |[Dd]ecided: ")


def test_every_row_cites_the_docs_or_a_decision() -> None:
    for row in LIMITS:
        assert CITATION.search(row.note), f"{row.key}: the note must cite a § or a decisions row"


def test_every_row_is_complete_for_its_kind() -> None:
    for row in LIMITS:
        if row.kind in ("text", "integer", "items", "e164", "body", "rate"):
            assert row.max is not None, row.key
        if row.kind in ("text", "integer", "items"):
            assert row.min is not None and row.min <= (row.max or 0), row.key
        if row.kind == "pattern":
            assert row.pattern is not None and row.readable, row.key
            re.compile(row.pattern)
        if row.kind == "unique":
            assert row.readable and "client" not in row.enforced_by, row.key


def test_keys_are_unique_and_lookup_names_a_typo() -> None:
    assert len({row.key for row in LIMITS}) == len(LIMITS)
    with pytest.raises(KeyError, match=r"contact\.frist_name"):
        limit("contact.frist_name")


def test_every_input_field_with_a_limit_reads_it_from_the_table() -> None:
    """No hand-written constraint is left in the models: each constrained field names its row."""
    for op in OPERATIONS:
        for spec in fields_of(op):
            constrained = any(
                value is not None
                for value in (spec.min_length, spec.max_length, spec.pattern, spec.ge, spec.le)
            )
            if constrained:
                assert isinstance(spec.limit, Limit), f"{op.key}.{spec.name} has a limit outside the table"


def test_the_rows_the_client_enforces_are_used_by_some_operation() -> None:
    used = {row.key for op in OPERATIONS for spec in fields_of(op) for row in (spec.limit, spec.item) if row}
    for row in LIMITS:
        if "client" in row.enforced_by and row.kind in ("text", "pattern", "integer", "items"):
            assert row.key in used, f"{row.key} is enforced by the client but no input uses it"


def test_patterns_read_back_as_words() -> None:
    assert words_for_pattern(limit("contact.cell_phone.phone_number").pattern or "") == (
        "digits only (1 to 15), no + or spaces"
    )
    assert words_for_pattern(SINGLE_LINE_PATTERN) == "one line, no control characters"
    assert words_for_pattern(NOT_BLANK_SINGLE_LINE_PATTERN) == "one line, no control characters"
    assert words_for_pattern("^nothing$") is None


@pytest.mark.parametrize(
    "row", [row for row in LIMITS if row.kind == "text" and row.trimmed and row.min], ids=lambda row: row.key
)
def test_a_trimmed_text_that_needs_a_character_refuses_only_spaces_in_its_pattern(row: Limit) -> None:
    """A JSON schema cannot trim: its pattern must refuse what is empty once trimmed."""
    pattern = re.compile(row.effective_pattern or "")
    assert not pattern.search("   ") and not pattern.search("\u00a0\u2003")
    assert pattern.search(" a ") and pattern.search("x")
    assert not row.single_line or not pattern.search("a\nb")


def test_json_schema_of_a_row_states_its_bounds() -> None:
    assert limit("contact_list.name").json_schema() == {
        "type": "string",
        "minLength": 1,
        "maxLength": 48,
        "pattern": NOT_BLANK_SINGLE_LINE_PATTERN,
    }
    assert limit("contact.list.limit").json_schema() == {
        "type": "integer",
        "minimum": 1,
        "maximum": 100,
        "default": 10,
    }


async def test_an_extension_the_sandbox_refuses_is_refused_by_the_client_first() -> None:
    """The canonical drift: `extension="x"*12` passed the client (16) and the sandbox said 400 (10)."""
    sandbox = EmbeddedSandbox(SandboxConfig(rate_limit=0))
    async with sandbox.client() as kore:
        assert isinstance(kore, KoreClient)
        contacts = await kore.list_contacts(limit=1)
        contact_id = contacts.results[0].id
        with pytest.raises(InvalidInputError) as caught:
            await kore.update_contact(contact_id, extension="x" * 12)
        assert caught.value.field == "extension"
        updated = await kore.update_contact(contact_id, extension="x" * 10)
        assert updated.cell_phone is not None and updated.cell_phone.extension == "x" * 10
