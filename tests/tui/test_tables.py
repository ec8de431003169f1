"""Results tables behave like a data tool: filter, sort, open, copy, export, refresh, page, fit."""

from __future__ import annotations

import csv
from pathlib import Path

from core.presentation import CONTACT_LIST, LIST_CONTACT
from core.presentation_campaigns import CAMPAIGN
from core.sandbox.embedded import EmbeddedSandbox
from koretui.screens.record import RecordScreen
from koretui.table_layout import column_widths
from koretui.widgets.results_table import ResultsTable
from tests.tui.conftest import AppFactory
from tests.tui.helpers import open_op, screen_text, submit, type_text


def names(table: ResultsTable) -> list[str]:
    return [row[0] for row in table.visible_rows()]


async def test_slash_filters_the_rows_as_you_type_and_escape_brings_them_back(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_op(pilot, "contact_list.list")
        await submit(pilot)
        table = pane.response.table  # the four seeded lists and the DNC list the campaigns use
        assert app.focused is table and table.row_count == 5
        await pilot.press("slash")
        await type_text(pilot, "renewal")
        assert sorted(names(table)) == ["Renewal Due - August 2025", "Renewal Due - July 2025"]
        assert "2 of 5" in screen_text(app)
        await pilot.press("backspace")
        await type_text(pilot, "ly")  # "renewaly": nothing matches
        assert table.row_count == 0 and "No rows match" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == 5 and app.focused is table


async def test_s_sorts_by_a_column_and_again_reverses_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_op(pilot, "contact_list.list")
        await submit(pilot)
        table = pane.response.table
        await pilot.press("s")
        assert names(table) == sorted(names(table), key=str.casefold)
        assert "Name ▲" in screen_text(app)
        await pilot.press("s")
        assert names(table) == sorted(names(table), key=str.casefold, reverse=True)
        await pilot.press("s")  # the next column (Records), numerically
        counts = [int(row[1]) for row in table.visible_rows()]
        assert counts == sorted(counts)


async def test_enter_on_a_list_shows_its_contacts_at_once_in_e164(
    make_app: AppFactory, sandbox: EmbeddedSandbox
) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_op(pilot, "contact_list.list")
        await submit(pilot)
        table = pane.response.table
        record = table.current
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        contacts = app.main_screen.current_pane()
        assert contacts is not None and contacts.op.key == "contact_list.contacts"
        assert contacts.form.values()["contact_list_id"] == record.id
        phones = [row[1] for row in contacts.response.table.visible_rows()]
        assert phones and all(phone.startswith("+") for phone in phones)
        assert app.focused is contacts.response.table
        await pilot.press("enter")  # a contact of a list: nothing acts on it, so its fields
        await pilot.pause()
        assert isinstance(app.screen, RecordScreen)
        text = screen_text(app)
        assert "Phone" in text and phones[0] in text and "Created" in text


async def test_copy_id_copy_row_and_csv_export(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_op(pilot, "contact_list.list")
        await submit(pilot)
        table = pane.response.table
        await pilot.press("slash")
        await type_text(pilot, "renewal")
        await pilot.press("enter")
        await pilot.pause()
        record = table.current
        await pilot.press("c")
        await pilot.pause()
        assert app.last_copied == record.id
        await pilot.press("C")
        await pilot.pause()
        assert app.last_copied is not None and f'"_id": "{record.id}"' in app.last_copied
        await pilot.press("e")
        await pilot.pause()
    [exported] = tmp_path.glob("kore-contact-lists-*.csv")  # the tests run in tmp_path
    rows = list(csv.reader(exported.open()))
    assert rows[0] == ["Id", "Name", "Records", "Status", "Updated"]
    assert len(rows) == 3 and all("Renewal" in row[1] for row in rows[1:])
    assert exported.stat().st_mode & 0o777 == 0o600


async def test_r_refreshes_the_read(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_op(pilot, "contact_list.list")
        await submit(pilot)
        assert app.backend is not None
        await app.backend.client.execute("contact_list.create", name="Made elsewhere", description="")
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Made elsewhere" in names(pane.response.table)


async def test_page_down_at_the_last_row_turns_the_page(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_op(pilot, "contact.list", {"limit": "5"})
        await submit(pilot)
        table = pane.response.table
        first = list(table.records)
        await pilot.press("pagedown")
        assert list(table.records) == first and table.cursor == 4  # first to the last row
        await pilot.press("pagedown")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not set(table.records) & set(first) and pane.form.values()["skip"] == "5"


async def test_long_names_are_shown_whole_while_there_is_room(make_app: AppFactory) -> None:
    long_name = "Renewal Due - July 2026 - Enterprise accounts"
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        create = await open_op(pilot, "contact_list.create", {"name": long_name, "description": "x"})
        await submit(pilot)
        assert create.response.result is not None
        await open_op(pilot, "contact_list.list")
        await submit(pilot)
        assert long_name in screen_text(app)


def test_column_widths_give_spare_room_to_names_first_then_to_other_cut_columns() -> None:
    columns = CONTACT_LIST.columns  # Name (grows, min 18), Records, Status, Updated
    natural = [45, 9, 8, 10]
    assert column_widths(columns, natural, 60) == [33, 9, 8, 10]
    assert column_widths(columns, natural, 200) == [45, 9, 8, 10]
    assert column_widths(columns, natural, 30) == [18, 9, 8, 10]  # no room: the minimum, scrolls


def test_an_id_gives_way_first_and_names_only_when_that_makes_the_table_fit() -> None:
    id_first = LIST_CONTACT.columns  # Id (role id, min 12), Phone, Created
    assert column_widths(id_first, [39, 12, 10], 44) == [22, 12, 10]  # the date stays whole
    assert column_widths(id_first, [39, 12, 10], 20) == [12, 12, 10]  # scrolls; the id keeps 12
    columns = CONTACT_LIST.columns  # Name (grows, min 18), Records, Status, Updated
    assert column_widths(columns, [27, 9, 6, 10], 42) == [17, 9, 6, 10]  # one cell short: the name gives it
    assert column_widths(columns, [27, 9, 6, 10], 30) == [18, 9, 6, 10]  # far too narrow: readable, scrolls


async def test_beside_the_sidebar_at_80x24_every_column_of_the_lists_shows_whole(make_app: AppFactory) -> None:
    """`Updated` was cut to `2025-06-` (room kept for a sort mark on every column); sorted too."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_op(pilot, "contact_list.list")
        await submit(pilot)
        table = pane.response.table
        for presses in ([], ["s", "s", "s", "s"]):  # unsorted, then by Records descending (its ▼ shown)
            await pilot.press(*presses)
            await pilot.pause()
            assert table.virtual_size.width <= table.scrollable_content_region.width
            for row in table.visible_rows():
                assert row[3] in screen_text(app)  # the date, whole
        assert "Records ▼" in screen_text(app)


async def test_j_shows_the_raw_body_and_back(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_op(pilot, "contact_list.list")
        await submit(pilot)
        await pilot.press("j")
        await pilot.pause()
        body = pane.response.query_one("#body-scroll")
        assert body.display and not pane.response.table.display and app.focused is body
        assert '"status"' in screen_text(app)
        await pilot.press("j")
        await pilot.pause()
        assert pane.response.table.display and app.focused is pane.response.table


def test_a_table_too_narrow_leaves_out_the_columns_ranked_least_useful_before_cutting_names() -> None:
    columns = CAMPAIGN.columns  # Name (grows, 18), Status, Priority (drop 1), Dialing (2), Lists (grows, 14), Updated (3)
    natural = [23, 7, 8, 11, 27, 10]
    assert column_widths(columns, natural, 200, 1) == natural  # room for all: nothing left out
    assert column_widths(columns, natural, 68, 1) == [23, 7, 0, 0, 20, 10]  # names whole, Updated kept
    widths = column_widths(columns, natural, 52, 1)  # every ranked column out, then names give way
    assert widths[2] == widths[3] == widths[5] == 0 and sum(widths) + 2 * 3 <= 52
    assert column_widths(CONTACT_LIST.columns, [27, 9, 6, 10], 50, 1) == [17, 9, 6, 10]  # none ranked: as before


async def test_campaigns_beside_the_sidebar_at_100x30_fit_without_scrolling_and_say_what_is_hidden(
    make_app: AppFactory,
) -> None:
    """Updated was off screen and Lists cut to `Payment Remin…`, in a table that scrolled sideways."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_op(pilot, "campaign.list")
        await submit(pilot)
        table = pane.response.table
        assert table.virtual_size.width <= table.scrollable_content_region.width
        shown = screen_text(app)
        for row in table.visible_rows():
            assert row[0] in shown and row[5] in shown  # names and dates whole
        assert "Priority" not in shown.split("Name", 1)[1].splitlines()[0]
        assert str(pane.response.border_subtitle).startswith("2 columns hidden · v shows all: Priority, Dialing")
        await pilot.press("s", "s", "s")  # the sort skips the columns left out: Name ▲, Name ▼, then Status
        await pilot.pause()
        assert table.sort_column == 1
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, RecordScreen) and "Dialing mode" in screen_text(app)
