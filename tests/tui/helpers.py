"""Small pilot helpers shared by the TUI tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Footer, Input, Static

from koretui.app import KoreTui
from koretui.screens.row_actions import RowActionsScreen
from koretui.widgets.limited_input import LimitedTextArea
from koretui.widgets.operation_pane import OperationPane


async def open_op(pilot: Pilot[Any], key: str, values: dict[str, Any] | None = None) -> OperationPane:
    app = pilot.app
    assert isinstance(app, KoreTui)
    await until_ready(pilot)
    app.open_operation(key, values or {})
    await pilot.pause()
    await pilot.pause()
    pane = app.main_screen.current_pane()
    assert pane is not None and pane.op.key == key
    return pane


PATIENCE = 60.0
"""Seconds a poll waits before calling the app stuck: far beyond what a slow, loaded machine needs,
so only a real hang reaches it."""


async def until(pilot: Pilot[Any], condition: Callable[[], object], what: str) -> None:
    """Poll (no fixed sleep) until `condition` holds, letting the app run between checks."""
    give_up = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > give_up:
            raise AssertionError(f"never happened: {what}")
        await pilot.pause(0.01)


async def until_ready(pilot: Pilot[Any]) -> None:
    """Wait until the main screen is composed, with its footer keys (they come last)."""
    app = pilot.app
    assert isinstance(app, KoreTui)

    def ready() -> bool:
        screen = app.main_screen
        footers = screen.query(Footer)
        return bool(screen.is_mounted and screen.query("#panes") and footers and footers.first().children)

    await until(pilot, ready, "main screen mounted")


async def type_into(pilot: Pilot[Any], pane: OperationPane, field: str, text: str) -> None:
    widget = pane.form.query_one(f"#field-{field}")
    assert isinstance(widget, (Input, LimitedTextArea))
    widget.focus()
    widget.value = ""
    await pilot.pause()
    await type_text(pilot, text)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type `text` as a fast typist does: one key event a character, through the app's own key
    handling and in order, then one wait until the app is idle. (`Pilot.press` waits for idle twice
    after every key, which was most of a form test's time.)"""
    for character in text:
        pilot.app.post_message(events.Key(_character_to_key(character), character))
    await pilot.pause()


def burst(app: Any, *keys: str) -> None:
    """Keys arriving together, as from a fast typist, tmux send-keys or a script: no pause between
    them (`Pilot.press` waits after each key). A key is a name ("enter", "ctrl+s") or a character."""
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(_character_to_key(key), key))
        else:
            app.post_message(events.Key(key, KEY_CHARACTERS.get(key)))


KEY_CHARACTERS = {"enter": "\r", "tab": "\t", "ctrl+s": "\x13", "ctrl+r": "\x12", "ctrl+p": "\x10", "ctrl+j": "\n"}


async def submit(pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def row_actions(pilot: Pilot[Any], op_key: str, row: int = 0) -> RowActionsScreen:
    """Run the read `op_key`, put the table's cursor on `row` and press `a`: that record's actions."""
    app = pilot.app
    pane = await open_op(pilot, op_key)
    await submit(pilot)
    table = pane.response.table
    table.focus()
    table.cursor = row
    await pilot.press("a")
    await until(pilot, lambda: isinstance(app.screen, RowActionsScreen), "row actions")
    assert isinstance(app.screen, RowActionsScreen)
    return app.screen


def screen_text(app: object) -> str:
    """The text on screen, line by line, as the terminal would show it."""
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def error_text(pane: OperationPane, field: str) -> str:
    return str(pane.form.query_one(f"#error-{field}", Static).render())
