"""Entry modules kept apart from their tables (campaign operations, limits, presentations) import
on their own, first, in a fresh interpreter: no import cycle hides behind the usual import order."""

from __future__ import annotations

import subprocess
import sys

import pytest

FIRST_IMPORTS = [
    "core.catalog_campaigns",
    "core.catalog_entry",
    "core.limits_campaigns",
    "core.limit_rows",
    "core.presentation_campaigns",
    "core.presentation_types",
]


@pytest.mark.parametrize("module", FIRST_IMPORTS)
def test_the_module_imports_first_without_a_cycle(module: str) -> None:
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr.strip().splitlines()[-1:]
