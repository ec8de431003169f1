"""Putting text from users or from Kore.ai into Slack mrkdwn safely.

Slack reads `<...>` as a link or a mention (`<!channel>`, `<https://evil|Kore login>`) everywhere,
code spans included, and decodes `&amp;` `&lt;` `&gt;` everywhere too. So every value that did not
come from our own wording goes through `escape()` (or `code()`, which also keeps it short and
inside one code span) before it becomes mrkdwn.
"""

from __future__ import annotations

import re

_ID = re.compile(r"^[A-Z0-9_]{2,30}$")
DIALOG_MAX = 300
"""Slack's limit for the text of a confirm dialog."""


def escape(text: str) -> str:
    """Slack's three control characters in user or Kore data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cut(mrkdwn: str, limit: int) -> str:
    """Escaped text within `limit` characters (a confirm dialog takes 300) without ending inside an
    entity: `&amp;` cut to `&am` would show as "&am"."""
    if len(mrkdwn) <= limit:
        return mrkdwn
    head = mrkdwn[: limit - 1]
    amp = head.rfind("&")
    if amp != -1 and ";" not in head[amp:]:
        head = head[:amp]
    return head + "…"


def code(text: str, limit: int = 80) -> str:
    """`text` as one inline code span: escaped, cut to `limit`, a backtick (which would end the
    span) shown as a look-alike."""
    return "`" + escape(shorten(text, limit)).replace("`", "\u02cb") + "`"


def mention(kind: str, slack_id: str) -> str:
    """`<@U123>` or `<#C123>` for a well-formed Slack id; anything else shown as escaped code."""
    return f"<{kind}{slack_id}>" if _ID.match(slack_id) else code(slack_id, 40)
