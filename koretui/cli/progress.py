"""Progress of an import on stderr: a bar redrawn in place on a terminal, plain lines otherwise."""

from __future__ import annotations

import shutil

from core.bulk.sending import Progress
from koretui.cli.console import Console

BAR_WIDTH = 24


def duration(seconds: float | None) -> str:
    """`2m05s`, `45s`, `1h02m`; `?` when unknown."""
    if seconds is None:
        return "?"
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def describe(progress: Progress) -> str:
    """One line: `sent 1,000 of 10,000 · batch 2/20 · 16.7 rows/s · about 9m00s left`."""
    if progress.phase != "sending":
        return f"{progress.phase}: {progress.note}" if progress.note else progress.phase
    parts = [f"sent {progress.sent:,} of {progress.total:,}"]
    if progress.batches_total:
        parts.append(f"batch {progress.batches}/{progress.batches_total}")
    if progress.rate:
        parts.append(f"{progress.rate:,.1f} rows/s")
        parts.append(f"about {duration(progress.eta)} left")
    return " · ".join(parts)


class ProgressPrinter:
    """Callable given to the engine as `on_progress`."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.live = console.err_is_terminal
        self._drawn = False

    def __call__(self, progress: Progress) -> None:
        text = describe(progress)
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
