"""Deterministic demo data, so a fresh sandbox has something to browse and page through."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from core.sandbox.records import (
    Record,
    iso_timestamp,
    new_contact,
    new_contact_list,
    new_list_contact,
    stable_uuid,
)

_BASE = datetime(2025, 6, 2, 9, 15, 0, 123000, tzinfo=UTC)

SEED_LISTS: tuple[tuple[str, str, bool, tuple[str, ...]], ...] = (
    (
        "Renewal Due - July 2025",
        "Customers whose service plans expire in July 2025; agents offer renewal options and discounts.",
        True,
        ("14155550101", "14155550102", "14155550103", "14155550104", "14155550105"),
    ),
    (
        "Renewal Due - August 2025",
        "Customers whose service plans expire in August 2025, with subscription tier for tailored offers.",
        False,
        ("14155550111", "14155550112", "14155550113"),
    ),
    (
        "Payment Reminder - Q3",
        "Accounts with an overdue balance of 30 days or more in Q3; friendly reminder and payment options.",
        False,
        ("442079460101", "442079460102", "442079460103", "442079460104"),
    ),
    (
        "Welcome Calls - New Signups",
        "New customers from the June onboarding cohort; welcome call and a short product walkthrough.",
        True,
        ("919550110001", "919550110002"),
    ),
)

# (salutation, first, last, country code, digits)
SEED_CONTACTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("Mr", "James", "Carter", "+1", "4155550123"),
    ("Ms", "Olivia", "Bennett", "+1", "4155550124"),
    ("Mr", "Rahul", "Sharma", "+91", "9550112345"),
    ("Mrs", "Priya", "Nair", "+91", "9840012345"),
    ("Ms", "Emily", "Thompson", "+44", "7700900123"),
    ("Mr", "Daniel", "Hughes", "+44", "7700900456"),
    ("Mr", "Carlos", "Mendoza", "+1", "2125550198"),
    ("Ms", "Sofia", "Rossi", "+39", "3123456789"),
    ("Mr", "Liam", "O'Connor", "+353", "851234567"),
    ("Mrs", "Aisha", "Khan", "+91", "9123456780"),
    ("Mr", "Noah", "Williams", "+1", "6465550142"),
    ("Ms", "Hannah", "Schmidt", "+49", "15123456789"),
    ("Mr", "Kenji", "Tanaka", "+81", "9012345678"),
    ("Ms", "Chloe", "Martin", "+33", "612345678"),
    ("Mr", "Arjun", "Reddy", "+91", "9988776655"),
    ("Mrs", "Grace", "Walker", "+1", "3125550177"),
    ("Mr", "Lucas", "Silva", "+55", "11987654321"),
    ("Ms", "Mia", "Johansson", "+46", "701234567"),
    ("Mr", "Ethan", "Brooks", "+1", "7185550163"),
    ("Ms", "Zara", "Ahmed", "+44", "7700900789"),
    ("Mr", "Vikram", "Iyer", "+91", "9001234567"),
    ("Mrs", "Isabella", "Garcia", "+34", "612345679"),
    ("Mr", "Oliver", "Smith", "+61", "412345678"),
    ("Ms", "Ananya", "Das", "+91", "9876501234"),
    ("Mr", "Benjamin", "Lee", "+1", "4085550110"),
)

# Soft-deleted contacts: stored like the real service keeps them, never listed.
SEED_INACTIVE_CONTACTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("Mr", "Peter", "Novak", "+420", "601234567"),
    ("Ms", "Laura", "Fischer", "+49", "15198765432"),
)


def seed_base_epoch() -> float:
    """When the seeded records were made (campaigns are stamped a week after the first list)."""
    return (_BASE + timedelta(days=7)).timestamp()


def _stamp(minutes: int) -> str:
    return iso_timestamp((_BASE + timedelta(minutes=minutes)).timestamp())


def _contact_id(first: str, last: str, digits: str) -> str:
    return hashlib.sha1(f"seed-contact/{first}/{last}/{digits}".encode()).hexdigest()[:24]


def seed_records(
    account_id: str, app_id: str
) -> tuple[dict[str, Record], dict[str, list[Record]], dict[str, Record]]:
    """Contact lists, their contacts and the address book of a fresh sandbox."""
    contact_lists: dict[str, Record] = {}
    list_contacts: dict[str, list[Record]] = {}
    for index, (name, description, allow_duplicates, phones) in enumerate(SEED_LISTS):
        list_id = f"cl-{stable_uuid('seed-list', str(index))}"
        created = _stamp(index * 1440)
        members = [
            new_list_contact(
                contact_id=f"cc-{stable_uuid('seed-list-contact', str(index), phone)}",
                phone_number=phone,
                timestamp=_stamp(index * 1440 + 5 + offset),
            )
            for offset, phone in enumerate(phones)
        ]
        record = new_contact_list(
            list_id=list_id,
            name=name,
            description=description,
            source="passiveApi",
            allow_duplicates=allow_duplicates,
            account_id=account_id,
            app_id=app_id,
            timestamp=created,
            record_count=len(members),
        )
        if members:
            record["updatedAt"] = members[-1]["updatedAt"]
        contact_lists[list_id] = record
        list_contacts[list_id] = members

    contacts: dict[str, Record] = {}
    everyone = [(row, "ACTIVE") for row in SEED_CONTACTS] + [
        (row, "INACTIVE") for row in SEED_INACTIVE_CONTACTS
    ]
    for index, ((salutation, first, last, country_code, digits), status) in enumerate(everyone):
        contact_id = _contact_id(first, last, digits)
        contacts[contact_id] = new_contact(
            contact_id=contact_id,
            first_name=first,
            last_name=last,
            salutation=salutation,
            digits=digits,
            country_code=country_code,
            account_id=account_id,
            app_id=app_id,
            timestamp=_stamp(10 * index),
            status=status,
        )
    return contact_lists, list_contacts, contacts
