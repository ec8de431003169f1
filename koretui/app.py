"""The koretui App: wires the backend, history and known ids to the main screen.

The first frame needs only the sidebar; core, httpx and the sandbox are loaded after it (in a
thread) unless a backend is injected, as tests do.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import constants, events, work
from textual.app import App
from textual.binding import Binding
from textual.reactive import Initialize, Reactive
from textual.widget import AwaitMount

from koretui import catalog_index
from koretui.commands import operation_commands, theme_commands
from koretui.preferences import load_preferences, save_preference
from koretui.screens.main import MainScreen
from koretui.typeahead import PALETTE, STARTING, Typeahead

if TYPE_CHECKING:
    from textual.command import CommandPalette

    from koretui.backend import Backend
    from koretui.history import HistoryStore
    from koretui.known_ids import KnownIds
    from koretui.messages import CopyRequested


def remembered_theme(app: App[None]) -> str:
    """The theme chosen last time (ctrl+p, "theme"), as the default: the first frame is drawn in it
    at once (setting it after start-up parsed every stylesheet a second time)."""
    theme = load_preferences().get("theme")
    return theme if isinstance(theme, str) and theme in app.available_themes else constants.DEFAULT_THEME


class KoreTui(App[None]):
    """Browse the catalog's operations, fill validated forms, send them, keep a history."""

    theme: Reactive[str] = Reactive(Initialize(remembered_theme))

    CSS_PATH = "frame.tcss"  # the main screen's frame; koretui.tcss follows the first frame
    LATER_CSS_PATH = Path(__file__).with_name("koretui.tcss")
    TITLE = "koretui"
    COMMANDS = App.COMMANDS | {operation_commands, theme_commands}
    BINDINGS = [
        Binding("f1", "help", "Help", id="app.help"),
        Binding("question_mark", "help_key", "Help", show=False),
    ]

    def __init__(
        self,
        backend: Backend | None = None,
        *,
        backend_factory: Callable[[], Backend] | None = None,
        history_path: Path | None = None,
        show_timings: bool = True,
    ) -> None:
        super().__init__()
        self.backend = backend
        self._backend_factory = backend_factory
        self._history_path = history_path or catalog_index.data_dir() / "history.jsonl"
        self.show_timings = show_timings
        self.last_copied: str | None = None
        self.startup_error: str | None = None
        self._backend_built = asyncio.Event()
        self.main_screen = MainScreen(catalog_index.load(), banner="koretui · starting…")
        self.keymap: dict[str, str] = {}
        self.keymap_problem: str | None = None
        self.typeahead = Typeahead(self)

    async def on_event(self, event: events.Event) -> None:
        """Keys are handled one at a time, each after what the one before opened (koretui/typeahead.py)."""
        typed = event if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded else None
        if typed is not None and self.typeahead.holds(typed):
            return
        await super().on_event(event)

    def on_command_palette_closed(self, message: CommandPalette.Closed) -> None:
        """The palette queues its choice before saying it closed: held keys come back after it ran."""
        self.call_later(self.typeahead.done, PALETTE)

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Keys typed while a screen opens (a dialog, the palette, Import) go to it once it is up."""
        pushed = super().push_screen(screen, *args, **kwargs)
        if isinstance(pushed, AwaitMount):
            self.typeahead.until_open(self.screen, pushed)
        return pushed

    def watch_theme(self, theme: str) -> None:
        """Remember the theme for next time (ctrl+p, "theme")."""
        save_preference("theme", theme)

    @cached_property
    def history_store(self) -> HistoryStore:
        """Created on first use (after the first frame), like everything the sidebar does not need."""
        from koretui.history import HistoryStore

        return HistoryStore(self._history_path)

    @cached_property
    def known_ids(self) -> KnownIds:
        from koretui.known_ids import KnownIds

        return KnownIds()

    def get_default_screen(self) -> MainScreen:
        return self.main_screen

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables plus $frame, for unfocused frames (the theme's $border-blurred is
        almost the background; a theme may set its own), with frames, focus marks and the cursor's
        text nudged where the theme's own would not read (koretui/theme_contrast.py)."""
        from koretui.theme_contrast import readable_variables

        variables = super().get_css_variables()
        adjusted = readable_variables(variables)
        if "frame" in variables:
            del adjusted["frame"]
        return {**variables, **adjusted}

    def load_later_css(self) -> None:
        """koretui.tcss, the rules the first frame does not use (forms, tables, dialogs, Import),
        read right after it, as Textual reads a screen's CSS_PATH when the screen is first shown."""
        path = self.LATER_CSS_PATH
        if self.stylesheet.has_source(str(path)):
            return
        if self.css_monitor is not None:  # `textual run --dev` reloads it on change too
            self.css_monitor.add_paths([path])
        self.stylesheet.read(path)
        self.stylesheet.reparse()
        self.stylesheet.update(self)

    def load_keymap(self) -> None:
        """The config file's [keymap] (read right after the first frame: tomllib is not needed before)."""
        from koretui.preferences import load_keymap

        self.keymap, self.keymap_problem = load_keymap()
        self.set_keymap(self.keymap)
        self._check_keymap()

    def main_screen_mounted(self) -> None:
        """Called by the main screen once composed: attach an injected backend or start building one."""
        self.call_after_refresh(self.load_later_css)
        self.call_after_refresh(gc.enable)  # koretui.__main__ pauses the cycle collector until now
        self.call_after_refresh(self.load_keymap)
        self.call_after_refresh(self.typeahead.done, STARTING)  # keys typed meanwhile, to the sidebar
        if self.backend is not None:
            self._check_catalog(catalog_index.from_catalog())
            self._backend_ready(self.backend)
        else:
            self.call_after_refresh(self._start_backend)

    def _start_backend(self) -> None:
        self.run_worker(self._build_backend, thread=True, exit_on_error=False, name="backend")

    def _build_backend(self) -> None:
        """Thread: import core, build the client (or the sandbox), check the cached sidebar."""
        from koretui.backend import BackendError

        assert self._backend_factory is not None
        try:
            backend = self._backend_factory()
        except BackendError as exc:
            if exc.state_file is not None and exc.state_file.exists():
                self.call_from_thread(self._offer_fresh_state, str(exc), exc.state_file)
            else:
                self.call_from_thread(self._fail, str(exc))
            return
        entries = catalog_index.from_catalog()
        self.call_from_thread(self._check_catalog, entries)
        self.call_from_thread(self._backend_ready, backend)

    async def backend_built(self) -> Backend | None:
        """The backend once built: what asks for it earlier (a Send right after the first frame)
        waits rather than fails. None when it cannot be built (the app is closing, saying why)."""
        await self._backend_built.wait()
        return self.backend

    def _fail(self, message: str) -> None:
        self.startup_error = message
        self._backend_built.set()
        self.exit(return_code=2)

    def _offer_fresh_state(self, problem: str, state_file: Path) -> None:
        from koretui.screens.fresh_state import FreshStateScreen

        def chosen(fresh: bool | None) -> None:
            if not fresh:
                self._fail(problem)
                return
            from koretui.backend import move_aside

            try:
                aside = move_aside(state_file)
            except OSError as exc:
                self._fail(f"{problem}; moving it aside failed too ({exc.strerror or exc})")
                return
            self.notify(f"Moved the old sandbox state to {aside}; starting fresh.", timeout=10)
            self._start_backend()

        self.push_screen(FreshStateScreen(problem, str(state_file)), chosen)

    def _check_catalog(self, entries: list[catalog_index.OperationEntry]) -> None:
        if entries != self.main_screen.entries:
            catalog_index.save(entries)
            self.main_screen.replace_entries(entries)

    def _backend_ready(self, backend: Backend) -> None:
        self.backend = backend
        self.main_screen.backend_ready(backend)
        if backend.warning:
            self.notify(backend.warning, title="Settings", severity="warning", timeout=15)
        entries, notice = self.history_store.load()
        if notice:
            self.notify(notice, title="History", severity="warning", timeout=10)
        # Ids seen on another tenant would 404 here (or worse, name something else): not offered.
        self.known_ids.learn_history(entry for entry in entries if entry.for_tenant(*backend.tenant))
        self.main_screen.show_history(entries, tenant=backend.tenant)
        self._backend_built.set()

    async def on_unmount(self) -> None:
        if self.backend is not None:
            await self.backend.aclose()

    def open_operation(self, key: str, values: dict[str, Any] | None = None) -> None:
        self.main_screen.open_operation(key, values or {})

    async def choose_operation(self, key: str) -> None:
        """The palette's choice: returns once the form is mounted and its first field focused."""
        await self.main_screen.open_focused(key)

    def open_import(self, list_name: str = "") -> AwaitMount | None:
        """The Import screen (sidebar, palette, a list row's actions), optionally for one list."""
        from koretui.screens.import_screen import ImportScreen, default_region

        if self.backend is None:
            waiting = object()  # keys typed meanwhile are for the Import screen's fields
            self.typeahead.wait_for(waiting, sure=True)
            self._open_import_when_built(list_name, waiting)
            return None
        if isinstance(self.screen, ImportScreen):
            return None
        region = default_region(self.backend)
        return self.push_screen(ImportScreen(self.backend, list_name=list_name, region=region))

    @work(group="import", exclusive=True, exit_on_error=False)
    async def _open_import_when_built(self, list_name: str, waiting: object) -> None:
        try:
            if await self.backend_built() is not None:
                self.open_import(list_name)
        finally:
            self.typeahead.done(waiting)

    def list_action(self, key: str, list_name: str) -> None:
        """A contact list row's bulk actions: import into it, or export it to CSV."""
        from koretui.screens.import_export import IMPORT_INTO

        if key == IMPORT_INTO:
            self.open_import(list_name)
        else:
            self.export_list(list_name)

    @work(group="export", exit_on_error=False)
    async def export_list(self, list_name: str) -> None:
        """Every contact of the list to a CSV here (or in the data dir); the path in a notice."""
        from koretui.screens.import_export import export_to_csv

        if self.backend is not None:
            await export_to_csv(self.backend, list_name, self.notify)

    def _check_keymap(self) -> None:
        problems = [self.keymap_problem] if self.keymap_problem else []
        unknown: list[str] = []
        if self.keymap:
            from koretui.keys import binding_ids
            from koretui.preferences import unknown_ids

            unknown = unknown_ids(self.keymap, binding_ids())
        if unknown:
            problems.append(f"unknown binding ids in [keymap]: {', '.join(unknown)} (F1 lists them)")
        for problem in problems:
            self.notify(problem, title="Keymap", severity="warning", timeout=15)

    def on_copy_requested(self, message: CopyRequested) -> None:
        self.copy_to_clipboard(message.text)
        self.last_copied = message.text
        self.notify(f"Copied {message.what}")

    def action_help_key(self) -> None:
        """`?` opens help only outside text inputs (there it is a character)."""
        from textual.widgets import Input

        if not isinstance(self.focused, Input):
            self.action_help()

    def action_help(self) -> None:
        """F1 anywhere: the bindings and where settings are read from."""
        from koretui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        from core.places import default_config_file, default_data_dir

        label = "starting…"
        backend = self.backend
        if backend is not None:
            label = backend.label if backend.is_sandbox else f"Kore.ai tenant {backend.host_name}"
        self.push_screen(
            HelpScreen(
                backend_label=label, config_file=str(default_config_file()), data_dir=str(default_data_dir()),
                keymap=self.keymap,
            )
        )
