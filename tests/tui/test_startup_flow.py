"""Right after the first frame the backend is still being built (core, httpx and the sandbox load
then): what the user asks for meanwhile waits for it and happens once, it is never refused."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input

from core.sandbox.embedded import EmbeddedSandbox
from koretui.app import KoreTui
from koretui.backend import Backend
from koretui.screens.import_entry import IMPORT_ENTRY
from koretui.screens.import_screen import ImportScreen
from koretui.widgets.operation_sidebar import OperationSidebar

from .helpers import PATIENCE, burst, open_op, until


def held_backend(sandbox: EmbeddedSandbox, release: threading.Event) -> Callable[[], Backend]:
    """A backend factory that finishes only when the test releases it (it runs on a thread)."""

    def build() -> Backend:
        assert release.wait(PATIENCE), "the test never released the backend"
        return Backend.for_sandbox(sandbox, rate_limit_per_minute=0, max_retries=0)

    return build


async def test_a_send_before_the_backend_is_built_waits_for_it_and_is_sent_once(
    sandbox: EmbeddedSandbox, data_dir: Path
) -> None:
    release = threading.Event()
    app = KoreTui(backend_factory=held_backend(sandbox, release), history_path=data_dir / "history.jsonl")
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            pane = await open_op(pilot, "contact_list.list")
            await pilot.press("ctrl+s")
            await pilot.press("ctrl+s")  # impatient: still one call
            await until(pilot, lambda: "Connecting" in str(pane.form.progress.render()), "the connecting note")
            assert app.backend is None and not app._notifications  # no "try again" warning
            release.set()
            await until(pilot, lambda: not pane.has_class("-fresh"), "the call's result")
            assert pane.response.table.row_count > 0
            assert "Connecting" not in str(pane.form.progress.render())
    finally:
        release.set()
    entries = (data_dir / "history.jsonl").read_text().splitlines()
    assert [json.loads(line)["operation"] for line in entries] == ["contact_list.list"]


async def test_import_asked_for_before_the_backend_is_built_opens_once_it_is(
    sandbox: EmbeddedSandbox, data_dir: Path
) -> None:
    release = threading.Event()
    app = KoreTui(backend_factory=held_backend(sandbox, release), history_path=data_dir / "history.jsonl")
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: app.main_screen.is_mounted, "the main screen")
            assert app.open_import() is None
            assert not isinstance(app.screen, ImportScreen) and not app._notifications
            release.set()
            await until(pilot, lambda: isinstance(app.screen, ImportScreen), "the Import screen")
    finally:
        release.set()


async def test_text_typed_after_asking_for_import_before_the_backend_is_built_fills_its_file_field(
    sandbox: EmbeddedSandbox, data_dir: Path
) -> None:
    release = threading.Event()
    app = KoreTui(backend_factory=held_backend(sandbox, release), history_path=data_dir / "history.jsonl")
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: app.main_screen.is_mounted, "the main screen")
            sidebar = app.main_screen.query_one("#sidebar", OperationSidebar)
            sidebar.focus()
            sidebar.select_key(IMPORT_ENTRY.key)
            await pilot.pause()
            burst(app, "enter", *"/tmp/contacts.csv")
            await pilot.pause()
            release.set()
            await until(pilot, lambda: isinstance(app.screen, ImportScreen), "the Import screen")
            await until(pilot, lambda: not app.typeahead.holding, "every key handled")
            assert app.screen.query_one("#import-file", Input).value == "/tmp/contacts.csv"
    finally:
        release.set()
