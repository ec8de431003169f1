"""`koretui`: parse the command line and run the app (heavy imports wait for the first frame)."""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from koretui.backend import Backend


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="koretui",
        description="Browse and run Kore.ai contact-list, contact and campaign operations in the terminal. "
        "Without credentials it runs the embedded sandbox.",
    )
    parser.add_argument(
        "--sandbox", action="store_true", help="use the in-process sandbox even if credentials are set"
    )
    parser.add_argument(
        "--profile", metavar="NAME", help="read settings from [profiles.NAME] of the config file"
    )
    parser.add_argument(
        "--state", metavar="FILE", type=Path,
        help="sandbox state file (default: sandbox.sqlite3 in the data dir)",
    )
    return parser.parse_args(argv)


def build_backend_later(*, force_sandbox: bool, profile: str | None, state_file: Path | None) -> Backend:
    """Run by the app after its first frame: only then are core, httpx and the sandbox imported."""
    from koretui.backend import build_backend

    return build_backend(force_sandbox=force_sandbox, profile=profile, state_file=state_file)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Starting up allocates some 100,000 objects that live as long as the app: the cycle collector's
    # hundred passes over them before the first frame find almost nothing and cost a few ms. The app
    # turns it back on once its first frame is drawn (KoreTui.main_screen_mounted), as Textual
    # itself pauses it while scrolling.
    gc.disable()
    try:
        with keys_kept_while_starting(sys.stdin):
            return run(args)
    finally:
        gc.enable()


@contextlib.contextmanager
def keys_kept_while_starting(stream: TextIO) -> Iterator[None]:
    """Until Textual takes the terminal (raw mode, a few hundred ms in) the terminal treats keys as
    for a shell: ctrl+s stops the output and is lost, Enter arrives as a line feed, and what is
    typed is echoed under the app. Those three are off from the start, so keys typed while the app
    starts reach it (koretui/typeahead.py hands them on); the terminal is restored on exit."""
    try:
        import termios
    except ImportError:  # Windows: its console has none of these
        yield
        return
    try:
        fd = stream.fileno()
        before = termios.tcgetattr(fd)
    except (OSError, ValueError, termios.error):  # not a terminal: a pipe, a test
        yield
        return
    now = [*before[:6], list(before[6])]
    now[0] &= ~(termios.IXON | termios.ICRNL)
    now[3] &= ~termios.ECHO
    termios.tcsetattr(fd, termios.TCSANOW, now)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, before)


def run(args: argparse.Namespace) -> int:
    if not args.sandbox:
        from koretui.backend import BackendError, tenant_settings

        # Settings errors (a bad value, half a tenant, an unknown profile) print before any frame.
        # With --sandbox none are needed, and core waits for the first frame.
        try:
            tenant_settings(args.profile)
        except BackendError as exc:
            print(f"koretui: {exc}", file=sys.stderr)
            return 2
    from koretui.app import KoreTui

    factory = partial(
        build_backend_later, force_sandbox=args.sandbox, profile=args.profile, state_file=args.state
    )
    # The first frame comes first; the client (or the sandbox) is built right after it.
    app = KoreTui(backend_factory=factory)
    app.run()
    if app.startup_error:
        print(f"koretui: {app.startup_error}", file=sys.stderr)
        return 2
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
