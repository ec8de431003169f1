"""Servers the benchmarks start on loopback: `kore-sandbox` (its settings read from what it prints)
and `redis-server`. Imported by the bench scripts as a sibling module (`python bench/<name>.py`)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterable

START_PATIENCE = 60.0
"""Seconds to wait for redis-server to accept connections on a loaded machine."""


def sandbox_exports(lines: Iterable[str]) -> dict[str, str] | None:
    """The `export KEY='value'` settings kore-sandbox prints before "listening on"; None if it stopped
    before saying it listens."""
    env: dict[str, str] = {}
    for line in lines:
        if line.startswith("export "):
            key, _, value = line.removeprefix("export ").strip().partition("=")
            env[key] = value.strip("'")
        if "listening on" in line:
            return env
    return None


def start_redis(workdir: str) -> tuple[subprocess.Popen[bytes], str] | None:
    """redis-server on a free loopback port, no persistence; None when it is not installed or
    did not start."""
    binary = shutil.which("redis-server")
    if binary is None:
        return None
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            workdir,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    give_up = time.monotonic() + START_PATIENCE
    while time.monotonic() < give_up:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.05)
    process.terminate()
    return None
