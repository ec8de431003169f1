"""Offers the operations that act on one selected record (update, delete, show its contacts)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from core.operations import Operation


class RowActionsScreen(ModalScreen[str | None]):
    """Dismisses with the chosen operation key, or None (Escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#actions"

    def __init__(
        self,
        title: str,
        record_id: str,
        operations: list[Operation],
        *,
        details: str | None = None,
        extras: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(classes="row-actions")
        self.heading = title
        self.record_id = record_id
        self.operations = operations
        self.details = details
        self.extras = extras or []
        """(choice id, label) of actions that are not catalog operations (import, export)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = "Act on this record"
            yield Static(Content.assemble((self.heading, "bold"), "\n", (self.record_id, "dim")))
            options = [Option(Content.styled(op.title, _style(op)), id=op.key) for op in self.operations]
            options += [Option(Content.styled(label, "bold"), id=key) for key, label in self.extras]
            if self.details:
                options.append(Option(Content.styled("Show every field", "italic"), id=self.details))
            yield OptionList(*options, id="actions")
            hint = "Enter opens the form with the id (or name) filled in; Escape closes."
            yield Static(Content.styled(hint, "dim"))
        yield Footer()  # this modal's own keys, not the screen's below

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _style(op: Operation) -> str:
    return "bold $text-error" if op.destructive else "bold"
