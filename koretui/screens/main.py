"""The main screen: banner, operation sidebar, the open operation's form and response, history."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.notifications import Notification, Notify
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, OptionList, Static

from koretui.catalog_index import OperationEntry
from koretui.screens.import_entry import IMPORT_ENTRY
from koretui.screens.welcome import WELCOME_KEYS, welcome
from koretui.widgets.operation_sidebar import OperationSidebar

if TYPE_CHECKING:
    from textual.widget import AwaitMount

    from core.operations import Operation
    from core.presentation import Presentation
    from koretui.app import KoreTui
    from koretui.backend import Backend
    from koretui.history import HistoryEntry
    from koretui.messages import CallCompleted, HistoryChosen, OperationChosen, RowChosen
    from koretui.widgets.history_panel import HistoryPanel, Tenant
    from koretui.widgets.operation_pane import OperationPane



DETAILS = "details"  # the row-actions choice that shows the record itself


def next_step(entry: Presentation) -> Operation | None:
    """The most common next step from a record: the read of what it holds (a list's contacts)."""
    from core.presentation import returns_many

    return next((op for op in entry.operations if op.is_read and returns_many(op)), None)


class MainScreen(Screen[None]):
    """Owns every widget change that follows a call: response, history, known ids, tables."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "Send", priority=True, id="main.send"),
        Binding("ctrl+y", "copy_curl", "Copy curl", show=False, id="main.copy_curl"),
        Binding("ctrl+r", "toggle_history", "History", id="main.history"),
        Binding("ctrl+b", "toggle_sidebar", "Sidebar", show=False, id="main.sidebar"),
        Binding("escape", "cancel_call", "Cancel request", id="main.cancel"),
    ]
    ERROR_TOAST_SECONDS = 8.0

    def __init__(self, entries: list[OperationEntry], *, banner: str) -> None:
        super().__init__()
        self.entries = entries
        self.banner = banner
        self._focus_before_history: Widget | None = None
        self._error_toasts: dict[str, Notification] = {}  # op key -> its last error toast

    @property
    def kore_app(self) -> KoreTui:
        return cast("KoreTui", self.app)

    def compose(self) -> ComposeResult:
        yield Static(self.banner, id="banner")
        with Horizontal(id="body"):
            yield OperationSidebar(
                self.entries, extras=[IMPORT_ENTRY], terminal=(self.app.size.width, self.app.size.height),
                id="sidebar",
            )
            with ContentSwitcher(id="panes", initial="welcome"):
                yield Static(welcome(), id="welcome")
        # the footer comes a frame later (on_mount): the first frame is the operation list

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_footer)
        self.bindings_updated_signal.subscribe(self, self._name_remapped_keys)
        self.kore_app.main_screen_mounted()

    def _name_remapped_keys(self, screen: Screen[Any]) -> None:
        """Once [keymap] is read (after the first frame), the start screen names the keys it binds."""
        if self.kore_app.keymap.keys() & WELCOME_KEYS.keys():
            self.query_one("#welcome", Static).update(welcome(self.kore_app.keymap))

    async def _mount_footer(self) -> None:
        """The key footer, a frame after the operation list (and not while the app is closing)."""
        from koretui.widgets.key_footer import KeyFooter

        if self.is_mounted and self.app.is_running and not self.query(KeyFooter):
            await self.mount(KeyFooter(compact=True))
            self.refresh_bindings()  # a footer fills in when the bindings change: they did, before it

    # --- backend and history ----------------------------------------------------------------

    def backend_ready(self, backend: Backend) -> None:
        """Say plainly where calls go: the sandbox banner, or the tenant's host name."""
        banner = self.query_one("#banner", Static)
        banner.set_class(backend.is_sandbox, "-sandbox")
        text = backend.label if backend.is_sandbox else f"Kore.ai tenant: {backend.host_name}"
        banner.update(text)
        self.app.sub_title = backend.label if backend.is_sandbox else backend.host_name

    def show_history(self, entries: list[HistoryEntry], *, tenant: Tenant) -> None:
        """Mount the (hidden) history panel with its entries: after the first frame, which skips it."""
        from koretui.widgets.history_panel import HistoryPanel

        panel = HistoryPanel(
            titles={entry.key: entry.title for entry in self.entries},
            show_time=self.kore_app.show_timings,
            id="history",
        )
        panel.display = False
        panel.set_entries(entries, tenant=tenant)
        self.query_one("#body").mount(panel)

    @property
    def history_panel(self) -> HistoryPanel | None:
        from koretui.widgets.history_panel import HistoryPanel

        found = self.query("#history")
        return found.first(HistoryPanel) if found else None

    def replace_entries(self, entries: list[OperationEntry]) -> None:
        self.entries = entries
        self.query_one("#sidebar", OperationSidebar).replace_entries(entries)

    # --- opening operations -----------------------------------------------------------------

    def current_pane(self) -> OperationPane | None:
        from koretui.widgets.operation_pane import OperationPane

        switcher = self.query_one("#panes", ContentSwitcher)
        if switcher.current in (None, "welcome"):
            return None
        return switcher.query_one(f"#{switcher.current}", OperationPane)

    def open_operation(
        self, key: str, values: dict[str, Any] | None = None, *, reset: bool = False, send: bool = False
    ) -> AwaitMount | None:
        """Show an operation's form (created on first use, kept after), optionally filled and sent;
        returns the form's mounting when it is new."""
        from core.operations import get_operation
        from koretui.widgets.operation_pane import OperationPane, pane_id

        switcher = self.query_one("#panes", ContentSwitcher)
        ident = pane_id(key)
        existing = switcher.query(f"#{ident}")
        mounting = None
        if existing:
            pane = cast(OperationPane, existing.first())
        else:
            pane = OperationPane(get_operation(key), show_timings=self.kore_app.show_timings)
            mounting = switcher.mount(pane)
            self.kore_app.typeahead.until_open(pane, mounting)  # keys typed meanwhile go to its form
        switcher.current = ident
        self.query_one("#sidebar", OperationSidebar).select_key(key)

        pane.fill(values, reset=reset, send=send)
        return mounting

    async def open_focused(self, key: str) -> None:
        """Open an operation's form and focus its first field now, not a message later: keys typed
        meanwhile (held by the app, koretui/typeahead.py) go there next."""
        mounting = self.open_operation(key, {})
        if mounting is not None:
            await mounting
        pane = self.current_pane()
        first = pane.form.first_input() if pane is not None else None
        if first is not None:
            self.set_focus(first)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "sidebar" and event.option.id:
            event.stop()
            if event.option.id == IMPORT_ENTRY.key:
                self.kore_app.open_import()
                return
            self.open_operation(event.option.id, {})

    def on_operation_chosen(self, message: OperationChosen) -> None:
        self.open_operation(message.key, message.values)

    # --- actions ----------------------------------------------------------------------------

    def action_submit(self) -> None:
        pane = self.current_pane()
        if pane is None:
            self.notify("Pick an operation first.", severity="warning")
            return
        pane.submit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_call":
            pane = self.current_pane()
            return pane is not None and pane.in_flight
        return True

    def action_cancel_call(self) -> None:
        pane = self.current_pane()
        if pane is not None:
            pane.cancel()

    def action_copy_curl(self) -> None:
        """Copy the form as curl and show it (runnable as pasted; see koretui/curl_export.py)."""
        from core.errors import KoreError
        from koretui.curl_export import curl_for
        from koretui.screens.curl import CurlScreen

        pane = self.current_pane()
        backend = self.kore_app.backend
        if pane is None or backend is None:
            self.notify("Pick an operation first.", severity="warning")
            return
        try:
            text, note = curl_for(backend, pane.op.key, pane.form.values())
        except KoreError as exc:
            pane.form.validate_all()
            self.notify(f"Cannot build curl: {exc}", severity="error")
            return
        self.kore_app.copy_to_clipboard(text)
        self.kore_app.last_copied = text
        self.app.push_screen(CurlScreen(text, note))

    def action_toggle_sidebar(self) -> None:
        """Hide the operation list for more room (80x24), or bring it back focused."""
        sidebar = self.query_one("#sidebar", OperationSidebar)
        sidebar.display = not sidebar.display
        if sidebar.display:
            sidebar.focus()
        elif self.focused is None or self.focused is sidebar:
            pane = self.current_pane()
            target = pane.form.first_input() if pane is not None else None
            if target is not None:
                target.focus()

    def action_toggle_history(self) -> None:
        """Show the history and focus it; hiding it gives the focus back to where it was."""
        panel = self.history_panel
        if panel is None:
            self.notify("The history appears once the app has finished starting.")
            return
        if not panel.display:
            self._focus_before_history = self.focused
            panel.display = True
            if panel.highlighted is None and panel.entries:
                panel.highlighted = 0  # ctrl+r Enter re-fills the newest entry
            panel.focus()
            return
        had_focus = self.focused is panel
        panel.display = False
        before = self._focus_before_history
        self._focus_before_history = None
        if had_focus and before is not None and before.is_attached and before.focusable:
            before.focus()
        elif had_focus:
            self.focus_next()

    # --- after a call -----------------------------------------------------------------------

    def on_call_completed(self, message: CallCompleted) -> None:
        from core.errors import KoreError
        from core.operations import get_operation
        from koretui.history import HistoryEntry, clean_inputs
        from koretui.widgets.operation_pane import OperationPane
        from koretui.widgets.response_panel import ResponsePanel

        op = get_operation(message.key)
        result, error = message.result, message.error
        backend = self.kore_app.backend
        host, profile, app = backend.tenant if backend is not None else (None, None, None)
        if result is not None:
            entry = HistoryEntry(
                message.key, clean_inputs(message.inputs), result.status, round(result.elapsed * 1000),
                response=result.body, host=host, profile=profile, app=app,
            )
        else:
            status = error.status if isinstance(error, KoreError) else None
            raw = getattr(error, "body", None)
            try:
                body: Any = json.loads(raw) if isinstance(raw, str) and raw else raw
            except ValueError:
                body = raw
            entry = HistoryEntry(
                message.key, clean_inputs(message.inputs), status, None, body, str(error),
                host=host, profile=profile, app=app,
            )
        notice = self.kore_app.history_store.append(entry)
        if notice:
            self.notify(notice, severity="warning")
        if self.history_panel is not None:
            self.history_panel.add_entry(entry)

        ok = result is not None
        self.kore_app.known_ids.learn_call(
            target_field=op.target_field, destructive=op.destructive, inputs=message.inputs, ok=ok,
            records=result.records if result is not None else (),
        )
        if ok and op.destructive and op.target_field:
            gone = str(message.inputs.get(op.target_field, "")).strip()
            for panel in self.query(ResponsePanel):
                panel.drop(gone)
            self.notify(f"Deleted {op.noun} {gone}")
        for pane in self.query(OperationPane):
            pane.form.refresh_known()
        self._replace_error_toast(op.key, None if error is None else str(error))

    def _replace_error_toast(self, key: str, error: str | None) -> None:
        """An operation's error toast lasts 8 s, and goes at once when that operation next answers.

        Textual has no public call to take back one notification (`clear_notifications` takes them
        all): the stale one is expired and announced again, and Textual drops expired notifications
        and their toasts when it next shows them, leaving the others as they were."""
        stale = self._error_toasts.pop(key, None)
        if stale is not None and not stale.has_expired:
            stale.timeout = 0
            self.app.post_message(Notify(stale))
        if error is not None:
            toast = Notification(error, "", "error", self.ERROR_TOAST_SECONDS)
            self._error_toasts[key] = toast
            self.app.post_message(Notify(toast))

    def on_row_chosen(self, message: RowChosen) -> None:
        """Enter: the record's next step at once (a list: its contacts; else its details);
        `a`: every operation on it; `v`: its details."""
        from core.presentation import for_record

        record = message.record
        entry = for_record(record)
        self.kore_app.known_ids.learn_records([record])
        step = next_step(entry) if message.how == "open" else None
        if step is not None:
            self.open_operation(step.key, entry.address(step, record), reset=True, send=True)
        elif message.how == "actions" and entry.operations:
            self._offer_actions(record)
        else:
            self._show_record(record)

    def _show_record(self, record: Any) -> None:
        from koretui.screens.record import RecordScreen

        def closed(choice: str | None) -> None:
            if choice == "actions":
                self._offer_actions(record)

        self.app.push_screen(RecordScreen(record), closed)

    def _offer_actions(self, record: Any) -> None:
        from core.operations import get_operation
        from core.presentation import for_record
        from koretui.screens.import_export import list_actions
        from koretui.screens.row_actions import RowActionsScreen

        entry = for_record(record)
        record_id = entry.id_of(record) or ""
        extras = list_actions(record)

        def chosen(key: str | None) -> None:
            if key == DETAILS:
                self._show_record(record)
            elif key in dict(extras):
                self.kore_app.list_action(key, entry.label_of(record))
            elif key:
                self.open_operation(key, entry.address(get_operation(key), record))

        screen = RowActionsScreen(
            entry.label_of(record), record_id, list(entry.operations), details=DETAILS, extras=extras
        )
        self.app.push_screen(screen, chosen)

    def on_history_chosen(self, message: HistoryChosen) -> None:
        from koretui.keys import key_of
        from koretui.widgets.history_panel import tenant_label

        entry = message.entry
        self.open_operation(entry.operation, dict(entry.inputs), reset=True)
        backend = self.kore_app.backend
        send_key = key_of(self.kore_app.keymap, "main.send")
        if backend is not None and not entry.for_tenant(*backend.tenant):
            self.notify(
                f"Re-filled from an entry sent to {tenant_label(entry.host, entry.profile, entry.app)}; "
                f"{send_key} would send it to {tenant_label(*backend.tenant)}. Check the ids first.",
                severity="warning", timeout=10,
            )
            return
        self.notify(f"Form re-filled from history; {send_key} sends it again.")
