"""Time from launch to the first frame: `koretui --sandbox` vs a bare Textual app, under tmux.

Each run starts the program in a fresh detached tmux session (100x30) and polls
`tmux capture-pane -p` every 10 ms until a marker text is on screen. The two programs run in
turn (bare, koretui, bare, ...), so a machine that slows down mid-run slows both; prints both
medians and the median of the pair-by-pair ratios. Target: at most 1.10x.
Usage: `.venv/bin/python bench/tui_startup.py [--runs N]`.

`--child koretui|bare` runs one program in this process and exits as soon as its first frame is
drawn (no polling, no backend; koretui through its real entry point, `main(["--sandbox"])`): a
whole-process command for an external A/B timer, e.g.
`script -qc '.venv/bin/python bench/tui_startup.py --child koretui' /dev/null`.
"""

from __future__ import annotations

import argparse
import importlib.abc
import importlib.machinery
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType
from typing import Any

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


def paired(bare: str, tui: str, env: dict[str, str], runs: int) -> tuple[list[float], list[float]]:
    """Alternating runs of both commands (after one warm-up each): bare times, koretui times."""
    time_to_marker(bare, env)  # warm-up: page cache, bytecode, the sidebar cache
    time_to_marker(tui, env)
    bare_times: list[float] = []
    tui_times: list[float] = []
    for _ in range(runs):
        bare_times.append(time_to_marker(bare, env))
        tui_times.append(time_to_marker(tui, env))
    return bare_times, tui_times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--child", choices=["koretui", "bare"], help="run one program to its first frame")
    args = parser.parse_args()
    if args.child:
        run_child(args.child)
        return
    python = sys.executable
    koretui = str(Path(python).with_name("koretui"))
    keeper = f"bench-keeper-{os.getpid()}"  # keeps the tmux server up between runs
    subprocess.run(["tmux", "new-session", "-d", "-s", keeper, "sleep 3600"], check=True)
    try:
        bare, tui = _measure(python, koretui, args.runs)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", keeper], check=False, capture_output=True)
    ratios = [t / b for b, t in zip(bare, tui, strict=True)]
    print(f"bare Textual app: median {statistics.median(bare):.3f} s over {args.runs} runs")
    print(f"koretui --sandbox: median {statistics.median(tui):.3f} s over {args.runs} runs")
    print(f"ratio (median of {args.runs} pairs): {statistics.median(ratios):.2f}x (target at most 1.10x)")


def _measure(python: str, koretui: str, runs: int) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory() as data_dir:
        env = {
            "KORE_DATA_DIR": data_dir,
            "TERM": os.environ.get("TERM", "xterm-256color"),
            # Bytecode is written by the warm-up and read after, as an installed app's is: with
            # PYTHONDONTWRITEBYTECODE=1 inherited, every edited koretui module was compiled each run.
            "PYTHONDONTWRITEBYTECODE": "",
        }
        bare_script = Path(data_dir) / "bare_app.py"
        bare_script.write_text(BARE_APP)
        bare = f"{shlex.quote(python)} {shlex.quote(str(bare_script))}"
        return paired(bare, f"{shlex.quote(koretui)} --sandbox", env, runs)


def run_child(which: str) -> None:
    """One program, exiting right after its first frame is drawn (the backend is never started).

    koretui runs as `koretui --sandbox` does (koretui.__main__.main, which imports Textual itself):
    the exit is hooked in as Textual's app module loads, so nothing is imported ahead of it.
    """
    hooks: dict[str, Callable[[ModuleType], None]] = {"textual.app": _exit_after_first_frame}
    if which == "koretui":
        hooks["koretui.app"] = _no_backend
    sys.meta_path.insert(0, _AfterImport(hooks))
    if which == "bare":
        exec(compile(BARE_APP, "bare_app.py", "exec"), {})
        return
    from koretui.__main__ import main as koretui_main

    koretui_main(["--sandbox"])


class _AfterImport(importlib.abc.MetaPathFinder):
    """Runs a hook on a module right after its code has run, the first time it is imported."""

    def __init__(self, hooks: dict[str, Callable[[ModuleType], None]]) -> None:
        self.hooks = hooks

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        hook = self.hooks.pop(name, None)
        spec = importlib.machinery.PathFinder.find_spec(name, path) if hook else None
        if hook is None or spec is None or spec.loader is None:
            return None
        execute = spec.loader.exec_module

        def execute_then_hook(module: ModuleType) -> None:
            execute(module)
            hook(module)

        spec.loader.exec_module = execute_then_hook  # type: ignore[method-assign]
        return spec


def _exit_after_first_frame(textual_app: ModuleType) -> None:
    """Exit once the first frame is written: not through App.exit, which first runs the callbacks
    queued after that frame (koretui reads koretui.tcss and the keymap then), then waits for the
    input thread. The terminal is left as the app set it: run the child under `script`."""
    display = textual_app.App._display

    def first_frame_then_exit(self: Any, screen: Any, renderable: Any) -> None:
        display(self, screen, renderable)
        if renderable is not None:
            writer = getattr(self._driver, "_writer_thread", None)
            if writer is not None:
                writer.stop()  # writes out what is queued, the frame included
            os._exit(0)

    textual_app.App._display = first_frame_then_exit


def _no_backend(koretui_app: ModuleType) -> None:
    koretui_app.KoreTui._start_backend = lambda self: None


if __name__ == "__main__":
    main()
