"""Block Kit messages of an import: the dry-run report with Import / Cancel, progress, the result.

Counts come from the engine's `ImportReport` (the CLI and the TUI show the same ones). Everything
that came from the file (phone cells, column names), from Slack (the file's name) or from Kore.ai
(list names, errors) is escaped before it becomes mrkdwn.
"""

from __future__ import annotations

from typing import Any

from core.bulk.report import ImportReport
from core.bulk.sending import Progress
from core.formatting import plural
from slackbot.blocks import Block, Message, context, duration_text, notice, section
from slackbot.mrkdwn import DIALOG_MAX, code, cut, escape, shorten
from slackbot.pages import SECTION_LIMIT

IMPORT_ACTION = "kore_import_confirm"
IMPORT_CANCEL_ACTION = "kore_import_cancel"
SHOWN_PROBLEMS = 20
SHOWN_MISSING = 20


def _name(list_name: str) -> str:
    return f"*{escape(shorten(list_name, 150))}*"


def _counts(report: ImportReport) -> str:
    lines = report.count_lines()
    width = max(len(label) for label, _ in lines)
    table = "\n".join(f"{label:<{width}}  {count:>9,}" for label, count in lines)
    return f"```{escape(table)}```"


def _problems(report: ImportReport, rejects: str) -> list[Block]:
    if not report.first_problems:
        return []
    shown = report.first_problems[:SHOWN_PROBLEMS]
    lines = [f"*First problems* ({len(shown)} shown; rows as a spreadsheet numbers them):"]
    lines += [f"• {escape(shorten(problem.describe(), 200))}" for problem in shown]
    text = "\n".join(lines)
    found = [section(text if len(text) <= SECTION_LIMIT else text[: SECTION_LIMIT - 1] + "…")]
    return found + ([context(rejects)] if rejects else [])


def _facts(report: ImportReport, file_name: str) -> Block:
    said = f"File {code(file_name, 100)}"
    if report.columns:
        said += f" · {escape(shorten(report.columns, 600))}"
    if report.time_zones_filled:
        said += f" · time zone filled from the number in {plural(report.time_zones_filled, 'row')}"
    return context(said)


def dry_run_message(
    report: ImportReport,
    *,
    file_name: str,
    list_count: int,
    batch_size: int,
    pending_id: str | None,
    ttl_seconds: int,
    rejects: str = "",
    creates: bool = False,
) -> Message:
    """The report; with Import / Cancel buttons when there is something to send. `rejects`: where
    the file of every row not sent went (mrkdwn), when there are more than the report shows;
    `creates`: the list does not exist yet and the Import click makes it (`--create`)."""
    new = " (a new list)" if creates else ""
    head = (
        f":clipboard: *Dry run* of {code(file_name, 100)} into {_name(report.list_name)}{new}: "
        "nothing was sent."
    )
    blocks: list[Block] = [section(head), section(_counts(report)), _facts(report, file_name)]
    blocks += _problems(report, rejects)
    if pending_id is None or report.to_send == 0:
        blocks.append(
            section(
                ":information_source: Nothing to import: every row is invalid, a duplicate, already in "
                "the list or on a do-not-call list."
            )
        )
        return Message(f"Dry run into {escape(report.list_name)}: nothing to import", blocks)
    batches = -(-report.to_send // batch_size)
    into = (
        f"the new list {_name(report.list_name)}, created when you click Import,"
        if creates
        else f"{_name(report.list_name)} (now {plural(list_count, 'contact')})"
    )
    question = (
        f":inbox_tray: Add *{plural(report.to_send, 'contact')}* to {into} in {plural(batches, 'batch')}? "
        f"The file is read again and the list re-checked when you click Import, so nothing is sent "
        f"twice. Only you can confirm; the buttons expire in {duration_text(ttl_seconds)}."
    )
    blocks += [section(question), _buttons(report, pending_id, creates)]
    return Message(f"Dry run into {escape(report.list_name)}: {report.to_send:,} to send", blocks)


def _buttons(report: ImportReport, pending_id: str, creates: bool) -> Block:
    make = "Create the list and send" if creates else "Send"
    question = f"{make} {plural(report.to_send, 'contact')} to {_name(report.list_name)}."
    dialog = {
        "title": {"type": "plain_text", "text": "Import now?"},
        "text": {
            "type": "mrkdwn",
            "text": cut(question, DIALOG_MAX),
        },
        "confirm": {"type": "plain_text", "text": "Import"},
        "deny": {"type": "plain_text", "text": "Not yet"},
    }
    return _button_pair(pending_id, "Import", "kore_import_confirmation", dialog)


def _button_pair(pending_id: str, label: str, block_id: str, dialog: dict[str, Any] | None = None) -> Block:
    """`label` (Import or Resume) and Cancel, both carrying only the pending confirmation's id."""
    go: dict[str, Any] = {
        "type": "button",
        "action_id": IMPORT_ACTION,
        "text": {"type": "plain_text", "text": label},
        "style": "primary",
        "value": pending_id,
    }
    if dialog is not None:
        go["confirm"] = dialog
    cancel = {
        "type": "button",
        "action_id": IMPORT_CANCEL_ACTION,
        "text": {"type": "plain_text", "text": "Cancel"},
        "value": pending_id,
    }
    return {"type": "actions", "block_id": block_id, "elements": [go, cancel]}


def starting_message(list_name: str, file_name: str) -> Message:
    return notice(
        f":hourglass_flowing_sand: Import into {_name(list_name)} confirmed: reading {code(file_name, 100)} "
        "again and re-checking the list before sending…"
    )


def progress_message(list_name: str, job_id: str, progress: Progress) -> Message:
    """`Importing into X: sent 1,000 of 10,000 · batch 2/20 · 16.7 rows/s · about 9m00s left`."""
    said = escape(progress.describe())
    return Message(
        f"Importing into {escape(list_name)}: {said}",
        [
            section(f":arrows_counterclockwise: Importing into {_name(list_name)}: {said}"),
            context(f"Job {code(job_id)} · the next update comes by itself; no need to ask."),
        ],
    )


def final_message(report: ImportReport, *, file_name: str, changed: str = "") -> Message:
    """The result: the counts, sent against confirmed in the list, and what did not arrive."""
    missing = report.missing
    if report.verified and not missing:
        head = (
            f":white_check_mark: Imported {code(file_name, 100)} into {_name(report.list_name)}: "
            f"{report.sent:,} sent, *{report.confirmed:,} confirmed* in the list."
        )
    else:
        head = (
            f":warning: Imported {code(file_name, 100)} into {_name(report.list_name)}: "
            f"{report.sent:,} sent, only {report.confirmed:,} confirmed in the list "
            "when the bot stopped checking."
        )
    blocks: list[Block] = [section(head), section(_counts(report))]
    if changed:
        blocks.append(context(escape(changed)))
    if missing:
        shown = ", ".join(escape(number) for number in missing[:SHOWN_MISSING])
        more = f" and {len(missing) - SHOWN_MISSING:,} more" if len(missing) > SHOWN_MISSING else ""
        blocks.append(section(f"Not in the list after verification: {shown}{more}"))
    blocks.append(context(f"Job {code(report.job or '?')}"))
    return Message(
        f"Import into {escape(report.list_name)}: {report.sent:,} sent, {report.confirmed:,} confirmed",
        blocks,
    )


def stopped_message(
    list_name: str,
    job_id: str | None,
    sent: int,
    total: int,
    reason: str,
    *,
    resume_id: str | None = None,
    ttl_seconds: int = 0,
) -> Message:
    """An import that stopped part way: what was sent, why, and how to continue it."""
    if job_id is None:
        text = f":x: Import into {_name(list_name)} did not start: {escape(reason)}. Nothing was sent."
        return Message(f"Import into {escape(list_name)} stopped", [section(text)])
    text = (
        f":x: Import into {_name(list_name)} stopped after {sent:,} of {total:,} sent: {escape(reason)}. "
        f"Job {code(job_id)} kept every acknowledged batch; Resume re-reads the list and sends the rest "
        f"without sending anything twice (or `kore import --resume {escape(job_id)}` on the bot's host)."
    )
    blocks: list[Block] = [section(text)]
    if resume_id:
        blocks.append(context(f"Only you can resume it; the buttons expire in {duration_text(ttl_seconds)}."))
        blocks.append(_button_pair(resume_id, "Resume", "kore_import_resume"))
    return Message(f"Import into {escape(list_name)} stopped", blocks)


def resuming_message(list_name: str, job_id: str) -> Message:
    return notice(
        f":hourglass_flowing_sand: Resuming job {code(job_id)} into {_name(list_name)}: letting the list "
        "settle and re-reading it before sending the rest…"
    )


def reading_message(list_name: str, said: str) -> Message:
    """While the list (and DNC lists) are read: `reading 'X': 2,000 of 10,000 contacts`."""
    return notice(f":hourglass_flowing_sand: Checking against {_name(list_name)}: {escape(said)}…")


def expired_text(list_name: str, job_id: str = "") -> str:
    """What replaces an import's (or a resume's) buttons when nobody clicked them in time."""
    if job_id:
        return f":hourglass: Not resumed in time: job {code(job_id)} into {_name(list_name)} stays stopped."
    nothing = f"nothing was imported into {_name(list_name)}"
    return f":hourglass: Not confirmed in time: {nothing}. Run the import again."
