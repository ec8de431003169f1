"""`kore import FILE --list NAME`: dry run, confirmation, paced send with progress, verify, resume."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from core.bulk.plan import DEFAULT_BATCH_SIZE, ImportOptions, Plan, plan_import
from core.bulk.report import ImportReport, write_rejects
from koretui.cli.connection import open_backend
from koretui.cli.console import BAD_INPUT, CliError, Console
from koretui.cli.progress import ProgressPrinter


def options_from(args: argparse.Namespace) -> ImportOptions:
    if args.file is None:
        raise CliError("give the file to import: kore import FILE --list NAME", BAD_INPUT)
    if not args.list_name:
        raise CliError("give the list to import into: kore import FILE --list NAME", BAD_INPUT)
    return ImportOptions(
        file=args.file,
        list_name=args.list_name,
        region=args.region or default_region(args.profile),
        dnc=tuple(args.dnc),
        phone_column=args.phone_column,
        encoding=args.encoding,
        batch_size=args.batch_size or configured_batch_size(args.profile),
        create=args.create,
    ).checked()


def _settings(profile: str | None) -> Any:
    """The settings, or None when they are broken: connecting reports that, or --sandbox ignores it."""
    from core.errors import ConfigError
    from core.settings import load_settings

    try:
        return load_settings(profile=profile)
    except ConfigError:
        return None


def default_region(profile: str | None) -> str:
    """The `default_region` setting (KORE_DEFAULT_REGION, or the config file's profile), else US."""
    settings = _settings(profile)
    return settings.default_region if settings is not None else "US"


def configured_batch_size(profile: str | None) -> int:
    """The `add_contacts_batch_size` setting (KORE_ADD_CONTACTS_BATCH_SIZE), else the limits table's."""
    settings = _settings(profile)
    return int(getattr(settings, "add_contacts_batch_size", None) or DEFAULT_BATCH_SIZE)


def _finish(report: ImportReport, console: Console) -> None:
    if console.json:
        console.data_json(report.as_json())
    else:
        console.data(report.render())


def _write_rejects(plan: Plan, path: Path | None, console: Console) -> None:
    if path is None:
        return
    try:
        count = write_rejects(plan, path)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}", BAD_INPUT) from None
    console.narrate(f"kore: {count:,} rejected rows written to {path}")


async def run_import(args: argparse.Namespace, console: Console) -> int:
    if args.resume:
        from koretui.cli.sending import run_resume

        return await run_resume(args, console)
    if args.update_contacts:
        if args.file is None or args.list_name:
            raise CliError("give the file and no --list: kore import FILE --update-contacts", BAD_INPUT)
        from core.bulk.checking import check_region
        from koretui.cli.updating import run_update

        return await run_update(args, console, check_region(args.region or default_region(args.profile)))
    options = options_from(args)
    from core.bulk.plan import load_file

    loaded = load_file(options)  # a bad file stops here, before any connection is made
    backend = open_backend(args, console)
    try:
        from core.bulk.lists import KoreListGateway

        printer = ProgressPrinter(console)
        gateway = KoreListGateway(backend.client, on_wait=printer.wait)
        plan = await plan_import(options, gateway, narrate=console.narrate, loaded=loaded)
        _write_rejects(plan, args.rejects, console)
        report = ImportReport.from_plan(plan, dry_run=args.dry_run)
        if args.dry_run:
            _finish(report, console)
            return 0
        from koretui.cli.sending import send_plan

        return await send_plan(plan, report, gateway, backend, args, console, printer)
    finally:
        await backend.aclose()
