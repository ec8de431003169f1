"""Lazy hooks for App.COMMANDS: the palette's providers (koretui/palette.py) and textual.command
are imported when the palette first opens, not before the first frame."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.command import Provider


def operation_commands() -> type[Provider]:
    from koretui.palette import OperationCommands

    return OperationCommands


def theme_commands() -> type[Provider]:
    from koretui.palette import ThemeCommands

    return ThemeCommands
