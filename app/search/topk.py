"""Exact bm25 top-k for queries with frequent words, without scoring every match.

A query's bm25 is a sum over its phrases. The query's clauses are split in two:

- ``S``: the selective part, ranked by FTS5 itself (its matches are few, so scoring them all is
  cheap); rows come in order of their S-score ``s``. Without a selective part, ``S`` is empty.
- ``R``: frequent plain words that have a ranking list (``ranklists``). For a row in a word's list
  (or changed since), the word's share of the score is known exactly; for any other row it is at
  most the share at the list's bound.

This is the threshold algorithm (Fagin et al.): candidates are taken in order of an upper bound
(``s`` plus each R word's exact or bounded share), evaluated exactly in batches (the words'
instances counted in a small TEMP index with FTS5's tokenizer, exclusions and filters checked),
and the search stops once ``limit`` evaluated rows score at least as much as anything not yet
evaluated could: the top of the remaining candidates, and any row never seen (the next S-score
plus each word's largest share, or, without S, every word's bounded share). When that proof is
out of reach (a list too short for a selective filter, say) the caller asks FTS5 instead.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Sequence

from app.search import bm25, scratch
from app.search.ranklists import TermList, View
from app.search.schema import FTS_COLUMNS

if TYPE_CHECKING:
    from sqlite_utils import Database

BATCH = 64  # rows evaluated at a time (one TEMP-index round)
FIRST_FETCH = 400  # S-ranked rows made into candidates at a time
SLACK = 1e-9  # relative margin on bounds (they are computed along another float path)
NEG_INF = float("-inf")


@dataclass
class Word:
    """A frequent plain word of the query, with its list."""

    token: str
    lst: TermList
    idf: float
    bound_part: float  # largest share of a row outside the list
    parts: dict[int, float]  # exact share of each listed (or changed) row holding the word
    entries: dict[int, tuple[float, int]]  # the list's rows: (freq, length)

    @property
    def top_part(self) -> float:
        """Largest share of any row."""
        return max(max(self.parts.values(), default=0.0), self.bound_part)


@dataclass(slots=True)
class Cand:
    photo_id: int
    s: float  # S-score (0 without S)
    parts: list[float | None]  # per R word: exact share, or None (unknown: at most bound_part)
    length: int | None = None
    ub: float = 0.0


@dataclass
class Ranked:
    hits: list[tuple[int, float]]  # (photo_id, positive bm25 score), best first, all >= the k-th
    evaluated: int = 0
    fetched: int = 0


def words_for(view: View, tokens: Sequence[str]) -> list[Word] | None:
    avgdl, rows = view.stats.avgdl, view.stats.rows
    out = []
    for t in tokens:
        lst = view.term(t)
        if lst is None:
            return None
        i = bm25.idf(rows, lst.docs)
        entries = lst.entries
        parts = {pid: bm25.part(i, f, d, avgdl) for pid, (f, d) in entries.items()}
        bp = bm25.part_from_key(i, lst.bound, avgdl) * (1 + SLACK) if lst.bound > 0 else 0.0
        out.append(Word(t, lst, i, bp, parts, entries))
    return out


def _cand(view: View, ws: list[Word], pid: int, s: float) -> Cand:
    """A candidate with the shares known without reading the row: from lists, or from its
    tokenized change (a changed row holding a word is in that word's list)."""
    # made for every row of every list (thousands a query): one pass, no change looked up in vain
    ch = view.changed.get(pid) if view.changed else None
    unknown = 0.0 if ch is not None else None
    parts: list[float | None] = []
    length: int | None = None
    ub = s
    for w in ws:
        p = w.parts.get(pid, unknown)
        parts.append(p)
        ub += w.bound_part if p is None else p
        if length is None and p is not None and ch is None:
            length = w.entries[pid][1]
    if ch is not None:
        length = ch.new.length if ch.new is not None else None
    return Cand(pid, s, parts, length, ub)


class Engine:
    def __init__(self, db: Database, view: View, ws: list[Word], weights: Sequence[float], *,
                 negatives: Sequence[str] = (), conds: tuple[str, list[Any]] | None = None,
                 max_evals: int = 1 << 30) -> None:
        self.db, self.view, self.ws, self.weights = db, view, ws, weights
        self.negatives = list(negatives)
        self.conds = conds  # SQL on ``photos AS p`` checked for each evaluated row (list path)
        self.evaluated = 0
        self.max_evals = max_evals  # beyond, give up (the caller asks FTS5)

    def evaluate(self, cands: list[Cand]) -> list[tuple[int, float]]:
        """Exact scores of the candidates that match every R word, no exclusion and the filters."""
        self.evaluated += len(cands)
        need = [c for c in cands if self.negatives or any(p is None for p in c.parts) or c.length is None]
        counts: dict[int, scratch.RowCounts] = {}
        excluded: set[int] = set()
        if need:
            rows = _texts(self.db, [c.photo_id for c in need])
            counts, hits = scratch.count_rows(self.db, rows, self.weights, [w.token for w in self.ws], self.negatives)
            for h in hits:
                excluded |= h
        allowed = self._allowed([c.photo_id for c in cands]) if self.conds else None
        avgdl, out = self.view.stats.avgdl, []
        for c in cands:
            if c.photo_id in excluded or (allowed is not None and c.photo_id not in allowed):
                continue
            rc = counts.get(c.photo_id)
            length = c.length if c.length is not None else (rc.length if rc else None)
            if length is None:
                continue  # gone from the index meanwhile
            total, ok = c.s, True
            for p, w in zip(c.parts, self.ws):
                if p is None:
                    f = rc.terms.get(w.token, 0.0) if rc else 0.0
                    p = bm25.part(w.idf, f, length, avgdl) if f > 0 else 0.0
                if p <= 0.0:
                    ok = False
                    break
                total += p
            if ok:
                out.append((c.photo_id, total))
        return out

    def _allowed(self, ids: list[int]) -> set[int]:
        assert self.conds is not None
        sql, params = self.conds
        return {
            int(r[0])
            for r in self.db.conn.execute(
                f"SELECT p.id FROM photos AS p WHERE p.id IN ({', '.join('?' * len(ids))}) AND {sql}", [*ids, *params]
            )
        }

    def run(self, cands: list[Cand], unseen: Callable[[], float], more: Callable[[], list[Cand]] | None,
            limit: int) -> Ranked | None:
        """The threshold loop. ``unseen()``: bound for rows not among the candidates yet;
        ``more()``: further candidates (S rows) or [] when there are none."""
        heap: list[tuple[float, int, Cand]] = []
        seen: set[int] = set()

        def push(cs: list[Cand]) -> None:
            for c in cs:
                if c.photo_id not in seen:
                    seen.add(c.photo_id)
                    heap.append((-c.ub, c.photo_id, c))
            heapq.heapify(heap)

        push(cands)
        results: list[tuple[int, float]] = []
        kth: list[float] = []  # min-heap of the best ``limit`` scores
        fetched = len(cands)
        while True:
            bound = max(-heap[0][0] if heap else NEG_INF, unseen())
            if len(kth) >= limit and (bound == NEG_INF or kth[0] >= bound + SLACK * abs(bound)):
                break  # nothing left can beat the k-th (a tie is evaluated, so it is never left out)
            if not heap:
                extra = more() if more else []
                if extra:
                    fetched += len(extra)
                    push(extra)
                    continue
                if unseen() == NEG_INF:
                    break  # every possible row was evaluated
                return None  # the lists are too short to prove the answer
            if self.evaluated >= self.max_evals:
                return None
            batch = [heapq.heappop(heap)[2] for _ in range(min(BATCH, len(heap)))]
            for pid, score in self.evaluate(batch):
                results.append((pid, score))
                if len(kth) < limit:
                    heapq.heappush(kth, score)
                elif score > kth[0]:
                    heapq.heapreplace(kth, score)
        cut = kth[0] if len(kth) >= limit else NEG_INF
        hits = sorted((r for r in results if r[1] >= cut), key=lambda r: -r[1])
        return Ranked(hits, self.evaluated, fetched)


def _texts(db: Database, ids: list[int]) -> list[tuple[Any, ...]]:
    cols = ", ".join(f"c{i}" for i in range(len(FTS_COLUMNS)))
    out: list[tuple[Any, ...]] = []
    for s in range(0, len(ids), 500):
        chunk = ids[s : s + 500]
        out += db.conn.execute(
            f"SELECT id, {cols} FROM photos_fts_content WHERE id IN ({', '.join('?' * len(chunk))})", chunk
        ).fetchall()
    return out


def rank_lists(db: Database, view: View, tokens: Sequence[str], weights: Sequence[float], limit: int, *,
               negatives: Sequence[str] = (), conds: tuple[str, list[Any]] | None = None,
               max_evals: int = 1 << 30) -> Ranked | None:
    """Every clause a listed word: candidates are the lists' rows."""
    ws = words_for(view, tokens)
    if ws is None:
        return None
    if len(ws) == 1 and not negatives and not conds:
        return _one_word(ws[0], limit)
    eng = Engine(db, view, ws, weights, negatives=negatives, conds=conds, max_evals=max_evals)
    ids: set[int] = set()
    for w in ws:
        ids |= w.lst.entries.keys()
    cands = [_cand(view, ws, pid, 0.0) for pid in ids]
    # A row in no list: every share at most its bound; none at all if a list holds every row.
    unseen_ub = NEG_INF if any(w.bound_part == 0.0 for w in ws) else sum(w.bound_part for w in ws)
    return eng.run(cands, lambda: unseen_ub, None, limit)


def _one_word(w: Word, limit: int) -> Ranked | None:
    """A single word with nothing else to check: its list, sorted (no candidate objects)."""
    top = heapq.nlargest(limit, w.parts.values())
    if len(top) < limit:
        return Ranked(sorted(w.parts.items(), key=lambda r: -r[1])) if w.bound_part == 0.0 else None
    kth = top[-1]
    if w.bound_part and kth < w.bound_part:
        return None
    return Ranked(sorted(((i, p) for i, p in w.parts.items() if p >= kth), key=lambda r: -r[1]))


def rank_split(db: Database, view: View, s_expr: str, full: str, tokens: Sequence[str], weights: Sequence[float],
               limit: int, *, where: str = "", params: Sequence[Any] = (), join: str = "",
               max_evals: int = 1 << 30) -> Ranked | None:
    """A selective part ``s_expr`` ranked by FTS5 (filters joined there), plus listed words.

    Only rows matching the whole query (``full``: every word, minus exclusions) are fetched: an
    unscored FTS5 query finds them (no idf walk), ``+rowid IN`` keeps SQLite from turning that
    into one lookup per row."""
    ws = words_for(view, tokens)
    if ws is None:
        return None
    eng = Engine(db, view, ws, weights, max_evals=max_evals)
    w = ", ".join(str(float(x)) for x in weights)
    sql = (f"SELECT f.rowid, bm25(photos_fts, {w}) AS r FROM photos_fts AS f{join} "
           f"WHERE photos_fts MATCH ? AND +f.rowid IN (SELECT rowid FROM photos_fts WHERE photos_fts MATCH ?)"
           f"{where} ORDER BY r LIMIT ?")
    # One query for every S row (FTS5 scores them all to sort them anyway: asking again for more
    # would pay that twice), made into candidates ``FIRST_FETCH`` at a time as the loop needs them.
    rows: list[tuple[Any, ...]] = db.conn.execute(sql, [s_expr, full, *params, -1]).fetchall()
    state: dict[str, Any] = {"at": 0, "last": NEG_INF}
    top_r = sum(x.top_part for x in ws)

    def fetch() -> list[Cand]:
        at = state["at"]
        chunk = rows[at : at + FIRST_FETCH]
        state["at"] = at + len(chunk)
        if chunk:
            state["last"] = -float(chunk[-1][1])
        return [_cand(view, ws, int(rowid), -float(r)) for rowid, r in chunk]

    def unseen() -> float:
        return NEG_INF if state["at"] >= len(rows) else state["last"] + top_r * (1 + SLACK)

    first = fetch()
    return eng.run(first, unseen, fetch, limit)
