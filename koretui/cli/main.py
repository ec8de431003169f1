"""`kore` entry point: parse, dispatch, and turn every failure into one line and an exit code."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from koretui.cli.console import API_ERROR, BAD_INPUT, CLOSED_PIPE, INTERRUPTED, CliError, Console

Command = Callable[[argparse.Namespace, Console], Coroutine[Any, Any, int]]


def _command(name: str) -> Command:
    """The coroutine running `name`; modules load only for the command that runs."""
    if name == "operation":
        from koretui.cli.operations import run_operation

        return run_operation
    if name == "import":
        from koretui.cli.importing import run_import

        return run_import
    if name == "export":
        from koretui.cli.exporting import run_export

        return run_export
    from koretui.cli.jobs import run_jobs

    return run_jobs


def _help(args: argparse.Namespace) -> int:
    words = [*args.topic, "--help"]
    args.parser.parse_args(words)  # prints the help and exits 0
    return 0  # pragma: no cover


def _code_of(exc: Exception) -> int | None:
    """Exit code for the errors core raises (API 1, input and settings 2), None if not ours."""
    from core.bulk.errors import BulkError
    from core.errors import ConfigError, InvalidInputError, KoreError

    if isinstance(exc, BulkError | ConfigError | InvalidInputError):
        return BAD_INPUT
    if isinstance(exc, KoreError):
        return API_ERROR
    return None


def _stdout_closed() -> int:
    """The reader went away (`kore ... | head`): no traceback, and no second error when Python
    flushes stdout on exit; the code a tool killed by SIGPIPE gets from the shell (128 + 13)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # not a real file (under test): nothing left to flush
        pass
    return CLOSED_PIPE


def main(argv: list[str] | None = None) -> int:
    try:
        try:
            return _main(argv)
        finally:
            sys.stdout.flush()  # inside the try: a closed pipe shows here when the output was short
    except BrokenPipeError:
        return _stdout_closed()


def _main(argv: list[str] | None) -> int:
    from koretui.cli.parser import PROG, parse

    console = Console()
    try:
        args = parse(argv)
        console.json, console.yes = args.json, args.yes
        if args.command == "help":
            return _help(args)
        if args.command == "operation" and getattr(args, "op_key", None) is None:
            args.parser.parse_args([args.resource, "--help"])
        return asyncio.run(_command(args.command)(args, console))
    except CliError as exc:
        if exc.message:
            print(f"{PROG}: {exc.message}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return INTERRUPTED
    except Exception as exc:
        code = _code_of(exc)
        if code is None:
            raise
        print(f"{PROG}: {exc}", file=sys.stderr)
        return code


if __name__ == "__main__":
    sys.exit(main())
