"""The `/kore` command language, generated from the operation catalog.

`/kore <resource> <verb> [<id>] [key=value ...]`: one subcommand per catalog operation, named by
`Resource.command` and `Operation.verb`. Values with spaces are quoted (`name="Renewal Due - July"`);
the id may be given positionally. Parsing is pure and fast, so it can run before `ack()`.
"""

from __future__ import annotations

import difflib
import html
import shlex
from dataclasses import dataclass, field

from core.fields import FieldSpec, fields_of
from core.operations import OPERATIONS, Operation
from slackbot.mrkdwn import code, escape

COMMAND = "/kore"
MAX_TEXT = 4000
"""Slack's message box takes at most 4000 characters, so a longer slash command is not Slack's."""
SUGGEST_MAX = 64
"""difflib's matching is quadratic in the word's length: longer words get no "did you mean"."""

# Slack clients turn straight quotes into typographic ones; shlex only knows the straight kind.
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def subcommand_of(op: Operation) -> str:
    """'lists delete': the words after /kore that run `op`."""
    return f"{op.resource.command} {op.verb}"


def subcommands() -> dict[str, Operation]:
    """Every subcommand, in catalog order."""
    return {subcommand_of(op): op for op in OPERATIONS}


class GrammarError(Exception):
    """The text is not a valid command; `op` is set when the subcommand itself was understood."""

    def __init__(self, message: str, op: Operation | None = None) -> None:
        self.message = message
        self.op = op
        super().__init__(message)


@dataclass(frozen=True)
class Help:
    """`/kore help [topic]`; `topic` is a subcommand or a resource word, or None for the index."""

    topic: str | None = None


@dataclass(frozen=True)
class Invocation:
    """A subcommand with its flat string values (not yet validated against the model)."""

    op: Operation
    values: dict[str, str] = field(default_factory=dict)

    @property
    def subcommand(self) -> str:
        return subcommand_of(self.op)


Parsed = Help | Invocation


def _tokens(text: str) -> list[str]:
    cleaned = html.unescape(text).translate(_QUOTES).strip()
    try:
        return shlex.split(cleaned)
    except ValueError as exc:
        raise GrammarError(f"cannot read the arguments ({exc}); close every quote you open") from None


def _close(word: str, choices: list[str], cutoff: float) -> list[str]:
    if len(word) > SUGGEST_MAX:
        return []
    return difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)


def _suggest(word: str, choices: list[str]) -> str:
    close = _close(word, choices, 0.5)
    return f" Did you mean `{close[0]}`?" if close else ""


def _resolve(words: list[str]) -> tuple[Operation, list[str]]:
    """The operation the first two words name, and the remaining words."""
    table = subcommands()
    resources = sorted({op.resource.command for op in OPERATIONS})
    if len(words) >= 2 and f"{words[0]} {words[1]}".lower() in table:
        return table[f"{words[0]} {words[1]}".lower()], words[2:]
    typed = " ".join(words[:2])
    if words[0].lower() in resources:
        verbs = [name.split(" ", 1)[1] for name in table if name.startswith(words[0].lower() + " ")]
        if len(words) < 2:
            raise GrammarError(
                f"{code(f'{COMMAND} {words[0]}')} needs one of: {', '.join(verbs)}. "
                f"Try {code(f'{COMMAND} help {words[0]}')}."
            )
        close = _close(words[1].lower(), verbs, 0.6)
        hint = f" Did you mean {code(f'{words[0].lower()} {close[0]}')}?" if close else ""
        choices = f" {code(words[0].lower())} takes: " + ", ".join(verbs) + "."
        raise GrammarError(f"{code(typed)} is not a command.{hint}{choices}")
    hint = _suggest(typed.lower(), list(table)) or _suggest(words[0].lower(), [*resources, "help"])
    raise GrammarError(f"{code(typed)} is not a command.{hint} `{COMMAND} help` lists them.")


def _assign(op: Operation, words: list[str]) -> dict[str, str]:
    specs = {spec.name: spec for spec in fields_of(op)}
    values: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if not sep:
            target = op.target_field
            if target is None or target in values:
                raise GrammarError(f"unexpected {code(word)}; give arguments as key=value", op)
            values[target] = word
            continue
        name = key.strip().lower().replace("-", "_")
        if name not in specs:
            hint = _suggest(name, list(specs)) or " Arguments: " + (", ".join(specs) or "none") + "."
            raise GrammarError(f"unknown argument {code(key)}.{hint}", op)
        if name in values:
            raise GrammarError(f"{code(name)} is given twice", op)
        values[name] = value
    return values


def parse(text: str) -> Parsed:
    """Turn the text after `/kore` into Help or an Invocation; GrammarError says what is wrong.
    Linear in the length of the text, which is at most MAX_TEXT characters."""
    if len(text) > MAX_TEXT:
        raise GrammarError(
            f"the command is {len(text)} characters long; Slack allows {MAX_TEXT}. "
            "Shorten it, or give no arguments to fill in a form."
        )
    words = _tokens(text)
    if not words or words[0].lower() in ("help", "-h", "--help", "?"):
        topic = " ".join(words[1:]).lower() or None
        return Help(topic)
    op, rest = _resolve(words)
    return Invocation(op, _assign(op, rest))


def _example_value(value: str) -> str:
    return f'"{value}"' if any(ch.isspace() for ch in value) or not value else value


def example(op: Operation) -> str:
    """One runnable example, from the catalog's example values (the id positionally)."""
    parts = [COMMAND, subcommand_of(op)]
    values = dict(op.example)
    if op.target_field and op.target_field in values:
        parts.append(values.pop(op.target_field))
    parts.extend(f"{name}={_example_value(value)}" for name, value in values.items())
    return " ".join(parts)


def _describe_field(spec: FieldSpec) -> str:
    notes = []
    if spec.kind == "bool":
        notes.append("true/false")
    if spec.limit_text and spec.limit_text.split(" ")[0] not in spec.help:
        notes.append(spec.limit_text)
    if spec.default not in (None, "") and not spec.required:
        notes.append(f"default {str(spec.default).lower() if spec.kind == 'bool' else spec.default}")
    extra = f" ({', '.join(notes)})" if notes else ""
    need = "required" if spec.required else "optional"
    return f"`{spec.name}` {need}{escape(extra)}: {escape(spec.help or spec.label)}"


def synopsis(op: Operation) -> str:
    """`/kore lists update <contact_list_id> [name=...] [description=...]`."""
    parts = [COMMAND, subcommand_of(op)]
    for spec in fields_of(op):
        if spec.name == op.target_field:
            parts.append(f"<{spec.name}>")
        elif spec.required:
            parts.append(f"{spec.name}=...")
        else:
            parts.append(f"[{spec.name}=...]")
    return " ".join(parts)


def usage(op: Operation) -> str:
    """Usage of one subcommand in mrkdwn: synopsis, what it does, its arguments, an example."""
    lines = [code(synopsis(op), 500), f"{escape(op.help)}."]
    specs = fields_of(op)
    if specs:
        lines.append("Arguments:")
        lines.extend(f"• {_describe_field(spec)}" for spec in specs)
    else:
        lines.append("No arguments.")
    lines.append(f"Example: {code(example(op), 500)}")
    if any(spec.required for spec in specs):
        lines.append(f"Give no arguments to fill in a form instead: `{COMMAND} {subcommand_of(op)}`")
    if op.destructive:
        lines.append("Asks for confirmation before anything is deleted.")
    return "\n".join(lines)
