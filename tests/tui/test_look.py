"""What the screen looks like: readable colours in both themes, visible focus."""

from __future__ import annotations

import pytest

from tests.tui.conftest import AppFactory
from tests.tui.helpers import contrast, open_op, style_at, submit

THEMES = ["textual-dark", "textual-light"]


@pytest.mark.parametrize("theme", THEMES)
async def test_a_success_status_and_unfocused_frames_are_readable(make_app: AppFactory, theme: str) -> None:
    app = make_app(show_timings=False)
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = theme
        pane = await open_op(pilot, "contact_list.list")
        await submit(pilot)
        pane.form.query_one("#submit").focus()
        await pilot.pause()
        assert contrast(style_at(app, "200 OK")) >= 4.5
        assert contrast(style_at(app, "╭─ Operations")) >= 3.0
