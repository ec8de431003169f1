"""Every limit and input rule of the Kore.ai API, once.

The client's models, the sandbox's validation, the form and Slack field specs, the readable error
messages and the OpenAPI document all read this table, so they cannot disagree. Each row cites its
source in ../shared/kore-api.md: a doc section (`§6.1`) or a row of the decisions table
(`decisions: <question>`); where the docs are silent the row says so and records what we decided.

Adding a limit is adding a row; a new input model refers to it with `core.models.limited(key)`, and
the boundary tests in tests/core/test_limits_boundaries.py pick it up from the catalog.
This module imports nothing outside the standard library: the sandbox reads it too.
"""

from __future__ import annotations

from collections.abc import Iterator
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


_SILENT = "The docs give no length; decided here"

LIMITS: tuple[Limit, ...] = (
    # --- contact lists -----------------------------------------------------------------------------
    Limit(
        key="contact_list.name",
        field="name",
        wire_name="name",
        kind="text",
        min=1,
        max=48,
        trimmed=True,
        single_line=True,
        note="§6.1/§6.2: max 48 chars; decisions: `name` (required, 1 to 48). Trimmed and one line: "
        "decided (lists are addressed by name, §6.7).",
    ),
    Limit(
        key="contact_list.name.unique",
        field="name",
        wire_name="name",
        kind="unique",
        words="no other contact list has this name (ignoring case)",
        enforced_by=SANDBOX_ONLY,
        note="decisions: unique names and numbers (names compared case-insensitively, 400 naming `name`).",
    ),
    Limit(
        key="contact_list.description",
        field="description",
        wire_name="description",
        kind="text",
        min=0,
        max=256,
        note="§6.1/§6.2: max 256 chars; decisions: `description` (0 to 256). Several lines allowed.",
    ),
    Limit(
        key="contact_list.contacts.limit",
        field="limit",
        wire_name="limit",
        kind="integer",
        min=1,
        max=100,
        default=50,
        note="decisions: paging (default 50 as in the §6.6 sample, maximum 100).",
    ),
    Limit(
        key="contact_list.add_contacts.data",
        field="phones",
        wire_name="data",
        kind="items",
        min=1,
        max=1000,
        default=500,
        note="decisions: Add Contacts (no documented maximum; over 1,000 items in one request is a 400). "
        "`default` is how many the client sends per request (settings: add_contacts_batch_size).",
    ),
    Limit(
        key="contact_list.add_contacts.phone_number",
        field="phones",
        wire_name="data[].phoneNumber",
        kind="pattern",
        pattern=r"^\+[1-9][0-9]{6,14}$",
        words="E.164: + and the country code, then the number (7 to 15 digits), e.g. +14155550123",
        trimmed=True,
        note="§6.7: 'valid international or local number'; decisions: Add Contacts (numbers in E.164). "
        "7 digits: the shortest numbers in use with their country code; 15: E.164's maximum.",
    ),
    *(
        Limit(
            key=f"contact_list.add_contacts.{field}",
            field="phones",
            wire_name=f"data[].{wire}",
            kind="text",
            min=0,
            max=300,
            single_line=True,
            enforced_by=SANDBOX_ONLY,
            note=f"§6.1: `{wire}` is a column of a passive list's mapping; §12: the console takes columns of "
            "at most 300 characters, decided to hold for Add Contacts items too.",
        )
        for field, wire in (
            ("first_name", "firstName"),
            ("last_name", "lastName"),
            ("time_zone", "timeZone"),
            ("unique_id", "uniqueId"),
        )
    ),
    Limit(
        key="contact_list.add_contacts.list_name",
        field="contact_list_name",
        wire_name="contact_list_name",
        kind="text",
        min=1,
        max=48,
        trimmed=True,
        single_line=True,
        enforced_by=CLIENT_ONLY,
        note="§6.7: the list is addressed by its name (§6.1: at most 48 characters). The client checks "
        "the shape; the sandbox answers any name no list has, longer ones included, with a 404 naming "
        "it (decisions: Add Contacts).",
    ),
    # --- address-book contacts ----------------------------------------------------------------------
    Limit(
        key="contact.first_name",
        field="first_name",
        wire_name="firstName",
        kind="text",
        min=1,
        max=64,
        trimmed=True,
        single_line=True,
        note=f"§7.1/§7.4: no length given. {_SILENT}: 1 to 64 characters, trimmed, one line.",
    ),
    Limit(
        key="contact.last_name",
        field="last_name",
        wire_name="lastName",
        kind="text",
        min=0,
        max=64,
        trimmed=True,
        single_line=True,
        note=f"§7.1/§7.4: no length given. {_SILENT}: up to 64 characters; may be empty (people "
        "with one name).",
    ),
    Limit(
        key="contact.salutation",
        field="salutation",
        wire_name="salutation",
        kind="text",
        min=0,
        max=16,
        trimmed=True,
        single_line=True,
        note=f"§7.1: 'Mr'/'Mrs' style, no enum. {_SILENT}: up to 16 characters.",
    ),
    Limit(
        key="contact.cell_phone.phone_number",
        field="phone_number",
        wire_name="cellPhone.phoneNumber",
        kind="pattern",
        pattern=r"^[0-9]{1,15}$",
        words="digits only (1 to 15), no + or spaces",
        trimmed=True,
        note="§7.1: digits only, no symbols or letters; decisions: Update Contact body. 15 = E.164's "
        "maximum.",
    ),
    Limit(
        key="contact.cell_phone.country_code",
        field="country_code",
        wire_name="cellPhone.countryCode",
        kind="pattern",
        pattern=r"^\+[0-9]{1,4}$",
        words="+ and 1 to 4 digits, e.g. +91",
        trimmed=True,
        note="decisions: Update Contact body (`countryCode` is + and 1 to 4 digits).",
    ),
    Limit(
        key="contact.cell_phone.extension",
        field="extension",
        wire_name="cellPhone.extension",
        kind="text",
        min=0,
        max=10,
        single_line=True,
        note="§7.1: samples send '+', meaning unclear. The docs give no length; decided: up to 10 "
        "characters, one line, not trimmed.",
    ),
    Limit(
        key="contact.cell_phone.e164",
        field="phone_number",
        wire_name="cellPhone.phoneNumber",
        kind="e164",
        max=15,
        words="with the country code at most 15 digits",
        note="decisions: Update Contact body (the stored number is countryCode + digits) and Add "
        "Contacts (numbers in E.164, at most 15 digits). The sandbox also checks a new part against "
        "the stored one; the client checks when both parts are given.",
    ),
    Limit(
        key="contact.cell_phone.country_code.needs_number",
        field="phone_number",
        wire_name="cellPhone.phoneNumber",
        kind="requires",
        words="a country code alone is not sent: give the phone number with it",
        enforced_by=CLIENT_ONLY,
        note="decisions: Update Contact body (the stored number is countryCode + digits). Decided: a "
        "country code alone would move the stored number to another country unseen, so the client "
        "refuses it; the error names the phone number, the field to fill in.",
    ),
    Limit(
        key="contact.cell_phone.unique",
        field="phone_number",
        wire_name="cellPhone.phoneNumber",
        kind="unique",
        words="no other active contact has this number",
        enforced_by=SANDBOX_ONLY,
        note="§7 uniqueness rule; decisions: unique names and numbers (an INACTIVE contact frees it).",
    ),
    Limit(
        key="contact.bulk_update.items",
        field="contacts",
        wire_name="body",
        kind="items",
        min=1,
        max=100,
        note="§7.5: max batch size undocumented. Decided: 1 to 100 contacts per request (the body is the "
        "array itself, so a 400 names `body`); each item is checked on its own (decisions: bulk results).",
    ),
    Limit(
        key="contact.bulk_delete.ids",
        field="ids",
        wire_name="ids",
        kind="items",
        min=1,
        max=100,
        note="§7.7: no maximum documented. Decided: 1 to 100 ids per request, like bulk update.",
    ),
    Limit(
        key="contact.list.limit",
        field="limit",
        wire_name="limit",
        kind="integer",
        min=1,
        max=100,
        default=10,
        note="decisions: paging (default 10 as in the §7.3 sample, maximum 100).",
    ),
    # --- campaigns ----------------------------------------------------------------------------------------
    Limit(
        key="campaign.list.type",
        field="type",
        wire_name="type",
        kind="pattern",
        pattern=r"^(voice|sms)$",
        words="voice or sms",
        trimmed=True,
        note="§8.1: `type` is required, `voice` or `sms`. Decided: the client sends `voice` unless told.",
    ),
    Limit(
        key="campaign.list.limit",
        field="limit",
        wire_name="limit",
        kind="integer",
        min=1,
        max=100,
        default=10,
        note="§8.1: page size, maximum not stated. Decided: 1 to 100, default 10, like the other pages.",
    ),
    Limit(
        key="campaign.list.filters.status",
        field="status",
        wire_name="filters.status",
        kind="pattern",
        pattern=r"^(Active|Completed|Ready|Paused|Preparing|Stopped|Scheduled|Rescheduled)$",
        words="Active, Completed, Ready, Paused, Preparing, Stopped, Scheduled or Rescheduled",
        trimmed=True,
        note="§8.1: `filters.status` is an array of the campaign statuses listed there (case as written).",
    ),
    Limit(
        key="campaign.list.filters.priority",
        field="priority",
        wire_name="filters.priority",
        kind="integer",
        min=1,
        max=5,
        note="§8.1: `filters.priority` is an array of numbers from 1 to 5.",
    ),
    Limit(
        key="campaign.list.filters.dialing_mode",
        field="dialing_mode",
        wire_name="filters.dialingMode",
        kind="pattern",
        pattern=r"^(Progressive|Preview)$",
        words="Progressive or Preview",
        trimmed=True,
        note="§8.1: `filters.dialingMode` is an array of `Progressive`, `Preview` (voice only).",
    ),
    Limit(
        key="campaign.contacts.page",
        field="page",
        wire_name="page",
        kind="integer",
        min=1,
        max=999_999,
        default=1,
        note="§8.4: `page` is an integer of at least 1. Decided: at most 6 digits, default 1.",
    ),
    Limit(
        key="campaign.contacts.limit",
        field="limit",
        wire_name="limit",
        kind="integer",
        min=1,
        max=100,
        default=10,
        note="§8.4: `limit` is an integer from 1 to 100. Decided: default 10 (the docs give none).",
    ),
    # --- shared ---------------------------------------------------------------------------------------
    Limit(
        key="paging.skip",
        field="skip",
        wire_name="skip",
        kind="integer",
        min=0,
        max=999_999_999,
        default=0,
        note="decisions: paging (`skip`). The docs give no maximum; decided: 9 digits.",
    ),
    Limit(
        key="resource.id",
        field="id",
        wire_name="id",
        kind="text",
        min=1,
        max=256,
        trimmed=True,
        enforced_by=CLIENT_ONLY,
        note="§1.3: ids are short (`cl-<uuid>`, 24 hex). Decided: the client refuses a blank or "
        "absurdly long id before sending; the sandbox answers 404 for an unknown one.",
    ),
    Limit(
        key="request.body",
        field="",
        wire_name="body",
        kind="body",
        max=1024 * 1024,
        status=413,
        words="at most 1 MiB",
        enforced_by=SANDBOX_ONLY,
        note="§1.1: all bodies are JSON, no size given. Decided: the sandbox refuses a body over 1 MiB "
        "with 413.",
    ),
    Limit(
        key="account.requests_per_minute",
        field="",
        wire_name="",
        kind="rate",
        max=60,
        status=429,
        words="60 requests per minute per account",
        note="§3 and decisions: rate limit (60 per minute per account, across the contact-center APIs).",
    ),
)

_BY_KEY = {row.key: row for row in LIMITS}
if len(_BY_KEY) != len(LIMITS):  # pragma: no cover - caught by the first import in any test
    raise RuntimeError("two limits share a key")


def limit(key: str) -> Limit:
    """The row `key` (KeyError names the key: a typo in a model fails at import)."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(f"no limit {key!r} in core.limits.LIMITS") from None


def of_kind(*kinds: Kind) -> Iterator[Limit]:
    """The rows of the given kinds, in table order."""
    return (row for row in LIMITS if row.kind in kinds)


def words_for_pattern(pattern: str) -> str | None:
    """The readable rule of a pattern the table knows, for turning a validator's message into words."""
    if pattern in (SINGLE_LINE_PATTERN, NOT_BLANK_SINGLE_LINE_PATTERN):
        return SINGLE_LINE_WORDS
    if pattern == NOT_BLANK_PATTERN:
        return NOT_BLANK_WORDS
    return next((row.readable for row in LIMITS if row.pattern == pattern), None)
