"""Logging setup that keeps request bodies and signatures out of the logs.

Bolt logs the whole request body (with the signature) when a signature check fails, and the body
of unhandled requests; those can hold user data and response URLs (bearer capabilities). The
filter cuts such records to their first words. The text formatter keeps every record on one line
(line breaks shown as escapes), so no library or user text can spread over lines or forge one.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

BOLT_LOGGERS = (
    "slack_bolt.RequestVerification",
    "slack_bolt.AsyncRequestVerification",
    "slack_bolt.AsyncApp",
    "slack_bolt.App",
    "slack_bolt.AsyncSocketModeHandler",
)

_SENSITIVE = re.compile(r"\b(?:body|signature|response_url|payload)\b", re.IGNORECASE)
"""Whole words only: "nobody" in our own start-up warning is not a request body."""
# Bolt reads SLACK_BOT_TOKEN from the environment even when given a client that already holds it.
_NOISE = ("`token` will be unused",)
_TOKENS = re.compile(r"\bx(?:ox[abpre]|app)-[A-Za-z0-9-]+")


class RedactRequests(logging.Filter):
    """Cuts a sensitive-looking record to its first words, masks tokens, drops one bolt false alarm."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is not ours to fix; keep the record as is
            return True
        if any(noise in message for noise in _NOISE):
            return False
        cleaned = _TOKENS.sub("[token]", message)
        if _SENSITIVE.search(cleaned):
            head = cleaned.split(" (", 1)[0].split(": {", 1)[0]
            cleaned = f"{head} (request details redacted)"
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True


_FILTER = RedactRequests()


def install_redaction() -> RedactRequests:
    """Attach the filter to bolt's loggers (idempotent) and return it for handlers too."""
    for name in BOLT_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
    return _FILTER


class JsonLines(logging.Formatter):
    """One JSON object per record (for log shippers): time, level, logger, message, and the
    traceback as one string when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


_BOLT_SUGGESTION = "\n---\n[Suggestion] "
_BOLT_HINT = " (no listener handles this request type; bolt's suggested listener omitted)"
_BREAKS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")
"""Line breaks (and other control characters a terminal or log reader could act on); tab stays."""
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 256 else f"\\u{ord(char):04x}")


def fold(message: str) -> str:
    """One line: bolt's unhandled-request advice cut to its first line plus a hint, and every line
    break or control character shown as a visible escape so no text can start a forged line."""
    if _BOLT_SUGGESTION in message:
        message = message.split(_BOLT_SUGGESTION, 1)[0].split("\n", 1)[0] + _BOLT_HINT
    return _BREAKS.sub(_escape, message)


class OneLineText(logging.Formatter):
    """The operator's text format, one line per record. A traceback (the code logged an exception
    on purpose, with exc_info) still follows on its own lines, as Python prints it."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = fold(record.message)
        return super().formatMessage(record)


QUIET_BELOW_DEBUG = ("httpx", "httpcore")
"""Loggers that write a line for every Kore.ai or Slack request at INFO: noise for an operator,
so they speak only at WARNING unless the bot runs at DEBUG."""


def configure(level: int = logging.INFO, *, json_lines: bool = False) -> None:
    """One line per record on stderr (text or JSON), with the redaction on the handler as well."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines() if json_lines else OneLineText())
    handler.addFilter(install_redaction())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in QUIET_BELOW_DEBUG:
        logging.getLogger(name).setLevel(logging.NOTSET if level <= logging.DEBUG else logging.WARNING)
