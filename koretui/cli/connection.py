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


VERBOSE_LOGGERS = {"core": logging.DEBUG, "koretui": logging.DEBUG, "httpx": logging.INFO}
"""What `-v` shows: the project's own debug lines (a request, its status, time and attempts) and
httpx's one line a request; not httpcore's dozen connection and header lines."""


def verbose_logging() -> None:
    root = logging.getLogger()
    for old in [handler for handler in root.handlers if handler.get_name() == "kore-verbose"]:
        root.removeHandler(old)  # one handler, on today's stderr, however often main() runs
    handler = logging.StreamHandler()
    handler.set_name("kore-verbose")
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)  # the root stays at WARNING: other libraries stay quiet
    for name, level in VERBOSE_LOGGERS.items():
        logging.getLogger(name).setLevel(level)


def _ignored_config(profile: str | None) -> str | None:
    """With --sandbox the settings are not needed, so a broken config file is a one-line warning
    (as in the TUI), not an exit."""
    from core.connect import tenant_settings
    from core.errors import ConfigError

    try:
        tenant_settings(profile)
    except ConfigError as exc:
        return f"settings ignored with --sandbox: {exc}"
    return None


def open_backend(args: argparse.Namespace, console: Console) -> Connection:
    """The connection for `--profile`/`--sandbox`/`--state`; a bad setting is exit 2 with one line."""
    from core import connect
    from core.errors import ConfigError

    if args.verbose:
        verbose_logging()
    if args.sandbox and (ignored := _ignored_config(args.profile)):
        console.narrate(f"kore: {ignored}")
    try:
        connection = connect.connect(force_sandbox=args.sandbox, profile=args.profile, state_file=args.state)
    except ConfigError as exc:
        raise CliError(str(exc), BAD_INPUT) from None
    if connection.notice:
        console.narrate(f"kore: {connection.notice}")
    return connection
