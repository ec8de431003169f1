"""Which Kore.ai `kore` talks to: the configured tenant, or the embedded sandbox like the TUI."""

from __future__ import annotations

import argparse
import logging
from typing import TYPE_CHECKING

from koretui.cli.console import BAD_INPUT, CliError, Console

if TYPE_CHECKING:
    from koretui.backend import Backend


def open_backend(args: argparse.Namespace, console: Console) -> Backend:
    """The backend for `--profile`/`--sandbox`/`--state`; a bad setting is exit 2 with one line."""
    from koretui.backend import BackendError, build_backend

    if args.verbose:
        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
        logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        backend = build_backend(force_sandbox=args.sandbox, profile=args.profile, state_file=args.state)
    except BackendError as exc:
        raise CliError(str(exc), BAD_INPUT) from None
    if backend.is_sandbox:
        console.narrate(f"kore: {backend.label}")
    return backend
