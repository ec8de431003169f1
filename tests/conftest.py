"""What every test gets back afterwards, whatever it ran in-process.

A front end's `main()` configures process-wide things: the bot's replaces the root logger's handlers
with one on the stderr of the moment (pytest's capture, closed after the test) and sets the GIL
switch interval. Left in place, a later test in another area sees httpx's INFO lines on its stderr.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _process_wide_settings_restored() -> Iterator[None]:
    root = logging.getLogger()
    before, level, interval = root.handlers[:], root.level, sys.getswitchinterval()
    yield
    # pytest adds and removes its own capture handlers around each phase: leave those to it.
    ours = [handler for handler in before if not _pytests(handler)]
    root.handlers[:] = ours + [handler for handler in root.handlers if _pytests(handler)]
    root.setLevel(level)
    sys.setswitchinterval(interval)


def _pytests(handler: logging.Handler) -> bool:
    return type(handler).__module__.startswith("_pytest")
