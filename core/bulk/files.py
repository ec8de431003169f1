"""Files the bulk engine writes hold customers' numbers: they are created readable by the owner only."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO


def open_private(path: Path) -> TextIO:
    """Open `path` for writing text, mode 0600 (also when it already existed with a wider mode)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


def write_private(path: Path, text: str) -> None:
    with open_private(path) as handle:
        handle.write(text)
