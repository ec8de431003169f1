"""Logging setup that keeps request bodies and signatures out of the logs.

Bolt logs the whole request body (with the signature) when a signature check fails, and the body
of unhandled requests; those can hold user data and response URLs (bearer capabilities). The
filter cuts such records to their first words.
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


QUIET_BELOW_DEBUG = ("httpx", "httpcore")
"""Loggers that write a line for every Kore.ai or Slack request at INFO: noise for an operator,
so they speak only at WARNING unless the bot runs at DEBUG."""


def configure(level: int = logging.INFO, *, json_lines: bool = False) -> None:
    """One line per record on stderr (text or JSON), with the redaction on the handler as well."""
    handler = logging.StreamHandler()
    text = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handler.setFormatter(JsonLines() if json_lines else text)
    handler.addFilter(install_redaction())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in QUIET_BELOW_DEBUG:
        logging.getLogger(name).setLevel(logging.NOTSET if level <= logging.DEBUG else logging.WARNING)
