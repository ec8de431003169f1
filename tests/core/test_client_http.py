"""KoreClient over real HTTP against `kore-sandbox` started on a loopback port, with the settings it prints."""

from __future__ import annotations

import os
import queue
import shlex
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from core import KoreClient, NotFoundError, load_settings


def start_sandbox(*args: str) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """Start the console entry point and wait (bounded) for it to print its settings and be ready."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "core.sandbox", "--port", "0", "--log-level", "warning", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stdout is not None
    stdout = proc.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in stdout], daemon=True).start()
    env: dict[str, str] = {}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"kore-sandbox exited: {proc.stderr.read() if proc.stderr else ''}"
                ) from None
            continue
        if line.startswith("export "):
            key, _, value = line.removeprefix("export ").strip().partition("=")
            env[key] = shlex.split(value)[0]
        if "listening on" in line:
            return proc, env
    proc.kill()
    raise RuntimeError("kore-sandbox did not become ready in 60 s")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[dict[str, str]]:
    proc, env = start_sandbox("--state", str(tmp_path / "state.json"), "--rate-limit", "0")
    try:
        yield env
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


async def test_client_talks_to_kore_sandbox_over_loopback_http(
    served: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert served["KORE_HOST"].startswith("http://127.0.0.1:")
    for key, value in served.items():
        monkeypatch.setenv(key, value)
    settings = load_settings(rate_limit_per_minute=0)
    assert settings.has_credentials
    async with KoreClient(settings) as kore:
        created = (await kore.create_contact_list("Over HTTP", "made through a real socket")).data
        renamed = await kore.update_contact_list(created.id, name="Over HTTP (renamed)")
        assert renamed.data.body.name == "Over HTTP (renamed)"
        lists = await kore.list_contact_lists()
        assert created.id in {item.id for item in lists.data}
        contacts = await kore.list_contacts(limit=5)
        first = contacts.results[0]
        updated = await kore.update_contact(first.id, salutation="Dr")
        assert updated.salutation == "Dr"
        await kore.delete_contact_list(created.id)
        with pytest.raises(NotFoundError):
            await kore.get_contact_list(created.id)


def test_printed_settings_are_complete(served: dict[str, str]) -> None:
    assert set(served) >= {
        "KORE_HOST",
        "KORE_CLIENT_ID",
        "KORE_CLIENT_SECRET",
        "KORE_ACCOUNT_ID",
        "KORE_APP_ID",
    }
    assert os.environ.get("KORE_CLIENT_SECRET") != served["KORE_CLIENT_SECRET"]
