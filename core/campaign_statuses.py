"""The campaign statuses Kore.ai documents (kore-api.md §8.1) and which of them start and stop refuse.

Standard library only: the limits table (the `filters.status` pattern), the catalog (start and stop
refuse some statuses) and the sandbox (which refuses them) all read it.
"""

from __future__ import annotations

STATUSES = ("Active", "Completed", "Ready", "Paused", "Preparing", "Stopped", "Scheduled", "Rescheduled")
"""Every status of §8.1's `filters.status`, case as written."""

RUNNING = ("Active",)
"""A start refuses these (decided: a repeated start is a 400, kore-api.md's start/stop row)."""

NOT_RUNNING = ("Ready", "Stopped", "Completed")
"""A stop refuses these: nothing runs, is paused or waits for a schedule, so there is nothing to stop."""
