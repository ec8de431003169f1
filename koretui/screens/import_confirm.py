"""Asks before an import sends anything, saying exactly what will be sent, where, and how long it takes.

Cancel has the focus (Enter on a reflex sends nothing); Escape cancels too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

if TYPE_CHECKING:
    from core.bulk.plan import Plan
    from core.bulk.report import ImportReport


@dataclass(frozen=True)
class Budget:
    """The account's request budget as the client paces it: per minute (0: not paced) and the
    pacer's estimate, in seconds, of when the job's last request could go."""

    per_minute: int
    seconds: float


def count(number: int, noun: str) -> str:
    """`1 contact`, `1,131 contacts`."""
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


def batches(plan: Plan, report: ImportReport) -> int:
    return -(-report.to_send // plan.options.batch_size)


def facts(plan: Plan, report: ImportReport, budget: Budget) -> list[tuple[str, str]]:
    """(label, value) lines of the question, in reading order."""
    from core.bulk.sending import duration

    where = (
        f"{plan.list_name} (now {count(plan.list_count, 'contact')})"
        if plan.target
        else (f"{plan.options.list_name} (a new list, created first)")
    )
    requests = batches(plan, report)
    if budget.per_minute and budget.seconds >= 1:
        pace = f"about {duration(budget.seconds)} at {budget.per_minute} requests a minute, then verification"
    elif budget.per_minute:
        pace = f"no wait at {budget.per_minute} requests a minute; then verification"
    else:
        pace = "no client-side pacing; a few seconds, then verification"
    held = report.rows - report.to_send
    return [
        ("List", where),
        ("Numbers", f"{report.to_send:,} (E.164), from {plan.options.file.name}"),
        (
            "Batches",
            f"{count(requests, 'add-contacts request')} of up to {plan.options.batch_size:,}",
        ),
        ("Time", pace),
        ("Not sent", f"{held:,} rows (invalid, duplicates, already in the list, DNC)"),
    ]


class ConfirmImportScreen(ModalScreen[bool]):
    """Dismisses with True only when Import is pressed."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#cancel"

    def __init__(self, plan: Plan, report: ImportReport, budget: Budget) -> None:
        super().__init__(classes="confirm-import")
        self.plan = plan
        self.report = report
        self.budget = budget

    def compose(self) -> ComposeResult:
        lines = facts(self.plan, self.report, self.budget)
        pad = max(len(label) for label, _ in lines) + 2
        parts: list[str | tuple[str, str]] = [
            (f"Add {count(self.report.to_send, 'contact')} to {self.plan.list_name}?\n\n", "bold")
        ]
        for label, value in lines:
            parts += [(f"{label}:".ljust(pad), "dim"), (value, "bold" if label != "Not sent" else ""), "\n"]
        parts += [
            "\n",
            (
                "Kore.ai adds contacts asynchronously; the list is checked afterwards. Esc stops once "
                "the batches under way are acknowledged; the job journal keeps them, so it can resume.",
                "$text-warning",
            ),
        ]
        with Vertical(id="dialog") as dialog:
            dialog.border_title = "Confirm: import contacts"
            yield Static(Content.assemble(*parts), id="question")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(f"Import {self.report.to_send:,}", id="import", variant="warning")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "import")

    def action_cancel(self) -> None:
        self.dismiss(False)
