"""One operation's form above its response; owns the submit flow (validate, confirm, send once)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button
from textual.worker import Worker

from core.errors import KoreError
from core.impact import impact_of
from core.operations import Operation
from koretui.messages import CallCompleted, CallWaiting, PageRequested, RefreshRequested
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

    @property
    def kore_app(self) -> KoreTui:
        return cast("KoreTui", self.app)

    def compose(self) -> ComposeResult:
        yield OperationForm(self.op, self.kore_app.known_ids, id="form")
        yield ResponsePanel(self.op.key, show_timings=self.show_timings, id="response")

    def on_mount(self) -> None:
        self._ready = True
        if self._pending is not None:
            values, reset, send = self._pending
            self._pending = None
            self.fill(values, reset=reset, send=send)

    def fill(self, values: dict[str, Any] | None, *, reset: bool = False, send: bool = False) -> None:
        """Fill the form (after it is composed) and focus its first field when values were given;
        `send` submits it right away (Enter on a list row shows its contacts at once)."""
        if not self._ready:
            self._pending = (values, reset, send)
            return
        if reset:
            self.form.clear_to_defaults()
        if values:
            self.form.set_values(values)
        first = self.form.first_input()
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
        if self.kore_app.backend is None:
            self.notify("Still starting up; try again in a moment.", severity="warning")
            return
        if not self.form.validate_all():
            self.notify("Fix the fields marked ✗; nothing was sent.", severity="error")
            return
        values = self.form.values()
        if self.op.destructive:
            target_field = self.op.target_field or ""
            target = str(values.get(target_field, "")).strip()
            known = self.kore_app.known_ids.get(target_field, target)
            impact = impact_of(
                self.op, {target_field: target}, known.record if known else None,
                name=known.name if known else None,
            )

            def confirmed(ok: bool | None) -> None:
                if ok:
                    self.send(values)
                else:
                    self.notify("Cancelled; nothing was deleted.")

            self.app.push_screen(ConfirmDeleteScreen(impact), confirmed)
            return
        self.send(values)

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
        self.form.set_values({"skip": str(message.skip)})
        self.submit()
