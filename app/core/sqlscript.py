"""Running a script of several SQL statements inside an open transaction, in linear time.

``sqlite3.Connection.executescript`` commits any open transaction first, so a migration (which
runs inside one) cannot use it. sqlite-utils' ``Database.executescript`` then splits the script
itself, but tests every prefix of it for completeness, one character at a time: quadratic in the
script's length, ~0.4 s for the search index's trigger definitions (each new library paid ~0.6 s).
Here a prefix is tested only where a statement can end (at a ``;``)."""

from __future__ import annotations

import sqlite3
from typing import Any, Iterator


def statements(sql: str) -> Iterator[str]:
    """The complete statements of ``sql`` in order (a ``;`` inside a string, a comment or a trigger
    body does not end one: SQLite's own ``complete_statement`` decides)."""
    start = 0
    pos = sql.find(";")
    while pos != -1:
        piece = sql[start:pos + 1]
        if sqlite3.complete_statement(piece):
            if piece.strip(" \t\r\n;"):
                yield piece.strip()
            start = pos + 1
        pos = sql.find(";", pos + 1)
    rest = sql[start:].strip()
    if rest:
        yield rest


def run_script(db: Any, sql: str) -> None:
    """Run every statement of ``sql`` on ``db`` (a sqlite-utils ``Database``), inside the caller's
    transaction when one is open (no implicit commit), else as ``executescript`` does."""
    conn = db.conn
    if not conn.in_transaction:
        conn.executescript(sql)
        return
    for statement in statements(sql):
        conn.execute(statement)
