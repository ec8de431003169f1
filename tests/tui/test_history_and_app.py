"""History across restarts, curl export, banners, help and the palette."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.client import KoreClient
from core.settings import load_settings
from koretui import catalog_index
from koretui.backend import SANDBOX_BANNER, Backend, BackendError, build_backend
from koretui.history import HistoryEntry, HistoryStore
from koretui.screens.help import HelpScreen
from koretui.widgets.history_panel import HistoryPanel
from tests.tui.conftest import AppFactory
from tests.tui.helpers import open_op, screen_text, submit, type_into, type_text, until

TENANT_ENV = {
    "KORE_HOST": "https://acme.kore.ai",
    "KORE_CLIENT_ID": "cs-0000",
    "KORE_CLIENT_SECRET": "very-secret-value",
    "KORE_ACCOUNT_ID": "5a4db0c45a4db0c45a4db0c4",
    "KORE_APP_ID": "st-1234",
}


async def test_history_survives_a_restart_and_refills_the_form(make_app: AppFactory, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_op(pilot, "contact_list.create")
        await type_into(pilot, pane, "name", "Remember me")
        await type_into(pilot, pane, "description", "from history")
        await submit(pilot)
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = again.main_screen.query_one("#history", HistoryPanel)
        assert panel.entries[0].operation == "contact_list.create"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert panel.display and again.focused is panel
        panel.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        pane = again.main_screen.current_pane()
        assert pane is not None and pane.op.key == "contact_list.create"
        assert pane.form.values()["name"] == "Remember me"


async def test_history_is_newest_first_and_never_stores_secrets(make_app: AppFactory, data_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_op(pilot, "contact_list.list")
        await submit(pilot)
        await open_op(pilot, "contact.list")
        await submit(pilot)
        panel = app.main_screen.query_one("#history", HistoryPanel)
        assert [entry.operation for entry in panel.entries] == ["contact.list", "contact_list.list"]
    text = (data_dir / "history.jsonl").read_text()
    assert "sandbox-client-secret" not in text and "auth" not in text.lower().replace("author", "")


async def test_a_corrupt_history_line_is_skipped_and_kept_aside_while_good_entries_stay(
    make_app: AppFactory, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    good = '{"operation": "contact_list.list", "inputs": {}, "status": 200, "host": "sandbox"}'
    (data_dir / "history.jsonl").write_bytes(f"{good}\nnot json\n\xff\xfe garbage\n{good}\n".encode("latin-1"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        notes = [note.message for note in app._notifications]
        assert any("Skipped 2 unreadable history lines (line 2, 3)" in note for note in notes), notes
        panel = app.main_screen.query_one("#history", HistoryPanel)
        assert [entry.operation for entry in panel.entries] == ["contact_list.list", "contact_list.list"]
    skipped = (data_dir / "history.jsonl.skipped").read_bytes()
    assert b"not json" in skipped and b"garbage" in skipped
    assert (data_dir / "history.jsonl").read_text().count("contact_list.list") == 2
    assert not list(data_dir.glob("history.jsonl.corrupt-*"))


def test_a_history_file_that_cannot_be_read_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    path.mkdir()  # a directory where the file should be: reading fails with an OSError
    entries, notice = HistoryStore(path, clock=lambda: 0).load()
    assert entries == [] and notice is not None and "moved it to" in notice
    assert (tmp_path / "history.jsonl.corrupt-19700101T000000").is_dir()


def test_history_and_its_side_file_are_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "history.jsonl"
    store = HistoryStore(path)
    store.append(HistoryEntry("contact.list", {"skip": "0"}, 200, 5))
    assert path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o644)
    with path.open("a") as handle:
        handle.write("broken\n")
    store.load()
    store.append(HistoryEntry("contact.list", {"skip": "10"}, 200, 5))
    assert path.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "data" / "history.jsonl.skipped").stat().st_mode & 0o777 == 0o600


def test_a_history_file_left_readable_by_others_is_made_private_when_read(tmp_path: Path) -> None:
    """An older koretui wrote it 0644; it holds names and phone numbers, so it is not left so until a send."""
    path = tmp_path / "history.jsonl"
    path.write_text(HistoryEntry("contact.list", {"skip": "0"}, 200, 5).to_json() + "\n")
    path.chmod(0o644)
    entries, notice = HistoryStore(path).load()
    assert len(entries) == 1 and notice is None
    assert path.stat().st_mode & 0o777 == 0o600


def test_history_entries_drop_secret_looking_inputs(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.jsonl")
    store.append(HistoryEntry("contact.list", {"skip": "0", "client_secret": "x", "jwt": "y"}, 200, 5))
    entries, _ = store.load()
    assert entries[0].inputs == {"skip": "0"}


async def test_copy_as_curl_against_a_tenant_masks_the_token_and_shows_the_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from koretui.app import KoreTui
    from koretui.screens.curl import CurlScreen

    for name, value in TENANT_ENV.items():
        monkeypatch.setenv(name, value)
    settings = load_settings(env_file=None)
    app = KoreTui(Backend(KoreClient(settings), settings.host_name, False))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_op(pilot, "contact.list")
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.last_copied is not None and app.last_copied.startswith("curl --request GET 'https://acme.kore.ai/")
        assert "KORE_JWT" in app.last_copied and "eyJ" not in app.last_copied
        assert isinstance(app.screen, CurlScreen)
        assert "acme.kore.ai" in str(app.screen.query_one("#command").render())


async def test_copy_as_curl_in_the_sandbox_runs_against_kore_sandbox(make_app: AppFactory) -> None:
    import shlex

    import httpx

    from core.sandbox.app import create_app
    from core.sandbox.config import SandboxConfig
    from koretui.curl_export import KORE_SANDBOX_URL

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_op(pilot, "contact.list")
        await pilot.press("ctrl+y")
        await pilot.pause()
        command = app.last_copied
        assert command is not None and "kore-sandbox" in command and "sandbox.local" not in command
        on_screen = screen_text(app)
        for comment in (line for line in command.splitlines() if line.startswith("#")):
            assert comment in on_screen  # whole on one line: none is broken away from its '#'
    words = shlex.split("\n".join(line for line in command.splitlines() if not line.startswith("#")))
    url = words[words.index("--request") + 2]
    headers = dict(words[i + 1].split(": ", 1) for i, word in enumerate(words) if word == "--header")
    assert url.startswith(KORE_SANDBOX_URL)
    server = create_app(SandboxConfig(seed=True))  # what `kore-sandbox` serves, with its defaults
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=server), base_url=KORE_SANDBOX_URL) as http:
        response = await http.get(url, headers=headers)
    assert response.status_code == 200, response.text


async def test_sandbox_banner_appears_without_credentials(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        banner = str(app.main_screen.query_one("#banner").render())
        assert SANDBOX_BANNER in banner


async def test_host_name_is_shown_with_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    from koretui.app import KoreTui

    for name, value in TENANT_ENV.items():
        monkeypatch.setenv(name, value)
    settings = load_settings(env_file=None)
    backend = Backend(KoreClient(settings), settings.host_name, False)
    app = KoreTui(backend)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        banner = str(app.main_screen.query_one("#banner").render())
        assert "acme.kore.ai" in banner and "SANDBOX" not in banner
        assert "very-secret-value" not in banner


def test_build_backend_picks_sandbox_without_credentials_and_tenant_with(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    sandbox = build_backend()
    assert sandbox.is_sandbox and sandbox.label == SANDBOX_BANNER
    assert (data_dir / "sandbox.sqlite3").exists()
    for name, value in TENANT_ENV.items():
        monkeypatch.setenv(name, value)
    tenant = build_backend()
    assert not tenant.is_sandbox and tenant.host_name == "acme.kore.ai"
    forced = build_backend(force_sandbox=True, state_file=data_dir / "other.json")
    assert forced.is_sandbox and "--sandbox" in forced.label
    assert (data_dir / "other.json").exists()


def test_half_configured_tenant_names_the_missing_setting_instead_of_using_the_sandbox(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    monkeypatch.setenv("KORE_CLIENT_ID", "cs-only-this")
    with pytest.raises(BackendError, match=r"missing Kore\.ai settings account_id, app_id, client_secret:"):
        build_backend()
    assert build_backend(force_sandbox=True).is_sandbox


def test_unknown_profile_exits_2_with_one_line(tmp_path: Path, data_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "koretui", "--profile", "nope"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
        env={"KORE_DATA_DIR": str(data_dir), "KORE_CONFIG_FILE": str(tmp_path / "none.toml"), "PATH": "/usr/bin",
             "TERM": "dumb"},
    )
    assert result.returncode == 2
    assert result.stderr.strip().startswith("koretui: profile 'nope'")
    assert len(result.stderr.strip().splitlines()) == 1


async def test_question_mark_opens_help_but_types_in_inputs(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        pane = await open_op(pilot, "contact_list.create")
        await type_into(pilot, pane, "name", "why?")
        assert pane.form.values()["name"] == "why?"
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_command_palette_opens_an_operation_by_name(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "update a contact")
        from textual.command import CommandList

        await until(pilot, lambda: app.screen.query_one(CommandList).option_count, "palette matches listed")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        pane = app.main_screen.current_pane()
        assert pane is not None and pane.op.key == "contact.update"


def test_catalog_cache_is_used_only_while_the_catalog_file_is_unchanged(data_dir: Path) -> None:
    entries = catalog_index.load()
    assert entries == catalog_index.from_catalog()
    assert catalog_index.load_cached() == entries
    data = json.loads(catalog_index.cache_file().read_text())
    data["stamp"] = "stale"
    catalog_index.cache_file().write_text(json.dumps(data))
    assert catalog_index.load_cached() is None


def test_headless_modules_never_import_textual() -> None:
    code = (
        "import sys; import koretui.backend, koretui.history, koretui.known_ids, koretui.catalog_index; "
        "assert not [m for m in sys.modules if m.startswith('textual')], 'textual imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
