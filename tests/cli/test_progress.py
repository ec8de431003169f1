"""Progress on stderr: a bar with waits beside it on a terminal, sparse plain lines otherwise."""

from __future__ import annotations

import io

import pytest

from core.bulk.sending import Progress
from koretui.cli.console import Console
from koretui.cli.progress import ProgressPrinter


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_without_a_terminal_rate_limit_waits_are_printed_now_and_then() -> None:
    err = io.StringIO()
    now = [0.0]
    printer = ProgressPrinter(Console(err=err), clock=lambda: now[0])
    for second in (0, 5, 10, 31, 40):
        now[0] = second
        printer.wait("waiting 60 s for the Kore.ai rate limit")
    printer(Progress("sending", 500, 1000, 1, 2, 250.0, 2.0))
    assert err.getvalue().splitlines() == [
        "kore: waiting 60 s for the Kore.ai rate limit",
        "kore: waiting 60 s for the Kore.ai rate limit",
        "kore: sent 500 of 1,000 · batch 1/2 · 250.0 rows/s · about 2s left",
    ]


def test_on_a_terminal_the_bar_is_redrawn_in_place_with_the_wait_beside_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    err = Terminal()
    printer = ProgressPrinter(Console(err=err))
    printer(Progress("sending", 500, 1000, 1, 2, 250.0, 61.0))
    printer.wait("waiting 58 s for the Kore.ai rate limit")
    printer.end()
    frames = err.getvalue().split("\r")[1:]
    assert frames[0].startswith("[############............] sent 500 of 1,000 · batch 1/2")
    assert frames[1].startswith(
        "[############............] sent 500 of 1,000 · waiting 58 s for the Kore.ai rate limit · about 1m01s left"
    )
    assert err.getvalue().endswith("\n")
