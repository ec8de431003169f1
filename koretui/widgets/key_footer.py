"""The main screen's footer: F1 Help stays beside ^p palette on the right at any width.

Textual's footer lists the focused widget's keys first and the app's last, and cuts what does not
fit: at 80 columns over a paged table "f1 Help" went, and with it the way to find every other key
(those only in F1: copy curl, sidebar, refresh, copy id, CSV, the table's JSON view).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widgets import Footer

HELP_ACTION = "help"
"""The app's F1 binding (koretui/app.py); its key is moved to the right with the palette's."""


class KeyFooter(Footer):
    """A compact footer whose help and palette keys are docked right, never cut."""

    DEFAULT_CSS = """
    KeyFooter HorizontalGroup.-always {
        dock: right;
        width: auto;
        margin-left: 1;
    }
    KeyFooter KeyGroup.-compact {
        padding-left: 0;
    }
    KeyFooter HorizontalGroup.-always FooterKey.-command-palette {
        dock: initial;
    }
    """

    def compose(self) -> ComposeResult:
        always = []
        for widget in super().compose():
            if widget.has_class("-command-palette") or getattr(widget, "action", None) == HELP_ACTION:
                always.append(widget)
            else:
                yield widget
        if always:
            with HorizontalGroup(classes="-always"):
                yield from always
