"""SVG snapshots of the main screens at 80x24 (seeded sandbox, durations hidden, no cursor blink).

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`, then
look at the SVGs before committing them.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.tui.conftest import AppFactory
from tests.tui.helpers import open_op, submit, type_into


def test_main_screen_on_start_in_sandbox(snap_compare: Any, make_app: AppFactory) -> None:
    app = make_app(show_timings=False)

    async def settle(pilot: Pilot[Any]) -> None:
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_create_form_with_an_inline_error(snap_compare: Any, make_app: AppFactory) -> None:
    app = make_app(show_timings=False)

    async def fill(pilot: Pilot[Any]) -> None:
        pane = await open_op(pilot, "contact_list.create")
        await type_into(pilot, pane, "description", "Customers renewing in July")
        await submit(pilot)
        pane.form.query_one("#field-name").focus()
        pane.form.scroll_home(animate=False)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=fill)


def test_delete_confirm_modal(snap_compare: Any, make_app: AppFactory) -> None:
    from tests.tui.conftest import make_sandbox

    sandbox = make_sandbox()
    list_id = next(iter(sandbox.state.contact_lists))
    app = make_app(sandbox, show_timings=False)

    async def ask(pilot: Pilot[Any]) -> None:
        await open_op(pilot, "contact_list.list")
        await submit(pilot)
        await open_op(pilot, "contact_list.delete", {"contact_list_id": list_id})
        await pilot.press("ctrl+s")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=ask)


def test_read_result_table(snap_compare: Any, make_app: AppFactory) -> None:
    app = make_app(show_timings=False)

    async def read(pilot: Pilot[Any]) -> None:
        pane = await open_op(pilot, "contact.list")
        await submit(pilot)
        pane.response.table.focus()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=read)


def test_create_form_with_an_inline_error_in_the_light_theme(snap_compare: Any, make_app: AppFactory) -> None:
    app = make_app(show_timings=False)

    async def fill(pilot: Pilot[Any]) -> None:
        pilot.app.theme = "textual-light"
        pane = await open_op(pilot, "contact_list.create")
        await type_into(pilot, pane, "description", "Customers renewing in July")
        await submit(pilot)
        pane.form.scroll_home(animate=False)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=fill)
