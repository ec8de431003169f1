"""SVG snapshots of the Import screen's dry-run report at 80x24 (dark) and 160x45 (light).

Update after an intended change with `pytest tests/tui/test_import_snapshots.py --snapshot-update`,
then look at the SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import AppFactory
from tests.tui.test_import import SMALL, TARGET, dry_run, fill, open_import


@pytest.mark.parametrize(
    ("size", "theme"),
    [pytest.param((80, 24), "textual-dark", id="80x24-dark"), pytest.param((160, 45), "textual-light", id="160x45-light")],
)
def test_the_dry_run_report(
    snap_compare: Any, make_app: AppFactory, tmp_path: Path, size: tuple[int, int], theme: str
) -> None:
    (tmp_path / "crm.csv").write_text(SMALL, encoding="utf-8")  # the current directory in tests
    app = make_app(show_timings=False)

    async def run(pilot: Pilot[Any]) -> None:
        pilot.app.theme = theme
        screen = await open_import(pilot)
        fill(screen, file="crm.csv", list=TARGET)
        await dry_run(pilot, screen)
        screen.query_one("#import-file").focus()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run)
