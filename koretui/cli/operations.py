"""`kore <resource> <verb> ...`: run one catalog operation, asking first when it is destructive."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pydantic

from core.arguments import ArgumentError, assign
from core.fields import field_errors, validate_flat
from core.operations import Operation, get_operation
from koretui.cli.connection import open_backend
from koretui.cli.console import BAD_INPUT, CliError, Console
from koretui.cli.render import render_result

if TYPE_CHECKING:
    from core.client import KoreClient
    from core.impact import Impact


def check_values(op: Operation, words: list[str]) -> dict[str, Any]:
    """The flat values, checked against the operation's limits before any connection is made."""
    try:
        values: dict[str, Any] = dict(assign(op, words))
    except ArgumentError as exc:
        raise CliError(f"{op.describe()}: {exc.message}", BAD_INPUT) from None
    try:
        validate_flat(op, values)
    except pydantic.ValidationError as exc:
        name, message = next(iter(field_errors(exc).items()))
        where = f"{name}: " if name else ""
        raise CliError(f"{op.describe(values)}: {where}{message} (see kore {_words(op)} --help)") from None
    return values


def _words(op: Operation) -> str:
    return f"{op.resource.command} {op.verb}"


async def describe_target(op: Operation, values: Mapping[str, Any], client: KoreClient) -> Impact:
    """What a destructive call will touch (`Contact list Renewal Due (cl-1) with 5 records`)."""
    from core.impact import read_impact

    return await read_impact(lambda key, inputs: client.execute(key, **inputs), op, values)


async def run_operation(args: argparse.Namespace, console: Console) -> int:
    op = get_operation(args.op_key)
    values = check_values(op, list(args.args))
    backend = open_backend(args, console)
    try:
        client = backend.client
        if op.destructive:
            impact = await describe_target(op, values, client)
            what = impact.sentence()
            console.confirm(f"{op.title}: {what}. {impact.consequence} Continue?", what=f"{op.verb} {what}")
        result = await client.execute(op.key, on_wait=lambda wait: console.narrate(f"kore: {wait}"), **values)
    finally:
        await backend.aclose()
    if console.json:
        console.data_json(result.body)
    else:
        console.data(render_result(result))
    if result.page is not None and result.page.has_more:
        numbered = getattr(result.page, "page", None)  # page/limit paging (campaign contacts)
        skip = result.page.skip + len(result.records)
        nxt = f"page={numbered + 1}" if isinstance(numbered, int) else f"skip={skip}"
        console.narrate(f"kore: {result.page.total_results:,} in all; next page with {nxt}")
    return 0
