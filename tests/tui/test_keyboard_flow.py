"""Keyboard flow: focus follows the work, errors come into view, panels give the focus back."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from core.sandbox.embedded import EmbeddedSandbox
from koretui.screens.confirm_delete import ConfirmDeleteScreen
from koretui.screens.main import MainScreen
from koretui.widgets.history_panel import HistoryPanel
from tests.tui.conftest import AppFactory
from tests.tui.helpers import error_text, open_op, submit, until


def bottom_line(app: object) -> str:
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    return "".join(segment.text for segment in strips[-1])


async def test_after_a_send_the_result_takes_the_focus(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_op(pilot, "contact_list.list")
        await submit(pilot)
        assert app.focused is pane.response.table
        created = await open_op(pilot, "contact_list.create", {"name": "Focus", "description": "x"})
        await submit(pilot)
        assert app.focused is created.response.detail  # the created list, every field


async def test_the_first_error_below_the_fold_is_focused_and_scrolled_into_view(
    make_app: AppFactory, sandbox: EmbeddedSandbox
) -> None:
    contact_id = next(iter(sandbox.state.contacts))
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_op(pilot, "contact.update", {"contact_id": contact_id, "country_code": "+44"})
        pane.form.scroll_home(animate=False)
        pane.query_one("#submit").focus()
        await submit(pilot)
        assert "country code alone" in error_text(pane, "phone_number")
        assert app.focused is pane.form.query_one("#field-phone_number")
        error_line = pane.form.query_one("#error-phone_number")
        assert error_line.region.y + error_line.region.height <= pane.form.region.bottom
        assert error_line.region.y >= pane.form.region.y
        assert pane.response.result is None


async def test_closing_the_history_gives_the_focus_back(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_op(pilot, "contact_list.create")
        name = pane.form.query_one("#field-name", Input)
        name.focus()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.focused, HistoryPanel)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.focused is name
        await pilot.press("ctrl+r", "escape")
        await pilot.pause()
        assert app.focused is name and not app.main_screen.query_one("#history").display


async def test_a_modal_footer_shows_only_its_own_keys(make_app: AppFactory, sandbox: EmbeddedSandbox) -> None:
    list_id = next(iter(sandbox.state.contact_lists))
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_op(pilot, "contact_list.delete", {"contact_list_id": list_id})
        assert "Send" in bottom_line(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()  # the question is asked once the impact is read
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDeleteScreen)
        footer = bottom_line(app)
        assert "Cancel" in footer
        assert "Send" not in footer and "curl" not in footer and "History" not in footer


async def test_an_over_long_paste_is_cut_at_the_limit_with_a_message(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_op(pilot, "contact_list.create")
        name = pane.form.query_one("#field-name", Input)
        name.focus()
        name.post_message(events.Paste("R" * 49))
        await pilot.pause()
        assert name.value == "R" * 48
        assert any("cut to the limit of 48" in note.message for note in app._notifications)
        assert error_text(pane, "name") == "limit reached: 48 characters"


async def test_a_pasted_multi_line_text_is_joined_not_dropped(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_op(pilot, "contact_list.create")
        name = pane.form.query_one("#field-name", Input)
        name.focus()
        name.post_message(events.Paste("Renewal Due\nJuly\n"))
        await pilot.pause()
        assert name.value == "Renewal Due July"


def _region_look(app: object, widget: object) -> list[str]:
    """The rendered cells (text and style) of a widget's region on screen."""
    region = widget.region  # type: ignore[attr-defined]
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    look = []
    for y in range(region.y, region.bottom):
        cells = strips[y].crop(region.x, region.right)
        look.append("".join(f"{segment.text}{segment.style}" for segment in cells))
    return look


@pytest.mark.parametrize(
    ("key", "raw"),
    [("contact.list", False), ("contact_list.update", False), ("contact_list.get", False), ("contact.list", True)],
)
async def test_every_focus_stop_looks_different_when_focused(
    make_app: AppFactory, sandbox: EmbeddedSandbox, key: str, raw: bool
) -> None:
    """A read's table, one record's fields and a raw JSON body (`j`) included."""
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        values = {"contact_list_id": next(iter(sandbox.state.contact_lists))} if key == "contact_list.get" else {}
        pane = await open_op(pilot, key, values)
        if pane.op.is_read:
            await submit(pilot)
        if raw:
            await pilot.press("j")
        app.main_screen.query_one("#sidebar").focus()
        await pilot.pause()
        seen = []
        for _ in range(30):
            await pilot.press("tab")
            await pilot.pause()
            widget = app.focused
            assert widget is not None
            if widget in seen:
                break
            seen.append(widget)
            focused_look = _region_look(app, widget)
            widget.blur()
            await pilot.pause()
            assert _region_look(app, widget) != focused_look, f"{widget!r} shows no focus"
            widget.focus()  # before the next tab: both wait their turn in the app's queue
        assert len(seen) >= 4
        shown = {"contact.list": "#results", "contact_list.get": "#detail"}.get(key)
        if shown:
            assert pane.response.query_one("#body-scroll" if raw else shown) in seen


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_footer_fits_its_keys_beside_help_and_the_palette_key_over_a_paged_table(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        pane = await open_op(pilot, "contact.list", {"limit": "10"})  # more pages: the page keys show
        await submit(pilot)
        assert app.focused is pane.response.table
        line = bottom_line(app)
        assert line.rstrip().endswith(" f1 Help ▏^p palette")
        assert all(key in line for key in ("⏎ Open", "/ Filter", "s Sort", "[] Page", "^s Send", "^r History "))


def toasts(app: object) -> list[str]:
    """The texts of the toasts on screen (Textual's Toast widgets, found by type name)."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]  # type: ignore[attr-defined]


async def test_an_error_toast_goes_when_the_same_operation_next_succeeds_and_others_stay(
    make_app: AppFactory, sandbox: EmbeddedSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(MainScreen, "ERROR_TOAST_SECONDS", 600.0)  # gone by the answer, not the clock
    list_id = next(iter(sandbox.state.contact_lists))
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_op(pilot, "contact_list.get", {"contact_list_id": "cl-0000000000"})
        app.notify("unrelated notice", timeout=600)
        await submit(pilot)
        await until(pilot, lambda: any("404" in text for text in toasts(app)), "the error toast shown")
        await open_op(pilot, "contact_list.list")
        await submit(pilot)
        assert any("404" in text for text in toasts(app))  # another operation's success leaves it
        await open_op(pilot, "contact_list.get", {"contact_list_id": list_id})
        await submit(pilot)
        await until(pilot, lambda: not any("404" in text for text in toasts(app)), "the error toast gone")
        assert "unrelated notice" in toasts(app)
