"""One unit of work = one SQLite transaction.

sqlite-utils' ``Database.execute`` commits every write statement that runs outside a transaction,
so a sequence of ``db.execute`` calls followed by ``conn.rollback()`` undoes nothing. Everything
that must happen together (a caption version, the photo's current pointer, the job's state) runs
inside ``transaction(db)``: all of it commits, or none of it does.

``BEGIN IMMEDIATE`` takes the write lock at the start, so two processes captioning one library
(each with its own writer) wait for each other through ``busy_timeout`` instead of failing with
``SQLITE_BUSY`` when a read inside the transaction turns into a write. Nested use becomes a
savepoint, so store functions can be combined into bigger units.

``commit=False`` keeps the tradition of the store functions' ``commit`` argument: the work joins
(or opens) a transaction that the *caller* commits.
"""

from __future__ import annotations

import secrets
from contextlib import contextmanager
from typing import Iterator

from sqlite_utils import Database


@contextmanager
def transaction(db: Database, *, commit: bool = True) -> Iterator[Database]:
    """Run the block atomically (see the module docstring)."""
    conn = db.conn
    if conn.in_transaction:
        name = f"sp_{secrets.token_hex(6)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield db
        except BaseException:
            if conn.in_transaction:  # a RAISE(ROLLBACK) trigger may already have ended it
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
        if commit:
            conn.commit()
    except BaseException:
        conn.rollback()
        raise
