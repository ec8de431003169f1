"""Which column of a CRM export holds what: found by name, the way people actually name them.

Names are compared without case, spaces, dashes and underscores, so `Phone Number`, `phone_number`
and `phoneNumber` are one name. The list fields are the ones a Kore.ai list maps
(`firstName`, `lastName`, `timeZone`, `uniqueId`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.bulk.errors import InputFileError

PHONE_NAMES = (
    "phonenumber",
    "phone",
    "cellphonenumber",
    "cellphone",
    "mobilenumber",
    "mobilephone",
    "mobile",
    "cellnumber",
    "cell",
    "telephonenumber",
    "telephone",
    "tel",
    "msisdn",
    "contactnumber",
    "phoneno",
    "number",
)
COUNTRY_CODE_NAMES = ("countrycode", "cellphonecountrycode", "phonecountrycode", "dialcode")
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "firstName": ("firstname", "first", "givenname", "fname", "forename"),
    "lastName": ("lastname", "last", "surname", "familyname", "lname"),
    "timeZone": ("timezone", "tz", "tzname"),
    "uniqueId": ("uniqueid", "externalid", "customerid", "crmid"),
}


def normalise(name: str) -> str:
    """`Phone Number` -> `phonenumber`: the form column names are compared in."""
    return re.sub(r"[\s_\-.]+", "", name).lower()


@dataclass(frozen=True)
class ColumnMap:
    """The phone column, an optional country-code column, and list field -> column."""

    phone: str
    country_code: str | None = None
    fields: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        mapped = ", ".join(f"{key} <- {column!r}" for key, column in self.fields.items())
        extra = f"; {mapped}" if mapped else ""
        code = f" (+ country code from {self.country_code!r})" if self.country_code else ""
        return f"phone numbers from {self.phone!r}{code}{extra}"


def _find(columns: Sequence[str], names: Sequence[str]) -> str | None:
    by_name = {normalise(column): column for column in reversed(columns)}
    for name in names:
        if name in by_name:
            return by_name[name]
    return None


def map_columns(
    columns: Sequence[str], *, phone_column: str | None = None, source: str = "the file"
) -> ColumnMap:
    """Find the columns by name; InputFileError names the columns seen when there is no phone column."""
    if phone_column:
        chosen = _find(columns, [normalise(phone_column)])
        if chosen is None:
            raise InputFileError(
                f"{source} has no column {phone_column!r}; its columns are: {_listing(columns)}"
            )
        phone = chosen
    else:
        found = _find(columns, PHONE_NAMES)
        if found is None:
            raise InputFileError(
                f"{source} has no phone column (columns: {_listing(columns)}); "
                "name it phoneNumber or choose the phone column (--phone-column)"
            )
        phone = found
    rest = [column for column in columns if column != phone]
    fields = {key: column for key, names in FIELD_NAMES.items() if (column := _find(rest, names))}
    return ColumnMap(phone, _find(rest, COUNTRY_CODE_NAMES), fields)


def _listing(columns: Sequence[str]) -> str:
    shown = ", ".join(repr(column) for column in columns[:12])
    return shown + (f" and {len(columns) - 12} more" if len(columns) > 12 else "")
