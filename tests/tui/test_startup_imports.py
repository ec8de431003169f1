"""What `koretui --sandbox` loads before its first frame: Textual and the sidebar, nothing heavier.

The first frame is timed by bench/tui_startup.py; these tests guard the cause without timing: a
module pulled in before the frame (core, pydantic, httpx, the sandbox's Starlette and SQLite...)
would slow every start, and shows up here as a name.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from koretui import catalog_index

HEAVY = (
    "core", "pydantic", "pydantic_settings", "httpx", "starlette", "uvicorn", "sqlite3", "phonenumbers",
    "openpyxl", "jwt", "cryptography", "prometheus_client", "redis", "koretui.backend",
    "koretui.history", "koretui.known_ids", "koretui.palette", "koretui.widgets.operation_pane",
    "textual.widgets._data_table", "textual.widgets._text_area",
)

# Runs `koretui --sandbox` headless up to the moment the backend would start (right after the
# first frame), prints what was loaded by then, and exits.
FIRST_FRAME = """
import gc
import sys
from functools import partialmethod
from textual.app import App
from koretui.app import KoreTui

def loaded_then_exit(self):
    print("gc-on" if gc.isenabled() else "gc-off", " ".join(sorted(sys.modules)))
    self.exit()

KoreTui._start_backend = loaded_then_exit
KoreTui.run = partialmethod(App.run, headless=True, size=(100, 30))
from koretui.__main__ import main
main(["--sandbox"])
"""


def loaded_at_first_frame(tmp_path: Path) -> set[str]:
    """What a second start loads (the first builds the sidebar's cache from core's catalog)."""
    catalog_index.save(catalog_index.from_catalog())  # into KORE_DATA_DIR, set by conftest
    env = {**os.environ, "KORE_CONFIG_FILE": str(tmp_path / "config.toml")}
    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return set(done.stdout.split())


def heavy_among(modules: set[str]) -> list[str]:
    return sorted(name for name in modules if any(name == h or name.startswith(f"{h}.") for h in HEAVY))


def test_first_frame_of_koretui_sandbox_loads_no_core_http_or_sandbox_modules(tmp_path: Path) -> None:
    modules = loaded_at_first_frame(tmp_path)
    assert "koretui.screens.main" in modules  # the probe ran where it should: the main screen is up
    assert heavy_among(modules) == []


def test_koretui_turns_the_cycle_collector_back_on_after_its_first_frame(tmp_path: Path) -> None:
    assert "gc-on" in loaded_at_first_frame(tmp_path)  # paused only while starting (koretui.__main__)


def test_the_guard_names_a_heavy_module_when_one_is_loaded() -> None:
    assert heavy_among({"textual.app", "core", "core.operations", "httpx", "coreutils"}) == [
        "core", "core.operations", "httpx",
    ]
