"""The start screen's text: what to do first, naming the keys that do it (as [keymap] binds them)."""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content

WELCOME_KEYS = {
    "main.send": "ctrl+s", "table.filter": "/", "table.sort": "s", "table.open": "Enter",
    "table.actions": "a", "main.history": "ctrl+r", "main.sidebar": "ctrl+b",
}  # fmt: skip
"""The keys the start screen names, by binding id, until [keymap] changes them."""


def welcome(keymap: Mapping[str, str] | None = None) -> Content:
    """The start screen's text; a binding `keymap` changes is named by its new key."""
    keys = dict(WELCOME_KEYS)
    if keymap and keymap.keys() & WELCOME_KEYS.keys():
        from koretui.keys import key_of  # only then: it reads every screen's bindings

        keys.update({ident: key_of(keymap, ident) for ident in WELCOME_KEYS if ident in keymap})
    return Content.assemble(
        ("Pick an operation on the left", "bold"),
        " (↑ ↓ Enter, or ctrl+p and type its name).\n\n",
        f"Fill the form, then {keys['main.send']} to send. In a table: {keys['table.filter']} filters, ",
        f"{keys['table.sort']} sorts, {keys['table.open']} opens a row (a list: its contacts), ",
        f"{keys['table.actions']} offers update and delete.\n\n",
        f"{keys['main.history']}: history · {keys['main.sidebar']}: hide this sidebar · F1: every key",
    )
