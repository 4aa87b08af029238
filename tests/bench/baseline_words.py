"""The word-search planner before the ranking lists, kept as the benchmark's baseline (same run,
same data): ``tests/bench/bench_search.py`` prints its times and overlap next to today's.

Word search over the FTS5 index, planned so any query stays fast at a million captions.

FTS5's bm25 scores every matching row (and counts each phrase's documents) before LIMIT applies:
cheap for selective words, 1-2 s at 1 M rows for a word in most captions. So:

1. Each positive clause's match count is probed with ``LIMIT T+1`` (bounded work, cached per
   connection until the database changes).
2. Clauses matching at most ``T`` (50,000) rows are *selective*: bm25 (field weights) ranks their
   intersection in the big index.
3. *Common* clauses only have to match: one unranked FTS5 query over the whole expression gives
   the allowed rows, and the selective clauses' bm25 order is kept. Words in more than 30 % of a
   sample of the newest captions ("a", "the") are dropped next to other words, like stop-words.
4. A query made only of common clauses is answered newest first (``ORDER BY rowid DESC``, which
   FTS5 does without scoring); that page is ranked by bm25 among itself in a small TEMP index
   (``scratch``), which also builds snippets wherever checking the big index row by row is slow
   (common words, prefixes).
5. A selective clause with more than 2,500 matches is ranked by bm25 over its newest 1,500
   matches only (bm25's cost is per scored row). While typing, the last word is a prefix from 3
   letters.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from app.search import scratch
from app.search.filters import filter_sql as grounding_filter_sql
from app.search.query import CAPTION_STATES, Clause, Filter, Query, Term
from app.search.schema import FTS_COLUMNS

# caption > description (the file's own caption) > keywords > title > names (file and folders)
WEIGHTS = (10.0, 8.0, 6.0, 4.0, 1.5)
_WEIGHT_BY_COL = dict(zip(("caption", "description", "keywords", "title", "names"), WEIGHTS))
BM25_WEIGHTS = tuple(_WEIGHT_BY_COL[c] for c in FTS_COLUMNS)
RANK_ALL_MAX = 2_500  # bm25 ranks every match of the selective words up to this many ...
RANK_WINDOW = 1_500  # ... beyond, bm25 ranks the newest this many matches (cost ~2 µs per row)
WINDOW_MAX = 50_000  # above this many matches a clause is "common" (bm25's document count of a
#                      word walks its whole doclist)
PREFIX_RANK_MAX = 1_500  # bm25 over a prefix costs more per row (merged position lists)
MAX_ROUNDS = 8  # batches of newest-first scanning for filter/exclusion-only queries
MIN_PREFIX_CHARS = 3  # shorter prefixes merge too many doclists at 1 M rows

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class Hit:
    photo_id: int
    score: float
    snippet: str | None = None  # matched words wrapped in \x02 ... \x03


@dataclass
class Plan:
    positive: list[str] = field(default_factory=list)  # FTS5 expressions, ANDed
    negative: list[str] = field(default_factory=list)  # FTS5 expressions to exclude
    conds: list[tuple[str, list[Any]]] = field(default_factory=list)  # SQL on photos AS p
    notices: list[str] = field(default_factory=list)
    # expr -> an upper bound of its matches known without probing (a phrase's rarest word)
    bounds: dict[str, int] = field(default_factory=dict)
    prefixed: set[str] = field(default_factory=set)  # exprs holding a prefix term
    single_token: dict[str, str] = field(default_factory=dict)  # plain one-token word expr -> token
    dropped: list[str] = field(default_factory=list)  # stop-words left out of this query

    @property
    def empty(self) -> bool:
        return not (self.positive or self.negative or self.conds)


@dataclass
class WordResult:
    hits: list[Hit]
    ranked: bool  # False: newest first (only common words), or no words at all
    notices: list[str]


def fts_literal(text: str, prefix: bool = False) -> str:
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _filter_sql(f: Filter, notices: list[str]) -> tuple[str, list[Any]] | None:
    v = f.value
    if f.key == "folder":
        if v.startswith("/"):
            base = v.rstrip("/") or "/"
            return "(p.folder = ? OR p.folder LIKE ? ESCAPE '\\')", [base, _like(base + "/")[1:]]
        return "p.folder LIKE ? ESCAPE '\\'", [_like(v)]
    if f.key == "camera":
        return "(coalesce(p.camera_make, '') || ' ' || coalesce(p.camera_model, '')) LIKE ? ESCAPE '\\'", [_like(v)]
    if f.key == "model":
        return "coalesce(p.caption_model, '') LIKE ? ESCAPE '\\'", [_like(v)]
    if f.key in ("year", "date"):
        lo, sep, hi = v.partition("..")
        lo, hi = lo.strip(), hi.strip()
        if not sep:
            hi = lo
        if (lo and not _DATE.match(lo)) or (hi and not _DATE.match(hi)) or not (lo or hi):
            notices.append(f"ignored {f.key}:{v} (use {f.key}:2019 or date:2019-07..2019-09)")
            return None
        parts, params = [], []
        if lo:
            parts.append("p.taken_at >= ?")
            params.append(lo)
        if hi:
            parts.append("p.taken_at < ?")
            params.append(hi + "~")  # '~' sorts after every character of an ISO timestamp
        return "(" + " AND ".join(parts) + ")", params
    if f.key in ("place", "person", "event"):
        return grounding_filter_sql(f.key, _like(v))
    if f.key == "state":
        states = [s for s in re.split(r"[|,]", v.lower()) if s]
        bad = [s for s in states if s not in CAPTION_STATES]
        good = [s for s in states if s in CAPTION_STATES]
        if bad:
            notices.append(f"ignored state {', '.join(bad)} (states: {', '.join(CAPTION_STATES)})")
        if not good:
            return None
        return f"p.caption_state IN ({', '.join('?' * len(good))})", good
    if f.key == "has":
        what = v.lower().rstrip("s") if v.lower() != "gps" else "gps"
        sql = {
            "keyword": "(p.caption_keywords NOT IN ('[]', '') OR p.file_keywords NOT IN ('[]', ''))",
            "caption": "coalesce(p.caption, '') != ''",
            "title": "(coalesce(p.caption_title, '') != '' OR coalesce(p.file_title, '') != '')",
            "description": "coalesce(p.file_description, '') != ''",
            "gps": "p.gps_lat IS NOT NULL",
            "embedding": "EXISTS (SELECT 1 FROM photo_embeddings e WHERE e.photo_id = p.id)",
        }.get(what)
        if sql is None:
            notices.append(f"ignored has:{v} (has:keywords, has:caption, has:title, has:gps, has:embedding)")
        return (sql, []) if sql else None
    return None


def _cjk_sql(t: Term) -> tuple[str, list[Any]]:
    text = t.text.replace("%", "").replace("_", "")
    if len(text) >= 3:
        return "p.id IN (SELECT rowid FROM photos_fts_cjk WHERE photos_fts_cjk MATCH ?)", [fts_literal(text)]
    return "p.id IN (SELECT rowid FROM photos_fts_cjk WHERE text LIKE ?)", [f"%{text}%"]


def compile_query(db: Database, q: Query) -> Plan:
    """Turn the parsed query into FTS5 expressions and SQL conditions."""
    plan = Plan()
    terms = [a for c in q.clauses for a in c.alternatives if isinstance(a, Term) and not a.cjk]
    tokens = scratch.tokenize(db, [t.text for t in terms]) if terms else []
    tok_of = {id(t): tk for t, tk in zip(terms, tokens)}

    def term_expr(t: Term) -> str | None:
        tk = tok_of.get(id(t), [])
        if not tk:
            return None
        prefix = t.prefix and not t.phrase
        if prefix and len(tk[-1]) < MIN_PREFIX_CHARS:
            if len(tk) == 1:
                return None  # one or two letters typed so far: wait for more
            prefix = False
        if prefix and match_count(db, fts_literal(t.text)) > RANK_ALL_MAX:
            # Already a complete, frequent word ("the", "dog"): expanding it to every longer word
            # would cost a large doclist merge and add little.
            prefix = False
        expr = fts_literal(t.text, prefix)
        if prefix:
            plan.prefixed.add(expr)
        elif len(tk) == 1 and not t.phrase:
            plan.single_token[expr] = tk[0]
        if len(tk) > 1 and not prefix:
            # A phrase (or a word the tokenizer splits, like DSC_0042) matches at most as often as
            # its rarest word; probing the phrase itself would check positions in huge doclists.
            plan.bounds[expr] = min(match_count(db, fts_literal(w)) for w in dict.fromkeys(tk))
        return expr

    for clause in q.clauses:
        _add_clause(plan, clause, term_expr)
    return plan


def _add_clause(plan: Plan, clause: Clause, term_expr: Any) -> None:
    alts = clause.alternatives
    fts_only = all(isinstance(a, Term) and not a.cjk for a in alts)
    if fts_only:
        exprs = [e for e in (term_expr(a) for a in alts) if e]
        if not exprs:
            return  # only punctuation/emoji, or one letter typed so far: asks for nothing
        expr = exprs[0] if len(exprs) == 1 else "(" + " OR ".join(exprs) + ")"
        if any(e in plan.prefixed for e in exprs):
            plan.prefixed.add(expr)
        (plan.negative if clause.negated else plan.positive).append(expr)
        return
    parts: list[tuple[str, list[Any]]] = []
    for a in alts:
        if isinstance(a, Filter):
            sql = _filter_sql(a, plan.notices)
        elif a.cjk:
            sql = _cjk_sql(a)
        else:
            e = term_expr(a)
            sql = ("p.id IN (SELECT rowid FROM photos_fts WHERE photos_fts MATCH ?)", [e]) if e else None
        if sql:
            parts.append(sql)
    if not parts:
        return
    sql = " OR ".join(s for s, _ in parts)
    params = [p for _, ps in parts for p in ps]
    plan.conds.append((f"NOT coalesce(({sql}), 0)" if clause.negated else f"({sql})", params))


# -- match counts -------------------------------------------------------------------------------

_CACHE = "_albumwise_df_cache"


def match_count(db: Database, expr: str, cap: int | None = None) -> int:
    """Rows matching ``expr``, counted up to ``cap + 1`` (bounded work), cached until data changes."""
    conn = db.conn
    cap = WINDOW_MAX if cap is None else cap
    version = (conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)
    cache = getattr(db, _CACHE, None)
    if cache is None or cache[0] != version:
        cache = (version, {})
        setattr(db, _CACHE, cache)
    key = (expr, cap)
    if key not in cache[1]:
        if len(cache[1]) > 4096:
            cache[1].clear()
        cache[1][key] = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM photos_fts WHERE photos_fts MATCH ? LIMIT ?)", [expr, cap + 1]
        ).fetchone()[0]
    return int(cache[1][key])


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
        rows = db.conn.execute("SELECT count(*) FROM photos WHERE rowid > ?", [low]).fetchone()[0] or 1
        n = db.conn.execute(
            "SELECT count(*) FROM photos_fts WHERE photos_fts MATCH ? AND rowid > ?", [expr, low]
        ).fetchone()[0]
        if len(_SHARE) > 10_000:
            _SHARE.clear()
        hit = _SHARE[expr] = (now, n / rows)
    return hit[1]


def _drop_stop_words(db: Database, plan: Plan, counts: dict[str, int]) -> None:
    """Drop words found in most captions ("a", "the", "in") when the query has other words:
    they select nothing, yet checking them costs a walk through most of the index."""
    if len(plan.positive) < 2:
        return
    candidates = [e for e in plan.positive if counts[e] > RANK_ALL_MAX and e in plan.single_token]
    stop = [e for e in candidates if sampled_share(db, e) > STOP_FRACTION]
    if len(stop) == len(plan.positive):
        return  # only stop-words: keep them all
    for e in stop:
        plan.positive.remove(e)
        plan.dropped.append(e)


# -- execution ----------------------------------------------------------------------------------


def _and(exprs: list[str]) -> str | None:
    return " AND ".join(exprs) if exprs else None


def _or(exprs: list[str]) -> str | None:
    return " OR ".join(exprs) if exprs else None


def _where(plan: Plan) -> tuple[str, list[Any]]:
    if not plan.conds:
        return "", []
    return " AND " + " AND ".join(s for s, _ in plan.conds), [p for _, ps in plan.conds for p in ps]


def _join(where: str) -> str:
    return " JOIN photos AS p ON p.id = f.rowid" if where else ""


def _texts(db: Database, ids: list[int]) -> list[tuple[Any, ...]]:
    if not ids:
        return []
    # FTS5's own content table (id, c0..c4 in FTS_COLUMNS order): a plain rowid table, so the IN
    # lookup is a few b-tree probes (on the virtual table SQLite may scan every row).
    cols = ", ".join(f"c{i}" for i in range(len(FTS_COLUMNS)))
    out: list[tuple[Any, ...]] = []
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        out += db.conn.execute(
            f"SELECT id, {cols} FROM photos_fts_content WHERE id IN ({', '.join('?' * len(chunk))})", chunk
        ).fetchall()
    return out


def _full_expr(plan: Plan) -> str | None:
    """Every positive clause, minus every exclusion, as one FTS5 expression (None without positives)."""
    pos = _and(plan.positive)
    if pos is None:
        return None
    return "(" + pos + ")" + "".join(f" NOT ({n})" for n in plan.negative)


def search_words(db: Database, q: Query, *, limit: int = 50, plan: Plan | None = None) -> WordResult:
    """Photos matching the query's words and filters, best first (see the module doc for how)."""
    limit = max(1, min(int(limit), 10_000))
    plan = plan or compile_query(db, q)
    if plan.empty:
        return WordResult([], False, plan.notices)
    counts = {e: plan.bounds.get(e) or match_count(db, e) for e in plan.positive}
    if any(n == 0 for n in counts.values()):
        return WordResult([], True, plan.notices)
    _drop_stop_words(db, plan, counts)
    selective = [e for e in plan.positive if counts[e] <= (PREFIX_RANK_MAX if e in plan.prefixed else WINDOW_MAX)]
    full = _full_expr(plan)
    where, params = _where(plan)
    conn = db.conn

    if selective:
        need_filter = len(selective) < len(plan.positive) or bool(plan.negative)
        windowed = min(counts[e] for e in selective) > RANK_ALL_MAX
        w = ", ".join(map(str, BM25_WEIGHTS))
        base = f"SELECT f.rowid, bm25(photos_fts, {w}) AS r FROM photos_fts AS f{_join(where)} WHERE photos_fts MATCH ?{where}"
        if windowed:  # bm25 (global statistics) for the newest matches only
            rows = conn.execute(base + " ORDER BY f.rowid DESC LIMIT ?", [_and(selective), *params, RANK_WINDOW]).fetchall()
            rows.sort(key=lambda r: r[1])
        else:
            n = RANK_ALL_MAX + 1 if need_filter else limit * 2 + 10
            rows = conn.execute(base + " ORDER BY r LIMIT ?", [_and(selective), *params, n]).fetchall()
        if need_filter and rows:
            allowed = {
                r for (r,) in conn.execute(
                    "SELECT rowid FROM photos_fts WHERE photos_fts MATCH ? AND rowid >= ?", [full, min(r[0] for r in rows)]
                )
            }
            rows = [r for r in rows if r[0] in allowed]
        hits = [Hit(int(rowid), -float(r)) for rowid, r in rows[: limit * 2 + 10]]
        # recency tie-break for equal scores (e.g. identical captions)
        taken = _taken(db, [h.photo_id for h in hits])
        hits.sort(key=lambda h: (taken.get(h.photo_id) is not None, taken.get(h.photo_id) or "", h.photo_id),
                  reverse=True)  # newest first, unknown dates last ...
        hits.sort(key=lambda h: -round(h.score, 6))  # ... within equal scores (the sort is stable)
        hits = hits[:limit]
        # Snippets from a small TEMP index of the shown rows: cheaper than asking the big index
        # row by row, and it checks every clause (common words, prefixes) too.
        marked = scratch.match_rows(db, _texts(db, [h.photo_id for h in hits]), full, None, BM25_WEIGHTS)
        for h in hits:
            h.snippet = marked.get(h.photo_id, (0.0, None))[1]
        return WordResult(hits, not windowed, plan.notices)

    if full:
        # Only common words: the newest matches (no scoring needed), ranked among themselves.
        window = limit  # the scratch index then holds exactly the rows shown (snippets for all)
        ids = [
            int(r[0])
            for r in conn.execute(
                f"SELECT f.rowid FROM photos_fts AS f{_join(where)} "
                f"WHERE photos_fts MATCH ?{where} ORDER BY f.rowid DESC LIMIT ?",
                [full, *params, window],
            )
        ]
        marked = scratch.match_rows(db, _texts(db, ids), full, None, BM25_WEIGHTS)
        hits = [Hit(i, -marked[i][0], marked[i][1]) for i in ids if i in marked]
        hits.sort(key=lambda h: -h.score)
        return WordResult(hits[:limit], False, plan.notices)

    # No positive words: filters and/or exclusions, newest first.
    exclude = _or(plan.negative)
    hits = []
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
        hits += [Hit(i, 0.0) for i in ids if i not in excluded]
        if len(hits) >= limit or len(ids) < batch:
            break
        last = ids[-1]
        batch = min(batch * 2, 20_000)
    return WordResult(hits[:limit], False, plan.notices)


def _taken(db: Database, ids: list[int]) -> dict[int, str | None]:
    if not ids:
        return {}
    rows = db.conn.execute(
        f"SELECT id, taken_at FROM photos WHERE id IN ({', '.join('?' * len(ids))})", ids
    ).fetchall()
    return {int(i): t for i, t in rows}
