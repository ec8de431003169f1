"""Every row's number checked with phonenumbers: E.164, reasons, duplicates, time zones."""

from __future__ import annotations

import pytest

from core.bulk.checking import Reason, check_region, check_rows, normalise_stored
from core.bulk.columns import ColumnMap
from core.bulk.errors import InputFileError
from core.bulk.reading import Row


def rows(*phones: str, **columns: list[str]) -> list[Row]:
    result = []
    for index, phone in enumerate(phones):
        cells = {"phone": phone} | {name: values[index] for name, values in columns.items()}
        result.append(Row(index + 2, cells))
    return result


PHONE = ColumnMap("phone")


def test_national_numbers_use_the_region_and_come_out_in_e164() -> None:
    checked = check_rows(rows("(415) 555-0123", "020 7946 0958", "+91 95501 12345"), PHONE, "US")
    assert [c.phone for c in checked.contacts] == ["+14155550123", "+91 9550112345".replace(" ", "")]
    assert checked.problems[0].row == 3  # a UK national number is not a US number
    gb = check_rows(rows("020 7946 0958"), PHONE, "GB")
    assert gb.contacts[0].phone == "+442079460958"


@pytest.mark.parametrize(
    ("phone", "reason"),
    [
        ("", Reason.MISSING),
        ("call me", Reason.NOT_A_NUMBER),
        ("12", Reason.TOO_SHORT),
        ("+1 415 555 0123 4567 89", Reason.TOO_LONG),
        ("+999 1234 5678", Reason.UNKNOWN_COUNTRY),
        ("+1 099 555 0123", Reason.INVALID),
    ],
)
def test_numbers_that_cannot_be_dialled_are_rejected_with_the_reason(phone: str, reason: Reason) -> None:
    checked = check_rows(rows(phone), PHONE, "US")
    assert checked.contacts == []
    assert [(p.row, p.reason) for p in checked.problems] == [(2, reason)]


def test_a_duplicate_keeps_the_first_row_and_names_it_however_it_was_written() -> None:
    checked = check_rows(rows("+1 415 555 0123", "415.555.0124", "(415) 555-0123"), PHONE, "US")
    assert [c.row for c in checked.contacts] == [2, 3]
    problem = checked.problems[0]
    assert (problem.row, problem.reason, problem.detail) == (4, Reason.DUPLICATE_IN_FILE, "row 2")


def test_time_zone_is_filled_only_when_the_number_has_exactly_one() -> None:
    checked = check_rows(rows("+14155550123", "+61412345678"), PHONE, "US")
    assert checked.contacts[0].item["timeZone"] == "America/Los_Angeles"
    assert "timeZone" not in checked.contacts[1].item  # Australian mobiles span several zones
    assert checked.filled_time_zones == 1


def test_a_given_time_zone_is_kept_and_a_made_up_one_rejected() -> None:
    columns = ColumnMap("phone", fields={"timeZone": "tz", "firstName": "first"})
    checked = check_rows(
        rows("+14155550123", "+14155550124", tz=["America/New_York", "Mars/Base"], first=[" Ann ", ""]),
        columns,
        "US",
    )
    assert checked.contacts[0].item == {
        "phoneNumber": "+14155550123",
        "timeZone": "America/New_York",
        "firstName": "Ann",
    }
    assert (checked.problems[0].reason, checked.problems[0].detail) == (Reason.BAD_TIME_ZONE, "Mars/Base")


def test_a_country_code_column_completes_numbers_without_a_plus() -> None:
    columns = ColumnMap("phone", country_code="cc")
    checked = check_rows(rows("9550112345", "+14155550123", cc=["+91", "44"]), columns, "US")
    assert [c.phone for c in checked.contacts] == ["+919550112345", "+14155550123"]


def test_stored_numbers_without_plus_are_read_as_international() -> None:
    assert normalise_stored("14155550101", "GB") == "+14155550101"
    assert normalise_stored("442079460101", "US") == "+442079460101"
    assert normalise_stored("+1 415 555 0101", "US") == "+14155550101"
    assert normalise_stored("(415) 555-0101", "US") == "+14155550101"
    assert normalise_stored("garbage", "US") is None


def test_an_unknown_region_says_what_a_region_looks_like() -> None:
    assert check_region(" gb ") == "GB"
    with pytest.raises(InputFileError, match="two-letter country code such as US"):
        check_region("USA")


def test_time_zones_agree_with_phonenumbers_for_every_kind_of_number() -> None:
    import phonenumbers
    from phonenumbers import PhoneNumberType, timezone

    from core.bulk.checking import parse_number, time_zone_of

    for region in ("US", "IT", "GB", "IN", "AU", "BR", "RU", "DE"):
        for kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            text = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
            parsed = parse_number(text, "US")
            assert not isinstance(parsed, Reason), text
            zones = timezone.time_zones_for_number(example)
            expected = zones[0] if len(zones) == 1 and zones[0] != timezone.UNKNOWN_TIMEZONE else None
            assert time_zone_of(*parsed) == expected, text
