"""`kore <resource> <verb> ...`: run one catalog operation, asking first when it is destructive."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pydantic

from core.arguments import ArgumentError, assign
from core.fields import field_errors, fields_of, validate_flat
from core.operations import Operation, get_operation
from koretui.cli.connection import open_backend
from koretui.cli.console import BAD_INPUT, CliError, Console
from koretui.cli.render import message_of, render_result

if TYPE_CHECKING:
    from core.client import CallResult, KoreClient
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
        where = f"{_help_name(op, name)}: " if name else ""
        raise CliError(f"{op.describe(values)}: {where}{message} (see kore {_words(op)} --help)") from None
    return values


def _help_name(op: Operation, name: str) -> str:
    """A field as the help names it (`<contact_id>`, `limit`), not as Kore.ai does (`contactId`)."""
    for spec in fields_of(op):
        if name in (spec.name, spec.path[-1], _camel(spec.name)):
            return f"<{spec.name}>" if spec.name == op.target_field else spec.name
    return name


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.capitalize() for word in rest)


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
            if impact.refusal:  # said before the question, so no one confirms a call bound to fail
                console.narrate(f"kore: warning: {impact.refusal}")
            console.confirm(
                f"{op.title}: {impact.sentence()}. {impact.consequence} Continue?",
                what=f"{op.verb} {impact.sentence(start=False)}",
            )
        result = await client.execute(op.key, on_wait=lambda wait: console.narrate(f"kore: {wait}"), **values)
    finally:
        await backend.aclose()
    message = message_of(result)
    if message:
        console.narrate(f"kore: {message}")  # Kore.ai's sentence is narration; the records are data
    if console.json:
        console.data_json(result.body)
    elif text := render_result(result):
        console.data(text)
    elif not message and result.page is None:  # a page says how many there are instead
        console.narrate("kore: done")
    _page_summary(result, console)
    return 0


def _page_summary(result: CallResult, console: Console) -> None:
    """How many there are in all, and the next page's argument when there is one (an empty page too)."""
    page = result.page
    if page is None:
        return
    shown = page.skip + len(result.records)
    # A page past the end shows nothing: the total is Kore.ai's, not the skip (`skip=100` of 5).
    total = max(page.total_results, shown) if result.records else page.total_results
    numbered = getattr(page, "page", None)  # page/limit paging (campaign contacts)
    if not page.has_more:
        where = f"on page={numbered:,}" if isinstance(numbered, int) else f"from skip={page.skip:,}"
        past = f"nothing {where}; " if page.skip and not result.records else ""
        console.narrate(f"kore: {past}{total:,} in all")
        return
    nxt = f"page={numbered + 1}" if isinstance(numbered, int) else f"skip={shown}"
    console.narrate(f"kore: {total:,} in all; next page with {nxt}")
