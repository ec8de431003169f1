"""Progress of an import on stderr: a bar redrawn in place on a terminal, plain lines otherwise."""

from __future__ import annotations

import shutil

from core.bulk.sending import Progress
from koretui.cli.console import Console

BAR_WIDTH = 24


class ProgressPrinter:
    """Callable given to the engine as `on_progress`."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.live = console.err_is_terminal
        self._drawn = False

    def __call__(self, progress: Progress) -> None:
        text = progress.describe()
        if not self.live:
            self.console.narrate(f"kore: {text}")
            return
        if progress.phase == "sending" and progress.total:
            filled = round(BAR_WIDTH * progress.sent / progress.total)
            text = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {text}"
        width = shutil.get_terminal_size((100, 20)).columns - 1
        self.console.err.write("\r" + text[:width].ljust(width))
        self.console.err.flush()
        self._drawn = True

    def line(self, text: str) -> None:
        """A message that must not be overwritten by the bar (rate-limit waits, warnings)."""
        self.end()
        self.console.narrate(f"kore: {text}")

    def wait(self, wait: object) -> None:
        """The client's `on_wait`: 'waiting 12 s for the Kore.ai rate limit' on its own line."""
        self.line(str(wait))

    def end(self) -> None:
        if self._drawn:
            self.console.err.write("\n")
            self.console.err.flush()
            self._drawn = False
