"""The README's table of operations is the one core.catalog_doc renders from the catalog."""

from __future__ import annotations

import re
from pathlib import Path

from core.catalog_doc import markdown
from core.operations import OPERATIONS

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_lists_every_operation_of_the_catalog() -> None:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- operations:start -->\n(.*?)<!-- operations:end -->", text, re.S)
    assert block, "README.md lost its operations markers"
    assert block.group(1) == markdown(), "refresh it: python -m core.catalog_doc"
    for op in OPERATIONS:
        assert op.title in block.group(1)
