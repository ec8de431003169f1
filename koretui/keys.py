"""Every rebindable key of the app by binding id: what `[keymap]` accepts and F1 lists."""

from __future__ import annotations

from textual.binding import Binding


def rebindable() -> list[Binding]:
    """The bindings that carry an id, in the order help shows them."""
    from koretui.app import KoreTui
    from koretui.screens.main import MainScreen
    from koretui.screens.record import RecordScreen
    from koretui.widgets.history_panel import HistoryPanel
    from koretui.widgets.record_detail import RecordDetail
    from koretui.widgets.response_panel import ResponsePanel
    from koretui.widgets.results_table import ResultsTable

    found: list[Binding] = []
    for owner in (KoreTui, MainScreen, ResultsTable, ResponsePanel, RecordDetail, RecordScreen, HistoryPanel):
        for binding in owner.BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                found.append(binding)
    return found


def binding_ids() -> set[str]:
    return {binding.id for binding in rebindable() if binding.id}
