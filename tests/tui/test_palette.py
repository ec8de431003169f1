"""The command palette: what is typed straight after choosing an entry lands in the form it opens."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.command import Command, CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from koretui.app import KoreTui
from tests.tui.conftest import AppFactory
from tests.tui.helpers import until, until_ready


async def palette_showing(pilot: Pilot[Any], query: str) -> None:
    """ctrl+p, the query set at once, and wait until its best hit is highlighted."""
    app = pilot.app
    await until_ready(pilot)
    await pilot.press("ctrl+p")
    await until(pilot, lambda: CommandPalette.is_open(app) and app.screen.query(CommandInput), "palette open")
    app.screen.query_one(CommandInput).value = query

    def best_hit() -> str:
        hits = app.screen.query_one(CommandList)
        if hits.highlighted is None:
            return ""
        option = hits.get_option_at_index(hits.highlighted)
        assert isinstance(option, Command)
        return str(option.hit.text)

    await until(pilot, lambda: best_hit() == query, f"{query!r} highlighted")


def burst(app: KoreTui, *keys: str) -> None:
    """Keys arriving together, as from a fast typist or tmux send-keys: no pause between them."""
    for key in keys:
        character = "\r" if key == "enter" else key
        app.post_message(events.Key(key, character))


async def test_text_typed_right_after_choosing_an_operation_fills_its_first_field(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await palette_showing(pilot, "Create Contact List")
        burst(app, "enter", *"Renewals")

        def name_field() -> str | None:
            pane = app.main_screen.current_pane()
            if pane is None or pane.op.key != "contact_list.create":
                return None
            return str(pane.form.values().get("name", ""))

        await until(pilot, lambda: name_field() == "Renewals", "Renewals typed into Name")
        assert isinstance(app.focused, Input) and app.focused.id == "field-name"
        assert not CommandPalette.is_open(app)


async def test_keys_after_choosing_a_theme_still_reach_the_app(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await palette_showing(pilot, "Theme: textual-light")
        burst(app, "enter", "ctrl+r")
        await until(pilot, lambda: app.theme == "textual-light", "theme chosen")
        panel = app.main_screen.history_panel
        await until(pilot, lambda: panel is not None and panel.display, "ctrl+r after Enter opened the history")
