"""`/kore lists import "<list>"` and `/kore lists export "<list>"`: their words, help and settings.

Imports and exports are not catalog operations (an import is a dry run, a confirmation and many
add-contacts requests; an export reads every page), so they are recognised here, before the
catalog's grammar, and run by slackbot.importing and slackbot.exporting on the bulk engine in
core/bulk (the engine `kore import` and the TUI use). Parsing is pure, so it runs before the ack.
"""

from __future__ import annotations

import shlex
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from core.bulk.lists import KoreListGateway, ListGateway
from core.bulk.plan import DEFAULT_BATCH_SIZE
from core.bulk.sending import Timing
from core.operations import Operation
from slackbot.grammar import COMMAND, GrammarError
from slackbot.mrkdwn import code

if TYPE_CHECKING:
    from slackbot.services import Executor

Verb = Literal["import", "export"]
VERBS: tuple[Verb, ...] = ("import", "export")

IMPORT_KEY = "contact_list.import"
"""The audit's and the pending store's name for a bulk import (not a catalog operation)."""
RESUME_KEY = "contact_list.import_resume"
"""The pending store's name for resuming a stopped import (its Resume button)."""

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Slack's own limit for a file chosen in a modal's file input (10 MB)."""

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})

HELP: dict[Verb, str] = {
    "import": (
        f'`{COMMAND} lists import "<list name>"`: import phone numbers from a CSV or Excel file into a '
        "list. A form asks for the file, the region of national numbers and any do-not-call lists; "
        "the bot answers with a dry run (what would be sent, and every problem by row) and sends "
        f'only when you click Import. `{COMMAND} lists import "<new list>" --create` makes the list '
        "(on the click) when it does not exist yet."
    ),
    "export": (
        f'`{COMMAND} lists export "<list name>"`: every contact of a list as a CSV file, uploaded to '
        "this channel (or to a direct message from the bot when it is not in the channel)."
    ),
}


CREATE_FLAG = "--create"
"""`lists import "<name>" --create`: make the list when it does not exist (as `kore import --create`)."""


@dataclass(frozen=True)
class BulkCommand:
    """`lists import` or `lists export` with the list's name as typed."""

    verb: Verb
    list_name: str
    create: bool = False
    """Import only: create the list (on the Import click) when it does not exist."""

    @property
    def subcommand(self) -> str:
        return f"lists {self.verb}"


def _words(text: str) -> list[str]:
    import html

    try:
        return shlex.split(html.unescape(text).translate(_QUOTES))
    except ValueError:
        return []  # the catalog grammar reports the unclosed quote


def parse_bulk(text: str) -> BulkCommand | None:
    """The bulk command in `text`, None when it is not one; GrammarError when it is one, misused."""
    head = text.strip().split(None, 2)[:2]
    if len(head) < 2 or head[0].lower() not in ("lists", "list") or head[1].lower() not in VERBS:
        return None
    words = _words(text)
    verb: Verb = "import" if head[1].lower() == "import" else "export"
    usage = (
        f'{code(f"{COMMAND} lists {verb}")} needs the list\'s name: `{COMMAND} lists {verb} "Renewal Due"`'
    )
    # Phones and Macs may turn a typed "--" into a dash.
    words = [CREATE_FLAG if word.lower() in ("\u2014create", "\u2013create") else word for word in words]
    flags = [word for word in words[2:] if word.startswith("--")]
    names = [word for word in words[2:] if not word.startswith("--")]
    allowed = (CREATE_FLAG,) if verb == "import" else ()
    unknown = [flag for flag in flags if flag.lower() not in allowed]
    if unknown:
        takes = f"takes only {code(CREATE_FLAG)}" if allowed else "takes no options"
        raise GrammarError(f"Unknown option {code(unknown[0][:40])}: {code(f'lists {verb}')} {takes}.")
    if not names or not names[0].strip():
        raise GrammarError(f"{usage}.")
    if len(names) > 1:
        raise GrammarError(f"{usage} (quote a name with spaces; the rest is asked in a form).")
    return BulkCommand(verb, names[0].strip(), create=bool(flags))


def help_topic(topic: str | None) -> str | None:
    """The help text of `lists import` / `lists export`, for `/kore help lists import`."""
    words = (topic or "").split()
    if len(words) == 2 and words[0] in ("lists", "list") and words[1] in VERBS:
        return HELP["import" if words[1] == "import" else "export"]
    return None


def bulk_lines(shown: Sequence[Operation], allowed: Sequence[Operation]) -> list[str]:
    """Help index lines for `lists import` (when the caller may write) and `lists export`, shown
    with the list commands."""
    if not any(op.resource.command == "lists" for op in shown):
        return []
    may_write = any(not op.is_read and not op.destructive for op in allowed)
    verbs: tuple[Verb, ...] = ("import", "export") if may_write else ("export",)
    return [f"• {HELP[verb]}" for verb in verbs]


Estimate = Callable[[int], Awaitable[float]]
"""Seconds before the n-th request from now could go (the bot's pacer: the account's budget)."""


class ExecutorGateway(KoreListGateway):
    """The engine's `ListGateway` over the bot's executor: every request goes through the bot's
    Kore.ai client (its pacer, the account's shared budget, the queue, the metrics). `estimate`
    is the pacer's, so progress can say how long the budget makes the rest take."""

    def __init__(self, kore: Executor, estimate: Estimate | None = None) -> None:
        self.kore = kore
        self._estimate = estimate

    async def _call(self, op_key: str, **fields: Any) -> Any:
        return (await self.kore.execute(op_key, fields)).model

    async def estimate_wait(self, requests: int) -> float:
        return await self._estimate(requests) if self._estimate is not None else 0.0


@dataclass
class BulkConfig:
    """How the bot runs imports and exports; `__main__` fills it from the Kore.ai settings."""

    default_region: str = "US"
    backend: str = "sandbox"
    """Which tenant jobs run against, as the journal records it (`kore jobs` shows the same)."""
    journal_path: Path | None = None
    """The job journal; None: jobs.sqlite in the data dir (shared with `kore import`)."""
    max_file_bytes: int = MAX_FILE_BYTES
    batch_size: int = DEFAULT_BATCH_SIZE
    progress_every: float = 60.0
    """Seconds between progress messages (a response_url takes five messages in 30 minutes)."""
    clock: Callable[[], float] = time.monotonic
    timing: Timing = field(default_factory=Timing)
    gateway: Callable[[Executor, Estimate | None], ListGateway] = ExecutorGateway
