"""Command palette providers: every operation of the catalog by its title, every theme by name.

Imported only when the palette opens (koretui/commands.py holds the lazy hooks)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from koretui.app import KoreTui


class OperationCommands(Provider):
    """Offers 'Create Contact List' and friends; choosing one opens its form."""

    async def _open(self, key: str) -> None:
        await cast("KoreTui", self.app).choose_operation(key)

    async def _import(self) -> None:
        mounting = cast("KoreTui", self.app).open_import()
        if mounting is not None:
            await mounting

    async def discover(self) -> Hits:
        from core.operations import OPERATIONS
        from koretui.screens.import_entry import IMPORT_ENTRY

        for op in (op for op in OPERATIONS if op.form):
            yield DiscoveryHit(op.title, partial(self._open, op.key), help=op.help)
        yield DiscoveryHit(IMPORT_ENTRY.title, self._import, help=IMPORT_ENTRY.help)

    async def search(self, query: str) -> Hits:
        from core.operations import OPERATIONS
        from koretui.screens.import_entry import IMPORT_ENTRY

        matcher = self.matcher(query)
        for op in (op for op in OPERATIONS if op.form):
            score = matcher.match(op.title)
            if score > 0:
                yield Hit(score, matcher.highlight(op.title), partial(self._open, op.key), help=op.help)
        score = matcher.match(IMPORT_ENTRY.title)
        if score > 0:
            yield Hit(score, matcher.highlight(IMPORT_ENTRY.title), self._import, help=IMPORT_ENTRY.help)



THEME_HELP = "Switch to this theme (remembered for next time)"


class ThemeCommands(Provider):
    """Every theme by name, so typing "light" or "dark" finds one (Textual's own entry says "Theme")."""

    def _set(self, name: str) -> None:
        self.app.theme = name

    async def discover(self) -> Hits:
        for name in sorted(self.app.available_themes):
            yield DiscoveryHit(f"Theme: {name}", partial(self._set, name), help=THEME_HELP)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name in sorted(self.app.available_themes):
            text = f"Theme: {name}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self._set, name), help=THEME_HELP)

