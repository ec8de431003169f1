"""The operation list, grouped by resource, each with its one-line help (the first frame's content).

When the help lines would push operations below the bottom edge (80x24), the list shows titles
only, so every group stays in view; ctrl+b hides the whole sidebar.
"""

from __future__ import annotations

import contextlib
import math

from textual import events
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from koretui.catalog_index import OperationEntry


def _prompt(entry: OperationEntry, *, with_help: bool) -> Content:
    if not with_help:
        return Content.styled(entry.title, "bold")
    return Content.assemble((entry.title, "bold"), "\n", (entry.help, "dim"))


def lines_needed(entries: list[OperationEntry], width: int, *, with_help: bool) -> int:
    """Rows the list takes at `width` columns: group headers, separators, titles (and help)."""
    groups = len({entry.group for entry in entries})
    rows = groups * 2 - 1 if groups else 0
    for entry in entries:
        rows += math.ceil(len(entry.title) / max(width, 1))
        if with_help:
            rows += math.ceil(len(entry.help) / max(width, 1))
    return rows


def fits_with_help(entries: list[OperationEntry], columns: int, rows: int) -> bool:
    """Whether the list with help lines fits a terminal of this size (widths as in frame.tcss:
    28% of the columns, 26 to 36, less the border; the rows less banner, footer and border)."""
    inner_width = min(max(columns * 28 // 100, 26), 36) - 2
    return lines_needed(entries, inner_width, with_help=True) <= rows - 4


class OperationSidebar(OptionList):
    """Operations from the catalog; Enter or a click opens the form (option id = operation key)."""

    def __init__(
        self,
        entries: list[OperationEntry],
        *,
        extras: list[OperationEntry] | None = None,
        terminal: tuple[int, int] | None = None,
        id: str | None = None,
    ) -> None:
        self.extras = list(extras or [])
        # Decided from the terminal size up front, so the first frame is drawn once, in its final form
        # (on_resize corrects it when the estimate was off or the terminal changes).
        self.with_help = terminal is None or fits_with_help([*entries, *self.extras], *terminal)
        """Screens that are not catalog operations (Import contacts), listed after them."""
        super().__init__(*self._build_options(entries), id=id)
        self.entries = entries
        self.border_title = "Operations"

    def _build_options(self, entries: list[OperationEntry]) -> list[Option | None]:
        options: list[Option | None] = []
        group: str | None = None
        for entry in [*entries, *self.extras]:
            if entry.group != group:
                if group is not None:
                    options.append(None)
                group = entry.group
                header = Content.styled(group.upper(), "bold $text-accent")
                options.append(Option(header, id=f"group:{group}", disabled=True))
            options.append(Option(_prompt(entry, with_help=self.with_help), id=entry.key))
        return options

    def on_resize(self, event: events.Resize) -> None:
        region = self.scrollable_content_region
        fits = lines_needed([*self.entries, *self.extras], region.width, with_help=True) <= region.height
        if fits != self.with_help:
            self.with_help = fits
            self._rebuild()

    def replace_entries(self, entries: list[OperationEntry]) -> None:
        """Rebuild when the catalog differs from the cached index."""
        if entries == self.entries:
            return
        self.entries = entries
        self._rebuild()

    def _rebuild(self) -> None:
        highlighted = self.highlighted_option.id if self.highlighted_option is not None else None
        self.clear_options()
        self.add_options(self._build_options(self.entries))
        if highlighted:
            self.select_key(highlighted)

    def select_key(self, key: str) -> None:
        """Highlight an operation opened some other way (palette, row action, history)."""
        with contextlib.suppress(OptionDoesNotExist):
            self.highlighted = self.get_option_index(key)
