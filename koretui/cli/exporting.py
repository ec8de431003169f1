"""`kore export [--list NAME] [-o FILE] [--format csv|json]`: a list's contacts, or all lists."""

from __future__ import annotations

import argparse

from core.bulk.export import Format, all_lists, list_contacts, render
from core.bulk.files import write_private
from core.bulk.lists import KoreListGateway
from core.models import ContactList, ListContact
from koretui.cli.connection import open_backend
from koretui.cli.console import BAD_INPUT, CliError, Console


def _format(args: argparse.Namespace) -> Format:
    if args.format:
        chosen: Format = args.format
        return chosen
    if args.output is not None and args.output.suffix.lower() == ".json":
        return "json"
    if args.json:
        return "json"
    return "csv"


async def run_export(args: argparse.Namespace, console: Console) -> int:
    fmt = _format(args)
    backend = open_backend(args, console)
    try:
        if args.list_name:
            what = f"list {args.list_name!r}"

            def on_page(done: int, total: int) -> None:
                if total > 100:
                    console.narrate(f"kore: read {done:,} of {total:,} contacts")

            records = await list_contacts(
                KoreListGateway(backend.client, on_wait=lambda wait: console.narrate(f"kore: {wait}")),
                args.list_name,
                on_page,
            )
            text = render(records, fmt, ListContact)
        else:
            what = "all lists"
            records = await all_lists(backend.client)
            text = render(records, fmt, ContactList)
    finally:
        await backend.aclose()
    if args.output is None:
        console.out.write(text)
        console.out.flush()
        return 0
    try:
        write_private(args.output, text)
    except OSError as exc:
        raise CliError(f"cannot write {args.output}: {exc.strerror or exc}", BAD_INPUT) from None
    console.narrate(f"kore: {len(records):,} records of {what} written to {args.output}")
    return 0
