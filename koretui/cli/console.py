"""Where `kore` writes: data on stdout, narration and progress on stderr; and its exit codes."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any, TextIO

from core.formatting import plural as plural  # the CLI's name for it; it lives with the other formats

OK = 0
API_ERROR = 1
BAD_INPUT = 2
INTERRUPTED = 3
CLOSED_PIPE = 141

EXIT_CODES = {
    OK: "success",
    API_ERROR: "Kore.ai answered with an error, or could not be reached",
    BAD_INPUT: "bad input or settings (nothing was sent)",
    INTERRUPTED: "interrupted (Ctrl-C) or declined at the prompt; an import resumes with --resume JOB",
    CLOSED_PIPE: "stdout was closed early (`kore ... | head`); quiet, like a tool killed by SIGPIPE",
}


class CliError(Exception):
    """Stops the command with a one-line message and an exit code."""

    def __init__(self, message: str, code: int = BAD_INPUT) -> None:
        self.message = message
        self.code = code
        super().__init__(message)


@dataclass
class Console:
    """The streams and modes of one `kore` run."""

    json: bool = False
    yes: bool = False
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    stdin: TextIO = field(default_factory=lambda: sys.stdin)

    @property
    def err_is_terminal(self) -> bool:
        return _isatty(self.err)

    @property
    def can_ask(self) -> bool:
        return _isatty(self.stdin) and _isatty(self.err)

    def narrate(self, text: str) -> None:
        """A line for the person watching (stderr), never mixed into the data."""
        print(text, file=self.err, flush=True)

    def data(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def data_json(self, value: Any) -> None:
        print(json.dumps(value, indent=2, ensure_ascii=False, default=str), file=self.out, flush=True)

    def confirm(self, question: str, *, what: str) -> None:
        """Ask before a destructive step; `--yes` answers for scripts, no terminal and no --yes refuses."""
        if self.yes:
            return
        if not self.can_ask:
            raise CliError(f"refusing to {what} without a terminal to confirm on; pass --yes to confirm")
        self.err.write(f"{question} [y/N] ")
        self.err.flush()
        answer = self.stdin.readline().strip().lower()
        if answer not in ("y", "yes"):
            raise CliError("cancelled; nothing was changed", INTERRUPTED)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
