"""Each operation's form: fill, submit, and the sandbox changes; invalid input blocks the submit."""

from __future__ import annotations

import json
from pathlib import Path

from core.sandbox.embedded import EmbeddedSandbox
from koretui.screens.review_changes import ReviewChangesScreen
from koretui.widgets.response_panel import ResponsePanel
from tests.tui.conftest import AppFactory
from tests.tui.helpers import error_text, open_op, submit, type_into, until

LIST_ID_OF = "cl-"


async def test_create_contact_list_form_creates_the_list_in_the_sandbox(
    make_app: AppFactory, sandbox: EmbeddedSandbox
) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_op(pilot, "contact_list.create")
        await type_into(pilot, pane, "name", "Churn Risk - Q4")
        await type_into(pilot, pane, "description", "Customers at risk")
        await submit(pilot)
        names = [record["name"] for record in sandbox.state.contact_lists.values()]
        assert "Churn Risk - Q4" in names
        assert "200 OK" in str(pane.response.border_title)


async def test_invalid_input_shows_the_error_inline_and_blocks_the_submit(
    make_app: AppFactory, sandbox: EmbeddedSandbox
) -> None:
    app = make_app(sandbox)
    before = dict(sandbox.state.contact_lists)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_op(pilot, "contact_list.create")
        await type_into(pilot, pane, "description", "no name given")
        await submit(pilot)
        assert "required" in error_text(pane, "name")
        assert sandbox.state.contact_lists == before
        assert pane.response.result is None


async def test_phone_digits_are_checked_as_you_type(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_op(pilot, "contact.update")
        await type_into(pilot, pane, "phone_number", "12ab")
        assert error_text(pane, "phone_number").endswith("digits only (1 to 15), no + or spaces")
        await type_into(pilot, pane, "phone_number", "1234")
        assert error_text(pane, "phone_number") == ""


async def test_an_update_form_offers_the_current_values_and_shows_what_will_change(
    make_app: AppFactory, sandbox: EmbeddedSandbox, data_dir: Path
) -> None:
    list_id = next(iter(sandbox.state.contact_lists))
    before = dict(sandbox.state.contact_lists[list_id])
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_op(pilot, "contact_list.update", {"contact_list_id": list_id})
        await app.workers.wait_for_complete()  # an id filled in (not seen in a table yet) loads the list
        await pilot.pause()
        values = pane.form.values()
        assert values["description"] == before["description"] and values["name"] == before["name"]
        assert app.focused is pane.form.query_one("#field-name")  # the id is chosen: what to change next
        await type_into(pilot, pane, "name", "Renamed in the TUI")
        await pilot.press("ctrl+s")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewChangesScreen)
        assert list(review.changes) == ["name"]
        assert review.target == f"{before['name']} ({list_id})"  # which list, by name, not only its id
        assert review.changes["name"].old == before["name"]
        await pilot.press("enter")  # "Send changes" has the focus
        await app.workers.wait_for_complete()
        await pilot.pause()
    after = sandbox.state.contact_lists[list_id]
    assert after["name"] == "Renamed in the TUI" and after["description"] == before["description"]
    sent = json.loads((data_dir / "history.jsonl").read_text().splitlines()[-1])
    assert sent["operation"] == "contact_list.update" and set(sent["inputs"]) == {"contact_list_id", "name"}


async def test_an_update_with_no_change_to_the_current_values_sends_nothing(
    make_app: AppFactory, sandbox: EmbeddedSandbox
) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        lists = await open_op(pilot, "contact_list.list")
        await submit(pilot)
        record = lists.response.table.current
        pane = await open_op(pilot, "contact_list.update", {"contact_list_id": record.id})
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert pane.form.values()["name"] == record.name  # a known id loads at once
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewChangesScreen)
        assert "nothing changed" in str(pane.form.query_one("#form-error").render())
        assert pane.response.result is None


async def test_update_with_nothing_to_change_says_so_and_sends_nothing(
    make_app: AppFactory, sandbox: EmbeddedSandbox
) -> None:
    list_id = next(iter(sandbox.state.contact_lists))
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_op(pilot, "contact_list.update", {"contact_list_id": list_id})
        await app.workers.wait_for_complete()
        pane.form.set_values({"name": "", "description": "", "allow_duplicates": ""})  # each: unchanged
        await submit(pilot)
        assert "at least one field" in str(pane.form.query_one("#form-error").render())
        assert pane.response.result is None


async def test_update_contact_changes_the_phone(make_app: AppFactory, sandbox: EmbeddedSandbox) -> None:
    contact_id = next(iter(sandbox.state.contacts))
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_op(pilot, "contact.update", {"contact_id": contact_id})
        await type_into(pilot, pane, "first_name", "Jamie")
        await type_into(pilot, pane, "phone_number", "4155550999")
        await submit(pilot)
        if isinstance(app.screen, ReviewChangesScreen):
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
        contact = sandbox.state.contacts[contact_id]
        assert contact["firstName"] == "Jamie"
        assert contact["cellPhone"]["phoneNumber"].endswith("4155550999")


async def test_reads_of_many_show_a_table_and_a_read_of_one_shows_every_field(
    make_app: AppFactory, sandbox: EmbeddedSandbox
) -> None:
    list_id = next(iter(sandbox.state.contact_lists))
    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        for key, values in (
            ("contact_list.list", {}),
            ("contact_list.contacts", {"contact_list_id": list_id}),
            ("contact.list", {}),
        ):
            pane = await open_op(pilot, key, values)
            await submit(pilot)
            assert pane.response.result is not None, key
            assert pane.response.table.display and pane.response.table.row_count > 0, key
        pane = await open_op(pilot, "contact_list.get", {"contact_list_id": list_id})
        await submit(pilot)
        detail = pane.response.detail
        assert detail.display and not pane.response.table.display
        text = str(detail.query_one(".detail-body").render())
        record = sandbox.state.contact_lists[list_id]
        for label in ("Name", "Id", "Description", "Duplicates allowed", "Created"):
            assert label in text
        unwrapped = "".join(text.split())  # long values wrap under themselves beside the sidebar
        assert all("".join(record[key].split()) in unwrapped for key in ("name", "_id", "description"))
        await pilot.press("j")
        await pilot.pause()
        assert detail.raw and '"_id"' in str(detail.query_one(".detail-body").render())


async def test_switching_operations_keeps_the_draft(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_op(pilot, "contact_list.create")
        await type_into(pilot, pane, "name", "Half typed")
        await open_op(pilot, "contact.list")
        back = await open_op(pilot, "contact_list.create")
        assert back.form.values()["name"] == "Half typed"


async def test_a_server_error_keeps_the_draft_and_shows_the_message_in_red(make_app: AppFactory) -> None:
    from tests.tui.conftest import make_sandbox

    failing = make_sandbox(fail_rate=1.0)
    app = make_app(failing)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_op(pilot, "contact_list.create")
        await type_into(pilot, pane, "name", "Will fail")
        await type_into(pilot, pane, "description", "server says 503")
        await submit(pilot)
        panel = pane.query_one(ResponsePanel)
        assert panel.has_class("-error")
        assert "503" in str(panel.query_one("#response-error").render())
        assert pane.form.values()["name"] == "Will fail"
        assert pane.form.values()["description"] == "server says 503"
        assert not pane.in_flight


async def test_a_second_submit_while_one_runs_is_not_sent_twice(
    make_app: AppFactory, sandbox: EmbeddedSandbox
) -> None:
    import asyncio

    app = make_app(sandbox)
    release = asyncio.Event()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_op(pilot, "contact_list.create")
        assert app.backend is not None
        execute = app.backend.client.execute

        async def held(*args: object, **kwargs: object) -> object:
            await release.wait()  # the first call is still running when ctrl+s comes again
            return await execute(*args, **kwargs)  # type: ignore[arg-type]

        app.backend.client.execute = held  # type: ignore[method-assign]
        await type_into(pilot, pane, "name", "Only once")
        await type_into(pilot, pane, "description", "double ctrl+s")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: pane.in_flight, "the first send running")
        await pilot.press("ctrl+s")
        await until(
            pilot, lambda: any("not sent twice" in note.message for note in app._notifications),
            "the second ctrl+s answered while the first runs",
        )
        release.set()
        await app.workers.wait_for_complete()
        await until(pilot, lambda: len(app.history_store.load()[0]) == 1, "the send in the history")
        await until(pilot, lambda: not pane.in_flight, "the send finished")
        names = [record["name"] for record in sandbox.state.contact_lists.values()]
        assert names.count("Only once") == 1
        assert len(app.history_store.load()[0]) == 1


def test_a_contacts_current_phone_is_offered_as_digits_beside_its_country_code() -> None:
    from core import models
    from core.operations import get_operation
    from koretui.update_flow import changes, current_values

    contact = models.Contact.model_validate({
        "id": "5f1c0a", "firstName": "Ana", "lastName": "Lee",
        "cellPhone": {"phoneNumber": "+442079460101", "countryCode": "+44"},
    })
    op = get_operation("contact.update")
    fill, hints = current_values(op, contact)
    assert fill == {"first_name": "Ana", "last_name": "Lee", "phone_number": "2079460101", "country_code": "+44"}
    assert hints == {}
    changed = changes(op, fill, {**fill, "contact_id": "5f1c0a", "last_name": "Lee-Smith", "salutation": ""})
    assert list(changed) == ["last_name"] and changed["last_name"].old == "Lee"
