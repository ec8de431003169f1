"""`kore-slackbot`: run the bot in Socket Mode (SLACK_APP_TOKEN) or as an HTTP server (`--http`).

Every start-up problem is one line on stderr naming what to set, and exit status 2.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import socket
import sys
from collections.abc import Iterator, Sequence
from typing import NoReturn

import uvicorn
from slack_bolt.async_app import AsyncApp
from starlette.applications import Starlette

from core.bulk.plan import DEFAULT_BATCH_SIZE
from core.connect import backend_name
from core.errors import ConfigError
from core.formatting import plural
from core.pacing import Pacer
from slackbot import logs, startup
from slackbot.access import AccessPolicy
from slackbot.app import BackgroundTasks, Services, build_app, web_client
from slackbot.audit import AuditLog
from slackbot.backend import KoreBackend
from slackbot.bulk import BulkConfig
from slackbot.gate import Gate
from slackbot.mrkdwn import escape
from slackbot.pending import open_store
from slackbot.queue import QueuePacer
from slackbot.settings import SlackSettings, load_slack_settings
from slackbot.web import EVENTS_PATH, Readiness, http_app, status_app

PROG = "kore-slackbot"
log = logging.getLogger("slackbot")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: error: {message} (see {PROG} --help)\n")


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0 to 65535)")
    return int(text)


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
        "--port", type=_port, default=3000, help="port for --http (default 3000; 0 picks a free one)"
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
    parser.add_argument(
        "--health-port",
        type=_port,
        metavar="PORT",
        help="in Socket Mode: serve /healthz, /readyz and /metrics on PORT (with --http they are on --port)",
    )
    parser.add_argument("--profile", help="Kore.ai config-file profile to use")
    parser.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    parser.add_argument(
        "--log-format", default="text", choices=["text", "json"], help="json: one JSON object per line"
    )
    return parser


def _services(
    settings: SlackSettings, args: argparse.Namespace, app_client: object
) -> tuple[Services, KoreBackend]:
    from slack_sdk.web.async_client import AsyncWebClient

    assert isinstance(app_client, AsyncWebClient)
    wrapped: list[QueuePacer] = []

    def wrap(pacer: Pacer) -> Pacer:
        wrapped.append(QueuePacer(pacer))
        return wrapped[-1]

    store_url = settings.resolved_store_url()
    backend = KoreBackend.connect(
        force_sandbox=args.sandbox,
        profile=args.profile,
        latency_ms=args.sandbox_latency_ms,
        shared_budget_url=store_url,
        wrap=wrap,
    )

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
        group_ttl=settings.group_cache_seconds,
    )
    for warning in access.startup_warnings():
        log.warning("%s", warning)
    audit = AuditLog(settings.resolved_audit_path(), channel=settings.audit_channel, poster=post)
    audit.check_writable()
    store = open_store(store_url)
    services = Services(
        kore=backend,
        store=store,
        audit=audit,
        access=access,
        confirm_ttl_seconds=settings.confirm_ttl_seconds,
        pacer=wrapped[0] if wrapped else None,
        queue_max=settings.queue_max,
        bulk=bulk_config(backend),
    )
    return services, backend


def bulk_config(backend: KoreBackend) -> BulkConfig:
    """Imports use the tenant's default region, and journal jobs under the name `kore import` gives
    the same tenant (so `kore jobs` and `--resume` on this host know them)."""
    kore = backend.client.settings
    tenant = backend_name(kore)
    batch = int(getattr(kore, "add_contacts_batch_size", None) or DEFAULT_BATCH_SIZE)
    return BulkConfig(default_region=kore.default_region, backend=tenant, batch_size=batch)


def _listen(host: str, port: int, option: str) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port} ({exc.strerror}); pick another {option}") from None
    sock.listen(2048)  # connections made as soon as the address is printed are queued
    return sock


class _QuietServer(uvicorn.Server):
    """The status server beside Socket Mode: the bot, not uvicorn, owns SIGTERM there."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _server(asgi: Starlette, tasks: BackgroundTasks, listening: str) -> uvicorn.Server:
    class Server(uvicorn.Server):
        """Work started after an ack (a confirmed delete, its audit line) is drained inside
        uvicorn's shutdown. uvicorn would then re-raise the SIGTERM it caught, killing the process
        before `_run` says "stopped"; the signal has done its job by then, so it is not re-raised.
        The address is printed once uvicorn has the signals: a SIGTERM sent as soon as it is read
        stops the bot cleanly."""

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if not self.should_exit:
                print(listening, flush=True)

        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            await super().shutdown(sockets=sockets)
            await tasks.drain()

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            with super().capture_signals():
                yield
                self._captured_signals.clear()

    return Server(uvicorn.Config(asgi, log_level="warning", access_log=False, lifespan="off"))


def _shown(host: str, sock: socket.socket) -> str:
    return f"{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{sock.getsockname()[1]}"


async def _serve_http(
    args: argparse.Namespace,
    app: AsyncApp,
    gate: Gate,
    readiness: Readiness,
    services: Services,
    sock: socket.socket,
) -> None:
    listening = f"{PROG}: listening on http://{_shown(args.host, sock)}{EVENTS_PATH}"
    server = _server(http_app(app, gate, readiness, services.metrics), services.tasks, listening)
    await server.serve(sockets=[sock])


async def _serve_socket_mode(
    args: argparse.Namespace,
    app: AsyncApp,
    app_token: str,
    readiness: Readiness,
    services: Services,
    sock: socket.socket | None,
) -> None:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    handler = AsyncSocketModeHandler(app, app_token)
    readiness.socket_connected = handler.client.is_connected
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    status: asyncio.Task[None] | None = None
    if sock is not None:
        server = _QuietServer(
            uvicorn.Config(status_app(readiness, services.metrics), log_level="warning", access_log=False)
        )
        status = asyncio.create_task(server.serve(sockets=[sock]))
        print(f"{PROG}: health, readiness and metrics on http://{_shown(args.host, sock)}", flush=True)
    print(f"{PROG}: connecting to Slack in Socket Mode", flush=True)
    await handler.connect_async()
    await stop.wait()
    log.info("stopping: no new commands; finishing the work in progress")
    await handler.close_async()  # closed, not just disconnected: no reconnecting on the way out
    if status is not None:
        server.should_exit = True
        await status


def _address(args: argparse.Namespace) -> socket.socket | None:
    """The HTTP endpoint's socket (or Socket Mode's status one), taken before the start-up checks."""
    if args.http:
        return _listen(args.host, args.port, "--port")
    if args.health_port is not None:
        return _listen(args.host, args.health_port, "--health-port")
    return None


async def _check(
    settings: SlackSettings, args: argparse.Namespace, services: Services, client: object
) -> None:
    """The start-up checks (slackbot.startup): one ConfigError line when something is wrong."""
    from slack_sdk.web.async_client import AsyncWebClient

    assert isinstance(client, AsyncWebClient)
    bot_name = await startup.check_bot_token(client)
    if not args.http and settings.slack_app_token is not None:
        await startup.check_app_token(settings.slack_api_url, settings.slack_app_token.get_secret_value())
    await startup.check_store(services.store)
    if settings.audit_channel:
        await startup.check_audit_channel(client, settings.audit_channel, bot_name)


async def _stopped(settings: SlackSettings, services: Services, client: object) -> None:
    """The last words: one `stopped` line in the log, and a notice in the audit channel (bounded)."""
    from slack_sdk.web.async_client import AsyncWebClient

    assert isinstance(client, AsyncWebClient)
    answered = plural(services.tasks.answered, "queued command")
    said = f'{answered} answered "the bot is restarting; nothing was run"'
    if settings.audit_channel:
        where = escape(socket.gethostname())
        text = f":red_circle: {PROG} on {where} stopped; {said}"
        await startup.announce_stop(client, settings.audit_channel, text)
    log.info("stopped: %s", said)


async def _run(args: argparse.Namespace, settings: SlackSettings) -> None:
    client = web_client(settings)
    services, backend = _services(settings, args, client)
    readiness = Readiness(services.store)
    started = False
    # The address first: a port in use is one line, before "started" reaches the audit channel.
    sock = _address(args)
    try:
        await _check(settings, args, services, client)
        started = True
        readiness.slack_auth = True
        if backend.is_sandbox:  # after the checks, so a start-up error stays one line
            log.warning("%s", backend.label)
        if services.pacer is not None:
            is_shared = type(services.pacer.inner).__name__ == "SharedPacer"
            shared = "shared through Redis" if is_shared else "this process's own"
            log.info(
                "Kore.ai budget: %d requests a minute, %s; at most %d commands queue for it",
                services.pacer.per_minute, shared, services.queue_max,
            )
        app = build_app(settings, services, client)
        if services.sweeper is not None:
            services.sweeper.start(services.tasks.work)
        if args.http:
            assert settings.slack_signing_secret is not None
            gate = Gate(settings.slack_signing_secret.get_secret_value(), services.store.first_use)
            assert sock is not None
            await _serve_http(args, app, gate, readiness, services, sock)
        else:
            assert settings.slack_app_token is not None
            token = settings.slack_app_token.get_secret_value()
            await _serve_socket_mode(args, app, token, readiness, services, sock)
    finally:
        if sock is not None:
            sock.close()
        if services.sweeper is not None:
            services.sweeper.stop()
        await services.tasks.drain()
        if started:  # not after a failed start-up check: its one line says it all
            await _stopped(settings, services, client)
        work = services.tasks.work
        await work.run(services.store.aclose())  # the work loop's connections
        await work.run(backend.aclose())  # the Kore.ai client is used on the work loop only
        await services.store.aclose()
        work.close()


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # Acks run on the main thread's loop and the work after them on another thread's loop
    # (slackbot.queue); a 1 ms switch interval hands the GIL back to the acks that often.
    sys.setswitchinterval(0.001)
    logs.configure(getattr(logging, args.log_level), json_lines=args.log_format == "json")
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
