"""Folding recorded changes into the ranking lists (``ranklists``), and keeping the lists fit.

Each changed row (``search_rank_dirty``) is tokenized as it was and as it is: the listed words'
row counts move by the difference, the row leaves every list and joins those where its key beats
the list's bound (so the rows left out still score at most the bound). Then lists that lost too
many rows, grew too long or were cut at a too different average row length are cut again, and
after enough growth the vocabulary is scanned for words that became frequent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from app.search import bm25, phraselists, ranklists
from app.search.ranklists import (
    build,
    bump,
    changes,
    consistent,
    cut,
    frequent_terms,
    installed,
    meta,
    set_meta,
    signature,
    store,
)
from app.search.schema import rank_triggers_present

if TYPE_CHECKING:
    from sqlite_utils import Database

DRIFT_MAX = 0.05  # a list is cut again when the average row length moved by more than this
RESCAN_GROWTH = 0.05  # the vocabulary is scanned for new frequent words after this much growth
REBUILD_AT = 100_000  # more changed rows than this (and than a fifth of all): cut the lists anew


def build_all(db: Database, weights: Sequence[float]) -> bool:
    """Cut the word lists, then the phrase lists, from scratch. Returns whether the word lists
    are usable (the phrase lists are an extra: without them FTS5 ranks phrases)."""
    path = ranklists._second_reader_path(db)  # before the word lists are written (uncommitted)
    ok = build(db, weights)
    if ok:
        phraselists.build(db, weights, path)
    return ok


def maintain(db: Database, weights: Sequence[float]) -> str:
    """Fold changed rows into the word and phrase lists (see ``_maintain``); phrase lists that
    missed a change (the word lists were rebuilt alone) are cut anew."""
    stale = phraselists.installed(db) and not phraselists.current(db)
    done = _maintain(db, weights)
    if done in ("clean", "updated") and phraselists.installed(db):
        if stale:
            phraselists.build(db, weights)
        else:
            phraselists.mark_current(db)
    return done


def _maintain(db: Database, weights: Sequence[float]) -> str:
    """Fold changed rows into the lists (in the caller's transaction if one is open; commit after).

    Returns what was done: "clean", "updated", "built" or "off"."""
    if not installed(db):
        return "off"
    m = meta(db)
    if (m.get("state") not in ("ready", "off") or m.get("signature") != signature(db, weights)
            or not rank_triggers_present(db)):
        return "built" if build_all(db, weights) else "off"
    if m.get("state") == "off":
        db.conn.execute("DELETE FROM search_rank_dirty")  # nothing reads them
        return "off"
    stats = bm25.table_stats(db)
    waiting = db.conn.execute("SELECT count(*) FROM search_rank_dirty").fetchone()[0]
    if waiting > max(REBUILD_AT, stats.rows // 5):
        return "built" if build_all(db, weights) else "off"  # cheaper than reading them all again
    dirty = db.conn.execute("SELECT photo_id, old FROM search_rank_dirty").fetchall()
    ch = changes(db, dirty, weights, m.get("generation"))
    if not consistent(m, stats, ch):
        return "built" if build_all(db, weights) else "off"
    if not dirty:
        if stats.rows >= int(m.get("scanned") or 0) * (1 + RESCAN_GROWTH) + 1:
            _phrases(db, weights, rescan=True)
            _rescan(db, stats, weights)
            return "updated"
        return "clean"
    conn = db.conn
    listed = {t: (int(d), float(a), float(b), int(k))
              for t, d, a, b, k in conn.execute("SELECT term, docs, avgdl, bound, kept FROM search_rank_terms")}
    ids = list(ch)
    for s in range(0, len(ids), 500):
        chunk = ids[s : s + 500]
        conn.execute(f"DELETE FROM search_rank_top WHERE photo_id IN ({', '.join('?' * len(chunk))})", chunk)
    delta: dict[str, int] = {}
    inserts: list[tuple[str, int, float, int]] = []
    for c in ch.values():
        for counts, sign in ((c.old, -1), (c.new, 1)):
            if counts is not None:
                for t in counts.terms.keys() & listed.keys():
                    delta[t] = delta.get(t, 0) + sign
        if c.new is not None:
            for t in c.new.terms.keys() & listed.keys():
                f = c.new.terms[t]
                _, a0, bound, _ = listed[t]
                if bm25.key(f, c.new.length, a0) > bound:
                    inserts.append((t, c.photo_id, f, c.new.length))
    conn.executemany("INSERT INTO search_rank_top(term, photo_id, freq, length) VALUES (?, ?, ?, ?)", inserts)
    touched = sorted(set(delta) | {t for t, *_ in inserts})
    for t in touched:
        kept = conn.execute("SELECT count(*) FROM search_rank_top WHERE term = ?", [t]).fetchone()[0]
        conn.execute("UPDATE search_rank_terms SET docs = docs + ?, kept = ? WHERE term = ?",
                     [delta.get(t, 0), kept, t])
    if phraselists.installed(db) and phraselists.current(db):
        phraselists.fold(db, weights)
    conn.execute("DELETE FROM search_rank_dirty")
    set_meta(db, rows=stats.rows, tokens=stats.tokens)
    rescan = stats.rows >= int(m.get("scanned") or 0) * (1 + RESCAN_GROWTH) + 1
    _phrases(db, weights, rescan)  # first: the words' upkeep may move the generation
    _refresh(db, stats, weights)
    if rescan:
        _rescan(db, stats, weights)
    return "updated"


def _phrases(db: Database, weights: Sequence[float], rescan: bool) -> None:
    if phraselists.installed(db) and phraselists.current(db) and not phraselists.refresh(db, weights, rescan):
        phraselists.build(db, weights)  # a cut that does not match FTS5: start over (and most likely switch off)


def _refresh(db: Database, stats: bm25.TableStats, weights: Sequence[float]) -> None:
    """Cut again the lists that lost too many rows, grew too long, or were cut at an average row
    length too far from today's."""
    a = stats.avgdl
    for t, docs, a0, bound, kept in db.conn.execute(
        "SELECT term, docs, avgdl, bound, kept FROM search_rank_terms"
    ).fetchall():
        shrunk = bound > 0 and kept < ranklists.KEEP // 2
        drifted = bound > 0 and abs(a0 / a - 1.0) > DRIFT_MAX
        if shrunk or drifted or kept > 2 * ranklists.KEEP:
            _recut(db, t, int(docs), stats, weights)


def _recut(db: Database, term: str, docs: int, stats: bm25.TableStats, weights: Sequence[float]) -> None:
    if docs <= ranklists.LIST_MIN_ROWS // 2:
        db.conn.execute("DELETE FROM search_rank_top WHERE term = ?", [term])
        db.conn.execute("DELETE FROM search_rank_terms WHERE term = ?", [term])
        bump(db)
        return
    c = cut(db, term, docs, stats, weights)
    if c is None:
        build_all(db, weights)  # a score that does not match: start over (and most likely switch off)
        return
    store(db, c, stats.avgdl)


def _rescan(db: Database, stats: bm25.TableStats, weights: Sequence[float]) -> None:
    """Lists for words that became frequent (and none for those that are no longer)."""
    listed = {t: int(d) for t, d in db.conn.execute("SELECT term, docs FROM search_rank_terms")}
    found = dict(frequent_terms(db))
    for t, docs in found.items():
        if t not in listed:
            _recut(db, t, docs, stats, weights)
    for t, docs in listed.items():
        if t not in found and docs <= ranklists.LIST_MIN_ROWS // 2:
            _recut(db, t, docs, stats, weights)
    set_meta(db, scanned=stats.rows)
