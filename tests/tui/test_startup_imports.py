"""What `koretui --sandbox` does before its first frame: Textual and the sidebar, nothing heavier.

The first frame is timed by bench/tui_startup.py; these tests guard the causes without timing: a
module pulled in before the frame (core, pydantic, httpx, the sandbox's Starlette and SQLite...),
a stylesheet parsed before it is needed, or a second styling pass would slow every start, and
each shows up here by name.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from koretui import catalog_index
from koretui.preferences import save_preference

HEAVY = (
    "core", "pydantic", "pydantic_settings", "httpx", "starlette", "uvicorn", "sqlite3", "phonenumbers",
    "openpyxl", "jwt", "cryptography", "prometheus_client", "redis", "koretui.backend",
    "koretui.history", "koretui.known_ids", "koretui.palette", "koretui.widgets.operation_pane",
    "textual.widgets._data_table", "textual.widgets._text_area",
)

# Runs `koretui --sandbox` headless up to the moment the backend would start (right after the
# first frame), prints what was loaded by then as JSON, and exits.
FIRST_FRAME = """
import gc
import json
import sys
from functools import partialmethod
from pathlib import Path
from textual.app import App
from koretui.app import KoreTui

seen = {}

def stylesheets(app):
    return sorted(Path(path).name for path, _ in app.stylesheet.source if path.endswith(".tcss"))

display = App._display
refresh_css = App.refresh_css
restyled = []

def first_display(self, screen, renderable):
    if renderable is not None and "css_at_first_frame" not in seen:
        seen.update(css_at_first_frame=stylesheets(self), theme=self.theme, restyled=len(restyled))
    display(self, screen, renderable)

def counted_refresh_css(self, *args, **kwargs):
    restyled.append(1)
    refresh_css(self, *args, **kwargs)

def loaded_then_exit(self):
    seen.update(gc_on=gc.isenabled(), modules=sorted(sys.modules), css_after=stylesheets(self))
    print(json.dumps(seen))
    self.exit()

App._display = first_display
App.refresh_css = counted_refresh_css
KoreTui._start_backend = loaded_then_exit
KoreTui.run = partialmethod(App.run, headless=True, size=(100, 30))
from koretui.__main__ import main
main(["--sandbox"])
"""


@pytest.fixture(scope="module")
def first_frame(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What a second start has loaded at its first frame and right after (the first start builds
    the sidebar's cache from core's catalog)."""
    home = tmp_path_factory.mktemp("first-frame")
    env = {**os.environ, "KORE_DATA_DIR": str(home / "data"), "KORE_CONFIG_FILE": str(home / "config.toml")}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KORE_DATA_DIR", env["KORE_DATA_DIR"])
        catalog_index.save(catalog_index.from_catalog())
        save_preference("theme", "textual-light")  # chosen last time
    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME], env=env, cwd=home, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return seen


LIGHT = ("core", "core.places")  # where the data dir is, without pydantic


def heavy_among(modules: list[str]) -> list[str]:
    return sorted(
        name for name in set(modules) - set(LIGHT) if any(name == h or name.startswith(f"{h}.") for h in HEAVY)
    )


def test_first_frame_of_koretui_sandbox_loads_no_core_http_or_sandbox_modules(first_frame: dict[str, Any]) -> None:
    assert "koretui.screens.main" in first_frame["modules"]  # the probe ran where it should
    assert heavy_among(first_frame["modules"]) == []


def test_first_frame_parses_only_the_main_screens_frame_and_the_rest_follows(first_frame: dict[str, Any]) -> None:
    assert first_frame["css_at_first_frame"] == ["frame.tcss"]
    assert first_frame["css_after"] == ["frame.tcss", "koretui.tcss"]  # forms, tables, dialogs


def test_a_remembered_theme_is_the_first_frames_without_restyling_everything(first_frame: dict[str, Any]) -> None:
    assert first_frame["theme"] == "textual-light"
    assert first_frame["restyled"] == 0  # setting it after start-up parsed every stylesheet again


def test_koretui_turns_the_cycle_collector_back_on_after_its_first_frame(first_frame: dict[str, Any]) -> None:
    assert first_frame["gc_on"]  # paused only while starting (koretui.__main__)


def test_the_guard_names_a_heavy_module_when_one_is_loaded() -> None:
    assert heavy_among(["textual.app", "core", "core.places", "core.operations", "httpx", "coreutils"]) == [
        "core.operations", "httpx",
    ]
