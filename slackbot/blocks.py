"""Block Kit messages: results, errors, help, usage and delete confirmations.

Plain dicts in Block Kit's JSON shape (what Slack and the tests see). Records are rendered from
their entry in core/presentation.py (names, ids, columns, detail fields), as the TUI renders them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from core.client import CallResult
from core.fields import fields_of
from core.formatting import plural
from core.impact import Impact
from core.operations import Operation
from core.presentation import for_record
from slackbot.grammar import COMMAND, example, quote_value, subcommand_of, usage
from slackbot.mrkdwn import DIALOG_MAX, code, cut, escape
from slackbot.pages import MAX_BLOCKS, SECTION_LIMIT, TEXT_BUDGET, View, fit, next_command, pages_locally

Block = dict[str, Any]

CONFIRM_ACTION = "kore_confirm"
CANCEL_ACTION = "kore_cancel"

JSON_LIMIT = 2600


@dataclass(frozen=True)
class Message:
    """A message for respond()/ack(): fallback text plus blocks."""

    text: str
    blocks: list[Block]

    def kwargs(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


def _mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text[:SECTION_LIMIT]}


def section(text: str) -> Block:
    return {"type": "section", "text": _mrkdwn(text)}


def context(text: str) -> Block:
    return {"type": "context", "elements": [_mrkdwn(text)]}


def _chunks(lines: Iterable[str]) -> list[Block]:
    blocks: list[Block] = []
    current = ""
    for line in lines:
        if current and len(current) + len(line) + 1 > SECTION_LIMIT:
            blocks.append(section(current))
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        blocks.append(section(current))
    return blocks


# --- records ---------------------------------------------------------------------------------------

def record_title(record: BaseModel) -> str:
    """The record's display name (or id), escaped."""
    return escape(for_record(record).label_of(record))


def record_details(record: BaseModel) -> list[tuple[str, str]]:
    """(label, value) pairs of every field with a value, escaped, as core/presentation.py labels them."""
    return [(label, escape(value)) for label, value in for_record(record).detail_rows(record)]


def record_line(record: BaseModel) -> str:
    """One line per record in a list: name, id, then the brief facts (`5 records · active`)."""
    entry = for_record(record)
    title = entry.label_of(record)
    parts = [f"*{escape(title)}*"]
    record_id = entry.id_of(record)
    if record_id and record_id != title:
        parts.append(f"`{escape(record_id)}`")
    parts += [escape(fact) for fact in entry.brief(record)]
    return " · ".join(parts)


def _json_block(body: Any) -> Block:
    text = json.dumps(body, indent=1, ensure_ascii=False, default=str)
    if len(text) > JSON_LIMIT:
        text = text[:JSON_LIMIT] + "\n… (truncated)"
    return section(f"```{escape(text)}```")


def _list_page(result: CallResult, options: Mapping[str, str]) -> tuple[list[Block], str]:
    """The records of one page as sections, every one shown whole, and the footer that says
    which records these are and where the next page starts."""
    op, page = result.operation, result.page
    if pages_locally(op):
        view = View.of(dict(options))
        records, total = view.select(result.records)
        offset, more_after = view.skip, False
    else:
        view = View()
        records, offset = result.records, page.skip if page is not None else 0
        total = page.total_results if page is not None else len(records)
        more_after = page is not None and page.has_more
    fitted = fit((f"• {record_line(r)}" for r in records), blocks=MAX_BLOCKS - 3, chars=TEXT_BUDGET)
    end = offset + fitted.shown
    sections = [section(text) for text in fitted.sections]
    if not records:
        said = f"_No record's name contains “{escape(view.name)}”._" if view.name else "_Nothing found._"
        if offset and offset >= total > 0:
            said = f"_Nothing from record {offset + 1} on: there {'is' if total == 1 else 'are'} {total}._"
        sections = [section(said)]
    footer = f"{offset + 1}-{end} of {total}" if fitted.shown else f"none of {total}"
    if view.name:
        footer += f" named like “{escape(view.name)}”"
    if fitted.shown < len(records) or more_after:
        target = str(result.inputs.get(op.target_field or "", "") or "") or None
        values = {k: v for k, v in result.inputs.items() if k != op.target_field}
        if view.name:
            values["name"] = view.name
        command = next_command(subcommand_of(op), target, values, end, quote_value)
        footer += f" · next page: {code(f'{COMMAND} {command}', 300)}"
    return sections, footer


def result_message(result: CallResult, options: Mapping[str, str] | None = None) -> Message:
    """A readable answer for one call: what was done, the key fields, and the raw JSON if short.
    A list shows every record of its page (`options`: the bot's own paging, slackbot.pages)."""
    op = result.operation
    headline = f":white_check_mark: *{escape(op.describe(result.inputs))}* -> {result.status}"
    timing = f"{op.title} · {result.elapsed:.2f} s"
    if result.attempts > 1:
        timing += f" · {result.attempts} attempts"
    blocks: list[Block] = [section(headline)]
    records = result.records
    if op.is_read and (result.page is not None or pages_locally(op) or len(records) != 1):
        sections, footer = _list_page(result, options or {})
        blocks.extend(sections)
        timing += f" · {footer}"
    elif records:
        record = records[0]
        title = record_title(record)
        detail_lines = [f"*{title}*"]
        detail_lines += [f"{label}: {value}" for label, value in record_details(record) if value != title]
        said = getattr(result.model, "message", None)
        if isinstance(said, str) and said.strip():
            detail_lines.append(f"_{escape(said.strip())}_")
        if not op.is_read:
            changed = changed_text(op, result.inputs)
            if changed:
                detail_lines.append(changed)
        blocks.extend(_chunks(detail_lines))
        blocks.append(_json_block(result.body))
    blocks.append(context(timing))
    return Message(escape(f"{op.describe(result.inputs)} -> {result.status}"), blocks)


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def changed_text(op: Operation, inputs: Mapping[str, Any]) -> str:
    """`Changed: Name “Renewal Due - August” · Allow duplicates: yes`, in the fields' own labels."""
    labels = {spec.name: spec.label for spec in fields_of(op)}
    given = [(k, v) for k, v in inputs.items() if v is not None and k != op.target_field]
    parts = [
        f"{escape(labels.get(name, name))} “{escape(value)}”"
        if isinstance(value, str)
        else f"{escape(labels.get(name, name))}: {escape(_value_text(value))}"
        for name, value in given
    ]
    return "Changed: " + " · ".join(parts) if parts else ""


def error_message(text: str, *, title: str = ":x:") -> Message:
    """One readable line (core's errors are already written that way)."""
    line = " ".join(text.split())
    return Message(escape(line), [section(f"{title} {escape(line)}")])


def notice(text: str) -> Message:
    """A short line that is already mrkdwn (our own wording, ids in backticks)."""
    return Message(text, [section(text)])


def usage_message(op: Operation, problem: str | None = None) -> Message:
    lines = []
    if problem:
        lines.append(f":warning: {problem}")
    lines.append(usage(op))
    return Message(problem or f"Usage of {COMMAND} {subcommand_of(op)}", _chunks(lines))


def help_message(ops: Sequence[Operation], *, hidden: int = 0, extra: Sequence[str] = ()) -> Message:
    """The index: every subcommand the caller may run, with one example each (`extra`: lines of
    commands that are not catalog operations, such as `lists import`)."""
    lines = [f"*`{COMMAND}` commands you can run* (`{COMMAND} help &lt;command&gt;` shows its arguments)"]
    for op in ops:
        warn = " :warning: asks for confirmation" if op.destructive else ""
        lines.append(f"• `{subcommand_of(op)}`: {escape(op.help)}{warn}\n     e.g. {code(example(op), 500)}")
    lines.extend(extra)
    blocks = _chunks(lines)
    if hidden:
        need = "needs" if hidden == 1 else "need"
        blocks.append(context(f"{plural(hidden, 'more command')} {need} a permission you do not have."))
    return Message(f"{COMMAND} help", blocks)


# --- confirmation ----------------------------------------------------------------------------------


def impact_text(impact: Impact) -> str:
    """`Contact list *July* (`cl-1`) with 5 records, in use by Renewals`: the confirmation's summary."""
    said = impact.sentence(
        escape, name=lambda name: f"*{escape(name)}*", ident=lambda ident: f"`{escape(ident)}`", users=False
    )
    if impact.warning:
        said += f"\n:no_entry: {escape(impact.warning)}"
    return said


def duration_text(seconds: int) -> str:
    """`10 s`, `10 min`, `1 h 30 min`: how long the buttons stay usable, never rounded up."""
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        minutes, rest = divmod(seconds, 60)
        return f"{minutes} min" + (f" {rest} s" if rest else "")
    hours, rest = divmod(seconds, 3600)
    return f"{hours} h" + (f" {rest // 60} min" if rest // 60 else "")


def refused_message(op: Operation, summary: str) -> Message:
    """A destructive call Kore.ai is known to refuse: what it would touch and why, with no buttons."""
    text = f"*{escape(op.title)}* is not offered:\n{summary}\nNothing was sent."
    return Message(f"Not offered: {escape(op.title)}", [section(text)])


def confirm_message(
    op: Operation, inputs: dict[str, str], summary: str, pending_id: str, ttl_seconds: int
) -> Message:
    """What the call touches, with Delete / Start / Stop (danger, confirm dialog) and Cancel buttons."""

    what = escape(op.describe(inputs))
    text = (
        f":warning: *{escape(op.title)}?*\n{summary}\n{escape(op.consequence)} "
        f"Only you can confirm; the buttons expire in {duration_text(ttl_seconds)}."
    )
    dialog = {
        "title": {"type": "plain_text", "text": "Are you sure?"},
        "text": {"type": "mrkdwn", "text": cut(f"{what}\n{summary}", DIALOG_MAX)},
        "confirm": {"type": "plain_text", "text": op.confirm_word},
        "deny": {"type": "plain_text", "text": "Keep it"},
        "style": "danger",
    }
    actions = {
        "type": "actions",
        "block_id": "kore_confirmation",
        "elements": [
            {
                "type": "button",
                "action_id": CONFIRM_ACTION,
                "text": {"type": "plain_text", "text": op.confirm_word},
                "style": "danger",
                "value": pending_id,
                "confirm": dialog,
            },
            {
                "type": "button",
                "action_id": CANCEL_ACTION,
                "text": {"type": "plain_text", "text": "Cancel"},
                "value": pending_id,
            },
        ],
    }
    return Message(escape(f"Confirm: {op.describe(inputs)}"), [section(text), actions])
