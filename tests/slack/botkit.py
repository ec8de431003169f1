"""Helpers: a fake Slack Web API, the Kore sandbox behind core, and a bot wired to both.

Requests are signed with the real HMAC (`SignatureVerifier`) and dispatched to the bolt app, as
bolt's own scenario tests do. Users: ALICE may write and delete, BOB may write, CAROL may only
read, DAVE may delete through the user group S_ADMINS.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from fake_slack import FakeSlack
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

from core.client import CallResult, KoreClient
from core.pacing import Pacer
from core.sandbox.config import SandboxConfig
from core.sandbox.embedded import EmbeddedSandbox
from slackbot.access import AccessPolicy
from slackbot.app import Services, build_app, web_client
from slackbot.audit import AuditLog
from slackbot.backend import KoreBackend
from slackbot.gate import Gate
from slackbot.pending import PendingStore, SqlitePendingStore
from slackbot.queue import QueuePacer
from slackbot.settings import SlackSettings
from slackbot.web import Readiness, http_app

SECRET = "test-signing-secret-0123456789"
ALICE, BOB, CAROL, DAVE = "U_ALICE", "U_BOB", "U_CAROL", "U_DAVE"
TEAM, CHANNEL, AUDIT_CHANNEL = "T_TEST", "C_OPS", "C_AUDIT"


def bot_process_env(fake: FakeSlack, tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a `kore-slackbot` process under test: the fake Slack Web API, the test's
    own data dir, no config file, this repository importable; `extra` adds or overrides."""
    return {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "KORE_DATA_DIR": str(tmp_path / "data"),
        "KORE_CONFIG_FILE": str(tmp_path / "none.toml"),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        **extra,
    }


def signed_headers(body: str, *, timestamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    """Headers as Slack sends them, with the real HMAC over `v0:<timestamp>:<body>`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body) or ""
    return {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-signature": signature,
        "x-slack-request-timestamp": ts,
    }


def slash_body(text: str, *, user: str, response_url: str, channel: str = CHANNEL) -> str:
    return urlencode(
        {
            "token": "legacy-unused",
            "team_id": TEAM,
            "team_domain": "test",
            "channel_id": channel,
            "channel_name": "ops",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/kore",
            "text": text,
            "api_app_id": "A_TEST",
            "response_url": response_url,
            "trigger_id": "111.222.abc",
        }
    )


def bolt_request(body: str, headers: Mapping[str, str]) -> AsyncBoltRequest:
    """What bolt's adapters build from an HTTP request."""
    return AsyncBoltRequest(body=body, headers={key: value for key, value in headers.items()})


def payload_body(payload: Mapping[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})


def action_payload(action_id: str, value: str, *, user: str, response_url: str) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "test"},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM},
        "api_app_id": "A_TEST",
        "token": "legacy-unused",
        "container": {"type": "message", "message_ts": "1.2", "channel_id": CHANNEL, "is_ephemeral": True},
        "trigger_id": "333.444.def",
        "channel": {"id": CHANNEL, "name": "ops"},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "kore_confirmation",
                "value": value,
                "type": "button",
                "action_ts": "1.3",
            }
        ],
    }


def view_payload(view: Mapping[str, Any], values: Mapping[str, Any], *, user: str) -> dict[str, Any]:
    return {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "test"},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM},
        "api_app_id": "A_TEST",
        "token": "legacy-unused",
        "trigger_id": "555.666.ghi",
        "view": {
            "id": "V_TEST",
            "type": "modal",
            "callback_id": view["callback_id"],
            "private_metadata": view["private_metadata"],
            "blocks": view["blocks"],
            "state": {"values": values},
            "hash": "1.abc",
        },
    }


def text_input(value: str | None) -> dict[str, Any]:
    return {"value": {"type": "plain_text_input", "value": value}}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_750_000_000.0

    def __call__(self) -> float:
        return self.now


class SentCounter(httpx.ASGITransport):
    """The in-process transport to the sandbox, counting the requests that were really sent."""

    def __init__(self, app: Any) -> None:
        super().__init__(app=app)
        self.count = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.count += 1
        return await super().handle_async_request(request)


class CountingKore:
    """The real backend, counting which operations the bot asked for (`sent`: what reached Kore.ai)."""

    def __init__(self, inner: KoreBackend) -> None:
        self.inner = inner
        self.calls: list[tuple[str, dict[str, str]]] = []
        self.sent: SentCounter | None = None

    async def estimate_wait(self, requests: int = 1) -> float:
        return await self.inner.estimate_wait(requests)

    async def execute(self, op_key: str, values: Mapping[str, str]) -> CallResult:
        self.calls.append((op_key, dict(values)))
        return await self.inner.execute(op_key, values)

    def count(self, op_key: str) -> int:
        return sum(1 for key, _ in self.calls if key == op_key)


@dataclass
class Bot:
    app: AsyncApp
    fake: FakeSlack
    sandbox: EmbeddedSandbox
    kore: CountingKore
    services: Services
    clock: FakeClock
    audit_path: Path
    tokens: list[str] = field(default_factory=list)

    def new_response_url(self, token: str) -> str:
        return self.fake.response_url(token)

    async def dispatch(self, body: str, **header_args: Any) -> BoltResponse:
        request = bolt_request(body, signed_headers(body, **header_args))
        return await self.app.async_dispatch(request)

    async def command(self, text: str, *, user: str = ALICE, token: str = "cmd", channel: str = CHANNEL) -> BoltResponse:
        return await self.dispatch(slash_body(text, user=user, response_url=self.fake.response_url(token), channel=channel))

    async def click(self, action_id: str, value: str, *, user: str = ALICE, token: str = "click") -> BoltResponse:
        payload = action_payload(action_id, value, user=user, response_url=self.fake.response_url(token))
        return await self.dispatch(payload_body(payload))

    async def submit(self, view: Mapping[str, Any], values: Mapping[str, Any], *, user: str = ALICE) -> BoltResponse:
        return await self.dispatch(payload_body(view_payload(view, values, user=user)))

    def gate(self) -> Gate:
        """The gate `kore-slackbot --http` puts in front of bolt, on this bot's store."""
        return Gate(SECRET, self.services.store.first_use)

    def http(self) -> httpx.AsyncClient:
        """An HTTP client for the bot's ASGI app (gate, bolt, health), in-process."""
        readiness = Readiness(self.services.store, slack_auth=True)
        asgi = http_app(self.app, self.gate(), readiness, self.services.metrics)
        transport = httpx.ASGITransport(app=asgi)
        return httpx.AsyncClient(transport=transport, base_url="http://bot.test")

    async def audit(self) -> list[dict[str, Any]]:
        """The audit log once the work started by earlier requests has finished."""
        await self.services.tasks.drain()
        return self.services.audit.entries()

    @property
    def lists(self) -> dict[str, Any]:
        return self.sandbox.state.contact_lists

    def first_list(self) -> tuple[str, dict[str, Any]]:
        """The first seeded list no campaign uses (a list in use cannot be deleted)."""
        list_id = self.lists_not_in_use()[0]
        return list_id, self.lists[list_id]

    def lists_not_in_use(self) -> list[str]:
        """Ids of the seeded lists no campaign uses, in seed order."""
        return [list_id for list_id, record in self.lists.items() if not record["isListInUse"]]

    def list_in_use(self) -> tuple[str, dict[str, Any]]:
        """The first seeded list a campaign uses."""
        return next((list_id, record) for list_id, record in self.lists.items() if record["isListInUse"])


def make_settings(fake: FakeSlack, **overrides: Any) -> SlackSettings:
    values: dict[str, Any] = {
        "slack_bot_token": "xoxb-test-token",
        "slack_signing_secret": SECRET,
        "slack_api_url": fake.api_url,
        "writers": f"{ALICE},{BOB}",
        "deleters": f"{ALICE},S_ADMINS",
        "audit_channel": AUDIT_CHANNEL,
    }
    values.update(overrides)
    return SlackSettings(_env_file=None, **values)


async def make_bot(
    fake: FakeSlack,
    tmp_path: Path,
    *,
    latency_ms: int = 0,
    sandbox: EmbeddedSandbox | None = None,
    store: PendingStore | None = None,
    pacer: Pacer | None = None,
    queue_max: int = 100,
    note_after: float = 1.0,
    **overrides: Any,
) -> Bot:
    """A bot on the fake Slack and a sandbox; `pacer` (wrapped as the bot wraps it) paces its
    Kore.ai client, which is unpaced otherwise."""
    sandbox = sandbox or EmbeddedSandbox(config=SandboxConfig(rate_limit=0, latency_ms=latency_ms))
    queue = QueuePacer(pacer, note_after=note_after) if pacer is not None else None
    transport = SentCounter(sandbox.app)
    kore_client = KoreClient(sandbox.settings(), transport=transport, pacer=queue)
    kore = CountingKore(KoreBackend(kore_client, label="sandbox", is_sandbox=True))
    kore.sent = transport
    settings = make_settings(fake, **overrides)
    client = web_client(settings)

    async def members(group: str) -> list[str]:
        response = await client.usergroups_users_list(usergroup=group)
        return list(response.get("users") or [])

    async def post(channel: str, text: str) -> None:
        await client.chat_postMessage(channel=channel, text=text)

    access = AccessPolicy.from_settings(
        readers=settings.readers, writers=settings.writers, deleters=settings.deleters,
        channels=settings.channels, open_mutations=False, group_lookup=members,
    )
    clock = FakeClock()
    audit_path = tmp_path / "audit.jsonl"
    services = Services(
        kore=kore,
        store=store or SqlitePendingStore(tmp_path / "pending.sqlite3"),
        audit=AuditLog(audit_path, channel=settings.audit_channel, poster=post),
        access=access,
        confirm_ttl_seconds=settings.confirm_ttl_seconds,
        clock=clock,
        pacer=queue,
        queue_max=queue_max,
    )
    return Bot(build_app(settings, services, client), fake, sandbox, kore, services, clock, audit_path)


def seed_lists(bot: Bot, names: list[str]) -> list[str]:
    """Add contact lists straight into the sandbox's store (no API calls); returns their ids."""
    from core.sandbox.records import new_contact_list, new_contact_list_id
    from core.sandbox.schema import CONTACT_LISTS

    config = bot.sandbox.config
    lists = [
        new_contact_list(
            list_id=new_contact_list_id(), name=name, description="seeded", source="passiveApi",
            allow_duplicates=False, account_id=config.account_id, app_id=config.app_id,
            timestamp="2025-07-01T00:00:00.000Z", record_count=index,
        )
        for index, name in enumerate(names)
    ]
    bot.sandbox.state.write_now(lambda writer: writer.insert_many(CONTACT_LISTS, lists))
    return [record["_id"] for record in lists]


def seed_members(bot: Bot, list_id: str, count: int) -> None:
    """`count` contacts in one list, straight into the sandbox's store."""
    from core.sandbox.records import new_list_contact, new_list_contact_id
    from core.sandbox.schema import CONTACT_LISTS, LIST_CONTACTS

    members = [
        {**new_list_contact(
            contact_id=new_list_contact_id(), phone_number=f"+1555{index:07d}",
            timestamp="2025-07-01T00:00:00.000Z",
        ), "listId": list_id}
        for index in range(count)
    ]
    record = {**bot.lists[list_id], "totalRecordCount": count}
    bot.sandbox.state.write_now(lambda writer: writer.insert_many(LIST_CONTACTS, members))
    bot.sandbox.state.write_now(lambda writer: writer.put(CONTACT_LISTS, record))
