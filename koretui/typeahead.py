"""Keys that arrive together (a fast typist, `tmux send-keys`, a script) are handled in order.

Textual routes a key to the widget focused when the key reaches the app, and runs priority bindings
(ctrl+s) at once: in the burst Enter ctrl+s, ctrl+s ran before the sidebar had opened the form Enter
chose ("Pick an operation first."); in `Renewals` Tab `For July`, the second text landed in the first
field, because Tab moves the focus only once it has gone up to the app. So the app hands keys (and
pastes) on one at a time: each once the one before has been handled all the way, together with the
messages its handling posted (the sidebar's "option selected"), and once whatever it started opening
has opened (a form being mounted, a screen being pushed, a palette choice running). Keys typed while
the app starts wait for the first frame and its focus.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
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
"""Seconds without progress after which held keys go on regardless (something never said it had
opened, a receiver went away): typing must never go dead. The normal path never waits this long.
Progress is any step: a key handed on, a node passed, something awaited done."""

SURELY_DONE_AFTER = 15.0
"""The same, while waiting for something that says when it is done whatever happens (a form or a
screen being mounted, the backend being built): on a loaded machine that can take over a second."""

STARTING = "starting"
"""What keys typed before the first frame wait for (released by `KoreTui.main_screen_mounted`)."""

PALETTE = "palette"
"""What keys typed after an Enter that runs a palette entry wait for (the palette has closed)."""


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


def typed_before_the_terminal_was_ours(event: HeldEvent) -> HeldEvent:
    """Enter typed before the app switched the terminal to raw mode arrives as a line feed (the
    terminal turned its CR into LF), which Textual reads as ctrl+j: it was Enter."""
    if isinstance(event, events.Key) and event.key == "ctrl+j":
        return events.Key("enter", "\r")
    return event


class Typeahead:
    """Hands keys and pastes to the app one at a time, each once the one before has been handled.

    `holds(event)` is asked first for every key and paste that reaches the app; a held one comes back
    through the app's queue later. `wait_for(token)` / `done(token)` (or `until_open`) hold
    everything after the current key until what it started is ready."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._held: deque[HeldEvent] = deque()
        self._replay: HeldEvent | None = None
        self._handling = False
        self._waiting_for: set[object] = {STARTING}
        self._sure: set[object] = set()  # awaited things that always say when they are done
        self._steps = 0  # progress, for the stall timer
        self._steps_when_armed = 0
        self._timer: Timer | None = None

    @property
    def holding(self) -> bool:
        return bool(self._held or self._handling or self._waiting_for)

    def holds(self, event: HeldEvent) -> bool:
        """True when `event` is kept for later; False when it is to be handled now (and is tracked
        until it has been)."""
        if event is self._replay:
            self._replay = None
        elif self._held or self._handling or self._waiting_for:
            if STARTING in self._waiting_for:
                event = typed_before_the_terminal_was_ours(event)
            self._held.append(event)
            if self._timer is None:
                self._wait()
            return True
        self._handling = True
        if isinstance(event, events.Key) and event.key == "enter" and runs_a_hit(self._app.screen):
            # The palette always says it closed (KoreTui.on_command_palette_closed), but on a loaded
            # machine closing it can take over a second with nothing else moving.
            self.wait_for(PALETTE, sure=True)
        self._app.call_next(self._after_delivery)
        return False

    def wait_for(self, token: object, *, sure: bool = False) -> None:
        """Hold the keys after this point until `done(token)`; `sure`: done is certain to come (it
        is called from a `finally`), so only a far longer stall lets the keys go."""
        self._waiting_for.add(token)
        if sure:
            self._sure.add(token)

    def done(self, token: object) -> None:
        """What `token` stood for is ready: held keys go on once nothing else is awaited."""
        self._sure.discard(token)
        if token in self._waiting_for:
            self._waiting_for.discard(token)
            self._steps += 1
            self._app.call_later(self._deliver_next)

    def until_open(self, opened: DOMNode, opening: Awaitable[object]) -> None:
        """Hold the keys after this point until `opening` (the mounting of `opened`, a form or a
        screen) has finished and `opened` has handled what followed it (a screen's focus)."""
        token = object()
        self.wait_for(token, sure=True)

        async def ready() -> None:
            try:
                await opening
            finally:
                self._follow(list(opened.ancestors_with_self) or [self._app], then=lambda: self.done(token))

        self._app.run_worker(ready(), group="typeahead", exit_on_error=False)

    def _after_delivery(self) -> None:
        """The app has handed the event on (or run its priority binding). Follow it up to the app,
        then follow what its handling posted (Enter on an option posts "option selected")."""
        try:
            receiver: DOMNode = self._app.focused or self._app.screen
        except Exception:  # no screen yet: nothing it could have posted to
            self._handled()
            return
        path = list(receiver.ancestors_with_self)
        self._follow(path, then=lambda: self._follow(path, then=self._handled))

    def _follow(self, path: list[DOMNode], then: Callable[[], object]) -> None:
        """A callback queued behind the event at each node it may bubble through, receiver to app:
        each node handles what was queued before it (the key, then the messages it caused) first."""
        self._steps += 1
        for index, node in enumerate(path):
            if isinstance(node, MessagePump) and node.call_later(self._follow, path[index + 1 :], then):
                return
        then()

    def _handled(self) -> None:
        self._handling = False
        self._deliver_next()

    def _deliver_next(self) -> None:
        if self._handling or self._waiting_for:
            return
        if not self._held:
            self._stop_waiting()
            return
        self._replay = self._held.popleft()
        self._steps += 1
        self._wait()
        self._app.post_message(self._replay)

    def _wait(self) -> None:
        """Typing must never go dead: if nothing moves for a while, the rest goes on regardless."""
        self._stop_waiting()
        if STARTING not in self._waiting_for:  # the first frame always comes (or the app exits)
            self._steps_when_armed = self._steps
            patience = SURELY_DONE_AFTER if self._waiting_for & self._sure else GIVE_BACK_AFTER
            self._timer = self._app.set_timer(patience, self._stalled, name="typeahead")

    def _stop_waiting(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _stalled(self) -> None:
        self._timer = None
        if self._steps != self._steps_when_armed:  # slow, not stuck (a blocked loop fires timers late)
            self._wait()
            return
        self._replay = None
        self._handling = False
        self._waiting_for.clear()
        self._sure.clear()
        self._deliver_next()
