"""The command palette: what is typed straight after choosing an entry lands in the form it opens."""

from __future__ import annotations

from typing import Any

from textual.command import Command, CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot

from tests.tui.conftest import AppFactory
from tests.tui.helpers import burst, until, until_ready


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


async def test_text_typed_right_after_choosing_an_operation_fills_its_fields_in_order(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await palette_showing(pilot, "Create Contact List")
        burst(app, "enter", *"Renewals", "tab", *"For July")

        def typed() -> tuple[str, str] | None:
            pane = app.main_screen.current_pane()
            if pane is None or pane.op.key != "contact_list.create":
                return None
            values = pane.form.values()
            return str(values.get("name", "")), str(values.get("description", ""))

        await until(pilot, lambda: typed() == ("Renewals", "For July"), "Name, Tab, Description typed")
        assert app.focused is not None and app.focused.id == "field-description"
        assert not CommandPalette.is_open(app)


async def test_keys_after_choosing_a_theme_still_reach_the_app(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await palette_showing(pilot, "Theme: textual-light")
        burst(app, "enter", "ctrl+r")
        await until(pilot, lambda: app.theme == "textual-light", "theme chosen")
        panel = app.main_screen.history_panel
        await until(pilot, lambda: panel is not None and panel.display, "ctrl+r after Enter opened the history")


async def test_a_send_key_typed_after_the_text_sends_what_was_typed(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await palette_showing(pilot, "Get Contact List Details")
        burst(app, "enter", *"cl-0000000000", "ctrl+s")

        def answered() -> str:
            pane = app.main_screen.current_pane()
            return str(pane.response.border_title or "") if pane is not None else ""

        await until(pilot, lambda: "404" in answered(), "the typed id sent and answered 404")
        pane = app.main_screen.current_pane()
        assert pane is not None and pane.form.values()["contact_list_id"] == "cl-0000000000"
