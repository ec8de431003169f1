"""`kore-sandbox`: serve the emulator on loopback and print the settings a client needs."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import logging
import shlex
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import NoReturn

import uvicorn
from starlette.applications import Starlette

from core.sandbox.app import create_app
from core.sandbox.config import (
    DEFAULT_ACCOUNT_ID,
    DEFAULT_APP_ID,
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_RATE_LIMIT,
    SandboxConfig,
)
from core.sandbox.faults import FAIL_MODES, HideInjectedFaults
from core.sandbox.statefile import StateFileError
from core.settings import KoreSettings

PROG = "kore-sandbox"


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake is reported on one line saying what to fix (no usage dump)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: error: {message} (see {PROG} --help)\n")


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def _port(text: str) -> int:
    value = _non_negative_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"must be 0 to 65535, got {value}")
    return value


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be from 0 to 1, got {text}")
    return value


def _shaped(check: Callable[[str], str | None]) -> Callable[[str], str]:
    """An id argument checked as every client checks the setting it is printed for: a sandbox
    started with `--account-id 123` printed an `export` line that no client would accept."""

    def parse(text: str) -> str:
        try:
            check(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return text

    return parse


DESCRIPTION = (
    "Local emulator of the Kore.ai contact-center APIs: contact lists, their contacts, the address "
    "book and voice campaigns (read, start, stop), with Kore.ai's paths, JWT checks, limits and errors."
)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description=DESCRIPTION)
    _add_place_options(parser.add_argument_group("where it listens and keeps its data"))
    _add_tenant_options(parser.add_argument_group("the tenant it emulates (what clients must send)"))
    _add_behaviour_options(parser.add_argument_group("how it behaves"))
    _add_fault_options(parser.add_argument_group("injected faults"))
    return parser


def _add_place_options(group: argparse._ArgumentGroup) -> None:
    group.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback only by default)")
    group.add_argument("--port", type=_port, default=8765, help="port to listen on; 0 picks a free one")
    group.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host")
    group.add_argument(
        "--state",
        type=Path,
        default=None,
        metavar="FILE",
        help="SQLite file to keep data in; without it nothing outlives the process (a JSON file of an "
        "older version is imported, kept as FILE.bak)",
    )
    group.add_argument(
        "--reset", action="store_true", help="move the --state file aside and start over with fresh data"
    )
    group.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )


def _add_tenant_options(group: argparse._ArgumentGroup) -> None:
    group.add_argument(
        "--client-id",
        type=_shaped(KoreSettings.client_id_shape),
        default=DEFAULT_CLIENT_ID,
        help="Client ID the JWT appId must carry",
    )
    group.add_argument("--client-secret", default=DEFAULT_CLIENT_SECRET, help="secret the JWT is signed with")
    group.add_argument(
        "--account-id",
        type=_shaped(KoreSettings.account_id_shape),
        default=DEFAULT_ACCOUNT_ID,
        help="accountId the requests must send",
    )
    group.add_argument(
        "--app-id",
        type=_shaped(KoreSettings.app_id_shape),
        default=DEFAULT_APP_ID,
        help="app id (IID / streamId) in the paths",
    )
    group.add_argument(
        "--no-seed",
        action="store_true",
        help="start empty instead of with demo data (contact lists, contacts and campaigns)",
    )


def _add_behaviour_options(group: argparse._ArgumentGroup) -> None:
    group.add_argument(
        "--rate-limit",
        type=_non_negative_int,
        default=DEFAULT_RATE_LIMIT,
        metavar="N",
        help=f"requests per minute per account; 0 turns the limit off (default {DEFAULT_RATE_LIMIT})",
    )
    group.add_argument(
        "--no-retry-after",
        action="store_true",
        help="send no Retry-After header with a 429 (Kore.ai documents none)",
    )
    group.add_argument(
        "--latency-ms",
        type=_non_negative_int,
        default=0,
        metavar="N",
        help="delay added to every API request",
    )
    group.add_argument(
        "--enforce-jti",
        action="store_true",
        help="like the app setting Enforce JTI: tokens need a jti (used once) and exp within 1 hour of iat",
    )
    group.add_argument(
        "--async-delay-ms",
        type=_non_negative_int,
        default=500,
        metavar="N",
        help="how long after an Add Contacts answer the contacts appear in the list (default 500)",
    )


def _add_fault_options(group: argparse._ArgumentGroup) -> None:
    group.add_argument(
        "--fail-rate",
        type=_probability,
        default=0.0,
        metavar="F",
        help="fraction of API requests that get the injected fault --fail-mode",
    )
    group.add_argument(
        "--fail-mode",
        choices=FAIL_MODES,
        default="before",
        help="before: 503 without acting; after: act, then 503; timeout: act, then never answer; "
        "reset: act, then drop the connection (default before)",
    )
    group.add_argument(
        "--fail-hold-seconds",
        type=_non_negative_int,
        default=120,
        metavar="N",
        help="longest a --fail-mode timeout request is held if the client does not give up (default 120)",
    )
    group.add_argument(
        "--random-seed", type=int, default=None, metavar="N", help="seed that makes --fail-rate repeatable"
    )


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_socket(host: str, port: int) -> socket.socket:
    """Bind ourselves so `--port 0` can report the port actually chosen."""
    infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    last_error: OSError | None = None
    for family, kind, proto, _, address in infos:
        sock = socket.socket(family, kind, proto)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
            sock.listen(128)
            sock.setblocking(False)
            return sock
        except OSError as exc:
            sock.close()
            last_error = exc
    raise last_error or OSError(f"cannot bind {host}:{port}")


def base_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


class _Server(uvicorn.Server):
    """Announces readiness only once uvicorn really accepts connections."""

    def __init__(self, config: uvicorn.Config, ready_line: str) -> None:
        super().__init__(config)
        self.ready_line = ready_line

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and not self.should_exit:
            print(self.ready_line, flush=True)


def _state_dir_problem(state: Path | None) -> str | None:
    """Why `--state`'s directory cannot hold it: a mistyped path must not grow a tree of directories.
    Only the shared default file (in the data dir) may create its own directory."""
    from core.connect import default_state_file

    if state is None or state.parent.is_dir() or state.absolute() == default_state_file().absolute():
        return None
    if state.parent.exists():
        return f"{state.parent} is not a directory; choose another --state"
    return f"directory {state.parent} does not exist; create it or choose another --state"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    problem = _argument_problem(args)
    if problem:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 2
    _configure_logging(args.log_level)
    config = config_of(args)
    try:
        app = create_app(config)
    except StateFileError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    try:
        sock = bind_socket(args.host, args.port)
    except OSError as exc:
        print(
            f"{PROG}: error: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr
        )
        return 1
    url = base_url(sock)
    _print_client_settings(config, url, app.state.sandbox.imported_backup)
    _serve(app, sock, url, args.log_level)
    print(f"{PROG} stopped", file=sys.stderr)
    return 0


def _argument_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with arguments argparse accepted one by one (nothing has been opened yet)."""
    if not args.allow_remote and not is_loopback(args.host):
        return (
            f"--host {args.host} is not a loopback address; use 127.0.0.1 or pass "
            "--allow-remote to expose the sandbox on the network"
        )
    if args.reset and args.state is None:
        return "--reset needs --state FILE (without it nothing is kept)"
    return _state_dir_problem(args.state)


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("uvicorn.error").addFilter(HideInjectedFaults())
    # The store works on threads; give the event loop the GIL back within 0.5 ms rather than 5 ms,
    # which roughly halves GET p99 while other clients write (bench/sandbox_scale.py).
    sys.setswitchinterval(0.0005)


def config_of(args: argparse.Namespace) -> SandboxConfig:
    return SandboxConfig(
        client_id=args.client_id,
        client_secret=args.client_secret,
        account_id=args.account_id,
        app_id=args.app_id,
        state_file=args.state,
        reset_state=args.reset,
        seed=not args.no_seed,
        rate_limit=args.rate_limit,
        latency_ms=args.latency_ms,
        fail_rate=args.fail_rate,
        fail_mode=args.fail_mode,
        fail_hold_seconds=float(args.fail_hold_seconds),
        retry_after=not args.no_retry_after,
        enforce_jti=args.enforce_jti,
        random_seed=args.random_seed,
        async_delay_ms=args.async_delay_ms,
    )


def _print_client_settings(config: SandboxConfig, url: str, imported: Path | None) -> None:
    """The `export KORE_...` lines a client pastes (stdout), and where the data is kept."""
    print("# kore-sandbox: these settings point a client at this sandbox (the secret is sandbox-only)")
    for key, value in config.client_env(url).items():
        print(f"export {key}={shlex.quote(value)}")
    if config.state_file is not None:
        print(f"# state file: {config.state_file}")
        if imported is not None:
            print(f"# imported the JSON state of an older version; the original is kept as {imported}")
    sys.stdout.flush()


def _serve(app: Starlette, sock: socket.socket, url: str, log_level: str) -> None:
    """Serve until Ctrl-C or SIGTERM, then return (a clean exit, not a signal death)."""
    server = _Server(
        uvicorn.Config(app, log_config=None, log_level=log_level, access_log=True, lifespan="off"),
        ready_line=f"{PROG} listening on {url}",
    )
    # uvicorn re-raises the signal that stopped it once it has shut down; make that a no-op so
    # Ctrl-C and SIGTERM end with a clean exit code instead of a traceback or a signal death.
    stopped_by: list[int] = []

    def remember(signum: int, _frame: FrameType | None) -> None:
        stopped_by.append(signum)

    previous = {sig: signal.signal(sig, remember) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        asyncio.run(server.serve(sockets=[sock]))
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()


if __name__ == "__main__":
    sys.exit(main())
