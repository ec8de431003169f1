"""What every test gets back afterwards, whatever it ran in-process.

A front end's `main()` configures process-wide things: the bot's replaces the root logger's handlers
with one on the stderr of the moment (pytest's capture, closed after the test) and sets the GIL
switch interval; servers run in-process install signal handlers. Left in place, a later test in
another area sees httpx's INFO lines on its stderr, or a SIGINT that no longer interrupts.

In-process sandboxes a test opened are closed after it: each holds SQLite connections, a writer
and reader threads and a scratch directory, and hundreds of them left open slowed the garbage
collector and the end of the run.
"""

from __future__ import annotations

import gc
import logging
import signal
import sys
from collections.abc import Iterator

import pytest

from core.sandbox.store import SandboxStore


def pytest_unconfigure(config: pytest.Config) -> None:
    """One full collection, then freeze what is left before pytest's end-of-run collections.

    pytest then collects five more times to report late unraisable exceptions; over the heap a
    whole run leaves that took several seconds, long enough for pytest-xdist to interrupt a worker
    (SIGINT after 5 s). The collection here still finds and reports what the last tests left.
    """
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def _process_wide_settings_restored() -> Iterator[None]:
    root = logging.getLogger()
    before, level, interval = root.handlers[:], root.level, sys.getswitchinterval()
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    yield
    for signum, handler in handlers.items():  # asyncio.run turns Ctrl-C into a cancel only on the default
        if signal.getsignal(signum) is not handler:
            signal.signal(signum, handler)
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
