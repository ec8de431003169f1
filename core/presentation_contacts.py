"""How the bulk contact answers are shown (core/presentation.py registers these entries with the others).

A bulk answer is a tally plus the records that failed and why; the failures are what a person needs.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from core.formatting import attr
from core.models_contacts import BulkDeleteResult, BulkUpdateResult, failed_lines
from core.presentation import Column, Detail, Presentation


def _failures(record: Any) -> str:
    return "; ".join(failed_lines(record))


def _bulk(model: type[BaseModel], title: str) -> Presentation:
    """A bulk answer: the tally, and each failed record with why (`id: field: problem`)."""
    return Presentation(
        model=model,
        title=title,
        plural=f"{title}s",
        id_field="",
        name=lambda record: f"{record.successful} of {record.total_requested} done",
        columns=(
            Column("Requested", attr("total_requested"), 9),
            Column("Done", attr("successful"), 6, role="name"),
            Column("Failed", attr("failed"), 6),
            Column("Why", _failures, 20, grow=True),
        ),
        details=(
            Detail("Requested", "total_requested"),
            Detail("Done", "successful"),
            Detail("Failed", "failed"),
            Detail("Failures", "failed_records", _failures),
            Detail("Done records", "successful_records"),
        ),
    )


CONTACT_PRESENTATIONS = (
    _bulk(BulkUpdateResult, "Bulk update result"),
    _bulk(BulkDeleteResult, "Bulk delete result"),
)
