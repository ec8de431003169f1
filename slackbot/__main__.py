"""`kore-slackbot`: run the bot in Socket Mode (SLACK_APP_TOKEN) or as an HTTP server (`--http`).

Every start-up problem is one line on stderr naming what to set, and exit status 2.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import socket
import sys
from collections.abc import Sequence
from typing import NoReturn

from slack_bolt.async_app import AsyncApp

from core.errors import ConfigError
from core.settings import default_data_dir
from slackbot import logs
from slackbot.access import AccessPolicy
from slackbot.app import BackgroundTasks, Services, build_app, web_client
from slackbot.audit import AuditLog
from slackbot.backend import KoreBackend
from slackbot.gate import Gate
from slackbot.pending import open_store
from slackbot.settings import SlackSettings, load_slack_settings
from slackbot.web import EVENTS_PATH, http_app

PROG = "kore-slackbot"
log = logging.getLogger("slackbot")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: error: {message} (see {PROG} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="The Kore.ai /kore Slack bot.")
    parser.add_argument(
        "--http",
        action="store_true",
        help=f"serve Slack's HTTP requests on {EVENTS_PATH} instead of Socket Mode",
    )
    parser.add_argument(
        "--host",
        default="0.0.0.0",
        help="address to listen on with --http (default 0.0.0.0: reachable by a load balancer)",
    )
    parser.add_argument(
        "--port", type=int, default=3000, help="port for --http (default 3000; 0 picks a free one)"
    )
    parser.add_argument(
        "--sandbox", action="store_true", help="use the embedded Kore.ai sandbox, not a tenant"
    )
    parser.add_argument(
        "--sandbox-latency-ms",
        type=int,
        default=0,
        metavar="MS",
        help="with --sandbox: answer every Kore.ai call after MS milliseconds (for tests/bench)",
    )
    parser.add_argument("--profile", help="Kore.ai config-file profile to use")
    parser.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    return parser


def _services(
    settings: SlackSettings, args: argparse.Namespace, app_client: object
) -> tuple[Services, KoreBackend]:
    from slack_sdk.web.async_client import AsyncWebClient

    assert isinstance(app_client, AsyncWebClient)
    if args.sandbox:
        from core.sandbox.statefile import StateFileError

        try:
            backend = KoreBackend.sandbox(
                latency_ms=args.sandbox_latency_ms, state_file=default_data_dir() / "slackbot-sandbox.json"
            )
        except StateFileError as exc:
            raise ConfigError(str(exc)) from None
    else:
        backend = KoreBackend.tenant(profile=args.profile)

    async def group_members(group: str) -> list[str]:
        response = await app_client.usergroups_users_list(usergroup=group)
        return [str(user) for user in response.get("users") or []]

    async def post(channel: str, text: str) -> None:
        await app_client.chat_postMessage(channel=channel, text=text)

    access = AccessPolicy.from_settings(
        readers=settings.readers,
        writers=settings.writers,
        deleters=settings.deleters,
        channels=settings.channels,
        open_mutations=backend.is_sandbox,
        group_lookup=group_members,
    )
    for warning in access.startup_warnings():
        log.warning("%s", warning)
    audit = AuditLog(settings.resolved_audit_path(), channel=settings.audit_channel, poster=post)
    store = open_store(settings.resolved_store_url())
    services = Services(
        kore=backend,
        store=store,
        audit=audit,
        access=access,
        confirm_ttl_seconds=settings.confirm_ttl_seconds,
    )
    return services, backend


async def _serve_http(app: AsyncApp, gate: Gate, host: str, port: int, tasks: BackgroundTasks) -> None:
    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn re-raises SIGTERM once it has stopped, so work started after an ack (a confirmed
        delete, its audit line) is drained inside its shutdown, not after `serve()` returns."""

        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            await super().shutdown(sockets=sockets)
            await tasks.drain()

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port} ({exc.strerror}); pick another --port") from None
    bound = sock.getsockname()[1]
    config = uvicorn.Config(http_app(app, gate), log_level="warning", access_log=False, lifespan="off")
    sock.listen(config.backlog)  # connections made as soon as the line below is printed are queued
    server = Server(config)
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    print(f"{PROG}: listening on http://{shown}:{bound}{EVENTS_PATH}", flush=True)
    await server.serve(sockets=[sock])


async def _serve_socket_mode(app: AsyncApp, app_token: str) -> None:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    handler = AsyncSocketModeHandler(app, app_token)
    print(f"{PROG}: connecting to Slack in Socket Mode", flush=True)
    await handler.start_async()


async def _run(args: argparse.Namespace, settings: SlackSettings) -> None:
    client = web_client(settings)
    services, backend = _services(settings, args, client)
    app = build_app(settings, services, client)
    try:
        if args.http:
            assert settings.slack_signing_secret is not None
            gate = Gate(settings.slack_signing_secret.get_secret_value(), services.store.first_use)
            await _serve_http(app, gate, args.host, args.port, services.tasks)
        else:
            assert settings.slack_app_token is not None
            await _serve_socket_mode(app, settings.slack_app_token.get_secret_value())
    finally:
        await services.tasks.drain()
        await services.store.aclose()
        await backend.aclose()


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logs.configure(getattr(logging, args.log_level))
    try:
        settings = load_slack_settings()
        if not args.http and settings.slack_app_token is None:
            raise ConfigError(
                "set SLACK_APP_TOKEN (an xapp-... app-level token) to connect in Socket Mode, "
                f"or run `{PROG} --http --port 3000` to serve Slack's HTTP requests"
            )
        settings.require("http" if args.http else "socket")
        asyncio.run(_run(args, settings))
    except ConfigError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
