"""Destructive calls ask first (Cancel focused, Escape cancels); result rows offer their operations."""

from __future__ import annotations

from textual.widgets import Button

from core.sandbox.embedded import EmbeddedSandbox
from koretui.screens.confirm_delete import ConfirmDeleteScreen
from koretui.screens.row_actions import RowActionsScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import open_op, row_actions, submit, type_text


async def _ask_delete(pilot, list_id: str):  # type: ignore[no-untyped-def]
    pane = await open_op(pilot, "contact_list.delete", {"contact_list_id": list_id})
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # the question is asked once the impact is read
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ConfirmDeleteScreen)
    return pane, screen


async def test_delete_confirm_names_the_list_and_focuses_cancel(make_app: AppFactory, sandbox: EmbeddedSandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        lists = await open_op(pilot, "contact_list.list")
        await submit(pilot)
        list_id, record = next(iter(sandbox.state.contact_lists.items()))
        _, screen = await _ask_delete(pilot, list_id)
        text = str(screen.query_one("#question").render())
        assert list_id in text and record["name"] in text and "records" in text
        assert isinstance(app.focused, Button) and app.focused.id == "cancel"
        await pilot.press("enter")
        await pilot.pause()
        assert list_id in sandbox.state.contact_lists
        assert lists.response.table.row_count == len(sandbox.state.contact_lists)


async def test_escape_cancels_the_delete(make_app: AppFactory, sandbox: EmbeddedSandbox) -> None:
    app = make_app(sandbox)
    list_id = next(iter(sandbox.state.contact_lists))
    async with app.run_test(size=(80, 24)) as pilot:
        await _ask_delete(pilot, list_id)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDeleteScreen)
        assert list_id in sandbox.state.contact_lists


async def test_confirmed_delete_removes_the_list_from_sandbox_table_and_suggestions(
    make_app: AppFactory, sandbox: EmbeddedSandbox
) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        lists = await open_op(pilot, "contact_list.list")
        await submit(pilot)
        list_id = next(key for key, record in sandbox.state.contact_lists.items() if not record["isListInUse"])
        assert app.known_ids.get("contact_list_id", list_id) is not None
        await _ask_delete(pilot, list_id)
        await pilot.click("#delete")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert list_id not in sandbox.state.contact_lists
        assert list_id not in lists.response.table.records
        assert app.known_ids.get("contact_list_id", list_id) is None


async def test_a_on_a_row_offers_update_and_delete_with_the_id_filled(
    make_app: AppFactory, sandbox: EmbeddedSandbox
) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await row_actions(pilot, "contact_list.list", row=1)
        keys = [op.key for op in screen.operations]
        assert "contact_list.update" in keys and "contact_list.delete" in keys
        chosen_id = screen.record_id
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, RowActionsScreen)
        screen = app.screen
        screen.query_one("#actions").highlighted = keys.index("contact_list.update")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        pane = app.main_screen.current_pane()
        assert pane is not None and pane.op.key == "contact_list.update"
        assert pane.form.values()["contact_list_id"] == chosen_id


async def test_after_a_row_action_the_focus_is_on_what_is_left_to_fill_so_typing_keeps_the_id(
    make_app: AppFactory, sandbox: EmbeddedSandbox
) -> None:
    """The id field had the focus with its text selected: a new name typed at once replaced the id."""
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        for action, focused in (("contact_list.update", "field-name"), ("contact_list.delete", "submit")):
            screen = await row_actions(pilot, "contact_list.list")
            chosen_id = screen.record_id
            screen.query_one("#actions").highlighted = [op.key for op in screen.operations].index(action)  # type: ignore[attr-defined]
            await pilot.press("enter")
            await app.workers.wait_for_complete()  # the update form reads the list's current values
            await pilot.pause()
            pane = app.main_screen.current_pane()
            assert pane is not None and app.focused is not None and app.focused.id == focused, action
            await type_text(pilot, "X")
            assert pane.form.values()["contact_list_id"] == chosen_id


async def test_the_next_page_key_shows_the_following_records(
    make_app: AppFactory, sandbox: EmbeddedSandbox
) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_op(pilot, "contact.list", {"limit": "10"})
        await submit(pilot)
        first_page = list(pane.response.table.records)
        assert len(first_page) == 10
        assert app.focused is pane.response.table
        assert "[] Page" in "".join(s.text for s in app.screen._compositor.render_strips()[-1])
        await pilot.press("right_square_bracket")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        second_page = list(pane.response.table.records)
        assert second_page and not set(second_page) & set(first_page)
        assert pane.form.values()["skip"] == "10"
        assert "11-20 of" in str(pane.response.query_one("#page-info").render())


async def test_deleting_a_list_in_use_says_why_and_offers_only_close(
    make_app: AppFactory, sandbox: EmbeddedSandbox
) -> None:
    app = make_app(sandbox)
    list_id = next(key for key, record in sandbox.state.contact_lists.items() if record["isListInUse"])
    async with app.run_test(size=(100, 30)) as pilot:
        pane, screen = await _ask_delete(pilot, list_id)
        text = str(screen.query_one("#question").render())
        assert "In use by:" in text and "July Renewals Outreach" in text and "refuses to delete" in text
        assert "Delete is not offered" in text
        assert not screen.query("#delete")
        assert isinstance(app.focused, Button) and str(app.focused.label) == "Close"
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert not isinstance(app.screen, ConfirmDeleteScreen)
        assert list_id in sandbox.state.contact_lists
        assert "Nothing sent yet" in str(pane.response.query_one("#body").render())


async def test_a_long_fact_wraps_under_its_value_not_under_the_labels(
    make_app: AppFactory, sandbox: EmbeddedSandbox
) -> None:
    app = make_app(sandbox)
    list_id = next(key for key, record in sandbox.state.contact_lists.items() if record["name"] == "Do Not Call - Global")
    async with app.run_test(size=(100, 30)) as pilot:
        await _ask_delete(pilot, list_id)
        lines = ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]
        first = next(i for i, line in enumerate(lines) if "In use by:" in line)
        assert "Payment Reminders" in lines[first + 1]
        assert lines[first + 1].index("Payment Reminders") == lines[first].index("July Renewals Outreach")
