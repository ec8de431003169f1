"""Past submissions, newest first; selecting one re-fills its operation's form."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from koretui.history import HistoryEntry
from koretui.messages import HistoryChosen

MAX_SHOWN = 200


def _prompt(entry: HistoryEntry, title: str, *, show_time: bool) -> Content:
    status = str(entry.status) if entry.status is not None else "—"
    style = "bold $text-success" if entry.ok else "bold $text-error"
    inputs = ", ".join(f"{name}={value}" for name, value in entry.inputs.items())
    when = entry.at[11:16] + " " if show_time and len(entry.at) >= 16 else ""
    return Content.assemble((status, style), " ", title, "\n", (f"{when}{inputs}".strip(), "dim"))


class HistoryPanel(OptionList):
    """History entries (newest first); option index maps to `self.entries`."""

    BINDINGS = [Binding("escape", "screen.toggle_history", "Close history")]

    def __init__(
        self, *, titles: dict[str, str] | None = None, show_time: bool = True, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.border_title = "History"
        self.entries: list[HistoryEntry] = []
        self.titles = titles or {}
        self.show_time = show_time

    def set_entries(self, entries_oldest_first: list[HistoryEntry]) -> None:
        self.entries = list(reversed(entries_oldest_first))[:MAX_SHOWN]
        self._rebuild()

    def add_entry(self, entry: HistoryEntry) -> None:
        self.entries = [entry, *self.entries][:MAX_SHOWN]
        self._rebuild()

    def _rebuild(self) -> None:
        self.clear_options()
        titles = self.titles
        self.add_options(
            Option(_prompt(entry, titles.get(entry.operation, entry.operation), show_time=self.show_time))
            for entry in self.entries
        )
        if not self.entries:
            self.add_option(Option(Content.styled("Nothing sent yet.", "dim"), disabled=True))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.entries):
            self.post_message(HistoryChosen(self.entries[event.option_index]))
