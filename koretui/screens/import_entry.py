"""How the Import screen is listed in the sidebar and palette (kept apart: the first frame needs
only this line, not the screen's widgets)."""

from __future__ import annotations

from koretui.catalog_index import OperationEntry

IMPORT_ENTRY = OperationEntry(
    "bulk.import",
    "Import contacts",
    "Check a CSV or Excel file, then add its numbers to a list",
    "Bulk",
    False,
)
"""Not a catalog operation: it opens the Import screen, which drives core/bulk."""
