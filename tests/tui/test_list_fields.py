"""A list field in a form: pasted one value a line or typed with commas, checked item by item."""

from __future__ import annotations

from typing import Annotated

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

from core import models
from core.fields import validate_flat
from core.models import KoreModel, ListName, PhoneDigits, limited
from core.operations import V1, Operation, Resource
from koretui.known_ids import KnownIds
from koretui.widgets.operation_form import OperationForm


class AddNumbersInput(KoreModel):
    """Test-only: an input with a list field, shaped like the coming Add Contacts."""

    contact_list_name: ListName
    phone_numbers: Annotated[list[PhoneDigits], limited("contact_list.add_contacts.data")]


ADD_NUMBERS = Operation(
    key="test.add_numbers",
    resource=Resource.CONTACT_LIST,
    verb="add-numbers",
    title="Add numbers (test)",
    help="Add phone numbers to a list",
    method="POST",
    path=f"{V1}/test/addNumbers",
    input_model=AddNumbersInput,
    response_model=models.ContactListEnvelope,
    noun="contact list",
    method_name="add_numbers",
)


class FormApp(App[None]):
    def compose(self) -> ComposeResult:
        yield OperationForm(ADD_NUMBERS, KnownIds(), id="form")


async def test_a_pasted_column_of_numbers_becomes_the_list() -> None:
    app = FormApp()
    async with app.run_test(size=(100, 30)) as pilot:
        form = app.query_one(OperationForm)
        form.set_values({"contact_list_name": "July"})
        field = form.query_one("#field-phone_numbers", Input)
        field.focus()
        field.post_message(events.Paste("4155550100\n4155550101\r\n4155550102"))
        await pilot.pause()
        model = validate_flat(ADD_NUMBERS, form.values())
        assert isinstance(model, AddNumbersInput)
        assert model.phone_numbers == ["4155550100", "4155550101", "4155550102"]


async def test_a_bad_item_is_shown_under_the_field_by_position_and_value() -> None:
    app = FormApp()
    async with app.run_test(size=(100, 30)) as pilot:
        form = app.query_one(OperationForm)
        form.set_values({"contact_list_name": "July", "phone_numbers": ["4155550100", "41555x0101"]})
        await pilot.pause()
        assert form.query_one("#field-phone_numbers", Input).value == "4155550100, 41555x0101"
        assert not form.validate_all()
        await pilot.pause()
        shown = str(form.query_one("#error-phone_numbers").render())
        assert 'phone_numbers[1]: digits only (1 to 15), no + or spaces (got "41555x0101")' in shown
