"""The approximate answer, for queries whose exact ranking would cost too much (``exact``).

At a million captions: a phrase of very common words, three stop-words, a prefix while typing.
Words in more than 30 % of a sample of the newest captions ("a", "the") are dropped next to other
words, like stop-words; *selective* clauses (at most ``window_max`` matches) are ranked by bm25,
over their newest ``RANK_WINDOW`` matches when they have more than ``rank_all_max``; a query of
only common clauses is answered newest first (``ORDER BY rowid DESC``, which FTS5 does without
scoring) and that page is ranked by bm25 among itself in the small TEMP index (``scratch``).
The answer says it is not ranked over every match.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Sequence

from app.search import rows, scratch

if TYPE_CHECKING:
    from sqlite_utils import Database

RANK_WINDOW = 1_500  # bm25 ranks the newest this many matches of a large selective set
MAX_ROUNDS = 8  # batches of newest-first scanning for filter/exclusion-only queries
STOP_FRACTION = 0.30  # a word in more than this share of captions is a stop-word next to others
STOP_SAMPLE = 5_000  # newest rows looked at to estimate that share
_SHARE: dict[str, tuple[float, float]] = {}  # expr -> (when, share of sampled rows); approximate
SHARE_TTL = 600.0


def sampled_share(db: Database, expr: str) -> float:
    """Share of the newest ``STOP_SAMPLE`` photos matching ``expr`` (a rowid-range query, so
    bounded work however common the word). Cached for minutes: only used to spot stop-words."""
    now = time.monotonic()
    hit = _SHARE.get(expr)
    if hit is None or now - hit[0] > SHARE_TTL:
        top = db.conn.execute("SELECT max(rowid) FROM photos").fetchone()[0] or 0
        low = max(0, top - STOP_SAMPLE)
        n_rows = db.conn.execute("SELECT count(*) FROM photos WHERE rowid > ?", [low]).fetchone()[0] or 1
        n = db.conn.execute(
            "SELECT count(*) FROM photos_fts WHERE photos_fts MATCH ? AND rowid > ?", [expr, low]
        ).fetchone()[0]
        if len(_SHARE) > 10_000:
            _SHARE.clear()
        hit = _SHARE[expr] = (now, n / n_rows)
    return hit[1]


def drop_stop_words(db: Database, plan: Any, counts: dict[str, int], rank_all_max: int) -> None:
    """Drop words found in most captions ("a", "the", "in") when the query has other words:
    they select nothing, yet checking them costs a walk through most of the index."""
    if len(plan.positive) < 2:
        return
    candidates = [e for e in plan.positive if counts[e] > rank_all_max and e in plan.single_token]
    stop = [e for e in candidates if sampled_share(db, e) > STOP_FRACTION]
    if len(stop) == len(plan.positive):
        return  # only stop-words: keep them all
    for e in stop:
        plan.positive.remove(e)
        plan.dropped.append(e)


def _full(plan: Any) -> str:
    return "(" + " AND ".join(plan.positive) + ")" + "".join(f" NOT ({n})" for n in plan.negative)


def approximate(db: Database, plan: Any, counts: dict[str, int], limit: int, *, where: str,
                params: Sequence[Any], weights: Sequence[float], window_max: int, rank_all_max: int,
                prefix_rank_max: int) -> tuple[list[tuple[int, float, str | None]], bool]:
    """(photo_id, score, snippet or None) best first, and whether that is bm25 over every match.
    ``plan`` (``words.Plan``) loses its stop-words."""
    counts = {e: min(n, window_max + 1) for e, n in counts.items()}
    drop_stop_words(db, plan, counts, rank_all_max)
    selective = [e for e in plan.positive if counts[e] <= (prefix_rank_max if e in plan.prefixed else window_max)]
    full = _full(plan)
    join = " JOIN photos AS p ON p.id = f.rowid" if where else ""
    conn = db.conn
    if selective:
        need_filter = len(selective) < len(plan.positive) or bool(plan.negative)
        windowed = min(counts[e] for e in selective) > rank_all_max
        w = ", ".join(map(str, weights))
        base = f"SELECT f.rowid, bm25(photos_fts, {w}) AS r FROM photos_fts AS f{join} WHERE photos_fts MATCH ?{where}"
        if windowed:  # bm25 (global statistics) for the newest matches only
            found = conn.execute(base + " ORDER BY f.rowid DESC LIMIT ?",
                                 [" AND ".join(selective), *params, RANK_WINDOW]).fetchall()
            found.sort(key=lambda r: r[1])
        else:
            n = rank_all_max + 1 if need_filter else limit * 2 + 10
            found = conn.execute(base + " ORDER BY r LIMIT ?", [" AND ".join(selective), *params, n]).fetchall()
        if need_filter and found:
            allowed = {
                r for (r,) in conn.execute(
                    "SELECT rowid FROM photos_fts WHERE photos_fts MATCH ? AND rowid >= ?",
                    [full, min(r[0] for r in found)],
                )
            }
            found = [r for r in found if r[0] in allowed]
        hits = [_Hit(int(rowid), -float(r)) for rowid, r in found[: limit * 2 + 10]]
        hits = rows.by_score_then_recency(db, hits)[:limit]
        return [(h.photo_id, h.score, None) for h in hits], not windowed and not plan.dropped
    # Only common words: the newest matches (no scoring needed), ranked among themselves.
    ids = [
        int(r[0])
        for r in conn.execute(
            f"SELECT f.rowid FROM photos_fts AS f{join} WHERE photos_fts MATCH ?{where} ORDER BY f.rowid DESC LIMIT ?",
            [full, *params, limit],
        )
    ]
    marked = scratch.match_rows(db, rows.texts(db, ids), full, None, weights)
    out = sorted(((i, -marked[i][0], marked[i][1]) for i in ids if i in marked), key=lambda h: -h[1])
    return out[:limit], False


class _Hit:
    __slots__ = ("photo_id", "score")

    def __init__(self, photo_id: int, score: float) -> None:
        self.photo_id, self.score = photo_id, score


def newest_without_words(db: Database, where: str, params: Sequence[Any], exclude: str | None,
                         limit: int) -> list[int]:
    """No positive words: filters and/or exclusions, newest first."""
    conn = db.conn
    out: list[int] = []
    last: int | None = None
    batch = limit * 2 + 20
    for _ in range(MAX_ROUNDS * 4):
        bound = "" if last is None else " AND p.id < ?"
        ids = [
            int(r[0])
            for r in conn.execute(
                f"SELECT p.id FROM photos AS p WHERE 1{where}{bound} ORDER BY p.id DESC LIMIT ?",
                [*params, *([] if last is None else [last]), batch],
            )
        ]
        if not ids:
            break
        excluded: set[int] = set()
        if exclude:
            excluded = {
                r
                for (r,) in conn.execute(
                    "SELECT rowid FROM photos_fts WHERE photos_fts MATCH ? AND rowid BETWEEN ? AND ?",
                    [exclude, ids[-1], ids[0]],
                )
            }
        out += [i for i in ids if i not in excluded]
        if len(out) >= limit or len(ids) < batch:
            break
        last = ids[-1]
        batch = min(batch * 2, 20_000)
    return out[:limit]
