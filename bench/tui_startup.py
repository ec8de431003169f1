"""Time from launch to the first frame: `koretui --sandbox` vs a bare Textual app, under tmux.

Each run starts the program in a fresh detached tmux session (100x30) and polls
`tmux capture-pane -p` every 10 ms until a marker text is on screen. Prints both medians of 10
runs and their ratio. Usage: `.venv/bin/python bench/tui_startup.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = "Create Contact List"
BARE_APP = f"""
from textual.app import App
from textual.widgets import Static

class Bare(App[None]):
    def compose(self):
        yield Static({MARKER!r})

Bare().run()
"""


def _screen(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-t", session, "-p"], capture_output=True, text=True, check=False
    ).stdout


def time_to_marker(command: str, env: dict[str, str], timeout: float = 20.0) -> float:
    """Seconds from `tmux new-session` to the marker on screen."""
    session = f"bench-{os.getpid()}-{time.monotonic_ns()}"
    exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
    started = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", f"env {exports} {command}"],
        check=True,
    )
    try:
        while time.perf_counter() - started < timeout:
            if MARKER in _screen(session):
                return time.perf_counter() - started
            time.sleep(0.01)
        raise TimeoutError(f"marker {MARKER!r} not seen within {timeout} s: {command}")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False, capture_output=True)


def median_of(command: str, env: dict[str, str], runs: int) -> float:
    time_to_marker(command, env)  # warm-up: page cache, bytecode, the sidebar cache
    return statistics.median(time_to_marker(command, env) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    python = sys.executable
    koretui = str(Path(python).with_name("koretui"))
    keeper = f"bench-keeper-{os.getpid()}"  # keeps the tmux server up between runs
    subprocess.run(["tmux", "new-session", "-d", "-s", keeper, "sleep 3600"], check=True)
    try:
        bare, tui = _measure(python, koretui, args.runs)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", keeper], check=False, capture_output=True)
    print(f"bare Textual app: median {bare:.3f} s over {args.runs} runs")
    print(f"koretui --sandbox: median {tui:.3f} s over {args.runs} runs")
    print(f"ratio: {tui / bare:.2f}x")


def _measure(python: str, koretui: str, runs: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as data_dir:
        env = {"KORE_DATA_DIR": data_dir, "TERM": os.environ.get("TERM", "xterm-256color")}
        bare_script = Path(data_dir) / "bare_app.py"
        bare_script.write_text(BARE_APP)
        bare = median_of(f"{shlex.quote(python)} {shlex.quote(str(bare_script))}", env, runs)
        tui = median_of(f"{shlex.quote(koretui)} --sandbox", env, runs)
    return bare, tui


if __name__ == "__main__":
    main()
