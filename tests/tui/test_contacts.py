"""Create and delete a contact in the TUI: the create form, and the generic delete confirmation."""

from __future__ import annotations

from textual.widgets import Button

from core.sandbox.embedded import EmbeddedSandbox
from koretui.screens.confirm_delete import ConfirmDeleteScreen
from tests.tui.conftest import AppFactory
from tests.tui.helpers import error_text, open_op, submit, type_into


async def test_deleting_a_seen_contact_asks_first_naming_it_then_deactivates_it(
    make_app: AppFactory, sandbox: EmbeddedSandbox
) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_op(pilot, "contact.list")
        await submit(pilot)  # the contact is seen, so the question can name it
        contact_id, contact = next(iter(sandbox.state.contacts.items()))
        await open_op(pilot, "contact.delete", {"contact_id": contact_id})
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConfirmDeleteScreen)
        text = str(screen.query_one("#question").render())
        assert contact_id in text and contact["fullName"] in text
        assert isinstance(app.focused, Button) and app.focused.id == "cancel"
        assert sandbox.state.contacts[contact_id]["status"] == "ACTIVE"
        await pilot.click("#delete")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert sandbox.state.contacts[contact_id]["status"] == "INACTIVE"


async def test_the_create_form_needs_a_first_name_and_a_phone(make_app: AppFactory, sandbox: EmbeddedSandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_op(pilot, "contact.create")
        await type_into(pilot, pane, "first_name", "Ada")
        before = len(sandbox.state.contacts)
        await submit(pilot)
        assert "digits only" in error_text(pane, "phone_number") and error_text(pane, "country_code")
        assert len(sandbox.state.contacts) == before  # nothing sent
        await type_into(pilot, pane, "phone_number", "2079460101")
        await type_into(pilot, pane, "country_code", "+44")
        await submit(pilot)
        result = pane.response.result
        assert result is not None and result.status == 200
    created = [c for c in sandbox.state.contacts.values() if c["cellPhone"]["phoneNumber"] == "+442079460101"]
    assert [c["firstName"] for c in created] == ["Ada"]
