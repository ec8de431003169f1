"""The `/kore` command language, generated from the operation catalog.

`/kore <resource> <verb> [<id>] [key=value ...]`: the language of `core.arguments` (shared with
the `kore` command line); this module adds Slack's quoting and help in mrkdwn. Values with spaces
are quoted (`name="Renewal Due - July"`). Parsing is pure and fast, so it can run before `ack()`.
"""

from __future__ import annotations

import html
import shlex
from dataclasses import dataclass, field

from core.arguments import ArgumentError, assign, resolve, subcommand_of, subcommands, suggest
from core.fields import FieldSpec, fields_of
from core.operations import Operation
from slackbot.mrkdwn import code, escape
from slackbot.pages import LOCAL_OPTIONS, View, pages_locally

COMMAND = "/kore"
MAX_TEXT = 4000
"""Slack's message box takes at most 4000 characters, so a longer slash command is not Slack's."""

GrammarError = ArgumentError
"""The text is not a valid command (the shared `core.arguments` error; `op` set when understood)."""

__all__ = ["COMMAND", "GrammarError", "Help", "Invocation", "parse", "subcommand_of", "subcommands"]

# Slack clients turn straight quotes into typographic ones; shlex only knows the straight kind.
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


@dataclass(frozen=True)
class Help:
    """`/kore help [topic]`; `topic` is a subcommand or a resource word, or None for the index."""

    topic: str | None = None


@dataclass(frozen=True)
class Invocation:
    """A subcommand with its flat string values (not yet validated against the model)."""

    op: Operation
    values: dict[str, str] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)
    """The bot's own paging of an operation that returns everything at once (slackbot.pages)."""

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
    op, rest = resolve(words, command=COMMAND, quote=code)
    rest, options = _options(op, rest)
    return Invocation(op, assign(op, rest, quote=code), options)


def _options(op: Operation, words: list[str]) -> tuple[list[str], dict[str, str]]:
    """Takes the bot's own `skip=` and `name=` out of the words of an operation it pages itself."""
    if not pages_locally(op):
        return words, {}
    fields = [spec.name for spec in fields_of(op)]
    known = [*fields, *LOCAL_OPTIONS]
    rest: list[str] = []
    options: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        name = key.strip().lower().replace("-", "_")
        if not sep or name in fields:
            rest.append(word)
        elif name in LOCAL_OPTIONS:
            if name in options:
                raise GrammarError(f"{code(name)} is given twice", op)
            options[name] = value
        else:
            hint = suggest(name, known, code) or " Arguments: " + ", ".join(known) + "."
            raise GrammarError(f"unknown argument {code(key)}.{hint}", op)
    try:
        View.of(options)
    except ValueError as exc:
        raise GrammarError(str(exc), op) from None
    return rest, options


def quote_value(value: str) -> str:
    """A value as it is typed in a command: quoted when it holds spaces (or is empty)."""
    return f'"{value}"' if any(ch.isspace() for ch in value) or not value else value


def example(op: Operation) -> str:
    """One runnable example, from the catalog's example values (the id positionally)."""
    parts = [COMMAND, subcommand_of(op)]
    values = dict(op.example)
    if op.target_field and op.target_field in values:
        parts.append(quote_value(values.pop(op.target_field)))  # a list's name has spaces
    parts.extend(f"{name}={quote_value(value)}" for name, value in values.items())
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
    if pages_locally(op):
        parts += [f"[{name}=...]" for name in LOCAL_OPTIONS]
    return " ".join(parts)


def usage(op: Operation) -> str:
    """Usage of one subcommand in mrkdwn: synopsis, what it does, its arguments, an example."""
    lines = [code(synopsis(op), 500), f"{escape(op.help)}."]
    specs = fields_of(op)
    if specs:
        lines.append("Arguments:")
        lines.extend(f"• {_describe_field(spec)}" for spec in specs)
    if pages_locally(op):
        lines.append("Paging (done by the bot):")
        lines.extend(f"• `{name}` optional: {escape(text)}" for name, text in LOCAL_OPTIONS.items())
    elif not specs:
        lines.append("No arguments.")
    lines.append(f"Example: {code(example(op), 500)}")
    if any(spec.required for spec in specs):
        lines.append(f"Give no arguments to fill in a form instead: `{COMMAND} {subcommand_of(op)}`")
    if op.destructive:
        lines.append("Asks for confirmation before anything is deleted.")
    return "\n".join(lines)
