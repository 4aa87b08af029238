"""Small reads of photo rows that word search needs for the rows it shows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, Sequence, TypeVar

from app.search.schema import FTS_COLUMNS

if TYPE_CHECKING:
    from sqlite_utils import Database


class Scored(Protocol):
    photo_id: int
    score: float


S = TypeVar("S", bound=Scored)


def texts(db: Database, ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """``(id, *FTS_COLUMNS)`` as the index holds them.

    FTS5's own content table (id, c0..cN in FTS_COLUMNS order): a plain rowid table, so the IN
    lookup is a few b-tree probes (on the virtual table SQLite may scan every row)."""
    cols = ", ".join(f"c{i}" for i in range(len(FTS_COLUMNS)))
    out: list[tuple[Any, ...]] = []
    for i in range(0, len(ids), 500):
        chunk = list(ids[i : i + 500])
        out += db.conn.execute(
            f"SELECT id, {cols} FROM photos_fts_content WHERE id IN ({', '.join('?' * len(chunk))})", chunk
        ).fetchall()
    return out


def taken(db: Database, ids: Sequence[int]) -> dict[int, str | None]:
    if not ids:
        return {}
    rows = db.conn.execute(
        f"SELECT id, taken_at FROM photos WHERE id IN ({', '.join('?' * len(ids))})", list(ids)
    ).fetchall()
    return {int(i): t for i, t in rows}


def by_score_then_recency(db: Database, hits: list[S]) -> list[S]:
    """Best score first; among equal scores (identical captions, say) the newest photo first.

    Only equal floats tie: rows with the same text score the same float, and rounding would
    reorder rows whose scores differ by a hair."""
    when = taken(db, [h.photo_id for h in hits])
    hits.sort(key=lambda h: (when.get(h.photo_id) is not None, when.get(h.photo_id) or "", h.photo_id),
              reverse=True)  # newest first, unknown dates last ...
    hits.sort(key=lambda h: -h.score)  # ... within equal scores (the sort is stable)
    return hits
