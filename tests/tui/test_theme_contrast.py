"""Every theme the app offers (ctrl+p, "theme") draws what matters readably: the sandbox banner, a
call's status, errors, frames, focus marks, the table cursor and disabled buttons. Colours are read
off the rendered screen (tests/tui/colours.py); one app visits every theme, so a new theme in
Textual is checked too."""

from __future__ import annotations

import asyncio
from typing import Any

from koretui.widgets.results_table import ResultsTable
from tests.tui.colours import contrast, rendered, style_at, style_of_cell
from tests.tui.conftest import AppFactory
from tests.tui.helpers import open_op, submit, type_into

TEXT = 4.5
"""Text on its background (WCAG 1.4.3)."""
MARK = 3.0
"""A frame or a focus mark against what it is drawn on (WCAG 1.4.11)."""
DISABLED = 2.0
"""A disabled button's label: dimmer than an enabled one, but it can be read."""
ANSI_TEXT = 3.0
"""ANSI themes use the terminal's palette: red on black is 3.6:1 in xterm's; same-colour pairs
(the sandbox banner was bright red on bright red in ansi-light) are 1:1 in any palette."""


def looks(app: Any, table: ResultsTable) -> dict[str, float]:
    """What matters on screen whose contrast is below its least, in the app's current theme."""
    text = ANSI_TEXT if app.current_theme.ansi else TEXT
    strips = rendered(app)
    cursor = table.region  # the table has the focus: its panel's frame is the focus mark
    measured = [
        ("sandbox banner", text, style_at(strips, "SANDBOX")),
        ("status", text, style_at(strips, "200 OK")),
        ("field error", text, style_at(strips, "✗")),
        ("table cursor", text, style_of_cell(strips, cursor.x + 3, cursor.y + 1)),
        ("unfocused frame", MARK, style_at(strips, "╭─ Operations")),
        ("focused frame", MARK, style_at(strips, "╭─ ✓")),
        ("disabled button", DISABLED, style_at(strips, "◀ Prev")),
        ("send button", text, style_at(strips, "Send (")),
    ]
    return {
        what: round(ratio, 2) for what, least, style in measured if (ratio := contrast(style, app)) < least
    }


async def test_every_theme_offered_draws_text_and_marks_readably(make_app: AppFactory) -> None:
    app = make_app(show_timings=False)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_op(pilot, "contact.list", {"limit": "10"})
        await submit(pilot)  # 200 OK, ◀ Prev disabled on the first page
        await type_into(pilot, pane, "limit", "0")
        await submit(pilot)  # ✗ on the limit, the table stays
        table = pane.response.table
        table.focus()
        await pilot.pause()
        unreadable = {}
        for theme in sorted(app.available_themes):
            app.theme = theme
            await settled(app)
            if low := looks(app, table):
                unreadable[theme] = low
        assert not unreadable, unreadable
        assert {"textual-dark", "textual-light", "ansi-dark", "ansi-light"} <= app.available_themes.keys()


async def settled(app: Any) -> None:
    """The app has handled what is queued (a theme's CSS refresh), without waiting for idle CPU."""
    handled = asyncio.Event()
    app.call_later(handled.set)
    await handled.wait()
