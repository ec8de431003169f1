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

from core.limit_rows import (
    CLIENT_AND_SANDBOX,
    CLIENT_ONLY,
    NOT_BLANK_PATTERN,
    NOT_BLANK_SINGLE_LINE_PATTERN,
    NOT_BLANK_WORDS,
    SANDBOX_ONLY,
    SINGLE_LINE_PATTERN,
    SINGLE_LINE_WORDS,
    Enforcer,
    Kind,
    Limit,
)
from core.limits_campaigns import CAMPAIGN_LIMITS

__all__ = [
    "CLIENT_AND_SANDBOX", "CLIENT_ONLY", "LIMITS", "NOT_BLANK_PATTERN", "NOT_BLANK_SINGLE_LINE_PATTERN",
    "NOT_BLANK_WORDS", "SANDBOX_ONLY", "SINGLE_LINE_PATTERN", "SINGLE_LINE_WORDS", "Enforcer", "Kind",
    "Limit", "limit", "of_kind", "words_for_pattern",
]  # fmt: skip

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
        key="contact_list.list.type",
        field="type",
        wire_name="type",
        kind="pattern",
        pattern=r"^(call|sms)$",
        words="call or sms",
        enforced_by=SANDBOX_ONLY,
        note="§6.5: query `type` is `call` for call lists; an older copy passed `{{campaignType}}`, so "
        "`sms` is accepted too [infer]. The client always sends `call`.",
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

LIMITS = LIMITS + CAMPAIGN_LIMITS

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
