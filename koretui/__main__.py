"""`koretui`: parse the command line and run the app (heavy imports wait for the first frame)."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path


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


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from koretui.backend import BackendError, build_backend, tenant_settings

    if not args.sandbox:
        # Settings errors (a bad value, half a tenant, an unknown profile) print before any frame.
        try:
            tenant_settings(args.profile)
        except BackendError as exc:
            print(f"koretui: {exc}", file=sys.stderr)
            return 2
    from koretui.app import KoreTui

    factory = partial(build_backend, force_sandbox=args.sandbox, profile=args.profile, state_file=args.state)
    # The first frame comes first; the client (or the sandbox) is built right after it.
    app = KoreTui(backend_factory=factory)
    app.run()
    if app.startup_error:
        print(f"koretui: {app.startup_error}", file=sys.stderr)
        return 2
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
