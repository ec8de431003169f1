"""SVG snapshots of the main screens (seeded sandbox, durations hidden, no cursor blink).

Only the first shows the whole sidebar, so a new catalog operation changes one SVG; every other
snapshot hides the sidebar (ctrl+b) and does not depend on the operation list. Each main screen
is taken at 80x24 in both themes (scrollbars, cut values and the narrow layout appear only there)
and at 160x45 in the light theme; 160x45 in the dark theme would show nothing these three do not.

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`, then
look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import AppFactory, make_sandbox
from tests.tui.helpers import open_op, submit, type_into, until_ready

LOOKS = [
    pytest.param((80, 24), "textual-dark", id="80x24-dark"),
    pytest.param((80, 24), "textual-light", id="80x24-light"),
    pytest.param((160, 45), "textual-light", id="160x45-light"),
]
Steps = Callable[[Pilot[Any]], Awaitable[None]]


def snapshot(snap_compare: Any, make_app: AppFactory, size: tuple[int, int], theme: str, steps: Steps) -> bool:
    sandbox = make_sandbox()
    app = make_app(sandbox, show_timings=False)

    async def run(pilot: Pilot[Any]) -> None:
        await until_ready(pilot)
        pilot.app.theme = theme
        await pilot.press("ctrl+b")  # the sidebar is hidden: only the start screen shows it
        await steps(pilot)
        await pilot.pause()

    return bool(snap_compare(app, terminal_size=size, run_before=run))


def test_start_screen_shows_every_operation(snap_compare: Any, make_app: AppFactory) -> None:
    app = make_app(show_timings=False)

    async def settle(pilot: Pilot[Any]) -> None:
        await until_ready(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(160, 45), run_before=settle)


@pytest.mark.parametrize(("size", "theme"), LOOKS)
def test_create_form_with_an_inline_error(snap_compare: Any, make_app: AppFactory, size: Any, theme: str) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        pane = await open_op(pilot, "contact_list.create")
        await type_into(pilot, pane, "description", "Customers renewing in July")
        await submit(pilot)
        pane.form.scroll_home(animate=False)

    assert snapshot(snap_compare, make_app, size, theme, steps)


@pytest.mark.parametrize(("size", "theme"), LOOKS)
def test_read_result_table(snap_compare: Any, make_app: AppFactory, size: Any, theme: str) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        await open_op(pilot, "contact.list")
        await submit(pilot)

    assert snapshot(snap_compare, make_app, size, theme, steps)


@pytest.mark.parametrize(("size", "theme"), LOOKS)
def test_one_record_with_every_field(snap_compare: Any, make_app: AppFactory, size: Any, theme: str) -> None:
    async def steps(pilot: Pilot[Any]) -> None:
        sandbox = pilot.app.backend.sandbox  # type: ignore[attr-defined]
        list_id = next(iter(sandbox.state.contact_lists))
        await open_op(pilot, "contact_list.get", {"contact_list_id": list_id})
        await submit(pilot)

    assert snapshot(snap_compare, make_app, size, theme, steps)


def ask_delete(in_use: bool) -> Steps:
    """Delete Contact List asked for a list no campaign uses (the question), or one a campaign does."""

    async def steps(pilot: Pilot[Any]) -> None:
        sandbox = pilot.app.backend.sandbox  # type: ignore[attr-defined]
        lists = sandbox.state.contact_lists.items()
        list_id = next(key for key, record in lists if record["isListInUse"] == in_use)
        await open_op(pilot, "contact_list.list")
        await submit(pilot)
        await open_op(pilot, "contact_list.delete", {"contact_list_id": list_id})
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()  # the question is asked once the impact is read
        await pilot.pause()

    return steps


@pytest.mark.parametrize(("size", "theme"), LOOKS)
def test_delete_confirm_modal(snap_compare: Any, make_app: AppFactory, size: Any, theme: str) -> None:
    assert snapshot(snap_compare, make_app, size, theme, ask_delete(in_use=False))


def test_delete_kore_would_refuse_offers_only_close(snap_compare: Any, make_app: AppFactory) -> None:
    assert snapshot(snap_compare, make_app, (80, 24), "textual-dark", ask_delete(in_use=True))
