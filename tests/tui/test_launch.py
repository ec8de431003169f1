"""`koretui --sandbox` as a user starts it: a real process in a pseudo-terminal, quit with ctrl+q."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest


def read_until(fd: int, marker: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if marker in seen:
                return seen
    raise AssertionError(f"{marker!r} not on screen after {timeout} s; saw {seen[-400:]!r}")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_koretui_sandbox_opens_shows_the_operations_and_quits(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin"),
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "KORE_DATA_DIR": str(tmp_path / "data"),
        "KORE_CONFIG_FILE": str(tmp_path / "config.toml"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "koretui", "--sandbox"],
        stdin=follower, stdout=follower, stderr=follower, env=env, cwd=tmp_path, close_fds=True,
    )
    os.close(follower)
    try:
        read_until(leader, b"Create Contact List", timeout=60)  # the first frame: the operation list
        read_until(leader, b"SANDBOX", timeout=60)  # then the backend: the sandbox banner
        os.write(leader, b"\x11")  # ctrl+q
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    assert (tmp_path / "data" / "sandbox.sqlite3").exists()


def test_the_terminal_keeps_ctrl_s_and_enter_while_the_app_starts_and_is_restored_after() -> None:
    """Before Textual's raw mode, ctrl+s would stop the output (and be lost), Enter would arrive as
    a line feed, and typed keys would be echoed: all three are off from the start, and back after."""
    import os
    import termios

    from koretui.__main__ import keys_kept_while_starting

    leader, follower = os.openpty()
    try:
        with os.fdopen(follower, "r", closefd=False) as terminal:
            before = termios.tcgetattr(follower)
            assert before[0] & termios.IXON and before[0] & termios.ICRNL and before[3] & termios.ECHO
            with keys_kept_while_starting(terminal):
                during = termios.tcgetattr(follower)
                assert not during[0] & (termios.IXON | termios.ICRNL) and not during[3] & termios.ECHO
                assert during[3] & termios.ICANON  # the rest is left to Textual
            assert termios.tcgetattr(follower) == before
        read, write = os.pipe()
        with os.fdopen(read, "r") as pipe, keys_kept_while_starting(pipe):
            pass  # not a terminal: nothing to do, and no error
        os.close(write)
    finally:
        os.close(leader)
        os.close(follower)
