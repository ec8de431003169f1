"""The bot under benchmark as a process (`kore-slackbot --http` on a loopback port), the fake Slack
Web API it talks to, and signed `/kore` requests for it. Used by bench/slack_ack.py."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

SECRET = "bench-signing-secret"
ROOT = Path(__file__).resolve().parents[1]


@dataclass
class FakeSlack:
    """auth.test and friends answer ok; response_url posts are kept (token, body)."""

    url: str = ""
    answers: list[tuple[str, str]] = field(default_factory=list)
    runner: web.AppRunner | None = None

    async def start(self) -> FakeSlack:
        async def api(request: web.Request) -> web.Response:
            method = request.match_info["method"]
            if method == "auth.test":
                return web.json_response({"ok": True, "user_id": "UBOT", "user": "kore", "team_id": "T1"})
            return web.json_response({"ok": True})

        async def response(request: web.Request) -> web.Response:
            self.answers.append((request.match_info["token"], (await request.read()).decode()))
            return web.Response(text="ok")

        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", api)
        app.router.add_post("/response/{token}", response)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        sockets = getattr(site._server, "sockets", None)
        assert sockets
        self.url = f"http://127.0.0.1:{sockets[0].getsockname()[1]}"
        return self

    def finals(self) -> list[str]:
        """Answers that are results, not "queued" notes."""
        return [token for token, body in self.answers if "Queued: about" not in body]

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


def signed(body: str) -> dict[str, str]:
    ts = str(int(time.time()))
    return {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": ts,
        "x-slack-signature": SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body) or "",
    }


def command(token: str, fake_url: str, text: str = "lists all") -> str:
    return urlencode(
        {
            "command": "/kore",
            "text": text,
            "user_id": "U_BENCH",
            "team_id": "T1",
            "channel_id": "C1",
            "response_url": f"{fake_url}/response/{token}",
            "trigger_id": f"{token}.1.x",
        }
    )


async def start_bot(
    fake_url: str, data_dir: str, *args: str, env: dict[str, str] | None = None
) -> tuple[asyncio.subprocess.Process, str]:
    environ = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": f"{fake_url}/api/",
        "KORE_DATA_DIR": data_dir,
        "PYTHONPATH": str(ROOT),
        "KORE_CONFIG_FILE": str(Path(data_dir) / "none.toml"),
        **(env or {}),
    }
    environ.pop("SLACK_APP_TOKEN", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "slackbot",
        "--http",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--log-level",
        "WARNING",
        *args,
        cwd=data_dir,
        env=environ,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    line = (await asyncio.wait_for(process.stdout.readline(), timeout=60)).decode()
    if "listening on " not in line:
        raise SystemExit(f"bot did not start: {line!r}")
    return process, line.split("listening on ", 1)[1].strip()


async def stop(process: asyncio.subprocess.Process) -> None:
    process.kill()  # not terminate: the bot would first finish its slow Kore.ai calls
    await process.wait()
