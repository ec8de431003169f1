"""Past submissions, newest first; selecting one re-fills its operation's form.

Only the current tenant's entries are shown unless "all tenants" is toggled on (`a`); then each
entry from elsewhere is labelled with its host, so a re-filled delete never targets a list on
another tenant by surprise.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from koretui.history import HistoryEntry
from koretui.messages import HistoryChosen

MAX_SHOWN = 200
Tenant = tuple[str | None, str | None, str | None]
"""(host, profile, app id): where a request went."""


def tenant_label(host: str | None, profile: str | None, app: str | None = None) -> str:
    """`platform.kore.ai [prod] st-0603182c…`: the app tells apart tenants on one host."""
    if host is None:
        return "unknown tenant"
    label = f"{host} [{profile}]" if profile else host
    return f"{label} {app[:11]}…" if app and len(app) > 12 else f"{label} {app}" if app else label


def _prompt(entry: HistoryEntry, title: str, *, show_time: bool, elsewhere: bool) -> Content:
    status = str(entry.status) if entry.status is not None else "—"
    style = "bold $text-success" if entry.ok else "bold $text-error"
    inputs = ", ".join(f"{name}={value}" for name, value in entry.inputs.items())
    when = entry.at[11:16] + " " if show_time and len(entry.at) >= 16 else ""
    parts: list[str | tuple[str, str]] = [(status, style), " ", title, "\n"]
    if elsewhere:
        parts += [(f"@ {tenant_label(entry.host, entry.profile, entry.app)}", "italic $text-warning"), "\n"]
    parts.append((f"{when}{inputs}".strip(), "dim"))
    return Content.assemble(*parts)


class HistoryPanel(OptionList):
    """History entries (newest first); option index maps to `self.entries` (the ones shown)."""

    BINDINGS = [
        Binding("escape", "screen.toggle_history", "Close history", id="history.close"),
        Binding("a", "toggle_all", "All tenants", id="history.all_tenants"),
    ]

    def __init__(
        self, *, titles: dict[str, str] | None = None, show_time: bool = True, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.all_entries: list[HistoryEntry] = []
        self.entries: list[HistoryEntry] = []
        self.titles = titles or {}
        self.show_time = show_time
        self.tenant: Tenant = (None, None, None)
        self.show_all = False
        self._set_title()

    def set_entries(self, entries_oldest_first: list[HistoryEntry], *, tenant: Tenant) -> None:
        self.tenant = tenant
        self.all_entries = list(reversed(entries_oldest_first))
        self._rebuild()

    def add_entry(self, entry: HistoryEntry) -> None:
        self.all_entries = [entry, *self.all_entries]
        self._rebuild()

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all
        self._rebuild()

    def _set_title(self) -> None:
        self.border_title = "History · all tenants" if self.show_all else "History"
        self.border_subtitle = "a: this tenant only" if self.show_all else "a: all tenants"

    def _rebuild(self) -> None:
        shown = [e for e in self.all_entries if self.show_all or e.for_tenant(*self.tenant)]
        self.entries = shown[:MAX_SHOWN]
        self._set_title()
        self.clear_options()
        titles = self.titles
        self.add_options(
            Option(
                _prompt(
                    entry, titles.get(entry.operation, entry.operation), show_time=self.show_time,
                    elsewhere=not entry.for_tenant(*self.tenant),
                )
            )
            for entry in self.entries
        )
        if not self.entries:
            hidden = len(self.all_entries)
            text = f"Nothing sent to {tenant_label(*self.tenant)} yet."
            if hidden and not self.show_all:
                text += f"\n{hidden} from other tenants: press a."
            self.add_option(Option(Content.styled(text, "dim"), disabled=True))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.entries):
            self.post_message(HistoryChosen(self.entries[event.option_index]))
