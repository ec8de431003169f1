"""What the sandbox stores: one table per kind of record, each a JSON document plus a few indexed columns.

A new kind of record (campaigns, say) is one more `Table` in `TABLES`: its columns are computed from the
document, so a query can filter and sort on them while the document stays the single source of truth.
Tables are created when a store opens, so adding one needs no migration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.sandbox.records import Record

SCHEMA_VERSION = 1
# `PRAGMA application_id`: marks a SQLite file as a kore-sandbox store ("KoRe" in ASCII).
APPLICATION_ID = 0x4B6F5265

ColumnValue = str | int | float | None


@dataclass(frozen=True)
class Column:
    """An indexed column, always derived from the document by `value`."""

    name: str
    sql_type: str
    value: Callable[[Record], ColumnValue]


@dataclass(frozen=True)
class Table:
    """A kind of record: its table name, the document field holding its id, its indexed columns."""

    name: str
    key: str
    columns: tuple[Column, ...] = ()
    indexes: tuple[str, ...] = ()  # `CREATE ... INDEX IF NOT EXISTS` statements

    def ddl(self) -> list[str]:
        extra = "".join(f", {column.name} {column.sql_type}" for column in self.columns)
        create = (
            f"CREATE TABLE IF NOT EXISTS {self.name} ("
            "seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE"
            f"{extra}, doc TEXT NOT NULL)"
        )
        return [create, *self.indexes]

    def row_values(self, doc: Record) -> tuple[Any, ...]:
        """(id, column values..., ) for `doc`; raises KeyError when the id field is missing."""
        return (str(doc[self.key]), *(column.value(doc) for column in self.columns))

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def _phone_number(doc: Record) -> str:
    phone = doc.get("cellPhone")
    return str(phone.get("phoneNumber") or "") if isinstance(phone, dict) else ""


CONTACT_LISTS = Table(
    "contact_lists",
    key="_id",
    columns=(
        # Names are unique compared case-insensitively; Python's lower() also folds non-ASCII letters.
        Column("lname", "TEXT NOT NULL", lambda doc: str(doc.get("name", "")).lower()),
        Column("list_type", "TEXT", lambda doc: doc.get("listType")),
        Column("created_at", "TEXT", lambda doc: doc.get("createdAt")),
    ),
    indexes=(
        "CREATE UNIQUE INDEX IF NOT EXISTS contact_lists_lname ON contact_lists(lname)",
        "CREATE INDEX IF NOT EXISTS contact_lists_created ON contact_lists(created_at, seq)",
    ),
)

# Members of a contact list; `listId` is kept in the document and left out of the API's view.
LIST_CONTACTS = Table(
    "list_contacts",
    key="_id",
    columns=(Column("list_id", "TEXT NOT NULL", lambda doc: str(doc.get("listId", ""))),),
    indexes=("CREATE INDEX IF NOT EXISTS list_contacts_list ON list_contacts(list_id, seq)",),
)

CONTACTS = Table(
    "contacts",
    key="id",
    columns=(
        Column("status", "TEXT NOT NULL", lambda doc: str(doc.get("status", ""))),
        Column("phone", "TEXT NOT NULL", _phone_number),
    ),
    indexes=(
        # A number belongs to at most one active contact; a soft-deleted contact frees it.
        "CREATE UNIQUE INDEX IF NOT EXISTS contacts_active_phone ON contacts(phone) WHERE status = 'ACTIVE'",
        "CREATE INDEX IF NOT EXISTS contacts_status ON contacts(status, seq)",
    ),
)

# Token ids seen under --enforce-jti, kept until the token expires so a replay is refused after a restart.
SEEN_JTI = Table(
    "seen_jti",
    key="jti",
    columns=(Column("exp", "REAL NOT NULL", lambda doc: float(doc["exp"])),),
    indexes=("CREATE INDEX IF NOT EXISTS seen_jti_exp ON seen_jti(exp)",),
)

# Campaigns keep the ids of the lists they dial (`listIds`, `dncListId`); names are read from the lists.
CAMPAIGNS = Table(
    "campaigns",
    key="_id",
    columns=(
        Column("campaign_type", "TEXT NOT NULL", lambda doc: str(doc.get("type", "voice"))),
        Column("created_at", "TEXT", lambda doc: doc.get("createdAt")),
    ),
    indexes=("CREATE INDEX IF NOT EXISTS campaigns_type ON campaigns(campaign_type, created_at, seq)",),
)

# How dialing one number of one campaign went; a number without a row has not been dialed yet.
DIAL_OUTCOMES = Table(
    "dial_outcomes",
    key="key",
    columns=(Column("campaign_id", "TEXT NOT NULL", lambda doc: str(doc.get("campaignId", ""))),),
    indexes=("CREATE INDEX IF NOT EXISTS dial_outcomes_campaign ON dial_outcomes(campaign_id, seq)",),
)

# Add Contacts batches accepted but not yet applied (§6.7 is asynchronous); kept in the file, so a
# batch acknowledged before a restart is still applied after it.
PENDING_ADDS = Table(
    "pending_adds",
    key="id",
    columns=(Column("due", "REAL NOT NULL", lambda doc: float(doc["due"])),),
    indexes=("CREATE INDEX IF NOT EXISTS pending_adds_due ON pending_adds(due, seq)",),
)

TABLES: tuple[Table, ...] = (
    CONTACT_LISTS, LIST_CONTACTS, CONTACTS, SEEN_JTI, CAMPAIGNS, DIAL_OUTCOMES, PENDING_ADDS
)
