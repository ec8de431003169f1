"""Putting text from users or from Kore.ai into Slack mrkdwn safely.

Slack reads `<...>` as a link or a mention (`<!channel>`, `<https://evil|Kore login>`) everywhere,
code spans included, and decodes `&amp;` `&lt;` `&gt;` everywhere too. So every value that did not
come from our own wording goes through `escape()` (or `code()`, which also keeps it short and
inside one code span) before it becomes mrkdwn.
"""

from __future__ import annotations

import re

_ID = re.compile(r"^[A-Z0-9_]{2,30}$")


def escape(text: str) -> str:
    """Slack's three control characters in user or Kore data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def code(text: str, limit: int = 80) -> str:
    """`text` as one inline code span: escaped, cut to `limit`, a backtick (which would end the
    span) shown as a look-alike."""
    return "`" + escape(shorten(text, limit)).replace("`", "\u02cb") + "`"


def mention(kind: str, slack_id: str) -> str:
    """`<@U123>` or `<#C123>` for a well-formed Slack id; anything else shown as escaped code."""
    return f"<{kind}{slack_id}>" if _ID.match(slack_id) else code(slack_id, 40)
