"""Ranking lists: for each frequent word, the rows that can be its best bm25 matches, beside FTS5.

Why: FTS5 scores every row a word matches before ``LIMIT`` applies, so ranking a word found in
most captions costs a second at a million rows. For each word in more than ``LIST_MIN_ROWS`` rows
``search_rank_top`` keeps the ``KEEP`` rows with the highest *key* ``f / (D + avgdl/3)`` (the
order of the word's bm25 score for any idf; ``bm25.key``), with their weighted frequency ``f``
and length ``D``; ``search_rank_terms`` keeps the word's row count and ``bound``, the key of the
best row left out. Scores are computed at query time from the *current* row count, token total
and the word's current row count (``bm25``), so they are FTS5's own numbers. A row left out has a
key of at most ``bound`` (times ``a0/a`` if the average row length fell from ``a0`` to ``a``), so
once the 50th best listed row scores more than that, no row left out can be in the top 50; the
query checks this (``topk``) and asks FTS5 when it cannot prove its answer.

Changes: triggers on FTS5's content table record each changed row once in
``search_rank_dirty``, with its indexed text as it was (``old``; NULL for a row that was not
there). Whoever writes to photos_fts (photo triggers, grounding, rebuilds) is covered. Queries
merge those rows themselves (tokenized once per connection); ``rankmaint`` folds them into the
lists (a few tens of microseconds a row) and keeps the lists fit.

FROZEN: ``create_v1`` is what migration ``m090_search_ranking`` runs.
"""

from __future__ import annotations

import json
import logging
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Sequence

from app.core.sqlscript import run_script
from app.search import bm25, scratch
from app.search.schema import FTS_COLUMNS, install_rank_triggers, rank_triggers_present

if TYPE_CHECKING:
    from sqlite_utils import Database

log = logging.getLogger(__name__)

LIST_MIN_ROWS = 30_000  # words in more rows get a list (FTS5 ranks smaller sets within budget: ~25 ms)
KEEP = 1_000  # rows kept per word
DIRTY_MAX = 2_000  # changed rows a query merges itself; beyond, the lists wait for ``maintain``


def create_v1(db: Database) -> None:
    """The ranking tables and their triggers (migration m090; frozen)."""
    run_script(db, 
        """
        CREATE TABLE search_rank_terms (
            term TEXT PRIMARY KEY,
            docs INTEGER NOT NULL,      -- rows holding the term when the list was last brought up to date
            avgdl REAL NOT NULL,        -- average row length the list was cut at
            bound REAL NOT NULL,        -- key of the best row left out at that length (0: none left out)
            kept INTEGER NOT NULL       -- rows in search_rank_top
        ) WITHOUT ROWID;
        CREATE TABLE search_rank_top (
            term TEXT NOT NULL,
            photo_id INTEGER NOT NULL,
            freq REAL NOT NULL,         -- instances weighted by their column's weight
            length INTEGER NOT NULL,    -- tokens in the row
            PRIMARY KEY (term, photo_id)
        ) WITHOUT ROWID;
        CREATE INDEX search_rank_top_photo ON search_rank_top(photo_id);
        CREATE TABLE search_rank_dirty (
            photo_id INTEGER PRIMARY KEY,
            old TEXT                    -- JSON list of the indexed texts before the first change
                                        -- (NULL: the row was not indexed then)
        );
        CREATE TABLE search_rank_meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
        """
    )
    install_rank_triggers(db)


def installed(db: Database) -> bool:
    return db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_rank_meta'").fetchone() is not None


# -- metadata ---------------------------------------------------------------------------------


def meta(db: Database) -> dict[str, Any]:
    return {k: v for k, v in db.conn.execute("SELECT key, value FROM search_rank_meta")}


def set_meta(db: Database, **values: Any) -> None:
    db.conn.executemany("INSERT OR REPLACE INTO search_rank_meta(key, value) VALUES (?, ?)", list(values.items()))


def signature(db: Database, weights: Sequence[float]) -> str:
    """What the lists depend on besides the text: the index's definition (columns, tokenizer)
    and the weights."""
    row = db.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'photos_fts'").fetchone()
    return json.dumps([row[0] if row else "", list(FTS_COLUMNS), [float(w) for w in weights]])


def _step(weights: Sequence[float]) -> float:
    """The common step of the weights (0.5 for 10, 8, 6, 4, 1.5): frequencies are multiples of it."""
    for k in range(11):
        q = 2.0**-k
        if all(abs(w / q - round(w / q)) < 1e-12 for w in weights):
            return q
    return 0.0


def fts_term(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


# -- cutting a list ---------------------------------------------------------------------------


@dataclass
class Cut:
    term: str
    docs: int
    entries: list[tuple[int, float, int]]  # photo_id, freq, length
    bound: float


def cut(db: Database, term: str, docs: int, stats: bm25.TableStats, weights: Sequence[float]) -> Cut | None:
    """The word's best ``KEEP`` rows by FTS5's own bm25, with ``f`` and ``D`` recovered from the
    score (None when a score does not come back exactly: then no list is trusted)."""
    w = ", ".join(str(float(x)) for x in weights)
    rows = db.conn.execute(
        f"SELECT rowid, bm25(photos_fts, {w}) AS r FROM photos_fts WHERE photos_fts MATCH ? ORDER BY r LIMIT ?",
        [fts_term(term), KEEP + 1],
    ).fetchall()
    return cut_from_scores(db, term, docs, rows, stats, weights, "ranking lists")


def cut_from_scores(db: Database, term: str, docs: int, rows: Sequence[tuple[Any, Any]], stats: bm25.TableStats,
                    weights: Sequence[float], what: str) -> Cut | None:
    """A list from the best ``KEEP + 1`` (rowid, FTS5 bm25) pairs of a word or a phrase: ``f`` and
    ``D`` recovered from each score, checked to give the score back exactly (else None: ``what`` is
    disabled, with a warning), and the bound on every row left out."""
    lengths = bm25.row_lengths(db, [r[0] for r in rows])
    idf = bm25.idf(stats.rows, docs)
    avgdl, step = stats.avgdl, _step(weights)
    out: list[tuple[int, float, int]] = []
    for rowid, r in rows:
        length = lengths.get(int(rowid), 0)
        s = -float(r)
        f = bm25.freq_from_score(s, idf, length, avgdl, step) if step else s
        if abs(bm25.part(idf, f, length, avgdl) - s) > 1e-12 * max(s, 1e-300):
            log.warning("%s disabled: bm25 of %r did not match FTS5 (%r, %r)", what, term, s, f)
            return None
        out.append((int(rowid), f, length))
    bound = bm25.key(out[KEEP][1], out[KEEP][2], avgdl) if len(out) > KEEP else 0.0
    return Cut(term, docs, out[:KEEP], bound)


def frequent_terms(db: Database) -> list[tuple[str, int]]:
    """Words in more than ``LIST_MIN_ROWS`` rows that a query can name exactly (a stem that
    tokenizes to itself; porter is not idempotent for a few, which FTS5 then ranks itself)."""
    found = db.conn.execute("SELECT term, doc FROM photos_fts_vocab WHERE doc > ?", [LIST_MIN_ROWS]).fetchall()
    tokens = scratch.tokenize(db, [t for t, _ in found]) if found else []
    return [(t, int(d)) for (t, d), tk in zip(found, tokens) if tk == [t]]


def bump(db: Database) -> None:
    """The set of listed words changed: cached counts of changed rows are stale."""
    db.conn.execute(
        "INSERT INTO search_rank_meta(key, value) VALUES ('generation', 1) "
        "ON CONFLICT(key) DO UPDATE SET value = value + 1"
    )


def store(db: Database, c: Cut, avgdl: float) -> None:
    conn = db.conn
    if conn.execute("SELECT 1 FROM search_rank_terms WHERE term = ?", [c.term]).fetchone() is None:
        bump(db)
    conn.execute("DELETE FROM search_rank_top WHERE term = ?", [c.term])
    conn.executemany(
        "INSERT INTO search_rank_top(term, photo_id, freq, length) VALUES (?, ?, ?, ?)",
        [(c.term, i, f, d) for i, f, d in c.entries],
    )
    conn.execute(
        "INSERT OR REPLACE INTO search_rank_terms(term, docs, avgdl, bound, kept) VALUES (?, ?, ?, ?, ?)",
        [c.term, c.docs, avgdl, c.bound, len(c.entries)],
    )


def build(db: Database, weights: Sequence[float]) -> bool:
    """Cut every list from scratch (after a bulk rebuild, or when anything looks off). Runs in
    the caller's transaction if one is open. Returns whether the lists are usable."""
    conn = db.conn
    path = _second_reader_path(db)  # before this function writes (and so opens a transaction)
    install_rank_triggers(db)  # gone if the index was made anew since
    conn.execute("DELETE FROM search_rank_top")
    conn.execute("DELETE FROM search_rank_terms")
    conn.execute("DELETE FROM search_rank_dirty")
    bump(db)
    stats = bm25.table_stats(db)
    cuts: list[Cut | None] = _cut_all(db, frequent_terms(db), stats, weights, path) if stats.rows > 0 else []
    ok = all(c is not None for c in cuts)
    if ok:
        for c in cuts:
            assert c is not None
            store(db, c, stats.avgdl)
    set_meta(db, state="ready" if ok else "off", rows=stats.rows, tokens=stats.tokens, scanned=stats.rows,
              signature=signature(db, weights))
    return ok


def _second_reader_path(db: Database) -> str | None:
    """The file a second, read-only connection can cut lists from: a WAL database with nothing
    uncommitted on this connection (so both see the same index). None: cut on this one only."""
    conn = db.conn
    if conn.in_transaction:
        return None
    files = [r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"]
    if not files or not files[0]:
        return None
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    return files[0] if str(mode).lower() == "wal" else None


def _cut_all(db: Database, terms: list[tuple[str, int]], stats: bm25.TableStats, weights: Sequence[float],
             path: str | None, cutter: Any = None) -> list[Cut | None]:
    """Cut each word's list (or each phrase's, with ``cutter``); with ``path``, half the work on a
    second connection in a thread (FTS5 scores with the GIL released: two cores cut nearly twice
    as fast). ``terms`` pairs each with its weight of work, for balance."""
    cut = cutter or globals()["cut"]
    if path is None or len(terms) < 8:
        return [cut(db, t, d, stats, weights) for t, d in terms]
    mine: list[tuple[str, int]] = []
    theirs: list[tuple[str, int]] = []
    load = [0, 0]
    for t, d in sorted(terms, key=lambda x: -x[1]):  # balance by rows to score
        side = 0 if load[0] <= load[1] else 1
        (mine if side == 0 else theirs).append((t, d))
        load[side] += d

    def other() -> list[Cut | None]:
        module = sys.modules[type(db.conn).__module__]  # the same SQLite build as this connection
        reader = module.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        try:
            reader.execute("PRAGMA mmap_size = 2147418112")
            from sqlite_utils import Database  # noqa: PLC0415 - only to cut lists, never to search

            rdb = Database(reader)
            return [cut(rdb, t, d, stats, weights) for t, d in theirs]
        finally:
            reader.close()

    with ThreadPoolExecutor(1, thread_name_prefix="rank-lists") as pool:
        future = pool.submit(other)
        out = [cut(db, t, d, stats, weights) for t, d in mine]
        try:
            out += future.result()
        except Exception as exc:  # noqa: BLE001 - the second connection is only a speed-up
            log.info("ranking lists: cutting on one connection (%s)", exc)
            out += [cut(db, t, d, stats, weights) for t, d in theirs]
    return out


# -- changed rows -----------------------------------------------------------------------------


@dataclass
class Change:
    """A row changed since the lists were last brought up to date: as it was, and as it is."""

    photo_id: int
    old: scratch.RowCounts | None
    new: scratch.RowCounts | None


_CACHE = "_albumwise_rank_changes"


def changes(db: Database, dirty: Sequence[tuple[int, str | None]], weights: Sequence[float],
            generation: Any = None) -> dict[int, Change]:
    """Tokenize the old and current text of changed rows, counting the listed words (cached per
    connection by content and by the set of listed words, ``generation``)."""
    if not dirty:
        return {}
    ncol = len(FTS_COLUMNS)
    cols = ", ".join(f"c{i}" for i in range(ncol))
    ids = [int(i) for i, _ in dirty]
    current: dict[int, tuple[Any, ...]] = {}
    for s in range(0, len(ids), 500):
        chunk = ids[s : s + 500]
        for row in db.conn.execute(
            f"SELECT id, {cols} FROM photos_fts_content WHERE id IN ({', '.join('?' * len(chunk))})", chunk
        ):
            current[int(row[0])] = tuple(row[1:])
    held = getattr(db, _CACHE, None)
    cache: dict[Any, Change] = held[1] if held and held[0] == generation and generation is not None else {}
    fresh: dict[Any, Change] = {}
    todo: list[tuple[Any, int, list[Any] | None, tuple[Any, ...] | None]] = []
    for i, old in dirty:
        cur = current.get(int(i))
        k = (int(i), old, cur)
        if k in cache:
            fresh[k] = cache[k]
        else:
            oldv = json.loads(old) if old is not None else None
            todo.append((k, int(i), oldv, cur))
    if todo:
        rows: list[tuple[Any, ...]] = []
        for _, i, oldv, cur in todo:
            if oldv is not None:
                rows.append((-i, *(list(oldv) + [None] * ncol)[:ncol]))
            if cur is not None:
                rows.append((i, *cur))
        counted: dict[int, scratch.RowCounts] = {}
        for s in range(0, len(rows), 1000):
            counted.update(scratch.count_rows(db, rows[s : s + 1000], weights, scratch.LISTED)[0])
        for k, i, oldv, cur in todo:
            fresh[k] = Change(i, counted.get(-i) if oldv is not None else None,
                              counted.get(i) if cur is not None else None)
    setattr(db, _CACHE, (generation, fresh))
    return {k[0]: c for k, c in fresh.items()}


def consistent(m: dict[str, Any], stats: bm25.TableStats, ch: dict[int, Change]) -> bool:
    """Do the recorded totals plus the changed rows give the index's totals? (Anything that
    bypassed the triggers, or an uncommitted write, shows up here.)"""
    rows = int(m.get("rows", -1)) + sum((c.new is not None) - (c.old is not None) for c in ch.values())
    tokens = int(m.get("tokens", -1)) + sum(
        (c.new.length if c.new else 0) - (c.old.length if c.old else 0) for c in ch.values()
    )
    return rows == stats.rows and tokens == stats.tokens


# -- the view a query uses ---------------------------------------------------------------------


class TermList:
    """A word's list as it stands now. Its rows are read when first asked for: a query ranked by
    FTS5 needs only the word's row count (reading 1,000 rows costs ~1.5 ms a word)."""

    def __init__(self, term: str, docs: int, entries: Callable[[], dict[int, tuple[float, int]]],
                 bound: float) -> None:
        self.term = term
        self.docs = docs  # rows holding the term now
        self.bound = bound  # no row outside ``entries`` has a larger key at the current average length
        self._read = entries
        self._entries: dict[int, tuple[float, int]] | None = None

    @property
    def entries(self) -> dict[int, tuple[float, int]]:
        """photo_id -> (freq, length), current."""
        if self._entries is None:
            self._entries = self._read()
        return self._entries


@dataclass
class View:
    stats: bm25.TableStats
    changed: dict[int, Change]
    weights: Sequence[float]
    db: Database
    _lists: dict[str, TermList | None] = field(default_factory=dict)

    def term(self, token: str) -> TermList | None:
        if token not in self._lists:
            self._lists[token] = self._load(token)
        return self._lists[token]

    def _load(self, token: str) -> TermList | None:
        row = self.db.conn.execute(
            "SELECT docs, avgdl, bound FROM search_rank_terms WHERE term = ?", [token]
        ).fetchone()
        if row is None:
            return None
        docs, a0, bound = int(row[0]), float(row[1]), float(row[2])
        for c in self.changed.values():
            had = c.old is not None and token in c.old.terms
            has = c.new is not None and token in c.new.terms
            docs += has - had
        a = self.stats.avgdl
        if bound > 0 and a < a0:
            bound *= a0 / a  # rows gain at most this when the average row shrinks
        return TermList(token, docs, lambda: self._entries(token), bound)

    def _entries(self, token: str) -> dict[int, tuple[float, int]]:
        """Read in the query's snapshot (``search_words`` holds one read transaction throughout)."""
        entries = {
            int(i): (float(f), int(d))
            for i, f, d in self.db.conn.execute(
                "SELECT photo_id, freq, length FROM search_rank_top WHERE term = ?", [token]
            )
            if int(i) not in self.changed
        }
        for c in self.changed.values():
            if c.new is not None and token in c.new.terms:
                entries[c.photo_id] = (c.new.terms[token], c.new.length)
        return entries


def view(db: Database, weights: Sequence[float]) -> View | None:
    """The lists as they stand now, with changed rows merged; None when they cannot be trusted
    (not built, other weights, too many changes waiting, totals that do not add up)."""
    try:
        m = meta(db)
    except Exception:  # noqa: BLE001 - an older database without the tables: FTS5 ranks alone
        return None
    if m.get("state") != "ready" or m.get("signature") != signature(db, weights) or not rank_triggers_present(db):
        return None
    n = db.conn.execute("SELECT count(*) FROM (SELECT 1 FROM search_rank_dirty LIMIT ?)", [DIRTY_MAX + 1]).fetchone()[0]
    if n > DIRTY_MAX:
        return None
    dirty = db.conn.execute("SELECT photo_id, old FROM search_rank_dirty").fetchall() if n else []
    ch = changes(db, dirty, weights, m.get("generation"))
    stats = bm25.table_stats(db)
    if stats.rows <= 0 or not consistent(m, stats, ch):
        return None
    return View(stats, ch, weights, db)
