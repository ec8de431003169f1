"""The operation list, grouped by resource, each with its one-line help (the first frame's content)."""

from __future__ import annotations

import contextlib

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from koretui.catalog_index import OperationEntry


def _prompt(entry: OperationEntry) -> Content:
    return Content.assemble((entry.title, "bold"), "\n", (entry.help, "dim"))


class OperationSidebar(OptionList):
    """Operations from the catalog; Enter or a click opens the form (option id = operation key)."""

    def __init__(self, entries: list[OperationEntry], *, id: str | None = None) -> None:
        super().__init__(*self._build_options(entries), id=id)
        self.entries = entries
        self.border_title = "Operations"

    @staticmethod
    def _build_options(entries: list[OperationEntry]) -> list[Option | None]:
        options: list[Option | None] = []
        group: str | None = None
        for entry in entries:
            if entry.group != group:
                if group is not None:
                    options.append(None)
                group = entry.group
                header = Content.styled(group.upper(), "bold $text-accent")
                options.append(Option(header, id=f"group:{group}", disabled=True))
            options.append(Option(_prompt(entry), id=entry.key))
        return options

    def replace_entries(self, entries: list[OperationEntry]) -> None:
        """Rebuild when the catalog differs from the cached index."""
        if entries == self.entries:
            return
        self.entries = entries
        self.clear_options()
        self.add_options(self._build_options(entries))

    def select_key(self, key: str) -> None:
        """Highlight an operation opened some other way (palette, row action, history)."""
        with contextlib.suppress(OptionDoesNotExist):
            self.highlighted = self.get_option_index(key)
