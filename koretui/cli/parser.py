"""The `kore` argument parser, generated from the catalog plus the bulk commands.

Every catalog operation is `kore <resource> <verb> [<id>] [key=value ...]` (the words and keys of
`core.arguments`, as in Slack); its help lists the operation's fields with their documented limits.
Common options work before or after the subcommand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from core.arguments import ArgumentError, offered, resolve, subcommand_of
from core.fields import FieldSpec, fields_of
from core.limits import limit
from core.operations import Operation, Resource, by_resource
from koretui.cli.console import BAD_INPUT, EXIT_CODES, CliError

PROG = "kore"
DESCRIPTION = (
    "Run Kore.ai contact-list, contact and campaign operations from scripts, import CSV/XLSX files "
    "into contact lists, and export lists. Without credentials it uses the embedded sandbox."
)


class Parser(argparse.ArgumentParser):
    """argparse that reports a mistake on one line (exit 2) instead of dumping the usage."""

    def error(self, message: str) -> NoReturn:
        self.exit(BAD_INPUT, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Options every command takes; below the top level they only override what was given."""
    default = None if top else argparse.SUPPRESS
    flag_default = False if top else argparse.SUPPRESS
    group = parser.add_argument_group("common options")
    group.add_argument(
        "--profile", metavar="NAME", default=default, help="use [profiles.NAME] of the config file"
    )
    group.add_argument(
        "--sandbox",
        action="store_true",
        default=flag_default,
        help="use the embedded sandbox, even with credentials",
    )
    group.add_argument(
        "--state",
        metavar="FILE",
        type=Path,
        default=default,
        help="the embedded sandbox's state file (default: sandbox.sqlite3 in the data dir)",
    )
    group.add_argument(
        "--json", action="store_true", default=flag_default, help="print data as JSON on stdout"
    )
    group.add_argument(
        "-y",
        "--yes",
        action="store_true",
        default=flag_default,
        help="confirm destructive steps without asking",
    )
    group.add_argument(
        "-v", "--verbose", action="store_true", default=flag_default, help="log each request on stderr"
    )


def _field_line(spec: FieldSpec, op: Operation) -> str:
    notes = [spec.limit_text] if spec.limit_text else []
    if spec.kind == "bool":
        notes.append("true/false")
    if spec.default not in (None, "") and not spec.required:
        notes.append(f"default {str(spec.default).lower() if spec.kind == 'bool' else spec.default}")
    extra = f" ({', '.join(notes)})" if notes else ""
    need = "required" if spec.required else "optional"
    name = f"<{spec.name}>" if spec.name == op.target_field else f"{spec.name}=..."
    return f"  {name:<24} {need}{extra}: {spec.help or spec.label}"


def synopsis(op: Operation) -> str:
    parts = [PROG, subcommand_of(op)]
    for spec in fields_of(op):
        if spec.name == op.target_field:
            parts.append(f"<{spec.name}>")
        else:
            parts.append(f"{spec.name}=..." if spec.required else f"[{spec.name}=...]")
    return " ".join(parts)


def example(op: Operation) -> str:
    parts = [PROG, subcommand_of(op)]
    values = dict(op.example)
    if op.target_field and op.target_field in values:
        target = values.pop(op.target_field)
        parts.append(f'"{target}"' if " " in target else target)  # a list's name has spaces
    for name, value in values.items():
        parts.append(f'{name}="{value}"' if " " in value or not value else f"{name}={value}")
    return " ".join(parts)


def operation_help(op: Operation) -> str:
    """The per-command help text: what it does, its arguments, an example."""
    lines = [f"{op.title}: {op.help}.", "", "arguments:"]
    specs = fields_of(op)
    lines += [_field_line(spec, op) for spec in specs] or ["  none"]
    lines += ["", f"example: {example(op)}"]
    if op.destructive:
        lines.append("Asks for confirmation naming what will be deleted; --yes confirms in scripts.")
    return "\n".join(lines)


def _add_operations(commands: argparse._SubParsersAction[Parser], common: Parser) -> None:
    for resource, listed in by_resource().items():
        operations = [op for op in listed if offered(op)]
        if not operations:
            continue
        verbs = ", ".join(op.verb for op in operations)
        group = commands.add_parser(
            resource.command,
            help=f"{resource.label}: {verbs}",
            description=_resource_help(resource),
            formatter_class=argparse.RawDescriptionHelpFormatter,  # one verb a line, as written
        )
        group.set_defaults(command="operation", resource=resource.command)
        inner = group.add_subparsers(title="commands", dest="verb", metavar="<verb>", parser_class=Parser)
        for op in operations:
            sub = inner.add_parser(
                op.verb,
                parents=[common],
                help=op.help,
                usage=synopsis(op),
                description=operation_help(op),
                formatter_class=argparse.RawDescriptionHelpFormatter,
            )
            sub.add_argument("args", nargs="*", metavar="key=value", help=argparse.SUPPRESS)
            sub.set_defaults(op_key=op.key)


def _resource_help(resource: Resource) -> str:
    lines = [f"{resource.label}:"]
    lines += [f"  {PROG} {subcommand_of(op):<22} {op.help}" for op in by_resource()[resource] if offered(op)]
    return "\n".join(lines)


def _add_import(commands: argparse._SubParsersAction[Parser], common: Parser) -> None:
    imp = commands.add_parser(
        "import",
        parents=[common],
        help="import a CSV or .xlsx file into a contact list (dry run, send, verify, resume)",
        description="Read FILE, check every number, and add the new ones to the list in paced batches. "
        "Run with --dry-run first to see the report; an interrupted import resumes with --resume JOB.",
    )
    imp.add_argument(
        "file", nargs="?", type=Path, metavar="FILE", help="CSV (any delimiter/encoding) or .xlsx"
    )
    imp.add_argument("--list", dest="list_name", metavar="NAME", help="the contact list to add to (by name)")
    imp.add_argument("--create", action="store_true", help="create the list if it does not exist")
    imp.add_argument("--region", metavar="CC", help="country for numbers without +country code (default US)")
    imp.add_argument("--dnc", action="append", default=[], metavar="NAME", help="skip numbers on this list")
    imp.add_argument("--dry-run", action="store_true", help="report only; send nothing")
    imp.add_argument("--resume", metavar="JOB", help="continue an interrupted import (see kore jobs)")
    batch = limit("contact_list.add_contacts.data")
    imp.add_argument(
        "--batch-size",
        type=int,
        metavar="N",
        help=f"contacts per request ({batch.min}-{batch.max}, default {batch.default})",
    )
    imp.add_argument(
        "--phone-column", metavar="C", help="the column holding the numbers (found by name otherwise)"
    )
    imp.add_argument("--encoding", metavar="NAME", help="the file's text encoding (sniffed otherwise)")
    imp.add_argument(
        "--rejects", type=Path, metavar="FILE", help="write the rows not sent, with reasons, here"
    )
    imp.add_argument(
        "--no-verify", action="store_true", help="do not wait for the list to show what was sent"
    )
    imp.add_argument(
        "--update-contacts",
        action="store_true",
        help="update address-book contacts from FILE's id column instead (contact.bulk_update)",
    )
    imp.set_defaults(command="import")


def _add_export_and_jobs(commands: argparse._SubParsersAction[Parser], common: Parser) -> None:
    exp = commands.add_parser(
        "export",
        parents=[common],
        help="export a list's contacts (CSV or JSON), or all lists (CSV)",
        description=(
            "Write every contact of a list (all pages) to FILE or stdout. Without --list: all lists. "
            "In CSV, text a spreadsheet would run as a formula (starting with = + - @ or a tab) is "
            "written with a leading ' (kore import reads it back as it was); numbers such as "
            "+14155550101 stay exactly as they are. --format json gives the values as Kore.ai sent them."
        ),
    )
    exp.add_argument(
        "--list", dest="list_name", metavar="NAME", help="the list to export (all lists if omitted)"
    )
    exp.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of stdout")
    exp.add_argument("--format", choices=["csv", "json"], default=None, help="csv (default) or json")
    exp.set_defaults(command="export")

    jobs = commands.add_parser(
        "jobs",
        parents=[common],
        help="past and unfinished imports",
        description="Imports in the job journal.",
    )
    jobs.set_defaults(command="jobs")

    helper = commands.add_parser("help", help="help on a command", add_help=False)
    helper.add_argument("topic", nargs="*")
    helper.set_defaults(command="help")


def build_parser() -> Parser:
    epilog = "exit codes:\n" + "\n".join(f"  {code}  {text}" for code, text in EXIT_CODES.items())
    parser = Parser(
        prog=PROG,
        description=DESCRIPTION,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(parser, top=True)
    common = Parser(add_help=False)
    _common(common, top=False)
    commands = parser.add_subparsers(
        title="commands", dest="command", metavar="<command>", parser_class=Parser
    )
    _add_operations(commands, common)
    _add_import(commands, common)
    _add_export_and_jobs(commands, common)
    return parser


BULK_COMMANDS = ("import", "export", "jobs", "help")
_VALUED = frozenset({"--profile", "--state"})


def check_words(argv: list[str]) -> None:
    """Unknown or incomplete `<resource> <verb>` words get the same message (and hint) as in Slack."""
    words: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _VALUED:
            skip = True
        elif arg in ("-h", "--help"):
            return
        elif not arg.startswith("-"):
            words.append(arg)
            if len(words) == 2:
                break
    if not words or words[0] in BULK_COMMANDS:
        return
    try:
        resolve(words, command=PROG, extra=BULK_COMMANDS)
    except ArgumentError as exc:
        raise CliError(exc.message) from None


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    argv = sys.argv[1:] if argv is None else argv
    check_words(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        parser.exit(BAD_INPUT)
    args.parser = parser
    return args
