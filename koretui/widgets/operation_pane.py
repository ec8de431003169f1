"""One operation's form above its response; owns the submit flow (validate, confirm, send once)."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input
from textual.worker import Worker

from core.errors import KoreError
from core.fields import fields_of
from core.impact import impact_of, read_impact
from core.operations import Operation
from koretui.keys import key_of
from koretui.messages import CallCompleted, CallWaiting, CurrentLoaded, PageRequested, RefreshRequested
from koretui.screens.confirm_delete import ConfirmDeleteScreen
from koretui.widgets.operation_form import OperationForm
from koretui.widgets.response_panel import ResponsePanel

if TYPE_CHECKING:
    from core.pacing import Wait
    from koretui.app import KoreTui


def pane_id(op_key: str) -> str:
    return "op-" + op_key.replace(".", "-")


class OperationPane(Vertical):
    """Form and response of one operation. Kept mounted when hidden, so a draft is never lost."""

    def __init__(self, op: Operation, *, show_timings: bool = True) -> None:
        super().__init__(id=pane_id(op.key), classes="operation-pane -fresh")
        self.op = op
        self.show_timings = show_timings
        self.in_flight = False
        self._worker: Worker[None] | None = None
        self._ready = False
        self._pending: tuple[dict[str, Any] | None, bool, bool] | None = None
        self.last_values: dict[str, Any] | None = None
        self._current: tuple[str, dict[str, str]] | None = None
        self._current_name: str | None = None  # the display name of the record `_current` is of

    @property
    def kore_app(self) -> KoreTui:
        return cast("KoreTui", self.app)

    def compose(self) -> ComposeResult:
        send_key = key_of(self.kore_app.keymap, "main.send")
        yield OperationForm(self.op, self.kore_app.known_ids, send_key=send_key, id="form")
        yield ResponsePanel(self.op.key, show_timings=self.show_timings, send_key=send_key, id="response")

    def on_mount(self) -> None:
        self._ready = True
        if self._pending is not None:
            values, reset, send = self._pending
            self._pending = None
            self.fill(values, reset=reset, send=send)

    def fill(self, values: dict[str, Any] | None, *, reset: bool = False, send: bool = False) -> None:
        """Fill the form (after it is composed) and, when values were given, focus its first field
        they left empty; `send` submits it right away (Enter on a list row shows its contacts at once)."""
        if not self._ready:
            self._pending = (values, reset, send)
            return
        if reset:
            self.form.clear_to_defaults()
        if values:
            self.form.set_values(values)
        filled = [name for name, value in (values or {}).items() if value]
        if self.op.target_field in filled:  # an update's id: its current values (the focus skips it)
            self.load_current(str((values or {})[self.op.target_field]))
        first = self.form.first_input(filled=filled)
        if values is not None and first is not None:
            first.focus()
        if send:
            self.call_after_refresh(self.submit)

    @property
    def form(self) -> OperationForm:
        return self.query_one("#form", OperationForm)

    @property
    def response(self) -> ResponsePanel:
        return self.query_one("#response", ResponsePanel)

    def submit(self) -> None:
        """Validate, confirm when destructive, then send; a second submit while one runs is ignored."""
        if self.in_flight:
            self.notify(f"{self.op.title} is still running; not sent twice.", severity="warning")
            return
        if not self._ready:  # sent while its form is being mounted: once it is
            values, reset, _ = self._pending or (None, False, False)
            self._pending = (values, reset, True)
            return
        if self.kore_app.backend is None:
            self._submit_when_connected()
            return
        if not self.form.validate_all():
            self.notify("Fix the fields marked ✗; nothing was sent.", severity="error")
            return
        values = self.form.values()
        if self.op.destructive:
            self._confirm_then_send(values)
            return
        if self._current is not None and self._current[0] == self._target_value():
            self._review(values, self._current[1])
            return
        self.send(values)

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def _submit_when_connected(self) -> None:
        """Sent before the backend was built (right after start): say so, wait, then submit once."""
        self.form.progress.note("Connecting; it is sent as soon as the connection is up…")
        if await self.kore_app.backend_built() is not None:
            self.form.progress.clear()
            self.submit()

    @work(exclusive=True, group="impact", exit_on_error=False)
    async def _confirm_then_send(self, values: dict[str, Any]) -> None:
        """Ask first, naming what the call touches (core/impact.py reads what the known ids lack)."""
        target_field = self.op.target_field or ""
        target = str(values.get(target_field, "")).strip()
        known = self.kore_app.known_ids.get(target_field, target)
        record, name = (known.record, known.name) if known else (None, None)
        impact = impact_of(self.op, {target_field: target}, record, name=name)
        backend = self.kore_app.backend
        if backend is not None:
            client = backend.client
            with contextlib.suppress(KoreError):  # else ask with what is known; the call reports the rest
                impact = await read_impact(
                    lambda key, inputs: client.execute(key, **inputs),
                    self.op, {target_field: target}, record=record, name=name,
                )

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.send(values)
            elif impact.refusal is None:  # a refused call's dialog has said that nothing was sent
                nothing = "nothing was deleted" if self.op.method == "DELETE" else "nothing was sent"
                self.notify(f"Cancelled; {nothing}.")

        self.app.push_screen(ConfirmDeleteScreen(impact), confirmed)

    # --- update forms: current values in, changes reviewed ------------------------------------

    def _target_value(self) -> str:
        return str(self.form.values().get(self.op.target_field or "", "")).strip()

    def _review(self, values: dict[str, Any], current: dict[str, str]) -> None:
        """Show old → new for each changed field; send only those (and the id) when confirmed."""
        from koretui.screens.review_changes import ReviewChangesScreen
        from koretui.update_flow import changes

        changed = changes(self.op, current, values)
        if not changed:
            self.form.show_errors({"": "nothing changed: every field still has its current value"})
            self.notify("Nothing to send: change a field first.", severity="warning")
            return
        target_field = self.op.target_field or ""
        outgoing = {target_field: values[target_field], **{name: values[name] for name in changed}}

        def reviewed(ok: bool | None) -> None:
            if ok:
                self.send(outgoing)
            else:
                self.notify("Not sent; the form keeps your changes.")

        target = self._target_value()
        name = self._current_name if self._current is not None and self._current[0] == target else None
        named = f"{name} ({target})" if name else target
        self.app.push_screen(ReviewChangesScreen(self.op.title, named, changed), reviewed)

    def load_current(self, record_id: str) -> None:
        """An update form's id was chosen: fetch that record and offer its current values."""
        from koretui.update_flow import is_update

        record_id = record_id.strip()
        if not is_update(self.op) or not record_id:
            return
        if self._current is not None and self._current[0] == record_id:
            return
        self._current = None
        self._fetch_current(record_id)

    @work(exclusive=True, group="current", exit_on_error=False)
    async def _fetch_current(self, record_id: str) -> None:
        """The read (if the catalog has one) of the record an update form addresses."""
        from core.presentation import for_field

        target_field = self.op.target_field or ""
        entry = for_field(target_field)
        show = entry.show_operation if entry is not None else None
        backend = await self.kore_app.backend_built()  # an id chosen right after start waits for it
        record: Any = None
        problem: str | None = None
        if show is not None and backend is not None:
            try:
                inputs: dict[str, Any] = {target_field: record_id}
                result = await backend.client.execute(show.key, **inputs)
                record = result.records[0] if result.records else None
            except KoreError as exc:
                problem = str(exc)
        if record is None:
            known = self.kore_app.known_ids.get(target_field, record_id)
            record = known.record if known is not None else None
        self.post_message(CurrentLoaded(record_id, record, problem))

    def on_current_loaded(self, message: CurrentLoaded) -> None:
        from core.presentation import for_field
        from koretui.update_flow import current_values

        message.stop()
        if message.record_id != self._target_value():
            return  # the id was changed meanwhile
        if message.record is None:
            if message.problem:
                self.form.progress.note(f"Current values not loaded: {message.problem}")
            return
        fill, hints = current_values(self.op, message.record)
        previous = self._current[1] if self._current is not None else {}
        self._current = (message.record_id, fill)
        entry = for_field(self.op.target_field or "")
        self._current_name = entry.name_of(message.record) if entry is not None else None
        self.form.offer_current(fill, hints, previous)
        self.form.progress.note("Current values filled in; only what you change is sent.")

    def send(self, values: dict[str, Any]) -> None:
        self.last_values = dict(values)
        self._set_in_flight(True)
        self.form.progress.sending(f"Sending {self.op.describe(values)}…")
        self._worker = self._call(values)

    def cancel(self) -> None:
        """Escape while a call runs: stop waiting for it (what Kore.ai already received stays done)."""
        if not self.in_flight or self._worker is None:
            return
        self._worker.cancel()
        self._worker = None
        self._set_in_flight(False)
        self.form.progress.clear()
        note = "" if self.op.is_read else " If it had already reached Kore.ai, the change may still be made."
        self.notify(f"Cancelled {self.op.describe()}.{note}", severity="warning")

    def _set_in_flight(self, running: bool) -> None:
        self.in_flight = running
        self.screen.refresh_bindings()  # Escape is offered only while a call runs

    @work(exclusive=False, group="submit", exit_on_error=False)
    async def _call(self, values: dict[str, Any]) -> None:
        """The I/O only: waits go out as CallWaiting, the outcome as CallCompleted."""
        backend = self.kore_app.backend
        assert backend is not None

        def waiting(wait: Wait) -> None:
            self.post_message(CallWaiting(self.op.key, wait))

        try:
            result = await backend.client.execute(self.op.key, on_wait=waiting, **values)
        except KoreError as exc:
            self.post_message(CallCompleted(self.op.key, values, None, exc))
        except Exception as exc:  # a third-party surprise is shown, never a crash
            self.post_message(CallCompleted(self.op.key, values, None, exc))
        else:
            self.post_message(CallCompleted(self.op.key, values, result, None))

    def on_call_completed(self, message: CallCompleted) -> None:
        """Show the outcome here; the message bubbles on to the screen for history and known ids."""
        self._worker = None
        self._set_in_flight(False)
        self.form.progress.clear()
        self.remove_class("-fresh")
        focused = self.screen.focused
        follow = focused is None or self in focused.ancestors_with_self
        if message.result is not None:
            self.response.show_result(message.result)
        elif message.error is not None:
            self.response.show_error(message.error)
        if follow:
            # The answer takes the focus (unless the user has moved on to another panel meanwhile).
            self.call_after_refresh(self.response.focus_result)

    def on_call_waiting(self, message: CallWaiting) -> None:
        message.stop()
        if self.in_flight:
            self.form.progress.waiting(message.wait)

    def on_input_changed(self, event: Input.Changed) -> None:
        """A known id picked or filled in (not yet typed half-way) loads the current values."""
        target = self.op.target_field
        known = self.kore_app.known_ids
        if target and event.input.id == f"field-{target}" and known.get(target, event.value.strip()):
            self.load_current(event.value)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        if event.input.id == f"field-{self.op.target_field}" and event.input.is_valid:
            self.load_current(event.input.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            event.stop()
            self.submit()

    def on_refresh_requested(self, message: RefreshRequested) -> None:
        """`r` on a table: the same read again, with the values it was sent with."""
        message.stop()
        if self.in_flight:
            return
        if self.last_values is None:
            self.submit()
        else:
            self.send(self.last_values)

    def on_page_requested(self, message: PageRequested) -> None:
        message.stop()
        if "page" in {spec.name for spec in fields_of(self.op)} and message.limit:  # paged by number
            self.form.set_values({"page": str(message.skip // message.limit + 1)})
        else:
            self.form.set_values({"skip": str(message.skip)})
        self.submit()
