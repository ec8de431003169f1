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
from textual.message_pump import MessagePump

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.screen import Screen
    from textual.timer import Timer

HeldEvent = events.Key | events.Paste

GIVE_BACK_AFTER = 1.0
"""Seconds without progress after which held keys go on regardless (the palette never said it
closed, a receiver went away): typing must never go dead. The normal path never waits this long."""


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
    """Holds keys (and pastes) from an Enter that runs a palette entry until `give_back`.

    They come back one at a time through the app's queue, each once the widget that took the one
    before has handled it: a field has its letters before a later ctrl+s (an app key) reads it.
    Keys that arrive meanwhile are held too, and follow."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._held: list[HeldEvent] | None = None
        self._replay: HeldEvent | None = None
        self._timer: Timer | None = None

    @property
    def holding(self) -> bool:
        return self._held is not None

    def holds(self, event: HeldEvent) -> bool:
        """True when `event` is kept for later. An Enter that runs a hit passes, and starts holding."""
        if event is self._replay:
            self._replay = None
            self._app.call_next(self._after_delivery)
            return False
        if self._held is not None:
            self._held.append(event)
            return True
        if isinstance(event, events.Key) and event.key == "enter" and runs_a_hit(self._app.screen):
            self._held = []
            self._wait()
        return False

    def give_back(self) -> None:
        """Start handing the held events back (the palette's choice has run)."""
        if self._replay is None:
            self._deliver_next()

    def _deliver_next(self) -> None:
        held = self._held or []
        if not held:
            self._held = None
            self._stop_waiting()
            return
        self._replay = held.pop(0)
        self._wait()
        self._app.post_message(self._replay)

    def _after_delivery(self) -> None:
        """The app has handed the event on. The next goes once it has been handled all the way up:
        a Tab that bubbles back to the app moves the focus before the next letter is handed on."""
        receiver = self._app.focused or self._app.screen
        self._follow(list(receiver.ancestors_with_self))

    def _follow(self, path: list[DOMNode]) -> None:
        """A callback queued behind the event at each node it may bubble through, receiver to app."""
        if not path:
            self._deliver_next()
            return
        node = path[0]
        if isinstance(node, MessagePump):
            node.call_later(self._follow, path[1:])
        else:
            self._follow(path[1:])

    def _wait(self) -> None:
        """Typing must never go dead: if nothing moves for a while, the rest goes on regardless."""
        self._stop_waiting()
        self._timer = self._app.set_timer(GIVE_BACK_AFTER, self._stalled, name="typeahead")

    def _stop_waiting(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _stalled(self) -> None:
        self._timer = None
        self._replay = None
        self._deliver_next()
