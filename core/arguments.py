"""`<resource> <verb> [<id>] [key=value ...]`: the argument language shared by Slack and `kore`.

Generated from the catalog: the words are `Resource.command` and `Operation.verb`, the keys are the
operation's flat field names (`core.fields`). Front ends only differ in how they split text into
words (Slack quotes, a shell) and in the command name they print in hints.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

from core.fields import fields_of
from core.operations import OPERATIONS, Operation

SUGGEST_MAX = 64
"""difflib's matching is quadratic in the word's length: longer words get no "did you mean"."""

Quote = Callable[[str], str]
"""How a front end shows a word the user typed: Slack escapes it into a code span."""


def backticks(text: str) -> str:
    return f"`{text}`"


class ArgumentError(Exception):
    """The words are not a valid command; `op` is set when the subcommand itself was understood."""

    def __init__(self, message: str, op: Operation | None = None) -> None:
        self.message = message
        self.op = op
        super().__init__(message)


def subcommand_of(op: Operation) -> str:
    """'lists delete': the words that run `op`."""
    return f"{op.resource.command} {op.verb}"


def offered(op: Operation) -> bool:
    """Operations people type; some are for scripts and the bulk engine only (`form=False`)."""
    return bool(getattr(op, "form", True))


def subcommands() -> dict[str, Operation]:
    """Every subcommand, in catalog order."""
    return {subcommand_of(op): op for op in OPERATIONS if offered(op)}


def resource_words() -> list[str]:
    return sorted({op.resource.command for op in OPERATIONS if offered(op)})


def close_matches(word: str, choices: list[str], cutoff: float) -> list[str]:
    if len(word) > SUGGEST_MAX:
        return []
    return difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)


def suggest(word: str, choices: list[str], quote: Quote = backticks) -> str:
    """' Did you mean `x`?' for a close match, else ''."""
    close = close_matches(word, choices, 0.5)
    return f" Did you mean {quote(close[0])}?" if close else ""


def resolve(
    words: list[str], *, command: str, extra: tuple[str, ...] = ("help",), quote: Quote = backticks
) -> tuple[Operation, list[str]]:
    """The operation the first two words name, and the remaining words.

    `command` is how the front end is invoked (`/kore`, `kore`), used in hints; `extra` are its
    other top-level words, offered as suggestions; `quote` shows what the user typed.
    """
    table = subcommands()
    resources = resource_words()
    if len(words) >= 2 and f"{words[0]} {words[1]}".lower() in table:
        return table[f"{words[0]} {words[1]}".lower()], words[2:]
    typed = " ".join(words[:2])
    if words and words[0].lower() in resources:
        verbs = [name.split(" ", 1)[1] for name in table if name.startswith(words[0].lower() + " ")]
        if len(words) < 2:
            raise ArgumentError(
                f"{quote(f'{command} {words[0]}')} needs one of: {', '.join(verbs)}. "
                f"Try {quote(f'{command} help {words[0]}')}."
            )
        close = close_matches(words[1].lower(), verbs, 0.6)
        hint = f" Did you mean {quote(f'{words[0].lower()} {close[0]}')}?" if close else ""
        choices = f" {quote(words[0].lower())} takes: " + ", ".join(verbs) + "."
        raise ArgumentError(f"{quote(typed)} is not a command.{hint}{choices}")
    first = words[0].lower() if words else ""
    hint = suggest(typed.lower(), list(table), quote) or suggest(first, [*resources, *extra], quote)
    raise ArgumentError(f"{quote(typed)} is not a command.{hint} `{command} help` lists them.")


def assign(op: Operation, words: list[str], quote: Quote = backticks) -> dict[str, str]:
    """`key=value` words (and the id given positionally) to flat field values, not yet validated."""
    specs = {spec.name: spec for spec in fields_of(op)}
    values: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if not sep:
            target = op.target_field
            if target is None or target in values:
                raise ArgumentError(f"unexpected {quote(word)}; give arguments as key=value", op)
            values[target] = word
            continue
        name = key.strip().lower().replace("-", "_")
        if name not in specs:
            hint = suggest(name, list(specs), quote) or " Arguments: " + (", ".join(specs) or "none") + "."
            raise ArgumentError(f"unknown argument {quote(key)}.{hint}", op)
        if name in values:
            raise ArgumentError(f"{quote(name)} is given twice", op)
        values[name] = value
    return values
