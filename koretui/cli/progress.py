"""Progress of an import on stderr: a bar redrawn in place on a terminal, plain lines otherwise."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable

from core.bulk.sending import Progress, duration
from koretui.cli.console import Console

BAR_WIDTH = 24


class ProgressPrinter:
    """Callable given to the engine as `on_progress`; `wait` is the client's `on_wait`."""

    QUIET_WAITS = 30.0
    """Without a terminal, rate-limit waits are printed at most this often (every batch waits)."""

    def __init__(self, console: Console, clock: Callable[[], float] = time.monotonic) -> None:
        self.console = console
        self.live = console.err_is_terminal
        self.clock = clock
        self._drawn = False
        self._last: Progress | None = None
        self._last_wait_line = -self.QUIET_WAITS

    def __call__(self, progress: Progress) -> None:
        text = progress.describe()
        if not self.live:
            self.console.narrate(f"kore: {text}")
            return
        self._last = progress
        self._draw(f"{self._bar(progress)}{text}")

    @staticmethod
    def _bar(progress: Progress) -> str:
        if progress.phase != "sending" or not progress.total:
            return ""
        filled = round(BAR_WIDTH * progress.sent / progress.total)
        return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "

    def _draw(self, text: str) -> None:
        width = shutil.get_terminal_size((100, 20)).columns - 1
        self.console.err.write("\r" + text[:width].ljust(width))
        self.console.err.flush()
        self._drawn = True

    def line(self, text: str) -> None:
        """A message that must not be overwritten by the bar (warnings, the resume hint)."""
        self.end()
        self.console.narrate(f"kore: {text}")

    def wait(self, wait: object) -> None:
        """'waiting 12 s for the Kore.ai rate limit': beside the bar on a terminal, else now and then."""
        text = str(wait)
        last = self._last
        if self.live and last is not None and last.phase == "sending":
            left = f" · about {duration(last.eta)} left" if last.eta is not None else ""
            self._draw(f"{self._bar(last)}sent {last.sent:,} of {last.total:,} · {text}{left}")
            return
        now = self.clock()
        if now - self._last_wait_line >= self.QUIET_WAITS:
            self._last_wait_line = now
            self.line(text)

    def end(self) -> None:
        if self._drawn:
            self.console.err.write("\n")
            self.console.err.flush()
            self._drawn = False
