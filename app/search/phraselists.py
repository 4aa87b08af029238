"""Ranking lists for frequent two-word phrases ("a dog", "in the"), beside the word lists.

Why: FTS5 ranks a phrase by comparing the positions of both words through their whole doclists
and scoring every row that holds the phrase; for two words in most captions ("a a", "is a") that
is 0.2-0.5 s at a million rows, and the word lists cannot bound a phrase tightly enough (a row
full of "a" need not hold "a a"). FTS5 scores a phrase as one term: its weighted instances in
the row ``f``, the rows holding it ``n`` (its idf), the row length ``D``. So a phrase gets a
list exactly like a word (``ranklists``): the ``KEEP`` rows with the highest key
``f / (D + avgdl/3)``, ``bound`` the key of the best row left out, ``docs`` its row count.

Which phrases: pairs of listed words found next to each other in a sample of rows that FTS5
would need more than ``PHRASE_COST_US`` to rank (both words' doclists walked, every match
scored), then counted exactly when cut. A pair the sample missed has no list and FTS5 ranks it
as before: the choice costs speed, never exactness.

Changes: rows recorded in ``search_rank_dirty`` are merged at query time (their old and new
text tokenized with positions) and folded in by ``rankmaint``. The lists are trusted only when
they were last brought up to date at the word lists' current ``generation`` (a rebuild of the
word lists empties the change log, so phrase lists that missed it wait for their own rebuild).

FROZEN: ``create_v1`` is what migration ``m110_search_phrase_ranking`` runs.
"""

from __future__ import annotations

import heapq
import json
import logging
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from app.core.sqlscript import run_script
from app.search import bm25, exact, ranklists, scratch
from app.search.ranklists import View, fts_term, meta, set_meta
from app.search.schema import FTS_COLUMNS

if TYPE_CHECKING:
    from sqlite_utils import Database

log = logging.getLogger(__name__)

PHRASE_COST_US = exact.BUDGET_US  # pairs FTS5 would need more than a search's budget for get a list
SAMPLE = 20_000  # rows read to find the pairs that occur
SEEN_MIN = 3  # sampled rows a pair must be seen in (rarer pairs: FTS5 ranks them)
SLACK = 1e-9  # as topk.SLACK


def create_v1(db: Database) -> None:
    """The phrase lists' tables (migration m110; frozen)."""
    run_script(db, 
        """
        CREATE TABLE search_rank_phrases (
            phrase TEXT PRIMARY KEY,    -- its two index terms, space-separated
            docs INTEGER NOT NULL,      -- rows holding the phrase when the list was last brought up to date
            avgdl REAL NOT NULL,        -- average row length the list was cut at
            bound REAL NOT NULL,        -- key of the best row left out at that length (0: none left out)
            kept INTEGER NOT NULL       -- rows in search_rank_phrase_top
        ) WITHOUT ROWID;
        CREATE TABLE search_rank_phrase_top (
            phrase TEXT NOT NULL,
            photo_id INTEGER NOT NULL,
            freq REAL NOT NULL,         -- phrase instances weighted by their column's weight
            length INTEGER NOT NULL,    -- tokens in the row
            PRIMARY KEY (phrase, photo_id)
        ) WITHOUT ROWID;
        CREATE INDEX search_rank_phrase_top_photo ON search_rank_phrase_top(photo_id);
        """
    )


def installed(db: Database) -> bool:
    return db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_rank_phrases'").fetchone() is not None


def current(db: Database) -> bool:
    """Are the phrase lists up to date with the change log (see the module doc)?"""
    m = meta(db)
    return m.get("state") == "ready" and m.get("phrases_at") is not None and m.get("phrases_at") == m.get("generation")


def mark_current(db: Database) -> None:
    set_meta(db, phrases_at=meta(db).get("generation"))


# -- counting phrases in rows -------------------------------------------------------------------


def freqs(db: Database, rows: Sequence[Sequence[Any]], phrases: Sequence[str],
          weights: Sequence[float]) -> tuple[dict[int, int], dict[int, dict[str, float]]]:
    """Each row's length and each phrase's weighted instances in it (a start position where the
    second word follows the first in the same column, as FTS5 matches a phrase)."""
    pairs = [tuple(p.split(" ")) for p in phrases]
    wanted = set(phrases)
    lengths, at = scratch.positions(db, rows, {t for p in pairs for t in p})
    weight = dict(zip(FTS_COLUMNS, weights))
    out: dict[int, dict[str, float]] = {}
    for doc, where in at.items():
        got: dict[str, float] = {}
        for (col, off), t in where.items():
            nxt = where.get((col, off + 1))
            if nxt is None:
                continue
            p = t + " " + nxt
            if p in wanted:
                got[p] = got.get(p, 0.0) + weight[col]
        if got:
            out[doc] = got
    return lengths, out


def _changed_rows(db: Database, ids: Sequence[int] | None = None) -> list[tuple[Any, ...]]:
    """Changed rows as they were (rowid negated) and as they are, for ``freqs``."""
    dirty = db.conn.execute("SELECT photo_id, old FROM search_rank_dirty").fetchall()
    if ids is not None:
        wanted = set(ids)
        dirty = [d for d in dirty if int(d[0]) in wanted]
    ncol = len(FTS_COLUMNS)
    cols = ", ".join(f"c{i}" for i in range(ncol))
    out: list[tuple[Any, ...]] = []
    for i, old in dirty:
        if old is not None:
            out.append((-int(i), *(list(json.loads(old)) + [None] * ncol)[:ncol]))
    idl = [int(i) for i, _ in dirty]
    for s in range(0, len(idl), 500):
        chunk = idl[s : s + 500]
        out += db.conn.execute(
            f"SELECT id, {cols} FROM photos_fts_content WHERE id IN ({', '.join('?' * len(chunk))})", chunk
        ).fetchall()
    return out


# -- cutting and storing ------------------------------------------------------------------------


def cut(db: Database, phrase: str, stats: bm25.TableStats, weights: Sequence[float]) -> ranklists.Cut | None:
    """The phrase's best ``KEEP`` rows by FTS5's own bm25 and its exact row count (one pass over
    its matches); None when a score does not come back exactly."""
    w = ", ".join(str(float(x)) for x in weights)
    found = db.conn.execute(
        f"SELECT rowid, bm25(photos_fts, {w}) FROM photos_fts WHERE photos_fts MATCH ?", [fts_term(phrase)]
    ).fetchall()
    docs = len(found)
    rows = heapq.nsmallest(ranklists.KEEP + 1, found, key=lambda r: r[1])
    del found
    return ranklists.cut_from_scores(db, phrase, docs, rows, stats, weights, "phrase lists")


def store(db: Database, c: ranklists.Cut, avgdl: float) -> None:
    conn = db.conn
    conn.execute("DELETE FROM search_rank_phrase_top WHERE phrase = ?", [c.term])
    conn.executemany(
        "INSERT INTO search_rank_phrase_top(phrase, photo_id, freq, length) VALUES (?, ?, ?, ?)",
        [(c.term, i, f, d) for i, f, d in c.entries],
    )
    conn.execute(
        "INSERT OR REPLACE INTO search_rank_phrases(phrase, docs, avgdl, bound, kept) VALUES (?, ?, ?, ?, ?)",
        [c.term, c.docs, avgdl, c.bound, len(c.entries)],
    )


def drop(db: Database, phrase: str) -> None:
    db.conn.execute("DELETE FROM search_rank_phrase_top WHERE phrase = ?", [phrase])
    db.conn.execute("DELETE FROM search_rank_phrases WHERE phrase = ?", [phrase])


def fts_cost(n1: int, n2: int, phrase_rows: float) -> float:
    """What FTS5 needs to rank the phrase (``exact.fts_cost``, as the planner estimates it)."""
    c = exact.Clause("", int(min(n1, n2, phrase_rows)), None, True, (n1, n2))
    return exact.walk_cost(c) + exact.traverse(c, min(n1, n2)) + exact.C_SCORE * phrase_rows


def candidates(db: Database, stats: bm25.TableStats, weights: Sequence[float]) -> list[tuple[str, int]]:
    """Pairs of listed words next to each other in at least ``SEEN_MIN`` rows of a sample, which
    FTS5 would need more than ``PHRASE_COST_US`` to rank (both words' doclists walked), with that
    estimate (µs)."""
    docs = {t: int(d) for t, d in db.conn.execute("SELECT term, docs FROM search_rank_terms")}
    listed = list(docs)
    lo, hi = db.conn.execute("SELECT min(id), max(id) FROM photos_fts_content").fetchone()
    if not listed or lo is None:
        return []
    span = range(int(lo), int(hi) + 1)
    ids = sorted(random.Random(0).sample(span, min(SAMPLE, len(span))))
    cols = ", ".join(f"c{i}" for i in range(len(FTS_COLUMNS)))
    seen: dict[str, int] = {}
    sampled = 0
    for s in range(0, len(ids), 1000):
        chunk = ids[s : s + 1000]
        rows = db.conn.execute(
            f"SELECT id, {cols} FROM photos_fts_content WHERE id IN ({', '.join('?' * len(chunk))})", chunk
        ).fetchall()
        sampled += len(rows)
        _, at = scratch.positions(db, rows, listed)
        for where in at.values():
            pairs = {t + " " + where[(c, o + 1)] for (c, o), t in where.items() if (c, o + 1) in where}
            for p in pairs:
                seen[p] = seen.get(p, 0) + 1
    if not sampled:
        return []
    scale = stats.rows / sampled
    out = []
    for p, n in seen.items():
        t1, t2 = p.split(" ")
        cost = fts_cost(docs[t1], docs[t2], n * scale)
        if n >= SEEN_MIN and cost > PHRASE_COST_US:
            out.append((p, int(cost)))
    return sorted(out)


def build(db: Database, weights: Sequence[float], path: str | None = None) -> bool:
    """Cut every phrase list from scratch (after the word lists were built). Returns whether the
    phrase lists are usable. ``path``: a file a second connection may cut from (half the work in a
    thread), taken while nothing that changes the index was uncommitted."""
    if not installed(db):
        return False
    if path is None:
        path = ranklists._second_reader_path(db)
    db.conn.execute("DELETE FROM search_rank_phrase_top")
    db.conn.execute("DELETE FROM search_rank_phrases")
    if meta(db).get("state") != "ready":
        set_meta(db, phrases_at=None)
        return False
    stats = bm25.table_stats(db)
    found = candidates(db, stats, weights)

    def one(rdb: Database, p: str, _work: int, st: bm25.TableStats, ws: Sequence[float]) -> ranklists.Cut | None:
        return cut(rdb, p, st, ws)

    for c in ranklists._cut_all(db, [(p, w) for p, w in found], stats, weights, path, one):
        if c is None:
            db.conn.execute("DELETE FROM search_rank_phrase_top")
            db.conn.execute("DELETE FROM search_rank_phrases")
            set_meta(db, phrases_at=None)
            return False
        if c.docs > 0:
            store(db, c, stats.avgdl)
    mark_current(db)
    return True


# -- the query ----------------------------------------------------------------------------------


def rank(db: Database, view: View, terms: Sequence[str], limit: int) -> list[tuple[int, float]] | None:
    """A phrase query's exact top ``limit`` (ties with the last kept), positive bm25, best first;
    None when the phrase has no list or the list cannot prove its answer."""
    phrase = " ".join(terms)
    if len(terms) != 2 or not installed(db):
        return None
    row = db.conn.execute("SELECT docs, avgdl, bound FROM search_rank_phrases WHERE phrase = ?", [phrase]).fetchone()
    if row is None or not current(db):
        return None
    docs, a0, bound = int(row[0]), float(row[1]), float(row[2])
    entries = {
        int(i): (float(f), int(d))
        for i, f, d in db.conn.execute("SELECT photo_id, freq, length FROM search_rank_phrase_top WHERE phrase = ?",
                                       [phrase])
        if int(i) not in view.changed
    }
    if view.changed:
        lengths, found = freqs(db, _changed_rows(db), [phrase], view.weights)
        for pid in view.changed:
            had = phrase in found.get(-pid, {})
            f = found.get(pid, {}).get(phrase)
            docs += (f is not None) - had
            if f is not None:
                entries[pid] = (f, lengths[pid])
    stats = view.stats
    a = stats.avgdl
    if bound > 0 and a < a0:
        bound *= a0 / a
    idf = bm25.idf(stats.rows, docs)
    parts = {pid: bm25.part(idf, f, d, a) for pid, (f, d) in entries.items()}
    bound_part = bm25.part_from_key(idf, bound, a) * (1 + SLACK) if bound > 0 else 0.0
    top = heapq.nlargest(limit, parts.values())
    if len(top) < limit:
        return sorted(parts.items(), key=lambda r: -r[1]) if bound_part == 0.0 else None
    kth = top[-1]
    if bound_part and kth < bound_part:
        return None
    return sorted(((i, p) for i, p in parts.items() if p >= kth), key=lambda r: -r[1])


# -- maintenance (called by ``rankmaint``) -------------------------------------------------------

DRIFT_MAX = 0.05  # as rankmaint.DRIFT_MAX


def fold(db: Database, weights: Sequence[float]) -> None:
    """Fold the recorded changes into the phrase lists (before the change log is emptied)."""
    listed = {p: (float(a), float(b)) for p, a, b in db.conn.execute("SELECT phrase, avgdl, bound FROM search_rank_phrases")}
    ids = [int(i) for (i,) in db.conn.execute("SELECT photo_id FROM search_rank_dirty")]
    if not listed or not ids:
        return
    lengths, found = freqs(db, _changed_rows(db), list(listed), weights)
    conn = db.conn
    for s in range(0, len(ids), 500):
        chunk = ids[s : s + 500]
        conn.execute(f"DELETE FROM search_rank_phrase_top WHERE photo_id IN ({', '.join('?' * len(chunk))})", chunk)
    delta: dict[str, int] = {}
    inserts: list[tuple[str, int, float, int]] = []
    for pid in ids:
        for p in found.get(-pid, {}):
            delta[p] = delta.get(p, 0) - 1
        for p, f in found.get(pid, {}).items():
            delta[p] = delta.get(p, 0) + 1
            a0, bound = listed[p]
            if bm25.key(f, lengths[pid], a0) > bound:
                inserts.append((p, pid, f, lengths[pid]))
    conn.executemany("INSERT INTO search_rank_phrase_top(phrase, photo_id, freq, length) VALUES (?, ?, ?, ?)",
                     inserts)
    for p in sorted(set(delta) | {x[0] for x in inserts}):
        kept = conn.execute("SELECT count(*) FROM search_rank_phrase_top WHERE phrase = ?", [p]).fetchone()[0]
        conn.execute("UPDATE search_rank_phrases SET docs = docs + ?, kept = ? WHERE phrase = ?",
                     [delta.get(p, 0), kept, p])


def refresh(db: Database, weights: Sequence[float], rescan: bool = False) -> bool:
    """After ``fold`` and the word lists' own upkeep: cut again the lists that ran short, grew
    long or were cut at a too different average length, drop the phrases that became rare and
    (``rescan``) look for new frequent ones. Returns False when a cut did not match FTS5."""
    stats = bm25.table_stats(db)
    if stats.rows <= 0:
        return True
    a = stats.avgdl
    todo: list[str] = []
    for p, docs, a0, bound, kept in db.conn.execute(
        "SELECT phrase, docs, avgdl, bound, kept FROM search_rank_phrases"
    ).fetchall():
        if docs <= 0:
            drop(db, p)
        elif ((bound > 0 and kept < ranklists.KEEP // 2) or (bound > 0 and abs(a0 / a - 1.0) > DRIFT_MAX)
              or kept > 2 * ranklists.KEEP):
            todo.append(p)
    if rescan:
        have = {p for (p,) in db.conn.execute("SELECT phrase FROM search_rank_phrases")}
        todo += [p for p, _ in candidates(db, stats, weights) if p not in have]
    for p in todo:
        c = cut(db, p, stats, weights)
        if c is None:
            return False
        if c.docs > 0:
            store(db, c, stats.avgdl)
    return True
