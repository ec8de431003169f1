"""Reading and changing JSON documents in the store's tables, on one SQLite connection.

`where` arguments are SQL over a table's indexed columns (see core/sandbox/schema.py), always with `?`
parameters for values; they come from the sandbox's own code, never from a request.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from core.sandbox.records import Record
from core.sandbox.schema import Table


def _decode(raw: str) -> Record:
    doc = json.loads(raw)
    if not isinstance(doc, dict):  # pragma: no cover - only our own code writes documents
        raise sqlite3.DatabaseError("a stored document is not a JSON object")
    return doc


def encode(doc: Record) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


class Reader:
    """Read-only access; each call sees the data as of its transaction's start."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def get(self, table: Table, doc_id: str) -> Record | None:
        row = self.connection.execute(f"SELECT doc FROM {table.name} WHERE id = ?", (doc_id,)).fetchone()
        return None if row is None else _decode(row[0])

    def find(
        self,
        table: Table,
        where: str = "",
        params: Sequence[Any] = (),
        *,
        order: str = "seq",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Record]:
        """Documents matching `where`, in `order` (insertion order by default)."""
        sql = f"SELECT doc FROM {table.name}"
        if where:
            sql += f" WHERE {where}"
        sql += f" ORDER BY {order}"
        values = list(params)
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            values += [-1 if limit is None else limit, offset]
        return [_decode(row[0]) for row in self.connection.execute(sql, values)]

    def first(self, table: Table, where: str, params: Sequence[Any] = ()) -> Record | None:
        found = self.find(table, where, params, limit=1)
        return found[0] if found else None

    def count(self, table: Table, where: str = "", params: Sequence[Any] = ()) -> int:
        sql = f"SELECT COUNT(*) FROM {table.name}" + (f" WHERE {where}" if where else "")
        return int(self.connection.execute(sql, list(params)).fetchone()[0])


class Writer(Reader):
    """Changes inside one write transaction; everything is undone if the transaction's function raises."""

    def insert(self, table: Table, doc: Record) -> None:
        """Add `doc`; sqlite3.IntegrityError if its id or a unique column is taken."""
        values = table.row_values(doc)
        names = ", ".join(("id", *table.column_names, "doc"))
        marks = ", ".join("?" for _ in range(len(values) + 1))
        sql = f"INSERT INTO {table.name} ({names}) VALUES ({marks})"
        self.connection.execute(sql, (*values, encode(doc)))

    def insert_many(self, table: Table, docs: Iterable[Record]) -> None:
        for doc in docs:
            self.insert(table, doc)

    def put(self, table: Table, doc: Record) -> None:
        """Replace the stored document with the same id (keeping its place in insertion order)."""
        values = table.row_values(doc)
        assignments = ", ".join(f"{name} = ?" for name in (*table.column_names, "doc"))
        cursor = self.connection.execute(
            f"UPDATE {table.name} SET {assignments} WHERE id = ?", (*values[1:], encode(doc), values[0])
        )
        if cursor.rowcount != 1:
            raise KeyError(f"{table.name} has no document {values[0]!r}")

    def delete(self, table: Table, doc_id: str) -> bool:
        cursor = self.connection.execute(f"DELETE FROM {table.name} WHERE id = ?", (doc_id,))
        return cursor.rowcount > 0

    def delete_where(self, table: Table, where: str, params: Sequence[Any] = ()) -> int:
        cursor = self.connection.execute(f"DELETE FROM {table.name} WHERE {where}", list(params))
        return cursor.rowcount
