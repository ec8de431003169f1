"""Keys typed straight after choosing a command palette entry, kept for what that entry opens.

ctrl+p, "Create Contact List", Enter, "Renewals": Textual hands each key to the focused widget as it
arrives, so without this the letters land in the palette's input (still mounted while its choice
runs) and are lost. The app holds the keys that follow an Enter that runs a hit, and gives them back,
in order, once the choice has run (an operation's form has focused its first field by then).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.command import CommandList, CommandPalette

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen
    from textual.timer import Timer

HeldEvent = events.Key | events.Paste

GIVE_BACK_AFTER = 1.0
"""Seconds after which held keys are given back even if the palette never said it closed: typing
must never go dead (the normal path gives them back as soon as the choice has run)."""


def runs_a_hit(screen: Screen[object]) -> bool:
    """Whether Enter on this screen runs a palette entry (a hit is highlighted, or is the only one)."""
    if not isinstance(screen, CommandPalette):
        return False
    hits = screen.query(CommandList)
    if not hits:
        return False
    listed = hits.first(CommandList)
    index = listed.highlighted
    if index is None:
        return listed.option_count == 1
    return not listed.get_option_at_index(index).disabled


class Typeahead:
    """Holds keys (and pastes) from an Enter that runs a palette entry until `give_back`."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._held: list[HeldEvent] | None = None
        self._timer: Timer | None = None

    @property
    def holding(self) -> bool:
        return self._held is not None

    def holds(self, event: HeldEvent) -> bool:
        """True when `event` is kept for later. An Enter that runs a hit passes, and starts holding."""
        if self._held is not None:
            self._held.append(event)
            return True
        if isinstance(event, events.Key) and event.key == "enter" and runs_a_hit(self._app.screen):
            self._held = []
            self._timer = self._app.set_timer(GIVE_BACK_AFTER, self.give_back, name="typeahead")
        return False

    async def give_back(self) -> None:
        """Deliver the held events, in order, as if they arrived now (to whatever has the focus)."""
        held, self._held = self._held, None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        for event in held or ():
            await self._app.on_event(event)
