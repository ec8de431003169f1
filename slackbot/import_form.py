"""The import form: a modal with a file input (CSV or Excel), the region, DNC lists, phone column.

Its private_metadata carries the list's name, the channel and the command's response_url, so the
dry run answers where the command was typed. Reading a submission is pure (it runs before the
ack): a missing or wrong kind of file, or an unknown region, goes back to the form as an error
under the field, with what the user typed kept.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from core.bulk.checking import check_region
from core.bulk.errors import InputFileError

IMPORT_CALLBACK = "kore_import"
FILE_BLOCK = "kore_import_file"
REGION_BLOCK = "kore_import_region"
DNC_BLOCK = "kore_import_dnc"
PHONE_BLOCK = "kore_import_phone"
ACTION = "value"
FILE_TYPES = ("csv", "tsv", "txt", "xlsx", "xls", "xlsm", "ods")
MAX_DNC = 10


@dataclass(frozen=True)
class ImportContext:
    """What the submission needs that the form's state does not hold."""

    list_name: str
    channel_id: str
    response_url: str
    create: bool = False
    """`--create`: the list is made on the Import click when it does not exist."""

    def dump(self) -> str:
        data = {"list": self.list_name, "channel": self.channel_id, "response_url": self.response_url}
        return json.dumps({**data, "create": True} if self.create else data)

    @classmethod
    def load(cls, text: str) -> ImportContext:
        """ValueError when the metadata is not ours."""
        data = json.loads(text or "{}")
        if not isinstance(data, dict) or not isinstance(data.get("list"), str) or not data["list"]:
            raise ValueError("not an import form's metadata")
        channel, url = str(data.get("channel", "")), str(data.get("response_url", ""))
        return cls(data["list"], channel, url, data.get("create") is True)


@dataclass(frozen=True)
class ImportRequest:
    """A submitted form: the Slack file, and how to read and check its rows."""

    file_id: str
    file_name: str
    region: str
    dnc: tuple[str, ...] = ()
    phone_column: str | None = None
    create: bool = False
    """Create the list when it does not exist (the command's `--create`)."""

    def inputs(self, list_name: str) -> dict[str, str]:
        """Flat strings for the pending confirmation (and the audit's inputs)."""
        values = {
            "list": list_name,
            "file_id": self.file_id,
            "file_name": self.file_name,
            "region": self.region,
        }
        if self.dnc:
            values["dnc"] = "\n".join(self.dnc)
        if self.phone_column:
            values["phone_column"] = self.phone_column
        if self.create:
            values["create"] = "yes"
        return values

    @classmethod
    def from_inputs(cls, values: Mapping[str, str]) -> ImportRequest:
        dnc = tuple(name for name in values.get("dnc", "").split("\n") if name)
        file_id, name, region = values["file_id"], values["file_name"], values["region"]
        return cls(file_id, name, region, dnc, values.get("phone_column"), values.get("create") == "yes")


def _plain(text: str, limit: int = 2000) -> dict[str, str]:
    return {"type": "plain_text", "text": text if len(text) <= limit else text[: limit - 1] + "…"}


def _text_input(
    block: str, label: str, hint: str, *, initial: str = "", multiline: bool = False
) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": ACTION, "multiline": multiline}
    if initial:
        element["initial_value"] = initial
    return {
        "type": "input",
        "block_id": block,
        "optional": True,
        "label": _plain(label),
        "hint": _plain(hint),
        "element": element,
    }


def _into(context: ImportContext) -> str:
    if context.create:
        return f"Into the list: {context.list_name} (created when you click Import, if it does not exist yet)"
    return f"Into the list: {context.list_name}"


def import_modal(context: ImportContext, region: str) -> dict[str, Any]:
    """The form: the list is fixed by the command; the file is required, the rest optional."""
    file_block = {
        "type": "input",
        "block_id": FILE_BLOCK,
        "label": _plain("File (CSV or Excel)"),
        "hint": _plain(
            "A header row, then one contact a row. The phone column is found by name (phoneNumber, "
            "phone, mobile…); firstName, lastName, timeZone and uniqueId are mapped too. Up to 10 MB."
        ),
        "element": {"type": "file_input", "action_id": ACTION, "filetypes": list(FILE_TYPES), "max_files": 1},
    }
    return {
        "type": "modal",
        "callback_id": IMPORT_CALLBACK,
        "private_metadata": context.dump(),
        "title": _plain("Import contacts", 24),
        "submit": _plain("Dry run", 24),
        "close": _plain("Cancel", 24),
        "blocks": [
            {
                "type": "section",
                "text": {"type": "plain_text", "text": _into(context)[:3000]},
            },
            file_block,
            _text_input(
                REGION_BLOCK,
                "Region of national numbers",
                "Two-letter country code used for numbers written without +country (US, GB, IN…)",
                initial=region,
            ),
            _text_input(
                DNC_BLOCK,
                "Do-not-call lists",
                "Names of contact lists whose numbers must not be imported, one a line",
                multiline=True,
            ),
            _text_input(
                PHONE_BLOCK,
                "Phone column",
                "Only when the file names its phone column unusually",
            ),
        ],
    }


def _value(state: Mapping[str, Any], block: str) -> Any:
    action = state.get(block, {}).get(ACTION)
    return action if isinstance(action, dict) else {}


def _text(state: Mapping[str, Any], block: str) -> str:
    value = _value(state, block).get("value")
    return value.strip() if isinstance(value, str) else ""


def read_submission(state: Mapping[str, Any]) -> ImportRequest | dict[str, str]:
    """The request, or {block_id: message} for `response_action=errors`."""
    errors: dict[str, str] = {}
    files = _value(state, FILE_BLOCK).get("files")
    chosen = files[0] if isinstance(files, list) and files and isinstance(files[0], dict) else {}
    file_id, file_name = str(chosen.get("id") or ""), str(chosen.get("name") or "")
    suffix = PurePath(file_name).suffix.lower().lstrip(".")
    if not file_id:
        errors[FILE_BLOCK] = "Choose the CSV or Excel file to import."
    elif suffix and suffix not in FILE_TYPES:
        errors[FILE_BLOCK] = f"This is a .{suffix[:10]} file; choose a CSV or Excel (.xlsx) file."
    region = _text(state, REGION_BLOCK) or "US"
    try:
        region = check_region(region)
    except InputFileError:
        errors[REGION_BLOCK] = "Give a two-letter country code such as US, GB or IN."
    dnc = tuple(dict.fromkeys(line.strip() for line in _text(state, DNC_BLOCK).splitlines() if line.strip()))
    if len(dnc) > MAX_DNC:
        errors[DNC_BLOCK] = f"At most {MAX_DNC} do-not-call lists."
    if errors:
        return errors
    return ImportRequest(file_id, file_name or file_id, region, dnc, _text(state, PHONE_BLOCK) or None)
