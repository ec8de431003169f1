"""Completion for the Import screen's inputs: file paths from the disk, list names from the tenant.

Both are Textual `Suggester`s: the suggestion appears greyed after the cursor and → accepts it,
so a path is typed a directory at a time, as in a shell.
"""

from __future__ import annotations

import os
from pathlib import Path

from textual.suggester import Suggester

IMPORTABLE = (".csv", ".tsv", ".txt", ".xlsx")
"""Files offered first when several names match (directories always qualify)."""


def complete_path(value: str, *, cwd: Path | None = None) -> str | None:
    """The first file or directory whose name continues `value` (a directory gets a trailing /).

    `~` is understood; relative paths are read from `cwd` (the current directory). Hidden names are
    offered only once a dot is typed. Importable files and directories come before other files.
    """
    if not value:
        return None
    head, sep, prefix = value.rpartition("/")
    directory = Path(os.path.expanduser(head + sep if sep else "."))
    if not directory.is_absolute():
        directory = (cwd or Path.cwd()) / directory
    hidden = prefix.startswith(".")
    try:
        with os.scandir(directory) as entries:
            names = [
                (entry.name, entry.is_dir())
                for entry in entries
                if entry.name.startswith(prefix) and (hidden or not entry.name.startswith("."))
            ]
    except OSError:
        return None
    if not names:
        return None

    def rank(item: tuple[str, bool]) -> tuple[int, str]:
        name, is_dir = item
        return (0 if is_dir or name.lower().endswith(IMPORTABLE) else 1, name.lower())

    name, is_dir = min(names, key=rank)
    suggestion = f"{head}{sep}{name}{'/' if is_dir else ''}"
    return suggestion if suggestion != value else None


class PathSuggester(Suggester):
    """Suggests the rest of a path from the file system (never cached: the disk changes)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value)


class NameSuggester(Suggester):
    """Suggests a name from `names` (set later, once the lists are read); case does not matter.

    Accepting a suggestion gives the name as the list spells it ("pay" → "Payment Reminder - Q3").
    """

    def __init__(self, names: list[str] | None = None, *, separator: str | None = None) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.names = list(names or [])
        self.separator = separator
        """With a separator ("," for DNC lists), only the part after the last one is completed."""

    async def get_suggestion(self, value: str) -> str | None:
        done, part = "", value
        if self.separator and self.separator in value:
            cut = value.rindex(self.separator) + 1
            done, part = value[:cut], value[cut:]
        typed = part.lstrip()
        if not typed:
            return None
        for name in self.names:
            if name.casefold().startswith(typed.casefold()) and len(name) > len(typed):
                return done + part[: len(part) - len(typed)] + name
        return None
