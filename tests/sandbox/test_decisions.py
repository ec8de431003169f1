"""The README's table of sandbox decisions is the one core.sandbox.decisions renders, and covers the rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.limits import Limit
from core.operations import get_operation
from core.sandbox.config import SandboxConfig
from core.sandbox.decisions import BEHAVIOUR, Decision, markdown, silent_limits
from core.sandbox.openapi import build_openapi

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_shows_the_current_decisions_table() -> None:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- sandbox-decisions:start -->\n(.*?)<!-- sandbox-decisions:end -->", text, re.S)
    assert block, "README.md lost its sandbox-decisions markers"
    assert block.group(1) == markdown(), "refresh it: python -m core.sandbox.decisions"


def test_the_rules_the_docs_do_not_state_are_all_there() -> None:
    keys = {row.key for row in silent_limits()}
    assert {
        "contact_list.name.unique",
        "contact.cell_phone.unique",
        "paging.skip",
        "contact_list.name",  # trimmed, one line
        "contact.first_name",
    } <= keys
    assert "contact_list.description" not in keys  # §6.1 states it


DOCUMENT = build_openapi(SandboxConfig())


@pytest.mark.parametrize("item", BEHAVIOUR, ids=lambda item: item.topic)
def test_every_behaviour_decision_is_declared_in_the_openapi_document(item: Decision) -> None:
    assert {"topic": item.topic, "rule": item.rule} in DOCUMENT["info"]["x-decisions"]
    for key in item.operations:
        op = get_operation(key)
        assert item.rule in DOCUMENT["paths"][op.path][op.method.lower()]["description"], key
    if not item.operations:  # about every request: the document's own description or its answers say it
        texts = _texts([DOCUMENT["info"]["description"], DOCUMENT["paths"], DOCUMENT["components"]])
        assert any(item.rule in text for text in texts)


@pytest.mark.parametrize("row", silent_limits(), ids=lambda row: row.key)
def test_every_rule_the_docs_do_not_state_is_declared_with_its_key_and_status(row: Limit) -> None:
    declared = {entry.get("limit"): entry for entry in DOCUMENT["info"]["x-decisions"]}
    assert row.key in declared and declared[row.key]["status"] == str(row.status)
    assert row.readable in declared[row.key]["rule"]


def _texts(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    values = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    return [text for value in values for text in _texts(value)]


def test_a_decision_names_only_operations_the_catalog_has() -> None:
    for item in BEHAVIOUR:
        for key in item.operations:
            get_operation(key)
