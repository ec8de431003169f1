"""Add contacts in the TUI: offered on a list row (`a`) with the list's name filled, names suggested."""

from __future__ import annotations

from textual.widgets import Select

from core.sandbox.embedded import EmbeddedSandbox
from tests.tui.conftest import AppFactory, make_sandbox
from tests.tui.helpers import error_text, open_op, row_actions, submit, type_into


async def test_a_list_row_offers_add_contacts_with_the_list_name_filled(
    make_app: AppFactory, sandbox: EmbeddedSandbox
) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await row_actions(pilot, "contact_list.list")
        keys = [op.key for op in screen.operations]
        assert "contact_list.add_contacts" in keys
        chosen = sandbox.state.contact_lists[screen.record_id]["name"]
        screen.query_one("#actions").highlighted = keys.index("contact_list.add_contacts")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        pane = app.main_screen.current_pane()
        assert pane is not None and pane.op.key == "contact_list.add_contacts"
        assert pane.form.values()["contact_list_name"] == chosen


async def test_the_list_name_picker_offers_the_lists_seen(make_app: AppFactory, sandbox: EmbeddedSandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_op(pilot, "contact_list.list")
        await submit(pilot)
        pane = await open_op(pilot, "contact_list.add_contacts")
        assert pane.form.query_one("#pick-contact_list_name", Select).display
        offered = {known.id for known in app.known_ids.for_field("contact_list_name")}
        names = {record["name"] for record in sandbox.state.contact_lists.values()}
        assert names <= offered


async def test_sending_the_form_queues_the_numbers_and_says_so(make_app: AppFactory) -> None:
    sandbox = make_sandbox(async_delay_ms=0)
    list_id, record = next(iter(sandbox.state.contact_lists.items()))
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_op(pilot, "contact_list.add_contacts", {"contact_list_name": record["name"]})
        await type_into(pilot, pane, "phones", "+14155550123, +14155550124")
        await submit(pilot)
        result = pane.response.result
        assert result is not None and result.status == 200
        assert result.body == {"message": "Adding contacts to public list is in progress"}
        assert "Adding contacts" in str(pane.response.query_one("#body").render())
        await open_op(pilot, "contact_list.get", {"contact_list_id": list_id})
        await submit(pilot)  # the next request applies the batch (delay 0)
    assert sandbox.state.contact_lists[list_id]["totalRecordCount"] == record["totalRecordCount"] + 2


async def test_a_bad_number_is_named_in_the_form_and_nothing_is_sent(make_app: AppFactory) -> None:
    sandbox = make_sandbox(async_delay_ms=0)
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_op(pilot, "contact_list.add_contacts", {"contact_list_name": "Anything"})
        await type_into(pilot, pane, "phones", "+14155550123, 4155550124")
        await submit(pilot)
        error = error_text(pane, "phones")
        assert "phones[1]" in error and "E.164" in error
