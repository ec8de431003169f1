"""A list field in a form: pasted one value a line or typed with commas, checked item by item."""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

from core.fields import validate_flat
from koretui.known_ids import KnownIds
from koretui.widgets.operation_form import OperationForm
from tests.support.list_operation import ADD_NUMBERS, AddNumbersInput


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
