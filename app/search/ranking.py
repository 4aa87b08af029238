"""Keeping the ranking lists (``ranklists``) up to date: the calls the other layers make.

Queries stay exact without these (changed rows are merged at query time, and anything that
does not add up sends the query to FTS5), but fast only while few changes wait: writers call
``maintain_if_busy`` after their writes, and ``maintain`` when they finish.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from app.search import ranklists, rankmaint, schema
from app.search.words import BM25_WEIGHTS

if TYPE_CHECKING:
    from sqlite_utils import Database

log = logging.getLogger(__name__)

MAINTAIN_AT = 500  # changed rows that make ``maintain_if_busy`` fold them in


def rebuild(db: Database) -> None:
    """Refill the text indexes from ``photos`` and cut every ranking list (bulk loads, repair)."""
    schema.rebuild(db)
    if ranklists.installed(db):
        rankmaint.build_all(db, BM25_WEIGHTS)
        db.conn.commit()


def maintain(db: Database) -> str:
    """Fold recorded changes into the lists and commit; never raises (the lists are optional:
    on any error queries fall back to FTS5)."""
    if db.conn.in_transaction:
        return "busy"
    try:
        done = rankmaint.maintain(db, BM25_WEIGHTS)
        db.conn.commit()
        return done
    except Exception as exc:  # noqa: BLE001 - a maintenance step must not break the write it follows
        log.warning("search ranking lists not updated: %s", exc)
        try:
            db.conn.rollback()
        except Exception:  # noqa: BLE001
            pass
        return "error"


def maintain_if_busy(db: Database) -> str:
    """``maintain`` when enough changes wait (cheap to call after every write)."""
    try:
        n = db.conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search_rank_dirty LIMIT ?)", [MAINTAIN_AT]
        ).fetchone()[0]
    except Exception:  # noqa: BLE001 - a database without the lists
        return "off"
    return maintain(db) if n >= MAINTAIN_AT else "waiting"
