"""`kore`: catalog commands, confirmation, JSON output, exit codes, import dry run, export, jobs."""

from __future__ import annotations

import io
import json
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from core import connect
from core.connect import Connection
from core.sandbox.config import SandboxConfig
from core.sandbox.embedded import EmbeddedSandbox
from koretui.cli.console import Console
from koretui.cli.main import main
from tests.bulk.fakes import write_csv

JULY = "Renewal Due - July 2025"
REAL_CONNECT = connect.connect
WELCOME = "Welcome Calls - New Signups"  # a list no campaign uses, so it may be deleted


@pytest.fixture(autouse=True)
def sandbox_backend(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The CLI's sandbox with the rate limit lifted, its state kept in the data dir as in real use."""
    calls: list[dict[str, Any]] = []

    def build(**kwargs: Any) -> Connection:
        calls.append(kwargs)
        config = SandboxConfig(rate_limit=0, state_file=data_dir / "sandbox-state.json")
        return connect.sandbox_connection(EmbeddedSandbox(config), forced=True, rate_limit_per_minute=0)

    monkeypatch.setattr(connect, "connect", build)
    return calls


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def list_id(capsys: pytest.CaptureFixture[str], name: str) -> str:
    _, out, _ = run(capsys, "lists", "all", "--json")
    return next(item["_id"] for item in json.loads(out)["data"] if item["name"] == name)


def test_help_is_generated_from_the_catalog_and_documents_exit_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert "lists" in out and "contacts" in out and "import" in out and "jobs" in out
    assert "2  bad input or settings" in out
    with pytest.raises(SystemExit):
        main(["lists", "create", "--help"])
    out = capsys.readouterr().out
    assert "usage: kore lists create name=... description=... [allow_duplicates=...]" in out
    assert "name=...                 required (1-48 characters)" in out
    assert 'example: kore lists create name="Renewal Due - July"' in out


def test_a_mistyped_command_gets_the_same_hint_as_slack(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "lists", "dlete", "cl-1")
    assert code == 2 and out == ""
    assert (
        err
        == "kore: `lists dlete` is not a command. Did you mean `lists delete`? `lists` takes: all, show, create, update, delete, contacts, add.\n"
    )
    code, _, err = run(capsys, "imprt", "x.csv")
    assert code == 2 and "Did you mean `import`?" in err


def test_invalid_arguments_fail_before_any_connection(
    capsys: pytest.CaptureFixture[str], sandbox_backend: list[dict[str, Any]]
) -> None:
    code, _, err = run(capsys, "lists", "create", "name=" + "x" * 49, "description=d")
    assert code == 2
    assert (
        err == "kore: POST contact list: name: up to 48 characters (got 49) (see kore lists create --help)\n"
    )
    code, _, err = run(capsys, "lists", "create", "nmae=x")
    assert code == 2 and "unknown argument `nmae`. Did you mean `name`?" in err
    assert sandbox_backend == []


def test_what_one_command_creates_the_next_one_sees(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "lists", "create", "name=Win-back Q4", "description=Lapsed customers")
    assert code == 0 and "kore: Contact list Win-back Q4 created successfully" in err
    assert "created successfully" not in out and "Win-back Q4" in out
    code, out, _ = run(capsys, "lists", "all")
    assert code == 0 and "Win-back Q4" in out


def test_json_puts_only_data_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--json", "lists", "contacts", list_id(capsys, JULY), "limit=2")
    body = json.loads(out)
    assert code == 0
    assert [c["phoneNumber"] for c in body["data"]["results"]] == ["14155550101", "14155550102"]
    assert "next page with skip=2" in err


def test_an_api_error_exits_1_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "lists", "show", "cl-missing")
    assert (code, out) == (1, "")
    banner, error = err.splitlines()
    assert banner.startswith("kore: SANDBOX")
    assert error.startswith("kore: GET contact list cl-missing -> 404: ")


def test_delete_without_a_terminal_refuses_unless_yes(capsys: pytest.CaptureFixture[str]) -> None:
    target = list_id(capsys, WELCOME)
    code, _, err = run(capsys, "lists", "delete", target)
    assert code == 2
    assert f"refusing to delete contact list {WELCOME} ({target}) with 2 records without a terminal" in err
    assert list_id(capsys, WELCOME) == target
    code, out, err = run(capsys, "lists", "delete", target, "--yes")
    assert code == 0 and "deleted successfully" in err and "deleted successfully" not in out
    _, out, _ = run(capsys, "lists", "all")
    assert WELCOME not in out


@pytest.mark.parametrize(("answer", "code", "kept"), [("n\n", 3, True), ("\n", 3, True), ("yes\n", 0, False)])
def test_delete_asks_on_a_terminal_naming_the_list(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, answer: str, code: int, kept: bool
) -> None:
    target = list_id(capsys, WELCOME)
    monkeypatch.setattr(Console, "can_ask", property(lambda self: True))
    monkeypatch.setattr(sys, "stdin", io.StringIO(answer))
    got, _, err = run(capsys, "lists", "delete", target)
    assert got == code
    assert (
        f"Delete Contact List: Contact list {WELCOME} ({target}) with 2 records. This cannot be undone. Continue? [y/N]"
        in err
    )
    _, out, _ = run(capsys, "lists", "all")
    assert (WELCOME in out) is kept


def test_import_dry_run_json_has_the_documented_keys(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "in.csv", "phone\n4155550199\n4155550101\n12\n4155550199\n")
    code, out, _ = run(capsys, "import", str(path), "--list", JULY, "--dry-run", "--json")
    report = json.loads(out)
    assert code == 0
    assert {
        k: report[k] for k in ("job", "list", "dry_run", "rows", "to_send", "invalid", "duplicates_in_file")
    } == {
        "job": None,
        "list": JULY,
        "dry_run": True,
        "rows": 4,
        "to_send": 1,
        "invalid": 1,
        "duplicates_in_file": 1,
    }
    assert (report["already_in_list"], report["on_dnc"], report["sent"], report["confirmed"]) == (1, 0, 0, 0)


def test_import_of_a_bad_file_exits_2_before_connecting(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sandbox_backend: list[dict[str, Any]]
) -> None:
    path = write_csv(tmp_path / "in.csv", "name,email\nAnn,a@example.com\n")
    code, out, err = run(capsys, "import", str(path), "--list", JULY)
    assert (code, out) == (2, "")
    assert (
        err
        == f"kore: {path} has no phone column (columns: 'name', 'email'); name it phoneNumber or choose the phone column (--phone-column)\n"
    )
    assert sandbox_backend == []


def test_import_into_an_unknown_list_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "in.csv", "phone\n4155550199\n")
    code, _, err = run(capsys, "import", str(path), "--list", "Nope", "--dry-run")
    assert code == 2 and "no contact list named 'Nope'" in err and "--create" in err


def test_import_without_a_terminal_or_yes_sends_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "in.csv", "phone\n4155550199\n")
    code, _, err = run(capsys, "import", str(path), "--list", JULY)
    assert code == 2 and "refusing to send 1 contact without a terminal" in err
    _, out, _ = run(capsys, "jobs", "--json")
    assert json.loads(out) == []


def test_export_writes_every_contact_privately_in_the_format_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "export", "--list", JULY)
    lines = out.splitlines()
    assert code == 0 and lines[0] == "Phone,Id,Created,Updated"
    assert [line.split(",")[0] for line in lines[1:]] == [f"+1415555010{i}" for i in range(1, 6)]
    target = tmp_path / "july.json"
    code, _, err = run(capsys, "export", "--list", JULY, "-o", str(target))
    assert code == 0 and f"5 records of list '{JULY}' written to {target}" in err
    assert [c["phoneNumber"] for c in json.loads(target.read_text())][:1] == [
        "14155550101"
    ]  # as Kore.ai sent it
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_export_without_a_list_writes_all_lists_as_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export")
    header, *rows = out.splitlines()
    assert code == 0
    assert header.startswith("Name,Id,Description,Records,Status")
    assert len(rows) == 5 and any(JULY in row for row in rows)  # four seeded lists and the DNC list


def test_jobs_json_is_an_empty_array_at_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "jobs", "--json")
    assert (code, json.loads(out)) == (0, [])
    code, out, err = run(capsys, "jobs")
    assert (code, out) == (0, "") and "no imports yet" in err


def test_help_starts_without_the_tui_the_sandbox_or_phonenumbers() -> None:
    probe = (
        "import sys\n"
        "from koretui.cli.parser import build_parser\n"
        "build_parser().format_help()\n"
        "heavy = [m for m in ('textual', 'starlette', 'httpx', 'phonenumbers', 'core.sandbox') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_default_region_setting_reads_national_numbers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "uk.csv", "phone\n020 7946 0958\n")
    monkeypatch.setenv("KORE_DEFAULT_REGION", "gb")
    code, out, _ = run(capsys, "import", str(path), "--list", JULY, "--dry-run", "--json")
    assert (code, json.loads(out)["to_send"]) == (0, 1)
    code, out, _ = run(capsys, "import", str(path), "--list", JULY, "--dry-run", "--json", "--region", "US")
    assert (code, json.loads(out)["invalid"]) == (0, 1)


def test_jobs_lists_an_interrupted_import_for_scripts_and_people(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    from core.bulk.journal import Journal

    with Journal(data_dir / "jobs.sqlite") as journal:
        job = journal.create(
            list_name=JULY,
            list_id="cl-1",
            source="/tmp/crm.csv",
            backend="sandbox.local account 1",
            batch_size=500,
            region="US",
            count_before=5,
            rows=[(2, "+14155550199", {"phoneNumber": "+14155550199"})],
            report={},
        )
    code, out, _ = run(capsys, "jobs", "--json")
    assert (code, json.loads(out)) == (
        0,
        [{"id": job.id, "list": JULY, "status": "interrupted", "sent": 0, "total": 1}],
    )
    code, out, _ = run(capsys, "jobs")
    header, row = out.splitlines()
    assert header.split() == ["id", "status", "list", "sent", "total", "started", "file"]
    assert row.startswith(f"{job.id}  interrupted  {JULY}") and row.endswith("crm.csv")


def test_resuming_an_unknown_job_says_how_to_list_them(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import", "--resume", "abc123")
    assert code == 2 and "no import job 'abc123'" in err and "`kore jobs` lists them" in err


def test_update_contacts_dry_run_reports_rows_without_connecting(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sandbox_backend: list[dict[str, Any]]
) -> None:
    path = write_csv(
        tmp_path / "book.csv",
        "id,firstName,phone\n667e48f7c8b972fc691a0b1c,Ann,\n667e48f7c8b972fc691a0b1d,,12\n",
    )
    code, out, _ = run(capsys, "import", str(path), "--update-contacts", "--dry-run", "--json")
    report = json.loads(out)
    assert code == 0 and sandbox_backend == []
    assert {k: report[k] for k in ("dry_run", "rows", "to_update", "invalid", "updated")} == {
        "dry_run": True,
        "rows": 2,
        "to_update": 1,
        "invalid": 1,
        "updated": 0,
    }
    assert report["problems"] == [
        {"row": 3, "id": "667e48f7c8b972fc691a0b1d", "reason": "phone '12': too short"}
    ]
    code, _, err = run(capsys, "import", str(path), "--update-contacts", "--list", JULY)
    assert code == 2 and "no --list" in err


def test_half_a_tenant_is_refused_with_what_is_missing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connect, "connect", REAL_CONNECT)
    monkeypatch.setenv("KORE_CLIENT_ID", "cs-11111111-2222-4333-8444-555555555555")
    code, out, err = run(capsys, "lists", "all")
    assert (code, out) == (2, "")
    assert err.startswith("kore: missing Kore.ai setting") and err.count("\n") == 1


def test_lists_add_queues_numbers_for_the_list_named(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "lists", "add", JULY, "phones=+14155550123,+14155550124")
    assert code == 0 and "kore: Adding contacts to public list is in progress" in err
    code, _, err = run(capsys, "lists", "add", JULY, "phones=4155550124")
    assert code == 2 and "phones[0]" in err and "E.164" in err


CAMPAIGN = "cd-5e1b2c3a-7d4f-4e8a-9b0c-1d2e3f4a5b6c"  # July Renewals Outreach, running in the seed


def test_stop_asks_naming_the_campaign_its_lists_and_numbers(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, "campaigns", "stop", CAMPAIGN)
    assert code == 2
    what = f"Campaign July Renewals Outreach ({CAMPAIGN}) dialing {JULY} (5 numbers)"
    assert f"refusing to stop c{what[1:]} without a terminal" in err
    monkeypatch.setattr(Console, "can_ask", property(lambda self: True))
    monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))
    code, _, err = run(capsys, "campaigns", "stop", CAMPAIGN)
    assert code == 3 and f"Stop a Voice Campaign: {what}. Its outbound run stops now" in err
    _, out, _ = run(capsys, "campaigns", "status", CAMPAIGN)
    assert "Active" in out
    code, out, err = run(capsys, "campaigns", "stop", CAMPAIGN, "--yes")
    assert code == 0 and "Campaign Stopped" in out + err
    _, out, _ = run(capsys, "campaigns", "status", CAMPAIGN)
    assert "Stopped" in out


def test_starting_a_running_campaign_warns_before_the_question_and_kore_refuses(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    warning = "kore: warning: Kore.ai refuses to start a campaign that is already running (status Active).\n"
    monkeypatch.setattr(Console, "can_ask", property(lambda self: True))
    monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))
    code, _, err = run(capsys, "campaigns", "start", CAMPAIGN)
    assert code == 3 and err.index(warning) < err.index("Start a Voice Campaign: Campaign July")
    code, _, err = run(capsys, "campaigns", "start", CAMPAIGN, "--yes")
    assert code == 1 and warning in err and "400" in err and "already running" in err
    code, _, err = run(capsys, "campaigns", "stop", CAMPAIGN, "--yes")
    assert code == 0 and "warning" not in err
    code, _, err = run(capsys, "campaigns", "stop", CAMPAIGN, "--yes")
    assert (
        code == 1
        and "kore: warning: Kore.ai refuses to stop a campaign that is not running (status Stopped).\n" in err
    )


def test_deleting_a_list_in_use_names_the_campaigns_and_kore_refuses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = list_id(capsys, JULY)
    code, _, err = run(capsys, "lists", "delete", target)
    assert code == 2 and "in use by July Renewals Outreach without a terminal" in err
    assert "kore: warning: Kore.ai refuses to delete what a campaign uses.\nkore: refusing" in err
    code, _, err = run(capsys, "lists", "delete", target, "--yes")
    assert code == 1 and "400" in err and "in use by campaign July Renewals Outreach" in err
    assert list_id(capsys, JULY) == target


def test_update_contacts_reports_kore_failures_against_rows_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.bulk import updating

    sent: list[list[dict[str, Any]]] = []

    async def bulk_update(self: Any, items: list[dict[str, Any]]) -> list[tuple[str, str]]:
        sent.append(items)
        body = {"failedRecords": [{"index": 1, "code": 404, "msg": "no active contact with this id"}]}
        return updating.failures_of(body, items)

    monkeypatch.setattr(updating.KoreContactGateway, "bulk_update", bulk_update)
    ann, ghost = "667e48f7c8b972fc691a0b1c", "000000000000000000000000"
    path = write_csv(tmp_path / "book.csv", f"id,firstName\n{ann},Ann\n{ghost},Nobody\n")
    code, out, err = run(capsys, "import", str(path), "--update-contacts", "--yes", "--json")
    report = json.loads(out)
    assert code == 1
    assert sent == [[{"id": ann, "firstName": "Ann"}, {"id": ghost, "firstName": "Nobody"}]]
    assert (report["updated"], report["failed"]) == (1, 1)
    assert report["problems"] == [{"row": 3, "id": ghost, "reason": "no active contact with this id"}]
    assert "sent 2 of 2 updates" in err
