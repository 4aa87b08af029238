"""Choosing how to get a query's exact bm25 top-k, by what each way would cost at this size.

FTS5's ``ORDER BY bm25`` is exact but costs, at query time, a walk through each phrase's whole
doclist (for its idf) plus about a microsecond per matching row. Measured on the bench corpus
(``tests/bench/bench_search.py``), in CPU time on one core:

- ``C_WALK``: a word's doclist, per row holding it (its idf is a count of those rows);
- ``C_SCORE``: scoring and sorting, per matching row.

Ways, cheapest first:

1. FTS5 ranks the query itself when the estimate is within ``FAST_US``.
2. The threshold algorithm over the ranking lists (``topk``): frequent plain words are scored
   from their lists, FTS5 ranks only the selective rest.
3. FTS5 ranks the query itself when 2 does not apply or cannot prove its answer (a phrase of
   very common words, two frequent words of weight, a selective filter on a common word): within
   ``BUDGET_US`` (``TYPING_US`` while typing), and up to ``SLOW_US`` when a search is submitted.
4. Beyond that the caller answers approximately (the newest matches) and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from app.search import bm25, topk
from app.search.ranklists import View

if TYPE_CHECKING:
    from sqlite_utils import Database

C_WALK = 0.035  # µs per row of a word's doclist
C_SCORE = 0.75  # µs per matching row
FAST_US = 8_000.0  # estimated µs below which FTS5 is asked first
BUDGET_US = 30_000.0  # a search's budget (p99 target 50 ms at a million captions)
SLOW_US = 150_000.0  # the most a submitted search may cost to be exact; beyond: approximate
TYPING_US = 15_000.0  # a keystroke's budget (p99 target 30 ms)
MAX_EVALS = 1_000  # rows the threshold algorithm may check before it gives up (about 20 ms) ...
TYPING_EVALS = 200  # ... and while typing, when it is tried only if the heavy words weigh at most
TYPING_SLACK = 0.05  # this much idf together (words in about half the captions or more)
WALK_FREE = 100_000  # a listed word in fewer rows is cheap enough for FTS5 to score with the rest
HEAVY_SHARE = 0.25  # ... and so is one in less than this share of the rows (its idf matters)
PHRASE_SHARE = 0.1  # rows holding every word of a phrase that hold it as a phrase (a guess)
SEEK_SPAN = 8  # rows of a doclist a jump to the next wanted row costs, at most
C_EVAL = 30.0  # µs to check a row in the threshold algorithm (its words counted in the TEMP index,
#                its text read, the loop's own work: 25-45 µs measured at 1 M rows)
SEEK_SHARE = 2 / 3  # words in more of the rows are not checked by FTS5 in the split's fetch (below)
HEAVY_EVALS = 6.0  # batches checked beyond the first two, per unit of the heavy words' idf (below)
BATCH_ROWS = 64  # topk.BATCH


@dataclass
class Clause:
    expr: str  # FTS5 expression
    count: int  # rows matching (an upper bound for a phrase: its rarest word's rows)
    token: str | None = None  # the index term of a plain one-word clause
    phrase: bool = False  # positions compared (phrase, split word), a prefix, or alternatives
    words: tuple[int, ...] = ()  # a phrase's words' row counts (empty: just ``count``)
    terms: tuple[str, ...] = ()  # a phrase's index terms (empty: not a phrase)

    @property
    def doclists(self) -> tuple[int, ...]:
        return self.words or (self.count,)


@dataclass
class Exact:
    hits: list[tuple[int, float]]  # (photo_id, positive bm25), best first (ties past ``limit`` kept)
    how: str  # "fts5" | "lists" | "split" | "fts5-slow" (and "phrase-list": ``phraselists``)


def traverse(c: Clause, lead: int) -> float:
    """Reading a clause's doclists as far as a lead of ``lead`` rows takes them (a far jump costs
    about ``SEEK_SPAN`` rows' worth)."""
    return C_WALK * sum(min(n, SEEK_SPAN * lead) for n in c.doclists)


def walk_cost(c: Clause) -> float:
    """The idf walk: a word's whole doclist; a phrase evaluated over all rows."""
    return traverse(c, min(c.doclists))


def own_matches(c: Clause, rows: int) -> float:
    if not c.words or rows <= 0:
        return float(c.count)
    both = float(rows)
    for n in c.words:
        both *= min(1.0, n / rows)
    return min(float(c.count), PHRASE_SHARE * both)


def matches(clauses: Sequence[Clause], rows: int) -> float:
    """Rows matching all clauses: at most the smallest count; twice the independent estimate."""
    own = [own_matches(c, rows) for c in clauses]
    if rows <= 0 or len(clauses) < 2:
        return min(own)
    independent = float(rows)
    for n in own:
        independent *= min(1.0, n / rows)
    return min(min(own), 2.0 * independent)


def fts_cost(clauses: Sequence[Clause], negatives: Sequence[Clause], rows: int) -> float:
    """Estimated µs for FTS5 to rank ``AND`` of the clauses minus the negatives."""
    if not clauses:
        return 0.0
    lead = min(min(c.doclists) for c in clauses)
    idf = sum(walk_cost(c) for c in (*clauses, *negatives))
    enum = sum(traverse(c, lead) for c in (*clauses, *negatives))
    return idf + enum + C_SCORE * matches(clauses, rows) * (1 + 0.5 * (len(clauses) - 1))


def split_cost(rest: Sequence[Clause], checked: Sequence[Clause], rows: int, heavy_idf: float = 0.0) -> float:
    """The same with the heavy words and exclusions only checked (no idf walk, no scoring), plus
    the rows the threshold algorithm checks. A heavy word's share of a row outside its list is only
    bounded (by its 1,000th best row's: the word two or three times), while most rows hold it once:
    the larger its idf, the wider that gap and the more rows are checked before the answer is
    proven (at 1 M rows: ~130 for words in most rows, 250-460 for "at", "its", idf 0.5-0.8)."""
    lead = min(min(c.doclists) for c in rest)
    return (sum(walk_cost(c) for c in rest) + sum(traverse(c, lead) for c in (*rest, *checked))
            + C_SCORE * matches(rest, rows) * (1 + 0.5 * (len(rest) - 1))
            + C_EVAL * BATCH_ROWS * (2 + HEAVY_EVALS * heavy_idf))


def _and(exprs: Sequence[str]) -> str:
    return " AND ".join(exprs)


def fts_ranked(db: Database, expr: str, where: str, params: Sequence[Any], join: str,
               weights: Sequence[float], n: int) -> list[tuple[int, float]]:
    w = ", ".join(str(float(x)) for x in weights)
    rows = db.conn.execute(
        f"SELECT f.rowid, bm25(photos_fts, {w}) AS r FROM photos_fts AS f{join} "
        f"WHERE photos_fts MATCH ?{where} ORDER BY r LIMIT ?",
        [expr, *params, n],
    ).fetchall()
    return [(int(i), -float(r)) for i, r in rows]


def rank(db: Database, view: View | None, clauses: Sequence[Clause], negatives: Sequence[Clause], *,
         full: str, where: str, params: Sequence[Any], join: str, conds: tuple[str, list[Any]] | None,
         weights: Sequence[float], limit: int, rows: int, typing: bool = False) -> Exact | None:
    """The exact top ``limit`` (by FTS5's bm25 of ``full``), or None when no way fits the budget."""
    n = limit * 2 + 10  # a few more, for the recency tie-break among equal scores
    cost = fts_cost(clauses, negatives, rows)
    budget = TYPING_US if typing else BUDGET_US
    if cost <= FAST_US:
        return Exact(fts_ranked(db, full, where, params, join, weights, n), "fts5")
    if view is not None:
        got = _threshold(db, view, clauses, negatives, full, where, params, join, conds, weights, limit, rows,
                         min(cost, budget), TYPING_EVALS if typing else MAX_EVALS, typing, fts_fits=cost <= budget)
        if got is not None:
            return got
    if cost <= budget:
        return Exact(fts_ranked(db, full, where, params, join, weights, n), "fts5")
    if not typing and cost <= SLOW_US:
        return Exact(fts_ranked(db, full, where, params, join, weights, n), "fts5-slow")
    return None


def _fetched(rest: Sequence[Clause], heavy: Sequence[Clause], negatives: Sequence[Clause], rows: int) -> str:
    """The rows the split fetches: every clause and exclusion but the heaviest words. Making FTS5
    check a word found in most rows costs a seek through its doclist per row (~1 µs, 7-9 ms for
    a selective part of 9,000 rows at 1 M), while the few fetched rows without it are found by the
    threshold algorithm's own check (~30 µs each, a few hundred rows checked)."""
    kept = [c.expr for c in rest] + [c.expr for c in heavy if c.count < SEEK_SHARE * rows]
    return "(" + _and(kept) + ")" + "".join(f" NOT ({c.expr})" for c in negatives)


def _threshold(db: Database, view: View, clauses: Sequence[Clause], negatives: Sequence[Clause], full: str,
               where: str, params: Sequence[Any], join: str, conds: tuple[str, list[Any]] | None,
               weights: Sequence[float], limit: int, rows: int, budget: float, evals: int,
               typing: bool, fts_fits: bool = False) -> Exact | None:
    listed = [c for c in clauses if c.token and not c.phrase and view.term(c.token) is not None]
    # Words in a large share of the rows: costly to walk, and little to gain (their idf is small),
    # so scored from their lists. The rest is ranked by FTS5.
    heavy = [c for c in listed if c.count > WALK_FREE and c.count >= HEAVY_SHARE * rows]
    rest = [c for c in clauses if c not in heavy]
    heavy_idf = sum(bm25.idf(rows, c.count) for c in heavy)
    if typing and heavy_idf > TYPING_SLACK:
        return None  # each heavy word's unknown share would take too many rows to check
    costly_negatives = sum(walk_cost(c) for c in negatives) > FAST_US  # their idf walk is saved too
    if rest and (heavy or costly_negatives):
        if split_cost(rest, [*heavy, *negatives], rows, heavy_idf) <= budget:
            got = topk.rank_split(db, view, _and([c.expr for c in rest]), _fetched(rest, heavy, negatives, rows),
                                  [c.token or "" for c in heavy], weights, limit, where=where, params=params,
                                  join=join, max_evals=evals)
            return Exact(got.hits, "split") if got is not None else None
        if fts_fits:
            return None  # FTS5 costs less, within the budget (the lists below would check as many rows)
    # Lists alone can prove a top when one word carries the weight (a word, maybe with
    # stop-words). Two frequent words of weight are ranked by FTS5 (their common rows are few);
    # stop-words alone ("to is") would need rows deep in every list.
    if len(listed) == len(clauses) and (len(listed) == 1 or len(listed) - len(heavy) == 1):
        got = topk.rank_lists(db, view, [c.token or "" for c in listed], weights, limit,
                              negatives=[c.expr for c in negatives], conds=conds, max_evals=evals)
        return Exact(got.hits, "lists") if got is not None else None
    return None
