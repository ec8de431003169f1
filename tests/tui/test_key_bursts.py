"""Keys that arrive together (a fast typist, tmux send-keys, a script, typing while the app starts)
are handled in order, each where the keys before it left the focus (koretui/typeahead.py)."""

from __future__ import annotations

from typing import Any

from textual.command import CommandPalette
from textual.pilot import Pilot

from koretui.app import KoreTui
from koretui.screens.main import MainScreen
from koretui.screens.row_actions import RowActionsScreen
from koretui.widgets.operation_sidebar import OperationSidebar
from tests.tui.conftest import AppFactory
from tests.tui.helpers import burst, open_op, submit, until, until_ready


def warnings(app: KoreTui) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def current_key(app: KoreTui) -> str | None:
    pane = app.main_screen.current_pane()
    return pane.op.key if pane is not None else None


async def all_handled(pilot: Pilot[Any]) -> None:
    """Wait until the burst has reached the app and every key of it has been handled."""
    app = pilot.app
    assert isinstance(app, KoreTui)
    await pilot.pause()
    await until(pilot, lambda: not app.typeahead.holding, "every key handled")


async def sidebar_on(pilot: Pilot[Any], key: str) -> None:
    app = pilot.app
    assert isinstance(app, KoreTui)
    await until_ready(pilot)
    sidebar = app.main_screen.query_one("#sidebar", OperationSidebar)
    sidebar.focus()
    sidebar.select_key(key)
    await pilot.pause()


async def test_enter_on_an_operation_then_send_sends_that_operation(make_app: AppFactory) -> None:
    app = make_app(show_timings=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await sidebar_on(pilot, "contact_list.list")
        burst(app, "enter", "ctrl+s")

        def status() -> str:
            pane = app.main_screen.current_pane()
            return str(pane.response.border_title or "") if pane is not None else ""

        await until(pilot, lambda: "200" in status() or "Pick an operation first." in warnings(app), "an outcome")
        assert "200 OK" in status()


async def test_enter_on_an_operation_then_text_fills_its_first_field(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sidebar_on(pilot, "contact_list.create")
        burst(app, "enter", *"Renewals", "tab", *"For July")
        await until(pilot, lambda: current_key(app) == "contact_list.create", "the form opened")
        pane = app.main_screen.current_pane()
        assert pane is not None
        await all_handled(pilot)
        values = pane.form.values()
        assert (values["name"], values["description"]) == ("Renewals", "For July")


async def test_text_tab_text_typed_at_once_fills_two_fields(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_op(pilot, "contact_list.create")
        pane.form.query_one("#field-name").focus()
        await pilot.pause()
        burst(app, *"Renewals", "tab", *"For July")
        await all_handled(pilot)
        values = pane.form.values()
        assert (values["name"], values["description"]) == ("Renewals", "For July")


async def test_history_then_enter_refills_the_newest_entry_not_the_sidebars(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_op(pilot, "contact_list.list")
        await submit(pilot)
        await open_op(pilot, "campaign.list")
        await sidebar_on(pilot, "contact.list")
        burst(app, "ctrl+r", "enter")
        await all_handled(pilot)
        assert current_key(app) == "contact_list.list"
        assert any("re-filled" in message for message in warnings(app))


async def test_enter_on_a_row_then_a_key_goes_to_what_enter_opened(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_op(pilot, "contact.list")
        await submit(pilot)
        pane.response.table.focus()
        await pilot.pause()
        burst(app, "enter", "a")  # a contact's details, then `a` there: its actions
        await until(pilot, lambda: isinstance(app.screen, RowActionsScreen), "the row's actions")
        await all_handled(pilot)
        assert [type(screen) for screen in app.screen_stack] == [MainScreen, RowActionsScreen]


async def test_the_palette_opened_and_used_in_one_burst_fills_the_form(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await until_ready(pilot)
        burst(app, "ctrl+p", *"Create Contact List", "enter", *"Renewals")
        await all_handled(pilot)
        assert not CommandPalette.is_open(app)
        pane = app.main_screen.current_pane()
        assert pane is not None and pane.op.key == "contact_list.create"
        assert pane.form.values()["name"] == "Renewals"


async def test_keys_typed_while_the_app_starts_reach_the_sidebar_and_the_form(make_app: AppFactory) -> None:
    app = make_app()
    # Posted before the app runs: they arrive before the first frame. Enter typed before the app
    # had the terminal arrives as a line feed (ctrl+j).
    burst(app, "down", "down", "ctrl+j", *"Renewals")
    async with app.run_test(size=(100, 30)) as pilot:
        await until_ready(pilot)
        await all_handled(pilot)
        pane = app.main_screen.current_pane()
        assert pane is not None and pane.op.key == "contact_list.create"
        assert pane.form.values()["name"] == "Renewals"
