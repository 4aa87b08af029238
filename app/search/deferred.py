"""Indexing the photos a batch writes once, at the end of its transaction, instead of at each write.

Why: a scan writes a new photo in up to three steps (the row, its place and people words, the
caption read from its file), and each step fired the index triggers, so the word index (and the
ranking lists' change log) was rewritten three times per photo: two thirds of a first scan's
database time. Inside ``deferred(db)`` the index triggers only note the photo's id
(``search_pending``); leaving the block indexes every noted photo once, from its final row.

The switch (``search_defer``) and the notes live in the library's own tables and change inside
the caller's transaction: a rollback takes them back with the rows, and no other connection ever
sees the switch on (a writer's transaction is invisible until it commits, and the block ends
before the commit). A switch left on by a crash cannot outlive the rolled-back transaction;
``repair`` still indexes anything noted when a writer opens the library.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from app.core.sqlscript import run_script, statements
from app.search import schema

if TYPE_CHECKING:
    from sqlite_utils import Database

_NOTE = "INSERT OR IGNORE INTO search_pending(photo_id) VALUES"
PENDING = "(SELECT * FROM photos WHERE id IN (SELECT photo_id FROM search_pending))"


def note_triggers_sql(accessible: bool = True) -> str:
    """The triggers that note a photo instead of indexing it while the switch is on (m120)."""
    watched = schema.text_columns(accessible)
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in watched)
    on = schema.DEFERRED
    return f"""CREATE TRIGGER photos_search_defer_ai AFTER INSERT ON photos WHEN {on} BEGIN
            {_NOTE} (new.id);
        END;
        CREATE TRIGGER photos_search_defer_au AFTER UPDATE OF {', '.join(watched)} ON photos
        WHEN ({changed}) AND {on} BEGIN
            {_NOTE} (new.id);
        END;
        CREATE TRIGGER photo_grounding_search_defer_ai AFTER INSERT ON photo_grounding
        WHEN new.search_text != '' AND {on} BEGIN
            {_NOTE} (new.photo_id);
        END;
        CREATE TRIGGER photo_grounding_search_defer_au AFTER UPDATE OF search_text ON photo_grounding
        WHEN old.search_text IS NOT new.search_text AND {on} BEGIN
            {_NOTE} (new.photo_id);
        END;"""


def create_v1(db: Database) -> None:
    """Migration m120: the switch, the notes, and the index triggers made anew with the switch in
    their WHEN (same bodies as m100's). FROZEN."""
    lvl = schema.level(db)
    run_script(db,
        "CREATE TABLE search_defer (id INTEGER PRIMARY KEY CHECK (id = 1));\n"
        "CREATE TABLE search_pending (photo_id INTEGER PRIMARY KEY);\n"
        "DROP TRIGGER IF EXISTS photos_search_ai; DROP TRIGGER IF EXISTS photos_search_au;\n"
        "DROP TRIGGER IF EXISTS photo_grounding_search_ai; DROP TRIGGER IF EXISTS photo_grounding_search_au;\n"
        + schema.insert_trigger_sql(**lvl, deferrable=True) + "\n"
        + schema.update_trigger_sql(**lvl, deferrable=True) + "\n"
        + schema.grounding_trigger_sql(lvl["accessible"], deferrable=True) + "\n"
        + note_triggers_sql(lvl["accessible"])
    )


def installed(db: Database) -> bool:
    return db.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_defer'").fetchone() \
        is not None


def is_on(db: Database) -> bool:
    return db.conn.execute("SELECT 1 FROM search_defer").fetchone() is not None


@contextmanager
def deferred(db: Database) -> Iterator[None]:
    """Index the photos written in the block once, when it ends. Use it inside the caller's open
    transaction (``with db.conn:``): the switch must never be committed on. Nested use joins the
    outer block."""
    if not installed(db) or is_on(db):
        yield
        return
    db.conn.execute("INSERT INTO search_defer(id) VALUES (1)")
    try:
        yield
    except BaseException:
        try:  # the caller rolls back; should it commit anyway, the index is still right
            flush(db)
        except Exception:  # noqa: BLE001 - the block's own error is the one to report
            pass
        raise
    flush(db)


def flush(db: Database) -> int:
    """Index every noted photo from its current row (once), forget the notes, switch off.
    Returns how many photos were noted. One statement at a time: the caller's transaction stays open."""
    conn = db.conn
    n = conn.execute("SELECT count(*) FROM search_pending").fetchone()[0]
    if n:
        conn.execute("DELETE FROM photos_fts WHERE rowid IN (SELECT photo_id FROM search_pending)")
        conn.execute("DELETE FROM photos_fts_cjk WHERE rowid IN (SELECT photo_id FROM search_pending)")
        for statement in statements(schema.insert_fts_sql(PENDING, **schema.level(db))):
            conn.execute(statement)
        if _ranked(db):  # what the ranking lists' insert trigger logs outside a deferred block
            conn.execute("INSERT OR IGNORE INTO search_rank_dirty(photo_id, old) "
                         "SELECT id, NULL FROM photos WHERE id IN (SELECT photo_id FROM search_pending)")
        conn.execute("DELETE FROM search_pending")
    conn.execute("DELETE FROM search_defer")
    return n


def _ranked(db: Database) -> bool:
    return db.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_rank_dirty'") \
        .fetchone() is not None


def repair(db: Database) -> int:
    """Index what a writer noted and somehow committed unindexed (never expected; cheap to check)."""
    if not installed(db) or (not is_on(db) and _nothing_noted(db)):
        return 0
    with db.conn:
        return flush(db)


def _nothing_noted(db: Database) -> bool:
    return db.conn.execute("SELECT 1 FROM search_pending LIMIT 1").fetchone() is None
