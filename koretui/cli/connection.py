"""Which Kore.ai `kore` talks to: core/connect.py's policy, the same as the TUI's and the bot's.

The configured tenant; or the embedded sandbox when nothing is configured or `--sandbox` is given
(its data persists in the data dir like the TUI's); half a configuration is exit 2 naming what is
missing.
"""

from __future__ import annotations

import argparse
import logging
from typing import TYPE_CHECKING

from koretui.cli.console import BAD_INPUT, CliError, Console

if TYPE_CHECKING:
    from core.connect import Connection


def open_backend(args: argparse.Namespace, console: Console) -> Connection:
    """The connection for `--profile`/`--sandbox`/`--state`; a bad setting is exit 2 with one line."""
    from core import connect
    from core.errors import ConfigError

    if args.verbose:
        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
        logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        connection = connect.connect(force_sandbox=args.sandbox, profile=args.profile, state_file=args.state)
    except ConfigError as exc:
        raise CliError(str(exc), BAD_INPUT) from None
    if connection.notice:
        console.narrate(f"kore: {connection.notice}")
    return connection
