"""`kore` output: what goes to stdout and stderr, pipes closed early, help layout, wording, `-v`."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from koretui.cli.main import main
from tests.cli.test_cli import CAMPAIGN, JULY, run, sandbox_backend  # noqa: F401 (sandbox_backend: autouse)


def kore_with_stdout_closed(*argv: str) -> subprocess.CompletedProcess[str]:
    """`kore ...` whose reader is already gone, as after `| head` stopped reading."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, "-m", "koretui.cli", *argv],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write)


def test_a_reader_that_stops_early_gets_no_traceback_and_exit_141() -> None:
    done = kore_with_stdout_closed("lists", "all", "--json")
    assert done.returncode == 141
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr
    assert "Exception ignored" not in done.stderr


class ClosedPipe:
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_stdout_in_process_is_exit_141_with_nothing_on_stderr(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["lists", "all"]) == 141
    assert "Broken" not in capsys.readouterr().err


@pytest.mark.parametrize("resource", ["contacts", "campaigns", "lists"])
def test_a_resource_help_lists_one_verb_a_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, resource: str
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        main([resource, "--help"])
    lines = capsys.readouterr().out.splitlines()
    verbs = [line for line in lines if line.startswith(f"  kore {resource} ")]
    assert len(verbs) >= 3
    assert all(line.count(f"kore {resource} ") <= 1 for line in lines)  # never two run together


def test_kore_messages_are_narration_on_stderr_and_records_data_on_stdout(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "lists", "create", "name=Win-back Q5", "description=Lapsed")
    assert code == 0
    assert "kore: Contact list Win-back Q5 created successfully\n" in err
    assert "successfully" not in out and out.startswith("Name ")


def test_an_empty_list_says_none_in_all(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "lists", "create", "name=Empty", "description=none yet")
    target = next(line.split()[1] for line in out.splitlines() if line.startswith("Id "))
    code, out, err = run(capsys, "lists", "contacts", target)
    assert (code, out) == (0, "")
    assert err.splitlines()[-2:] == ["kore: Contacts retrieved successfully", "kore: 0 in all"]


def test_a_short_page_says_how_many_in_all(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "lists", "all")
    target = next(line.split()[0] for line in out.splitlines() if JULY in line)
    code, _, err = run(capsys, "lists", "contacts", target)
    assert code == 0 and err.splitlines()[-1] == "kore: 5 in all"


def test_a_missing_id_is_named_as_the_help_names_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "contacts", "delete")
    assert code == 2
    assert err == "kore: DELETE contact: <contact_id>: required (see kore contacts delete --help)\n"
    code, _, err = run(capsys, "lists", "contacts")
    assert code == 2 and "<contact_list_id>: required" in err and "contactListId" not in err


def test_the_preview_before_a_send_counts_only_the_rows_to_send(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Two rows already in the list, one new: `1 contact`, its time zone `in 1 row`, and no `sent`."""
    path = tmp_path / "three.csv"
    path.write_text("phone\n+14155550101\n+14155550102\n+14155550188\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(path), "--list", JULY)
    assert code == 2
    assert "refusing to send 1 contact without a terminal" in err
    assert "time zone filled from the number in 1 row to send" in err
    assert "already in list            2" in err
    assert " sent " not in err


def test_a_broken_config_with_sandbox_is_one_warning_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Path(os.environ["KORE_CONFIG_FILE"]).write_text("garbage = = \n", encoding="utf-8")
    code, out, err = run(capsys, "--sandbox", "lists", "all")
    assert code == 0 and JULY in out
    warnings = [line for line in err.splitlines() if "ignored" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith("kore: settings ignored with --sandbox: config file ")
    assert "not valid TOML" in warnings[0]


@pytest.fixture
def logger_levels() -> Iterator[None]:
    names = ["", "httpcore", "httpx", "core", "koretui"]
    levels = {name: logging.getLogger(name).level for name in names}
    handlers = list(logging.getLogger().handlers)
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    logging.getLogger().handlers[:] = handlers


@pytest.mark.usefixtures("logger_levels")
def test_verbose_shows_our_debug_lines_and_not_httpcore() -> None:
    from koretui.cli.connection import verbose_logging

    logging.getLogger("httpcore").setLevel(logging.NOTSET)
    logging.getLogger().setLevel(logging.WARNING)
    verbose_logging()
    verbose_logging()  # a second run in one process adds no second handler
    assert logging.getLogger("core.client").isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("httpcore.http11").isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("httpx").isEnabledFor(logging.DEBUG)
    named = [h for h in logging.getLogger().handlers if h.get_name() == "kore-verbose"]
    assert len(named) == 1


def test_verbose_counts_one_attempt_in_the_singular() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "koretui.cli", "-v", "lists", "all"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    lines = [line for line in done.stderr.splitlines() if line.startswith("DEBUG core.client:")]
    assert lines and all(line.endswith("(1 attempt)") for line in lines)
    assert "httpcore" not in done.stderr


def test_a_page_past_the_end_says_so_and_the_real_total(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "lists", "all")
    target = next(line.split()[0] for line in out.splitlines() if JULY in line)
    code, out, err = run(capsys, "lists", "contacts", target, "limit=100", "skip=100")
    assert (code, out) == (0, "") and err.splitlines()[-1] == "kore: nothing from skip=100; 5 in all"
    code, out, err = run(capsys, "campaigns", "contacts", CAMPAIGN, "page=50", "limit=2")
    assert (code, out) == (0, "") and err.splitlines()[-1] == "kore: nothing on page=50; 5 in all"
    assert "kore: done" not in err
