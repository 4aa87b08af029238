"""Word search over the FTS5 index: the exact bm25 top results, fast at a million captions.

FTS5's ``ORDER BY bm25`` is exact, but it scores every matching row (and walks each phrase's
whole doclist for its idf) before ``LIMIT`` applies: a millisecond for a rare word, a second at
1 M rows for a word in most captions. So a query is compiled here (words, phrases, exclusions,
filters) and ranked by the cheapest way that still gives FTS5's own top results (``exact``):

- FTS5 itself when the query is selective enough (``exact.fts_cost``);
- the threshold algorithm over the *ranking lists* kept for frequent words (``ranklists``,
  ``topk``): their scores come from FTS5's own inputs (``bm25``), so they are FTS5's numbers;
- for a two-word phrase of frequent words on its own, its phrase list (``phraselists``);
- FTS5 again, slower, when the lists cannot prove an answer (a phrase of very common words
  without a list of its own);
- beyond a cost ceiling, and while typing beyond the keystroke budget, an approximate answer
  (``approx``: the best of the newest matches), flagged as not ranked over every match.

Equal scores show the newest photo first. Snippets come from a small TEMP index of the rows
shown (``scratch``). While typing, the last word is a prefix from 3 letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.search import approx, bm25, exact, phraselists, ranklists, rows, scratch
from app.search.filters import filter_sql as grounding_filter_sql
from app.search.query import CAPTION_STATES, Clause, Filter, Query, Term
from app.search.schema import FTS_COLUMNS, fold_letters

if TYPE_CHECKING:
    from sqlite_utils import Database

# caption > description (the file's own caption) > keywords > title > names (file and folders)
WEIGHTS = (10.0, 8.0, 6.0, 4.0, 1.5)
_WEIGHT_BY_COL = dict(zip(("caption", "description", "keywords", "title", "names"), WEIGHTS))
BM25_WEIGHTS = tuple(_WEIGHT_BY_COL[c] for c in FTS_COLUMNS)
RANK_ALL_MAX = 2_500  # a prefix or a selective word with more matches than this is not expanded
#                        or, in the approximate fallback, ranked over its newest matches only
WINDOW_MAX = 50_000  # above this many matches a clause is "common" (bm25's document count of a
#                      word walks its whole doclist)
PREFIX_RANK_MAX = 1_500  # bm25 over a prefix costs more per row (merged position lists)
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
    prefixed: set[str] = field(default_factory=set)  # exprs holding a prefix term
    single_token: dict[str, str] = field(default_factory=dict)  # plain one-token word expr -> token
    dropped: list[str] = field(default_factory=list)  # stop-words left out of this query
    # phrase expr (or a word the tokenizer splits) -> its index terms; it matches at most as
    # often as its rarest one (probing the phrase itself would compare positions in big doclists)
    tokens: dict[str, list[str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.positive or self.negative or self.conds)


@dataclass
class WordResult:
    hits: list[Hit]
    ranked: bool  # False: newest first (only common words), or no words at all
    notices: list[str]
    how: str = ""  # which way ranked it (exact.Exact.how, "newest" or "approximate"): for benchmarks


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
        return grounding_filter_sql(f.key, v)
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


def _fold_terms(q: Query) -> Query:
    """Letters the tokenizer keeps as they are (Ł, ø, ß, ...) folded as the index's folded copy
    holds them: "Łukasz" and "Lukasz" find the same photos."""
    def one(a: Any) -> Any:
        if isinstance(a, Term) and not a.cjk:
            folded = fold_letters(a.text)
            return a if folded == a.text else Term(folded, a.phrase, a.prefix)
        return a

    return Query(q.raw, [Clause(tuple(one(a) for a in c.alternatives), c.negated) for c in q.clauses], q.typing)


def compile_query(db: Database, q: Query) -> Plan:
    """Turn the parsed query into FTS5 expressions and SQL conditions."""
    plan = Plan()
    q = _fold_terms(q)
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
            plan.tokens[expr] = list(tk)
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
        target = plan.negative if clause.negated else plan.positive
        if expr not in target:  # a repeated word asks for nothing more (and its score keeps its order)
            target.append(expr)
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
    """Rows matching ``expr``, counted up to ``cap + 1`` (bounded work), cached until data changes.

    ``cap=-1``: ``expr`` is an index term, counted exactly from the vocabulary (a stem cannot be
    asked for as a query word: porter is not idempotent, "hous" would become "hou")."""
    conn = db.conn
    if cap == -1:
        key_vocab = ("vocab", expr)
        version = (conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)
        cache = getattr(db, _CACHE, None)
        if cache is None or cache[0] != version:
            cache = (version, {})
            setattr(db, _CACHE, cache)
        if key_vocab not in cache[1]:
            row = conn.execute("SELECT doc FROM photos_fts_vocab WHERE term = ?", [expr]).fetchone()
            cache[1][key_vocab] = int(row[0]) if row else 0
        return int(cache[1][key_vocab])
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


def _full_expr(plan: Plan) -> str | None:
    """Every positive clause, minus every exclusion, as one FTS5 expression (None without positives)."""
    pos = _and(plan.positive)
    if pos is None:
        return None
    return "(" + pos + ")" + "".join(f" NOT ({n})" for n in plan.negative)


def _clause(db: Database, plan: Plan, expr: str, view: ranklists.View | None, rows: int) -> exact.Clause:
    """A clause with what it costs: an exact row count for a listed word, a bound for a phrase
    (counts past ``WINDOW_MAX`` are not walked: taken as every row)."""
    token = plan.single_token.get(expr)
    lst = view.term(token) if view is not None and token else None
    if lst is not None:
        return exact.Clause(expr, lst.docs, token)
    if expr in plan.tokens:
        counts = tuple(_token_count(db, w, view, rows) for w in dict.fromkeys(plan.tokens[expr]))
        return exact.Clause(expr, min(counts), None, True, counts, tuple(plan.tokens[expr]))
    n = match_count(db, expr)
    return exact.Clause(expr, n if n <= WINDOW_MAX else max(n, rows), token, token is None)


def _token_count(db: Database, token: str, view: ranklists.View | None, rows: int) -> int:
    lst = view.term(token) if view is not None else None
    return lst.docs if lst is not None else match_count(db, token, -1)


def _phrase(db: Database, view: ranklists.View | None, clauses: list[exact.Clause], plan: Plan,
            limit: int) -> exact.Exact | None:
    """A two-word phrase alone (no exclusion, no filter) with a phrase list: ranked from it."""
    if view is None or len(clauses) != 1 or plan.negative or plan.conds or len(clauses[0].terms) != 2:
        return None
    hits = phraselists.rank(db, view, clauses[0].terms, limit)
    return exact.Exact(hits, "phrase-list") if hits is not None else None


def search_words(db: Database, q: Query, *, limit: int = 50, plan: Plan | None = None) -> WordResult:
    """Photos matching the query's words and filters, best first (see the module doc for how)."""
    conn = db.conn
    if conn.in_transaction:
        return _search(db, q, limit, plan)
    # One read snapshot for the whole search: the lists, the changes waiting and FTS5 must agree.
    conn.execute("BEGIN")
    try:
        return _search(db, q, limit, plan)
    finally:
        if conn.in_transaction:
            conn.commit()


def _search(db: Database, q: Query, limit: int, plan: Plan | None) -> WordResult:
    limit = max(1, min(int(limit), 10_000))
    plan = plan or compile_query(db, q)
    if plan.empty:
        return WordResult([], False, plan.notices)
    if not plan.positive:
        where, params = _where(plan)
        ids = approx.newest_without_words(db, where, params, _or(plan.negative), limit)
        return WordResult([Hit(i, 0.0) for i in ids], False, plan.notices, "newest")
    view = ranklists.view(db, BM25_WEIGHTS)
    n_rows = view.stats.rows if view is not None else bm25.table_stats(db).rows
    clauses = [_clause(db, plan, e, view, n_rows) for e in plan.positive]
    if any(c.count == 0 for c in clauses):
        return WordResult([], True, plan.notices)
    where, params = _where(plan)
    conds = (" AND ".join(s for s, _ in plan.conds), [p for _, ps in plan.conds for p in ps]) if plan.conds else None
    got = _phrase(db, view, clauses, plan, limit) or exact.rank(
        db, view, clauses, [_clause(db, plan, e, view, n_rows) for e in plan.negative], full=_full_expr(plan) or "",
        where=where, params=params, join=_join(where), conds=conds, weights=BM25_WEIGHTS, limit=limit, rows=n_rows,
        typing=q.typing,
    )
    if got is not None:
        hits = rows.by_score_then_recency(db, [Hit(i, s) for i, s in got.hits])[:limit]
        ranked, how = True, got.how
    else:
        found, ranked = approx.approximate(
            db, plan, {c.expr: c.count for c in clauses}, limit, where=where, params=params, weights=BM25_WEIGHTS,
            window_max=WINDOW_MAX, rank_all_max=RANK_ALL_MAX, prefix_rank_max=PREFIX_RANK_MAX)
        hits, how = [Hit(i, s, snip) for i, s, snip in found], "approximate"
    # Snippets from a small TEMP index of the shown rows: cheaper than asking the big index
    # row by row, and it checks every clause (common words, prefixes) too.
    marked = scratch.match_rows(db, rows.texts(db, [h.photo_id for h in hits]), _full_expr(plan), None, BM25_WEIGHTS)
    for h in hits:
        h.snippet = marked.get(h.photo_id, (0.0, h.snippet))[1]
    return WordResult(hits, ranked, plan.notices, how)
