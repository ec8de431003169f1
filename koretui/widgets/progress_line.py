"""The line beside Send while a call runs: what is being sent, or why it waits, counting down.

A wait the client reports ("waiting 12 s for the Kore.ai rate limit", "retrying in 2 s (503)")
counts down each second so the screen never looks hung; Escape cancels (the screen's binding).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

if TYPE_CHECKING:
    from core.pacing import Wait

CANCEL_HINT = " · Esc cancels"


class ProgressLine(Static):
    """Shows `sending(text)` or `waiting(wait)`; `clock` is injectable so tests need no sleeps."""

    def __init__(self, *, id: str | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__("", id=id)
        self.clock = clock
        self._sending = ""
        self._wait: Wait | None = None
        self._deadline = 0.0
        self._timer: Timer | None = None

    def sending(self, text: str) -> None:
        self._stop_wait()
        self._sending = text
        self._show(text + CANCEL_HINT if text else "")

    def waiting(self, wait: Wait) -> None:
        self._wait = wait
        self._deadline = self.clock() + wait.seconds
        if self._timer is None:
            self._timer = self.set_interval(0.5, self.tick)
        self.tick()

    def clear(self) -> None:
        self.sending("")

    def note(self, text: str) -> None:
        """A remark while nothing runs ("current values filled in"); the next send replaces it."""
        self._stop_wait()
        self._sending = ""
        self.update(Content.styled(text, "dim italic"))

    def tick(self) -> None:
        """Re-draw the countdown; when the wait is over, say what is being sent again."""
        if self._wait is None:
            return
        remaining = self._deadline - self.clock()
        if remaining <= 0:
            self.sending(self._sending)
            return
        self._show(str(dataclasses.replace(self._wait, seconds=remaining)) + CANCEL_HINT)

    def _stop_wait(self) -> None:
        self._wait = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _show(self, text: str) -> None:
        self.update(Content.styled(text, "italic $text-warning") if text else "")
