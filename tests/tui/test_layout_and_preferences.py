"""80x24 stays usable; the theme is remembered; keys can be remapped by binding id; the description
is a multi-line field with a counter."""

from __future__ import annotations

import os
from pathlib import Path

from textual import events
from textual.command import CommandList
from textual.widgets import Button

from koretui.keys import binding_ids
from koretui.widgets.limited_input import LimitedTextArea
from koretui.widgets.operation_sidebar import OperationSidebar
from tests.tui.conftest import AppFactory
from tests.tui.helpers import open_op, screen_text, submit, type_into, type_text, until


async def test_at_80x24_every_group_is_in_view_and_ctrl_b_hides_the_sidebar(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_op(pilot, "contact_list.create")
        text = screen_text(app)
        assert "CONTACTS" in text and "Update a Contact" in text
        sidebar = app.main_screen.query_one("#sidebar", OperationSidebar)
        sidebar.focus()
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert not sidebar.display and app.focused is pane.form.first_input()
        assert pane.region.x == 0 and pane.region.width == 80
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert sidebar.display and app.focused is sidebar


async def test_the_theme_is_remembered(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "textual-light"
        await pilot.pause()
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"


async def test_the_palette_finds_light(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "light")
        command_list = app.screen.query_one(CommandList)
        await until(pilot, lambda: command_list.option_count, "palette matches listed")
        prompts = [str(command_list.get_option_at_index(i).prompt) for i in range(command_list.option_count)]
        assert any("textual-light" in prompt for prompt in prompts), prompts
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme.endswith("light")


async def test_keys_are_remapped_by_binding_id_from_the_config_file(make_app: AppFactory) -> None:
    Path(os.environ["KORE_CONFIG_FILE"]).write_text(
        '[keymap]\n"table.filter" = "f"\n"main.send" = "f5"\n"no.such" = "x"\n'
    )
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "then f5 to send. In a table: f filters" in screen_text(app), "start screen")
        pane = await open_op(pilot, "contact_list.list")
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert pane.response.result is not None
        await pilot.press("f")
        await type_text(pilot, "july")
        assert pane.response.table.row_count == 1
        assert any("unknown binding ids in [keymap]: no.such" in note.message for note in app._notifications)
        create = await open_op(pilot, "contact_list.create")  # texts that name the send key name f5
        assert str(create.form.query_one("#submit", Button).label) == "Send (f5)"
        assert "press f5" in screen_text(app) and "ctrl+s" not in screen_text(app)


def test_every_binding_id_is_unique() -> None:
    from koretui.keys import rebindable

    ids = [binding.id for binding in rebindable()]
    assert len(ids) == len(set(ids)) and "main.send" in binding_ids()


def test_f1_and_the_readme_name_every_binding_id() -> None:
    from koretui.screens.help import key_rows

    in_help = {ident for _, _, ident in key_rows({})}
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    assert binding_ids() <= in_help
    assert [ident for ident in sorted(binding_ids()) if f"`{ident}`" not in readme] == []


async def test_description_is_multi_line_with_a_counter_and_a_paste_is_cut_at_the_limit(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_op(pilot, "contact_list.create")
        area = pane.form.query_one("#field-description", LimitedTextArea)
        await type_into(pilot, pane, "description", "ab")
        await pilot.press("enter")
        await type_text(pilot, "cd")
        assert area.text == "ab\ncd" and "5/256" in str(area.border_subtitle)
        area.post_message(events.Paste("x" * 300))
        await pilot.pause()
        assert len(area.text) == 256 and "256/256" in str(area.border_subtitle)
        assert any("cut to the limit of 256" in note.message for note in app._notifications)
        await pilot.press("y")
        assert len(area.text) == 256
        await type_into(pilot, pane, "name", "Two lines")
        await submit(pilot)
        assert pane.response.result is not None
        assert pane.response.result.records[0].description.startswith("ab\ncd")
