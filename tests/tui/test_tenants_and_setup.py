"""Per-tenant history and suggestions; setup and recovery (broken config, corrupt sandbox state)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from koretui.app import KoreTui
from koretui.backend import Backend, BackendError, build_backend, move_aside
from koretui.screens.fresh_state import FreshStateScreen
from koretui.widgets.history_panel import HistoryPanel
from tests.tui.conftest import AppFactory
from tests.tui.helpers import open_op, submit, until


def write_history(path: Path, *entries: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(entry) + "\n" for entry in entries))


async def test_history_and_suggestions_are_the_current_tenants_unless_all_are_asked_for(
    make_app: AppFactory, data_dir: Path
) -> None:
    base = {"status": 200, "duration_ms": 5, "at": "2026-01-01T10:00:00+00:00"}
    write_history(
        data_dir / "history.jsonl",
        {**base, "operation": "contact_list.get", "inputs": {"contact_list_id": "cl-old"}},  # no host: old file
        {**base, "operation": "contact_list.delete", "inputs": {"contact_list_id": "cl-acme"}, "host": "acme.kore.ai",
         "profile": "prod"},
        {**base, "operation": "contact_list.get", "inputs": {"contact_list_id": "cl-here"}, "host": "sandbox"},
    )
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_op(pilot, "contact_list.list")
        panel = app.main_screen.query_one("#history", HistoryPanel)
        assert [entry.inputs["contact_list_id"] for entry in panel.entries] == ["cl-here"]
        assert app.known_ids.get("contact_list_id", "cl-here") is not None
        assert app.known_ids.get("contact_list_id", "cl-acme") is None
        await pilot.press("ctrl+r", "a")
        await pilot.pause()
        assert [entry.inputs["contact_list_id"] for entry in panel.entries] == ["cl-here", "cl-acme", "cl-old"]
        prompts = [str(panel.get_option_at_index(index).prompt) for index in range(3)]
        assert "@ acme.kore.ai [prod]" in prompts[1] and "@ unknown tenant" in prompts[2]
        assert "@" not in prompts[0]
        panel.highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        assert any("sent to acme.kore.ai [prod]" in note.message for note in app._notifications)


async def test_two_apps_on_one_host_do_not_share_history_or_suggestions(
    make_app: AppFactory, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every customer of Kore.ai's cloud is on platform.kore.ai: the host alone cannot tell tenants apart."""
    base = {"status": 200, "duration_ms": 5, "at": "2026-01-01T10:00:00+00:00", "host": "platform.kore.ai"}
    write_history(
        data_dir / "history.jsonl",
        {**base, "operation": "contact_list.get", "inputs": {"contact_list_id": "cl-before"}},  # no app yet
        {**base, "operation": "contact_list.delete", "inputs": {"contact_list_id": "cl-acme"}, "app": "st-acme"},
        {**base, "operation": "contact_list.get", "inputs": {"contact_list_id": "cl-mine"}, "app": "st-mine"},
    )
    monkeypatch.setattr(Backend, "tenant", property(lambda self: ("platform.kore.ai", None, "st-mine")))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_op(pilot, "contact_list.list")
        panel = app.main_screen.query_one("#history", HistoryPanel)
        assert [entry.inputs["contact_list_id"] for entry in panel.entries] == ["cl-mine", "cl-before"]
        assert app.known_ids.get("contact_list_id", "cl-acme") is None
        assert app.known_ids.get("contact_list_id", "cl-mine") is not None
        await submit(pilot)
    line = json.loads((data_dir / "history.jsonl").read_text().splitlines()[-1])
    assert (line["host"], line["app"]) == ("platform.kore.ai", "st-mine")


async def test_each_history_entry_records_where_it_was_sent(make_app: AppFactory, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_op(pilot, "contact_list.list")
        await submit(pilot)
    line = json.loads((data_dir / "history.jsonl").read_text().splitlines()[-1])
    assert line["host"] == "sandbox" and line["profile"] is None


async def test_sandbox_mode_ignores_a_broken_config_file_with_a_warning(tmp_path: Path, data_dir: Path) -> None:
    config = Path(os.environ["KORE_CONFIG_FILE"])
    config.write_text('host = "unterminated\n')
    app = KoreTui(backend_factory=partial(build_backend, force_sandbox=True), history_path=data_dir / "h.jsonl")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.backend is not None, "backend ready")
        assert app.backend is not None and app.backend.is_sandbox
        await until(pilot, lambda: bool(app._notifications), "the warning")
        await pilot.pause()
        notes = [note.message for note in app._notifications]
        assert any(note.startswith("Settings ignored in --sandbox mode") and "not valid TOML" in note
                   for note in notes), notes
        assert len([note for note in notes if str(config) in note]) == 1, notes  # not again for [keymap]


def test_a_settings_error_is_printed_before_anything_is_drawn(tmp_path: Path, data_dir: Path) -> None:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin"), "TERM": "xterm-256color", "KORE_DATA_DIR": str(data_dir),
        "KORE_CONFIG_FILE": str(tmp_path / "none.toml"), "KORE_CLIENT_ID": "cs-only-this",
    }
    result = subprocess.run(
        [sys.executable, "-m", "koretui"], capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("koretui: ") and "account_id" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "\x1b[" not in result.stdout  # no frame was drawn


async def test_a_corrupt_sandbox_state_can_be_moved_aside_for_a_fresh_start(data_dir: Path) -> None:
    state = data_dir / "state.json"
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text("{ not json")
    app = KoreTui(
        backend_factory=partial(build_backend, force_sandbox=True, state_file=state),
        history_path=data_dir / "h.jsonl",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await until(
            pilot,
            lambda: isinstance(app.screen, FreshStateScreen) and bool(app.screen.query("#question")),
            "the fresh-start offer",
        )
        assert "is corrupt" in str(app.screen.query_one("#question").render())
        await pilot.press("enter")
        await until(pilot, lambda: app.backend is not None, "backend ready")
        assert app.backend is not None and app.backend.sandbox is not None
        assert app.backend.sandbox.state.contact_lists  # the sample data of a fresh sandbox
    aside = list(data_dir.glob("state.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text() == "{ not json"


async def test_refusing_the_fresh_start_quits_with_the_problem(data_dir: Path) -> None:
    state = data_dir / "state.json"
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text("[]")
    app = KoreTui(
        backend_factory=partial(build_backend, force_sandbox=True, state_file=state),
        history_path=data_dir / "h.jsonl",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FreshStateScreen), "the fresh-start offer")
        await pilot.press("escape")
        await pilot.pause()
    assert app.startup_error is not None and "state file" in app.startup_error
    assert state.read_text() == "[]"


@pytest.mark.parametrize("content", [b"garbage", b"{ not json", b""])
def test_an_unusable_state_file_is_explained_once_with_what_to_do(tmp_path: Path, content: bytes) -> None:
    """'pick another file with --state' was said twice for a file that is not a state file."""
    state = tmp_path / "state"
    state.write_bytes(content)
    with pytest.raises(BackendError) as caught:
        build_backend(force_sandbox=True, state_file=state)
    message = str(caught.value)
    assert message.count("pick another file") == 1 and message.count(str(state)) <= 2
    assert caught.value.state_file == state


def test_moving_a_sqlite_state_aside_takes_its_journal_along(tmp_path: Path) -> None:
    """A -wal left behind would be replayed into the fresh file that takes the old one's name."""
    for name in ("state.db", "state.db-wal", "state.db-shm"):
        (tmp_path / name).write_text(name)
    aside = move_aside(tmp_path / "state.db", now=0)
    assert sorted(path.name for path in tmp_path.iterdir()) == [aside.name, f"{aside.name}-shm", f"{aside.name}-wal"]
    assert (tmp_path / f"{aside.name}-wal").read_text() == "state.db-wal"
