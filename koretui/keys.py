"""Every rebindable key of the app by binding id: what `[keymap]` accepts and F1 lists."""

from __future__ import annotations

from collections.abc import Mapping

from textual.binding import Binding


def rebindable() -> list[Binding]:
    """The bindings that carry an id, in the order help shows them."""
    from koretui.app import KoreTui
    from koretui.screens.import_screen import ImportScreen
    from koretui.screens.main import MainScreen
    from koretui.screens.record import RecordScreen
    from koretui.widgets.history_panel import HistoryPanel
    from koretui.widgets.record_detail import RecordDetail
    from koretui.widgets.response_panel import ResponsePanel
    from koretui.widgets.results_table import ResultsTable

    found: list[Binding] = []
    owners = (KoreTui, MainScreen, ResultsTable, ResponsePanel, RecordDetail, RecordScreen, HistoryPanel)
    for owner in (*owners, ImportScreen):
        for binding in owner.BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                found.append(binding)
    return found


EXPLAINED = {
    "main.send": "send the form (destructive operations ask first)",
    "main.copy_curl": "copy the request as curl and show it (token masked)",
    "main.history": "show or hide the history (Enter re-fills a form)",
    "main.sidebar": "hide or show the operation list (more room at 80x24)",
    "main.cancel": "cancel the running request (shown while one runs)",
    "table.open": "a row's next step: a list's contacts; otherwise its fields",
    "table.actions": "the operations on a row's record (update, delete, ...)",
    "table.details": "every field of a row's record",
    "table.filter": "filter the rows as you type (Esc clears)",
    "table.sort": "sort: next column, ascending then descending",
    "table.prev_page": "previous page of a paged read (also PgUp on the first row)",
    "table.next_page": "next page of a paged read (also PgDn on the last row)",
    "table.refresh": "send the same read again",
    "table.copy_id": "copy the row's id",
    "table.copy_row": "copy the row's record as JSON",
    "table.export": "export the rows shown (filtered, sorted) to a CSV file here",
    "response.json": "the response body as JSON, and back",
    "detail.json": "one record's raw JSON, and back",
    "record.actions": "a record's fields (v): the operations on it",
    "history.close": "history: close it, the focus goes back where it was",
    "history.all_tenants": "history: this tenant's entries or every tenant's",
    "import.dry_run": "Import: check the file against the list (nothing is sent)",
    "import.send": "Import: import the checked rows (asks first)",
    "import.rejects": "Import: write the rows that will not be sent to a CSV",
    "import.close": "Import: back to the operations",
    "import.stop": "Import: stop after the batches under way (again: at once)",
}
"""What each rebindable key does, for F1 (the footer shows the bindings' short labels)."""


def binding_ids() -> set[str]:
    return {binding.id for binding in rebindable() if binding.id}


def key_of(keymap: Mapping[str, str], binding_id: str) -> str:
    """The first key bound to `binding_id` as help writes it (`ctrl+s`), remapped by [keymap] or not:
    for texts that name a key (the Send button), so they do not name one that no longer works."""
    from koretui.screens.help import shown_keys

    default = next(binding.key for binding in rebindable() if binding.id == binding_id)
    keys = shown_keys(keymap.get(binding_id, default)) or shown_keys(default)
    return keys.split(" ")[0]
