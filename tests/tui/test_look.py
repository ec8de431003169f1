"""What the screen looks like: labels that show, long values that wrap (readable colours in every
theme: test_theme_contrast.py)."""

from __future__ import annotations

import pytest

from core.presentation import CONTACT_LIST
from core.sandbox.embedded import EmbeddedSandbox
from tests.tui.conftest import AppFactory
from tests.tui.helpers import open_op, submit


@pytest.mark.parametrize("theme", ["ansi-dark", "textual-dark"])
async def test_one_line_buttons_show_their_labels_in_ansi_themes_too(make_app: AppFactory, theme: str) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = theme
        await open_op(pilot, "contact.list", {"limit": "10"})
        await submit(pilot)
        lines = ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]
        paging = next(line for line in lines if "1-10 of 25" in line)
        assert "◀ Prev" in paging and "Next ▶" in paging  # Prev is disabled on the first page


async def test_a_long_value_in_a_records_fields_wraps_under_itself_not_under_the_labels(
    make_app: AppFactory, sandbox: EmbeddedSandbox
) -> None:
    lists = sandbox.state.contact_lists.items()
    list_id, record = next((key, value) for key, value in lists if len(value["description"]) > 70)
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_op(pilot, "contact_list.get", {"contact_list_id": list_id})
        await submit(pilot)
        lines = str(pane.response.detail.query_one(".detail-body").render()).splitlines()
        labels = [line for line in lines if not line.startswith(" ")]
        rows = CONTACT_LIST.detail_rows(pane.response.detail.record)
        assert [line.split("  ")[0] for line in labels] == [label for label, _ in rows]
        first = next(index for index, line in enumerate(lines) if line.startswith("Description"))
        indent = lines[first].index(record["description"][:10])
        assert lines[first + 1].startswith(" " * indent) and lines[first + 1].strip()  # the rest, under the value
