"""The engine reads and writes files on disk: an upload goes to a private temporary copy and back
out, and so does the rejects file that goes to the requester.

The copy is named like the upload, so the engine's messages name the user's file (never the
temporary path), and it is removed as soon as the file is read: customers' numbers stay on disk
only for that moment, in a 0700 folder.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from pathlib import Path

from slack_sdk.web.async_client import AsyncWebClient

from core.bulk.errors import InputFileError
from core.bulk.plan import ImportOptions, Loaded, Plan, load_file
from core.bulk.report import write_rejects
from core.formatting import plural
from slackbot.mrkdwn import code, escape, shorten
from slackbot.slackfiles import SlackFileError, upload_direct


def load_upload(options: ImportOptions, name: str, data: bytes) -> Loaded:
    """The engine's `load_file` on a private temporary copy (named like the upload, so messages
    name the user's file), removed at once."""
    safe = "".join(ch if ch.isalnum() or ch in "._- " else "_" for ch in Path(name).name)[:100]
    with tempfile.TemporaryDirectory(prefix="kore-import-") as folder:
        path = Path(folder) / (safe or "upload.csv")
        path.write_bytes(data)  # the folder is 0700, so the file is private
        local = ImportOptions(path, options.list_name, options.region, options.dnc, options.phone_column)
        try:
            return load_file(local)
        except InputFileError as exc:
            raise InputFileError(str(exc).replace(str(path), name)) from None


def rejects_csv(plan: Plan) -> bytes:
    """The engine's rejects file (row, reason, detail, the row's cells), as bytes."""
    with tempfile.TemporaryDirectory(prefix="kore-rejects-") as folder:
        path = Path(folder) / "rejected.csv"
        write_rejects(plan, path)
        return path.read_bytes()


async def send_rejects(client: AsyncWebClient, user_id: str, plan: Plan, file_name: str) -> str:
    """Every row that would not be sent, with its reason (the engine's rejects CSV), to the
    requester in a direct message: more than a message shows, and only they see the report.
    Returns the line that says where it went (or why it could not)."""
    data = await asyncio.to_thread(rejects_csv, plan)
    stem = re.sub(r"[^A-Za-z0-9]+", "-", Path(file_name).stem).strip("-")[:60] or "import"
    name, rows = f"{stem}-rejected.csv", plural(len(plan.problems), "row")
    comment = (
        f"The {rows} of {code(file_name, 100)} that the dry run into "
        f"*{escape(shorten(plan.list_name, 150))}* would not send, each with its reason."
    )
    try:
        await upload_direct(client, user_id=user_id, filename=name, content=data, title=name, comment=comment)
    except SlackFileError as exc:
        return f"The {rows} not sent could not reach you as a file: {escape(str(exc))}"
    return f"All {rows} not sent, with their reasons: {code(name)}, in a direct message from me."
