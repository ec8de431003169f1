"""A running import: a bar with rows sent, then one line with batches, rate and time left.

The line is core's (`Progress.describe`, as `kore import` prints it), so both front ends say the same thing;
rate-limit waits replace it with a countdown ("waiting 12 s for the Kore.ai rate limit").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar

from koretui.widgets.progress_line import ProgressLine

if TYPE_CHECKING:
    from core.bulk.sending import Progress
    from core.pacing import Wait


class ImportProgress(Vertical):
    """Shown while a job runs; `update_from` takes the engine's `Progress`."""

    def compose(self) -> ComposeResult:
        yield ProgressBar(total=None, show_eta=False, id="import-bar")
        yield ProgressLine(id="import-line")

    @property
    def line(self) -> ProgressLine:
        return self.query_one("#import-line", ProgressLine)

    def start(self, total: int, sent: int, text: str) -> None:
        self.query_one("#import-bar", ProgressBar).update(total=max(total, 1), progress=sent)
        self.line.sending(text)

    def update_from(self, progress: Progress) -> None:
        bar = self.query_one("#import-bar", ProgressBar)
        bar.update(total=max(progress.total, 1), progress=progress.sent)
        self.line.sending(progress.describe())

    def waiting(self, wait: Wait) -> None:
        self.line.waiting(wait)

    def note(self, text: str) -> None:
        self.line.sending(text)
