"""The text log is one line per record: no library or Kore.ai/Slack text can spread a record over
several lines or forge a line of its own; a deliberately logged traceback still reads as Python's."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from slack_bolt.logger.messages import warning_unhandled_request
from slack_bolt.request import BoltRequest

from slackbot import logs


@pytest.fixture
def restore_root() -> Iterator[None]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    yield
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def test_a_multi_line_message_is_one_line_with_visible_escapes(
    restore_root: None, capsys: pytest.CaptureFixture[str]
) -> None:
    logs.configure(logging.INFO)
    logging.getLogger("slackbot.test").warning("list %s renamed\r\n2026-01-01 ERROR forged: line\u2028x", "Q4")
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.endswith("\n") and "\r" not in err and "\u2028" not in err
    assert err.endswith(" WARNING slackbot.test: list Q4 renamed\\r\\n2026-01-01 ERROR forged: line\\u2028x\n")


def _unhandled(body: dict[str, object]) -> str:
    """Bolt's own warning for a signed request no listener takes, as bolt builds it."""
    return warning_unhandled_request(BoltRequest(body=json.dumps(body), headers={"content-type": ["application/json"]}))


MENTION = {"type": "event_callback", "event": {"type": "app_mention"}}
STEP_EDIT = {"type": "workflow_step_edit", "callback_id": "copy_list"}
HINT = " (no listener handles this request type; bolt's suggested listener omitted)"


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        # bolt's suggested listener takes `body`, so the redaction already cuts this one short
        (MENTION, "slack_bolt.AsyncApp: Unhandled request (request details redacted)\n"),
        # the workflow-step suggestion names nothing sensitive and spans nine lines
        (STEP_EDIT, "slack_bolt.AsyncApp: Unhandled request ({'type': 'workflow_step_edit', "
                    "'callback_id': 'copy_list'})" + HINT + "\n"),
    ],
)
def test_bolt_unhandled_request_warning_is_one_line(
    body: dict[str, object], shown: str, restore_root: None, capsys: pytest.CaptureFixture[str]
) -> None:
    warning = _unhandled(body)
    assert warning.count("\n") > 3 and "[Suggestion]" in warning
    logs.configure(logging.INFO)
    logging.getLogger("slack_bolt.AsyncApp").warning(warning)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.endswith(shown)


def test_bolt_suggestion_is_cut_to_its_first_line_and_a_hint() -> None:
    assert logs.fold(_unhandled(MENTION)) == (
        "Unhandled request ({'type': 'event_callback', 'event': {'type': 'app_mention'}})" + HINT
    )


def test_a_logged_exception_keeps_pythons_traceback(restore_root: None, capsys: pytest.CaptureFixture[str]) -> None:
    logs.configure(logging.INFO)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("slackbot.test").exception("lists show\nfailed")
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].endswith("ERROR slackbot.test: lists show\\nfailed")
    assert lines[1] == "Traceback (most recent call last):" and lines[-1] == "RuntimeError: boom"


def test_json_lines_keep_the_message_as_sent(restore_root: None, capsys: pytest.CaptureFixture[str]) -> None:
    logs.configure(logging.INFO, json_lines=True)
    logging.getLogger("slackbot.test").warning("two\nlines")
    line = capsys.readouterr().err
    assert line.count("\n") == 1 and json.loads(line)["message"] == "two\nlines"
