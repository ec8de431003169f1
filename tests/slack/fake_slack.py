"""A fake Slack Web API on an ephemeral loopback port, recording every call with its body.

Answers what the bot uses (`auth.test`, `chat.postMessage`, `chat.postEphemeral`, `views.open`,
`views.update`, `usergroups.users.list`, `apps.connections.open`) and records `response_url` posts
made to `/response/<token>`, like bolt's own tests/mock_web_api_server but bound to port 0. Socket
Mode connects to `/socket`, where `send_envelope` delivers requests.

Files: `add_file` puts a file in the fake workspace; `files.info` gives its private download URL
on this server, which serves it only with the bot token. Uploads (`files_upload_v2`) run
Slack's three steps: `files.getUploadURLExternal` hands out an upload URL on this server, the
bytes are POSTed there, `files.completeUploadExternal` shares them (`uploads`); a channel in
`not_in` answers `not_in_channel`, and `conversations.open` opens a DM (`D<user id>`).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

INTERIM = "confirmed, running"
"""The notice that replaces the buttons before a confirmed operation runs (slackbot.app)."""


@dataclass(frozen=True)
class Call:
    kind: str  # "api" or "response"
    name: str  # the Web API method, or the response_url token
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """Everything readable in the body, for `in` assertions."""
        return json.dumps(self.body, ensure_ascii=False)


@dataclass(frozen=True)
class SlackFile:
    id: str
    name: str
    content: bytes
    size: int
    html: bool = False


@dataclass(frozen=True)
class Upload:
    """A file shared through files_upload_v2."""

    file_id: str
    channel: str
    filename: str
    title: str
    content: bytes
    comment: str


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.groups: dict[str, list[str]] = {}
        self.errors: dict[str, str] = {}
        """Web API method -> the error it answers with (`{"ok": false, "error": ...}`)."""
        self.sockets: list[web.WebSocketResponse] = []
        self.socket_acks: list[dict[str, Any]] = []
        """What Socket Mode clients sent back (acks with their envelope_id)."""
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.bot_token = "xoxb-test-token"
        self.files: dict[str, SlackFile] = {}
        self.uploads: list[Upload] = []
        """Files shared by files.completeUploadExternal, in order."""
        self.not_in: set[str] = set()
        """Channels the bot is not a member of (uploads there answer not_in_channel)."""
        self._staged: dict[str, tuple[str, bytes]] = {}
        self.used_up: set[str] = set()
        """response_url tokens that answer 404 `used_url`, as Slack does after five posts."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, token: str = "cmd") -> str:
        return f"{self.url}/response/{token}"

    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/response/{token}", self._response)
        app.router.add_get("/socket", self._socket)
        app.router.add_get("/files-pri/{file_id}/{name}", self._download)
        app.router.add_post("/upload/{file_id}", self._upload)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        sockets = getattr(site._server, "sockets", None)
        assert sockets, "the fake Slack server did not bind"
        self.port = int(sockets[0].getsockname()[1])
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _body(self, request: web.Request) -> dict[str, Any]:
        if request.method == "GET":
            return dict(request.query)
        if request.content_type == "application/json":
            data = await request.json()
            return data if isinstance(data, dict) else {"_": data}
        form = await request.post()
        body: dict[str, Any] = dict(request.query)  # the SDK sends some methods' params in the query
        for key, value in form.items():
            text = str(value)
            if key in ("view", "blocks"):
                try:
                    body[key] = json.loads(text)
                    continue
                except ValueError:
                    pass
            body[key] = text
        return body

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body = await self._body(request)
        self.calls.append(Call("api", method, body, dict(request.headers)))
        answer: dict[str, Any] = {"ok": True}
        if method in self.errors:
            return web.json_response({"ok": False, "error": self.errors[method]})
        if method == "auth.test":
            answer.update(
                user_id="UBOT", user="kore", bot_id="BBOT", team_id="T_TEST", team="Test", url="https://test.slack.com/"
            )
        elif method == "usergroups.users.list":
            answer["users"] = self.groups.get(str(body.get("usergroup")), [])
        elif method in ("views.open", "views.update"):
            answer["view"] = {"id": "V_TEST", **(body.get("view") or {})}
        elif method == "apps.connections.open":
            answer["url"] = f"ws://127.0.0.1:{self.port}/socket"
        elif method in ("chat.postMessage", "chat.postEphemeral"):
            answer.update(channel=body.get("channel"), ts=f"{time.time():.6f}")
        elif method.startswith(("files.", "conversations.")):
            answer = self._files_api(method, body)
        return web.json_response(answer)

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode: hello, then envelopes from `send_envelope`; acks are recorded."""
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self.sockets.append(socket)
        await socket.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A_TEST"}})
        async for message in socket:
            if message.type == web.WSMsgType.TEXT:
                self.socket_acks.append(json.loads(message.data))
        return socket

    async def send_envelope(self, kind: str, payload: dict[str, Any], envelope_id: str) -> None:
        """Deliver one request over the newest Socket Mode connection, as Slack does."""
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload, "accepts_response_payload": True}
        await self.sockets[-1].send_json(envelope)

    # --- files ------------------------------------------------------------------------------

    def add_file(self, name: str, content: bytes, *, size: int | None = None, html: bool = False) -> str:
        """A file a user chose in a form; returns its id. `size`: what files.info claims (default
        the real size); `html`: the download answers a sign-in page, as Slack does without scope."""
        file_id = f"F{len(self.files) + 1:06d}"
        self.files[file_id] = SlackFile(file_id, name, content, len(content) if size is None else size, html)
        return file_id

    def file_payload(self, file_id: str) -> dict[str, Any]:
        """The file as a form submission's `file_input` state holds it."""
        found = self.files[file_id]
        return {"id": file_id, "name": found.name, "filetype": found.name.rsplit(".", 1)[-1]}

    def _files_api(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method == "files.info":
            found = self.files.get(str(body.get("file")))
            if found is None:
                return {"ok": False, "error": "file_not_found"}
            url = f"{self.url}/files-pri/{found.id}/{found.name}"
            return {"ok": True, "file": {"id": found.id, "name": found.name, "size": found.size,
                                         "url_private": url, "url_private_download": url}}
        if method == "files.getUploadURLExternal":
            file_id = f"F_UP{len(self._staged) + 1}"
            self._staged[file_id] = (str(body.get("filename", "")), b"")
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.url}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            channel = str(body.get("channel_id") or "")
            if channel in self.not_in:
                return {"ok": False, "error": "not_in_channel"}
            files = json.loads(str(body.get("files") or "[]"))
            for item in files:
                name, data = self._staged[str(item["id"])]
                self.uploads.append(
                    Upload(str(item["id"]), channel, name, str(item.get("title", "")), data,
                           str(body.get("initial_comment") or ""))
                )
            return {"ok": True, "files": [{"id": item["id"], "title": item.get("title")} for item in files]}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": f"D{body.get('users', '')}"}}
        return {"ok": True}

    async def _download(self, request: web.Request) -> web.Response:
        found = self.files.get(request.match_info["file_id"])
        self.calls.append(Call("download", request.match_info["file_id"], {}, dict(request.headers)))
        if found is None:
            return web.Response(status=404)
        if found.html or request.headers.get("Authorization") != f"Bearer {self.bot_token}":
            return web.Response(text="<html>Sign in to Slack</html>", content_type="text/html")
        return web.Response(body=found.content, content_type="application/octet-stream")

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        if file_id not in self._staged:
            return web.Response(status=404)
        self._staged[file_id] = (self._staged[file_id][0], await request.read())
        return web.Response(text=f"OK - {len(self._staged[file_id][1])}")

    async def _response(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        self.calls.append(Call("response", request.match_info["token"], body, dict(request.headers)))
        if request.match_info["token"] in self.used_up:
            return web.Response(status=404, text="used_url")
        return web.Response(text="ok")

    # --- assertions -------------------------------------------------------------------------

    def api(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.kind == "api" and call.name == method]

    def responses(self, token: str | None = None) -> list[Call]:
        return [call for call in self.calls if call.kind == "response" and (token is None or call.name == token)]

    async def wait_for(
        self, predicate: Callable[[Call], bool], *, count: int = 1, timeout: float = 60.0
    ) -> list[Call]:
        """Poll until `count` recorded calls match (the bot answers after ack, in the background)."""
        deadline = time.monotonic() + timeout
        while True:
            found = [call for call in self.calls if predicate(call)]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                seen = "\n".join(f"{c.kind} {c.name}: {c.text[:300]}" for c in self.calls) or "nothing"
                raise AssertionError(f"expected {count} matching call(s) within {timeout} s; recorded:\n{seen}")
            await asyncio.sleep(0.02)

    async def wait_outcome(self, token: str, contains: str, *, timeout: float = 60.0) -> Call:
        """The final answer at /response/<token> that holds `contains`: not the interim
        "confirmed, running…" notice a confirmed click gets before the operation has run."""

        def final(call: Call) -> bool:
            return (
                call.kind == "response"
                and call.name == token
                and contains in call.text
                and INTERIM not in call.text
            )

        return (await self.wait_for(final, timeout=timeout))[0]

    async def wait_response(self, token: str = "cmd", *, count: int = 1, timeout: float = 60.0) -> Call:
        """The `count`-th post to /response/<token>."""
        found = await self.wait_for(lambda c: c.kind == "response" and c.name == token, count=count, timeout=timeout)
        return found[count - 1]
