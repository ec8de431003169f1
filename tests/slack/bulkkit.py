"""Helpers for the import and export tests: files in the fake Slack, the form, list contents.

`SandboxAdds` applies each add-contacts batch straight to the sandbox's list, so tests can hold a
batch (a restart mid-import) or move a clock per batch (progress); everything else (reading lists
and contacts, pacing) is the bot's real path. test_slack_import_sandbox.py runs the real one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from botkit import ALICE, Bot
from fake_slack import Call

from core.bulk.sending import Timing
from slackbot.bulk import BulkConfig, Estimate, ExecutorGateway
from slackbot.import_form import DNC_BLOCK, FILE_BLOCK, PHONE_BLOCK, REGION_BLOCK
from slackbot.services import Executor


def add_numbers(bot: Bot, list_id: str, numbers: list[str]) -> None:
    """Contacts straight into a sandbox list (no API call), its count updated."""
    from core.sandbox.records import new_list_contact, new_list_contact_id
    from core.sandbox.schema import CONTACT_LISTS, LIST_CONTACTS

    members = [
        {
            **new_list_contact(
                contact_id=new_list_contact_id(), phone_number=number, timestamp="2025-07-01T00:00:00.000Z"
            ),
            "listId": list_id,
        }
        for number in numbers
    ]
    record = bot.lists[list_id]
    updated = {**record, "totalRecordCount": int(record.get("totalRecordCount") or 0) + len(numbers)}
    bot.sandbox.state.write_now(lambda writer: writer.insert_many(LIST_CONTACTS, members))
    bot.sandbox.state.write_now(lambda writer: writer.put(CONTACT_LISTS, updated))


def numbers_in(bot: Bot, list_id: str) -> list[str]:
    """The phone numbers a list holds in the sandbox."""
    return [str(member["phoneNumber"]) for member in bot.sandbox.state.list_contacts.get(list_id, [])]


class SandboxAdds(ExecutorGateway):
    """The bot's gateway, with add-contacts applied straight to the sandbox's list."""

    def __init__(self, kore: Executor, bot: Bot, estimate: Estimate | None = None) -> None:
        super().__init__(kore, estimate)
        self.bot = bot
        self.batches: list[list[dict[str, str]]] = []

    async def add_batch(self, list_name: str, items: list[dict[str, str]]) -> None:
        self.batches.append(items)
        list_id = next(key for key, record in self.bot.lists.items() if record["name"] == list_name)
        add_numbers(self.bot, list_id, [item["phoneNumber"] for item in items])


def configure(bot: Bot, tmp_path: Path, **overrides: Any) -> list[SandboxAdds]:
    """Small batches, a journal in tmp_path, adds applied at once; returns the gateways made."""
    made: list[SandboxAdds] = []

    def gateway(kore: Executor, estimate: Estimate | None) -> SandboxAdds:
        made.append(SandboxAdds(kore, bot, estimate))
        return made[-1]

    async def no_sleep(_: float) -> None:
        return None

    values: dict[str, Any] = {
        "journal_path": tmp_path / "jobs.sqlite",
        "batch_size": 2,
        "gateway": gateway,
        "timing": Timing(sleep=no_sleep, verify_timeout=0.0),
    }
    values.update(overrides)
    bot.services.bulk = BulkConfig(**values)
    return made


def list_named(bot: Bot, name: str) -> str:
    return next(key for key, record in bot.lists.items() if record["name"] == name)


async def open_form(
    bot: Bot, list_name: str, *, user: str = ALICE, token: str = "cmd", create: bool = False
) -> dict[str, Any]:
    """`/kore lists import "<name>"` (with `--create`); the modal it opened."""
    before = len(bot.fake.api("views.open"))
    flag = " --create" if create else ""
    await bot.command(f'lists import "{list_name}"{flag}', user=user, token=token)
    calls = await bot.fake.wait_for(lambda c: c.kind == "api" and c.name == "views.open", count=before + 1)
    view: dict[str, Any] = calls[-1].body["view"]
    return view


def form_values(
    file: dict[str, Any] | None, *, region: str = "US", dnc: str = "", phone: str = ""
) -> dict[str, Any]:
    files = [file] if file else []
    return {
        FILE_BLOCK: {"value": {"type": "file_input", "files": files}},
        REGION_BLOCK: {"value": {"type": "plain_text_input", "value": region}},
        DNC_BLOCK: {"value": {"type": "plain_text_input", "value": dnc}},
        PHONE_BLOCK: {"value": {"type": "plain_text_input", "value": phone or None}},
    }


async def dry_run(
    bot: Bot,
    list_name: str,
    name: str,
    content: bytes,
    *,
    user: str = ALICE,
    token: str = "cmd",
    create: bool = False,
    **form: Any,
) -> Call:
    """Open the form, submit `content` as file `name`; the dry-run answer (or the error line)."""
    view = await open_form(bot, list_name, user=user, token=token, create=create)
    file_id = bot.fake.add_file(name, content)
    response = await bot.submit(view, form_values(bot.fake.file_payload(file_id), **form), user=user)
    assert response.status == 200 and not response.body, response.body
    return await bot.fake.wait_response(token)


def buttons(call: Call) -> list[dict[str, Any]]:
    return [el for block in call.body.get("blocks", []) if block["type"] == "actions" for el in block["elements"]]


def pending_of(call: Call) -> str:
    found = buttons(call)
    assert [b["action_id"] for b in found] == ["kore_import_confirm", "kore_import_cancel"], found
    return str(found[0]["value"])


def csv_of(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(row) for row in rows).encode() + b"\n"


def responses_text(bot: Bot, token: str) -> Iterator[str]:
    return (call.text for call in bot.fake.responses(token))
