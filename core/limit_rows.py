"""What one row of the limits table is (`Limit`) and the words and patterns rows share.

Kept apart from the rows (core/limits.py, core/limits_campaigns.py) so that row modules can import
it without a cycle; import these names from core.limits as before. Standard library only: the
sandbox reads it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["text", "pattern", "integer", "items", "e164", "requires", "unique", "body", "rate"]
"""text: a string of min..max characters; pattern: a string matching `pattern`; integer: min..max;
items: a list of min..max values; e164: country-code digits + number digits at most `max`;
requires: `field` must be given along with another input (`words` says which); unique: no two
records share the value; body: request body of at most `max` bytes; rate: at most `max` requests
per minute."""

Enforcer = Literal["client", "sandbox"]
CLIENT_AND_SANDBOX: frozenset[Enforcer] = frozenset({"client", "sandbox"})
SANDBOX_ONLY: frozenset[Enforcer] = frozenset({"sandbox"})
CLIENT_ONLY: frozenset[Enforcer] = frozenset({"client"})

SINGLE_LINE_PATTERN = r"^[^\x00-\x1f\x7f]*$"
"""What `single_line` text must match: no control characters (tab and newline included)."""
SINGLE_LINE_WORDS = "one line, no control characters"
NOT_BLANK_PATTERN = r"\S"
"""What a trimmed text of at least one character must contain (JSON schema patterns search anywhere)."""
NOT_BLANK_SINGLE_LINE_PATTERN = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
"""One line with at least one character that is not a space: a trimmed one-line text of length >= 1."""
NOT_BLANK_WORDS = "not only spaces"


@dataclass(frozen=True)
class Limit:
    """One limit or rule on one input field.

    `field` is the flat input name (as in forms and Slack arguments, `phone_number`), `wire_name` the
    JSON path the sandbox names in a 400 (`cellPhone.phoneNumber`). `words` says the rule the way a
    person reads it; text and integer rows derive it from min and max when it is empty.
    """

    key: str
    field: str
    wire_name: str
    kind: Kind
    note: str
    min: int | None = None
    max: int | None = None
    pattern: str | None = None
    words: str = ""
    trimmed: bool = False
    """Surrounding whitespace is removed before the checks, and the trimmed value is what is kept."""
    single_line: bool = False
    """Control characters (SINGLE_LINE_PATTERN) are refused."""
    default: int | None = None
    status: int = 400
    """The status the sandbox answers when the rule is broken."""
    enforced_by: frozenset[Enforcer] = CLIENT_AND_SANDBOX

    @property
    def readable(self) -> str:
        """The rule in a few words: 'up to 48 characters', 'digits only', 'from 1 to 100'."""
        if self.words:
            return self.words
        if self.kind == "text":
            if self.min:
                return f"{self.min} to {self.max} characters"
            return f"up to {self.max} characters"
        if self.kind == "integer":
            return f"a whole number from {self.min} to {self.max}"
        if self.kind == "items":
            return f"{self.min} to {self.max} items"
        return ""

    @property
    def effective_pattern(self) -> str | None:
        """The regular expression a value must match: the row's own, else the single-line rule, and
        for a trimmed row that needs a character, a character that is not a space (so a schema that
        cannot trim still refuses "   ", which is empty once trimmed)."""
        if self.pattern is not None:
            return self.pattern
        if self.trimmed and self.min:
            return NOT_BLANK_SINGLE_LINE_PATTERN if self.single_line else NOT_BLANK_PATTERN
        return SINGLE_LINE_PATTERN if self.single_line else None

    def json_schema(self) -> dict[str, Any]:
        """The JSON-schema keywords of this row, for the OpenAPI document."""
        schema: dict[str, Any] = {}
        if self.kind == "text":
            schema.update(type="string", maxLength=self.max)
            if self.min:
                schema["minLength"] = self.min
        elif self.kind == "integer":
            schema.update(type="integer", minimum=self.min, maximum=self.max)
        elif self.kind == "items":
            schema.update(type="array", minItems=self.min, maxItems=self.max)
        elif self.kind == "pattern":
            schema["type"] = "string"
        if self.kind in ("text", "pattern") and self.effective_pattern is not None:
            schema["pattern"] = self.effective_pattern
        if self.default is not None:
            schema["default"] = self.default
        return schema
