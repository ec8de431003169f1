"""`kore-sandbox` as a real process: readiness line, persistence across SIGKILL, clean stop, refusals."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import jwt
import pytest

from core.sandbox.__main__ import build_parser, main

REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60.0  # generous: the machine running the tests may be slow and loaded
READY = re.compile(r"^kore-sandbox listening on (http://\S+)$", re.MULTILINE)


class Sandbox:
    """One `python -m core.sandbox` process with its output going to files (a full pipe can never block it)."""

    def __init__(self, tmp_path: Path, *args: str) -> None:
        run_id = uuid.uuid4().hex[:8]
        self.stdout_path = tmp_path / f"stdout-{run_id}.txt"
        self.stderr_path = tmp_path / f"stderr-{run_id}.txt"
        with self.stdout_path.open("wb") as out, self.stderr_path.open("wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "core.sandbox", "--port", "0", "--log-level", "warning", *args],
                cwd=REPO,
                stdout=out,
                stderr=err,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        self.url = self._wait_until_listening()
        self.env = dict(re.findall(r"^export (KORE_\w+)=(\S+)$", self.stdout_path.read_text(), re.MULTILINE))

    def _wait_until_listening(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            match = READY.search(self.stdout_path.read_text())
            if match:
                return match.group(1)
            if self.process.poll() is not None:
                pytest.fail(
                    f"kore-sandbox exited with {self.process.returncode}: {self.stderr_path.read_text()}"
                )
            time.sleep(0.05)
        self.process.kill()
        pytest.fail(f"kore-sandbox did not say it was listening within {START_TIMEOUT}s")

    def headers(self, *, iid: bool = True) -> dict[str, str]:
        now = int(time.time())
        claims = {
            "appId": self.env["KORE_CLIENT_ID"],
            "sub": "t",
            "iat": now,
            "exp": now + 300,
            "jti": str(uuid.uuid4()),
        }
        result = {
            "auth": jwt.encode(claims, self.env["KORE_CLIENT_SECRET"], algorithm="HS256"),
            "accountId": self.env["KORE_ACCOUNT_ID"],
        }
        if iid:
            result["iid"] = self.env["KORE_APP_ID"]
        return result

    @property
    def lists_url(self) -> str:
        return f"{self.url}/agentassist/api/v1/public/{self.env['KORE_APP_ID']}/campaign/contactList"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=START_TIMEOUT)


@pytest.fixture
def sandboxes() -> Iterator[list[Sandbox]]:
    """Every started sandbox is killed at the end, whatever the test did."""
    started: list[Sandbox] = []
    yield started
    for sandbox in started:
        sandbox.stop()


def start(sandboxes: list[Sandbox], tmp_path: Path, *args: str) -> Sandbox:
    sandbox = Sandbox(tmp_path, *args)
    sandboxes.append(sandbox)
    return sandbox


def test_acknowledged_list_survives_sigkill_and_restart(tmp_path: Path, sandboxes: list[Sandbox]) -> None:
    state_file = tmp_path / "state.json"
    first = start(sandboxes, tmp_path, "--state", str(state_file))
    assert first.env["KORE_HOST"] == first.url
    assert set(first.env) == {
        "KORE_HOST",
        "KORE_CLIENT_ID",
        "KORE_CLIENT_SECRET",
        "KORE_ACCOUNT_ID",
        "KORE_APP_ID",
    }
    body = {"name": "Survives SIGKILL", "description": "written before the 200", "source": "passiveApi"}
    with httpx.Client(timeout=START_TIMEOUT) as client:
        created = client.post(f"{first.lists_url}/createContactList", headers=first.headers(), json=body)
    assert created.status_code == 200
    list_id = created.json()["data"]["_id"]

    first.process.send_signal(signal.SIGKILL)
    first.process.wait(timeout=START_TIMEOUT)

    second = start(sandboxes, tmp_path, "--state", str(state_file))
    with httpx.Client(timeout=START_TIMEOUT) as client:
        again = client.get(f"{second.lists_url}/{list_id}", headers=second.headers())
    assert again.status_code == 200
    assert again.json()["data"]["name"] == "Survives SIGKILL"


def _names_once_written(state_file: Path) -> list[str]:
    """The list names in the state file, polled until there is one (or START_TIMEOUT passes)."""
    deadline = time.monotonic() + START_TIMEOUT
    while not (names := _names_in(state_file)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return names


def _names_in(state_file: Path) -> list[str]:
    with sqlite3.connect(state_file) as db:
        return [json.loads(row[0])["name"] for row in db.execute("SELECT doc FROM contact_lists")]


@pytest.mark.parametrize(
    ("mode", "hold", "client_timeout", "error"),
    [
        pytest.param("reset", "0", START_TIMEOUT, httpx.RemoteProtocolError, id="reset"),
        # held, then let go by the cap
        pytest.param("timeout", "0", START_TIMEOUT, httpx.RemoteProtocolError, id="timeout-let-go"),
        # held until the client gives up: only the read wait is short, so a slow start cannot trip it
        pytest.param(
            "timeout", "3600", httpx.Timeout(START_TIMEOUT, read=0.2), httpx.ReadTimeout, id="timeout-held"
        ),
    ],
)
def test_faults_after_acting_reach_a_real_client_as_transport_errors(
    tmp_path: Path,
    sandboxes: list[Sandbox],
    mode: str,
    hold: str,
    client_timeout: float | httpx.Timeout,
    error: type[httpx.TransportError],
) -> None:
    state_file = tmp_path / "state.db"
    args = ["--state", str(state_file), "--no-seed", "--fail-rate", "1", "--fail-mode", mode]
    sandbox = start(sandboxes, tmp_path, *args, "--fail-hold-seconds", hold, "--rate-limit", "0")
    body = {"name": f"Acted On ({mode})", "description": "", "source": "passiveApi"}
    with httpx.Client(timeout=client_timeout) as client, pytest.raises(error):
        client.post(f"{sandbox.lists_url}/createContactList", headers=sandbox.headers(), json=body)
    # On a loaded machine the client may give up before the handler has run; it still runs.
    assert _names_once_written(state_file) == [body["name"]]
    assert sandbox.process.poll() is None  # still serving
    sandbox.process.send_signal(signal.SIGTERM)
    assert sandbox.process.wait(timeout=START_TIMEOUT) == 0
    assert "Traceback" not in sandbox.stderr_path.read_text()


def test_corrupt_state_file_stops_the_start_with_one_line(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    state_file.write_text("{definitely not json")
    result = subprocess.run(
        [sys.executable, "-m", "core.sandbox", "--port", "0", "--state", str(state_file)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
    )
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "corrupt" in result.stderr
    assert "listening" not in result.stdout
    assert state_file.read_text() == "{definitely not json"


def test_non_loopback_host_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--host", "0.0.0.0", "--port", "0"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "--allow-remote" in lines[0] and "0.0.0.0" in lines[0]


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["--port", "abc"], "--port"),
        (["--port", "70000"], "--port"),
        (["--fail-rate", "2"], "--fail-rate"),
        (["--rate-limit", "-1"], "--rate-limit"),
        (["--bogus"], "--bogus"),
        (["--fail-mode", "sometimes"], "--fail-mode"),
    ],
)
def test_bad_arguments_give_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], hint: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and hint in lines[0]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--account-id", "123"], "--account-id: the account id is 24 hex characters"),
        (["--app-id", "cs-1"], "--app-id: the app id (IID / stream id) starts with 'st-'"),
        (["--client-id", "x"], "--client-id: the JWT app's Client ID starts with 'cs-'"),
    ],
)
def test_an_id_no_client_would_accept_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    """The sandbox prints `export KORE_ACCOUNT_ID=...` for clients; `123` there stops every client."""
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(argv)
    assert stopped.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and said in lines[0]


def test_reset_without_a_state_file_is_refused_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--reset", "--port", "0"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "--reset needs --state" in lines[0]


def test_an_older_json_state_is_imported_and_served_and_sigterm_stops_cleanly(
    tmp_path: Path, sandboxes: list[Sandbox]
) -> None:
    state_file = tmp_path / "sandbox-state.json"
    state_file.write_text('{"version": 1, "contactLists": {}, "listContacts": {}, "contacts": {}}')
    sandbox = start(sandboxes, tmp_path, "--state", str(state_file), "--rate-limit", "0")
    assert f"the original is kept as {state_file}.bak" in sandbox.stdout_path.read_text()
    assert state_file.read_bytes().startswith(b"SQLite format 3")
    with httpx.Client(timeout=START_TIMEOUT) as client:
        listed = client.get(f"{sandbox.lists_url}/getAllListDetails?type=call", headers=sandbox.headers())
    assert listed.status_code == 200 and listed.json()["data"] == []  # the imported state, not the seed
    sandbox.process.send_signal(signal.SIGTERM)
    assert sandbox.process.wait(timeout=START_TIMEOUT) == 0
    assert "Traceback" not in sandbox.stderr_path.read_text()


def test_a_state_file_in_a_missing_directory_is_refused_without_creating_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no" / "such"
    assert main(["--state", str(missing / "x.db"), "--port", "0"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [
        f"kore-sandbox: error: directory {missing} does not exist; create it or choose another --state"
    ]
    assert not (tmp_path / "no").exists()


def test_a_state_file_under_a_regular_file_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "plain").write_text("")
    assert main(["--state", str(tmp_path / "plain" / "x.db"), "--port", "0"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "plain is not a directory" in lines[0]


def test_the_default_state_file_may_create_its_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.connect import default_state_file
    from core.sandbox.__main__ import _state_dir_problem

    monkeypatch.setenv("KORE_DATA_DIR", str(tmp_path / "fresh" / "data"))
    assert _state_dir_problem(default_state_file()) is None
    assert _state_dir_problem(tmp_path / "fresh" / "other.db") is not None


def test_help_says_what_is_emulated_campaigns_included(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert done.value.code == 0
    assert "contact lists" in out and "address book" in out and "voice campaigns (read, start, stop)" in out
    assert "without it nothing outlives the process" in out
