"""Check every row's phone number with `phonenumbers` and turn good rows into add-contacts items.

Numbers are parsed with a default region (for national numbers such as `(415) 555-0123`),
normalised to E.164 (what the Kore.ai console wants), and rejected with a reason when they cannot
be dialled. Duplicates inside the file keep the first row. A row with no time zone gets the
number's zone when it has exactly one.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberType, ValidationResult

from core.bulk.columns import ColumnMap
from core.bulk.errors import InputFileError
from core.bulk.reading import Row


class Reason(enum.Enum):
    """Why a row is not sent; the value is the stable key used in JSON and rejects files."""

    MISSING = ("missing", "no phone number")
    NOT_A_NUMBER = ("not_a_number", "not a phone number")
    UNKNOWN_COUNTRY = ("unknown_country", "unknown country code")
    TOO_SHORT = ("too_short", "too short")
    TOO_LONG = ("too_long", "too long")
    INVALID_LENGTH = ("invalid_length", "wrong length for its country")
    INVALID = ("invalid", "not a valid number in its country")
    BAD_TIME_ZONE = ("bad_time_zone", "time zone is not a tz database name")
    DUPLICATE_IN_FILE = ("duplicate_in_file", "duplicate of an earlier row")
    ALREADY_IN_LIST = ("already_in_list", "already in the list")
    ON_DNC = ("on_dnc", "on a do-not-call list")

    def __init__(self, key: str, text: str) -> None:
        self.key = key
        self.text = text


INVALID_REASONS = frozenset(
    {
        Reason.MISSING,
        Reason.NOT_A_NUMBER,
        Reason.UNKNOWN_COUNTRY,
        Reason.TOO_SHORT,
        Reason.TOO_LONG,
        Reason.INVALID_LENGTH,
        Reason.INVALID,
        Reason.BAD_TIME_ZONE,
    }
)

_PARSE_REASONS = {
    NumberParseException.INVALID_COUNTRY_CODE: Reason.UNKNOWN_COUNTRY,
    NumberParseException.NOT_A_NUMBER: Reason.NOT_A_NUMBER,
    NumberParseException.TOO_SHORT_AFTER_IDD: Reason.TOO_SHORT,
    NumberParseException.TOO_SHORT_NSN: Reason.TOO_SHORT,
    NumberParseException.TOO_LONG: Reason.TOO_LONG,
}
_POSSIBLE_REASONS = {
    ValidationResult.INVALID_COUNTRY_CODE: Reason.UNKNOWN_COUNTRY,
    ValidationResult.TOO_SHORT: Reason.TOO_SHORT,
    ValidationResult.TOO_LONG: Reason.TOO_LONG,
    ValidationResult.INVALID_LENGTH: Reason.INVALID_LENGTH,
}


@dataclass(slots=True)
class Problem:
    """A row that will not be sent, with the reason and what was in its phone cell."""

    row: int
    phone: str
    reason: Reason
    detail: str = ""

    def describe(self) -> str:
        extra = f" ({self.detail})" if self.detail else ""
        return f"row {self.row}: {self.phone or '(empty)'}: {self.reason.text}{extra}"


@dataclass(slots=True)
class Contact:
    """A row that passed: its number in E.164 and the add-contacts item to send."""

    row: int
    phone: str
    item: dict[str, str]
    zone_filled: bool = False
    """Its time zone came from the number (the file gave none)."""


@dataclass
class Checked:
    """The file's rows split into contacts to send and problems, in file order."""

    rows: int = 0
    contacts: list[Contact] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    filled_time_zones: int = 0


def check_region(region: str) -> str:
    """The region code upper-cased, or InputFileError saying what a region code looks like."""
    code = region.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise InputFileError(
            f"unknown region {region!r}; give a two-letter country code such as US, GB or IN"
        )
    return code


def e164(number: PhoneNumber) -> str:
    """E.164 text of a parsed number (what format_number(E164) gives, without its overhead)."""
    zeros = "0" * (number.number_of_leading_zeros or 1) if number.italian_leading_zero else ""
    return f"+{number.country_code}{zeros}{number.national_number}"


def parse_number(text: str, region: str) -> tuple[PhoneNumber, int] | Reason:
    """The parsed, valid number and its type (PhoneNumberType), or the reason it is not one.

    The type is what validity is decided on (a valid number is one whose type is known), and the
    time zone needs it too: working it out once is most of what keeps the dry run near the cost of
    phonenumbers' own parse-and-validate.
    """
    if not text.strip():
        return Reason.MISSING
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as exc:
        return _PARSE_REASONS.get(exc.error_type, Reason.NOT_A_NUMBER)
    kind = phonenumbers.number_type(number)
    if kind == PhoneNumberType.UNKNOWN:
        possible = phonenumbers.is_possible_number_with_reason(number)
        return _POSSIBLE_REASONS.get(possible, Reason.INVALID)
    return number, kind


def normalise_stored(text: str, region: str) -> str | None:
    """A number as a list stores it (`14155550101`, `+1 415...`) in E.164, or None if unreadable.

    Kore.ai's samples store digits without `+`; those are read as international first.
    """
    stripped = text.strip()
    candidates = [stripped] if stripped.startswith("+") else [f"+{stripped}", stripped]
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, region)
        except NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return e164(number)
    return None


@lru_cache(maxsize=1)
def _known_time_zones() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


@lru_cache(maxsize=512)
def _country_time_zones(country_code: int) -> tuple[str, ...]:
    from phonenumbers import timezone

    try:
        zones = timezone._country_level_time_zones_for_number(PhoneNumber(country_code=country_code))
    except AttributeError:  # pragma: no cover - a phonenumbers release without the helper
        zones = ()
    return tuple(zones)


def time_zone_of(number: PhoneNumber, kind: int, phone: str | None = None) -> str | None:
    """The zone of a valid number of type `kind` when phonenumbers knows exactly one.

    Same answer as `timezone.time_zones_for_number`, without typing the number a second time:
    geographic numbers by prefix (only the first TIMEZONE_LONGEST_PREFIX digits count, so the
    answer is cached by them), the others by country.
    """
    from phonenumbers import timezone
    from phonenumbers.tzdata import TIMEZONE_LONGEST_PREFIX

    if phonenumbers.is_number_type_geographical(kind, number.country_code or 0):
        digits = (phone or e164(number))[1 : 1 + TIMEZONE_LONGEST_PREFIX]
        zones = _geographic_time_zones(digits)
    else:
        zones = _country_time_zones(number.country_code) or tuple(timezone.time_zones_for_number(number))
    return zones[0] if len(zones) == 1 and zones[0] != timezone.UNKNOWN_TIMEZONE else None


@lru_cache(maxsize=65536)
def _geographic_time_zones(digits: str) -> tuple[str, ...]:
    """`timezone.time_zones_for_geographical_number` from the E.164 digits: the longest known prefix."""
    from phonenumbers.tzdata import TIMEZONE_DATA

    for length in range(len(digits), 0, -1):
        zones = TIMEZONE_DATA.get(digits[:length])
        if zones:
            return tuple(zones)
    return ()


def check_rows(rows: Iterable[Row], columns: ColumnMap, region: str) -> Checked:
    """Check each row: valid numbers become contacts (first of each duplicate), the rest problems."""
    result = Checked()
    problems, contacts = result.problems, result.contacts
    first_row: dict[str, int] = {}
    fields = list(columns.fields.items())
    phone_column, code_column = columns.phone, columns.country_code
    for row in rows:
        cells = row.cells
        raw = cells.get(phone_column, "").strip()
        text = _with_country_code(raw, cells.get(code_column, "")) if code_column else raw
        parsed = parse_number(text, region)
        if isinstance(parsed, Reason):
            problems.append(Problem(row.number, raw, parsed))
            continue
        number, kind = parsed
        phone = e164(number)
        earlier = first_row.get(phone)
        if earlier is not None:
            problems.append(Problem(row.number, raw, Reason.DUPLICATE_IN_FILE, f"row {earlier}"))
            continue
        item = {"phoneNumber": phone}
        for key, column in fields:
            value = cells.get(column, "").strip()
            if value:
                item[key] = value
        zone, filled = item.get("timeZone"), False
        if zone is None:
            found = time_zone_of(number, kind, phone)
            if found:
                item["timeZone"] = found
                result.filled_time_zones += 1
                filled = True
        elif zone not in _known_time_zones():
            problems.append(Problem(row.number, raw, Reason.BAD_TIME_ZONE, zone))
            continue
        first_row[phone] = row.number
        contacts.append(Contact(row.number, phone, item, filled))
    result.rows = len(problems) + len(contacts)
    return result


def _with_country_code(phone: str, code: str) -> str:
    code = code.strip().lstrip("+")
    if not code or not phone or phone.startswith("+") or not code.isdigit():
        return phone
    return f"+{code} {phone}"
