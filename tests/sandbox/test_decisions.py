"""The README's table of sandbox decisions is the one core.sandbox.decisions renders, and covers the rules."""

from __future__ import annotations

import re
from pathlib import Path

from core.sandbox.decisions import markdown, silent_limits

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
