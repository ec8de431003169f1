"""What every test gets back afterwards, whatever it ran in-process.

A front end's `main()` configures process-wide things: the bot's replaces the root logger's handlers
with one on the stderr of the moment (pytest's capture, closed after the test) and sets the GIL
switch interval. Left in place, a later test in another area sees httpx's INFO lines on its stderr.

In-process sandboxes a test opened are closed after it: each holds SQLite connections, a writer
and reader threads and a scratch directory, and hundreds of them left open slowed the garbage
collector and the end of the run.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

import pytest

from core.sandbox.store import SandboxStore


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


@pytest.fixture(autouse=True)
def _sandboxes_closed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    opened: list[SandboxStore] = []
    original = SandboxStore.__init__

    def recording(self: SandboxStore, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        opened.append(self)

    monkeypatch.setattr(SandboxStore, "__init__", recording)
    yield
    for store in opened:
        store.close()
