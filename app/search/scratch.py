"""Per-connection TEMP FTS5 tables that run the index's own tokenizer on small texts.

Why: query words must be tokenized exactly like the index (porter stemming, folded accents) to
know whether they are empty (emoji, punctuation) and, for the final page of results, to verify
every clause and build highlighted snippets with ``snippet()`` on a tiny table instead of the
million-row index (where a common word or a short prefix is expensive to check row by row).

TEMP tables live in the connection's private temp database, so this works on read-only
connections too and never touches the library file.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from app.search.bm25 import row_length
from app.search.schema import FTS_COLUMNS

if TYPE_CHECKING:
    from sqlite_utils import Database

TOKENIZE = "porter unicode61 remove_diacritics 2"
_READY = "_albumwise_scratch_ready"


def _ensure(db: Database) -> None:
    conn = db.conn
    # Created inside a caller's transaction, they vanish if it rolls back: look each time (cheap).
    if getattr(db, _READY, False) and conn.execute(
        "SELECT count(*) FROM sqlite_temp_master WHERE name IN ('search_tok', 'search_verify', 'search_count')"
    ).fetchone()[0] == 3:
        return
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_tok USING fts5(t, tokenize = '{TOKENIZE}')")
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_tok_v USING fts5vocab('temp', 'search_tok', 'instance')"
    )
    conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_verify USING fts5("
        f"{', '.join(FTS_COLUMNS)}, tokenize = '{TOKENIZE}')"
    )
    # Contentless: only counts and positions are needed, and 'delete-all' empties it at once.
    conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_count USING fts5("
        f"{', '.join(FTS_COLUMNS)}, content = '', tokenize = '{TOKENIZE}')"
    )
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_count_v USING fts5vocab('temp', 'search_count', 'instance')"
    )
    setattr(db, _READY, True)


@contextmanager
def _temp_writes(db: Database) -> Iterator[Any]:
    """Write temp tables without leaving a transaction open (which would pin an old snapshot):
    outside a caller's transaction, run them in autocommit mode."""
    conn = db.conn
    if conn.in_transaction:
        yield conn
        return
    saved = conn.isolation_level
    conn.isolation_level = None
    try:
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")
    finally:
        conn.isolation_level = saved


_TOKENS: dict[str, list[str]] = {}


def tokenize(db: Database, texts: Sequence[str]) -> list[list[str]]:
    """The index terms of each text, in order (stemmed, folded). Cached: typing repeats words."""
    todo = [t for t in dict.fromkeys(texts) if t not in _TOKENS]
    if todo:
        _ensure(db)
        found: dict[int, list[str]] = {i: [] for i in range(1, len(todo) + 1)}
        with _temp_writes(db) as conn:
            conn.execute("DELETE FROM temp.search_tok")
            conn.executemany("INSERT INTO temp.search_tok(rowid, t) VALUES (?, ?)", list(enumerate(todo, 1)))
            rows = conn.execute("SELECT doc, term FROM temp.search_tok_v ORDER BY doc, offset").fetchall()
            conn.execute("DELETE FROM temp.search_tok")
        for doc, term in rows:
            found[int(doc)].append(term)
        if len(_TOKENS) > 20_000:
            _TOKENS.clear()
        for i, text in enumerate(todo, 1):
            _TOKENS[text] = found[i]
    return [list(_TOKENS[t]) for t in texts]


def match_rows(
    db: Database,
    rows: Iterable[Sequence[Any]],
    expr: str | None,
    exclude: str | None,
    weights: Sequence[float],
    snippet_tokens: int = 16,
) -> dict[int, tuple[float, str | None]]:
    """Load ``(rowid, *FTS_COLUMNS)`` rows into the scratch index and keep those matching ``expr``
    and not ``exclude``; returns rowid -> (bm25 within these rows, marked snippet)."""
    _ensure(db)
    w = ", ".join(str(float(x)) for x in weights)
    result: dict[int, tuple[float, str | None]] = {}
    with _temp_writes(db) as conn:
        conn.execute("DELETE FROM temp.search_verify")
        conn.executemany(
            f"INSERT INTO temp.search_verify(rowid, {', '.join(FTS_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)",
            [tuple(r) for r in rows],
        )
        if expr:
            found = conn.execute(
                f"SELECT rowid, bm25(search_verify, {w}), "
                f"snippet(search_verify, -1, char(2), char(3), '…', {int(snippet_tokens)}) "
                "FROM temp.search_verify WHERE search_verify MATCH ?",
                [expr],
            ).fetchall()
            result = {int(r): (float(s), snip) for r, s, snip in found}
        else:
            result = {int(r[0]): (0.0, None) for r in conn.execute("SELECT rowid FROM temp.search_verify")}
        if exclude and result:
            for (r,) in conn.execute("SELECT rowid FROM temp.search_verify WHERE search_verify MATCH ?", [exclude]):
                result.pop(int(r), None)
        conn.execute("DELETE FROM temp.search_verify")
    return result


@dataclass
class RowCounts:
    """One text row as the index sees it: its token count and, per term, its instances weighted
    by their column's weight (bm25's frequency)."""

    length: int
    terms: dict[str, float]


LISTED = "listed"  # count_rows(terms=LISTED): only the words that have a ranking list


def count_rows(
    db: Database,
    rows: Sequence[Sequence[Any]],
    weights: Sequence[float],
    terms: Iterable[str] | str | None = None,
    matches: Sequence[str] = (),
) -> tuple[dict[int, RowCounts], list[set[int]]]:
    """Tokenize ``(rowid, *FTS_COLUMNS)`` rows: each row's length, the weighted frequency of
    ``terms`` (a list; ``LISTED``; every term when None), and for each FTS5 expression in
    ``matches`` the rowids it matches."""
    if not rows:
        return {}, [set() for _ in matches]
    _ensure(db)
    ncol = len(FTS_COLUMNS)
    weight = "CASE col " + " ".join(f"WHEN '{c}' THEN {float(w)!r}" for c, w in zip(FTS_COLUMNS, weights)) + " END"
    with _temp_writes(db) as conn:
        conn.executemany(
            f"INSERT INTO temp.search_count(rowid, {', '.join(FTS_COLUMNS)}) VALUES ({', '.join('?' * (ncol + 1))})",
            [tuple(r) for r in rows],
        )
        sizes = conn.execute("SELECT id, sz FROM temp.search_count_docsize")
        out = {int(i): RowCounts(row_length(sz), {}) for i, sz in sizes}
        base = f"SELECT doc, term, sum({weight}) FROM temp.search_count_v"
        # (term, doc) is the order fts5vocab yields rows in: grouping needs no sort
        if terms is None:
            found = conn.execute(base + " GROUP BY term, doc").fetchall()
        elif isinstance(terms, str):
            listed = " WHERE term IN (SELECT term FROM main.search_rank_terms)"
            found = conn.execute(base + listed + " GROUP BY term, doc").fetchall()
        else:
            found = []
            for t in sorted(set(terms)):  # one term at a time: fts5vocab looks up "=" but scans for IN
                found += conn.execute(base + " WHERE term = ? GROUP BY doc", [t]).fetchall()
        for doc, term, f in found:
            out[int(doc)].terms[term] = float(f)
        hits = [{int(r) for (r,) in conn.execute("SELECT rowid FROM temp.search_count WHERE search_count MATCH ?", [e])}
                for e in matches]
        conn.execute("INSERT INTO temp.search_count(search_count) VALUES ('delete-all')")
    return out, hits


def positions(
    db: Database, rows: Sequence[Sequence[Any]], terms: Iterable[str]
) -> tuple[dict[int, int], dict[int, dict[tuple[str, int], str]]]:
    """Tokenize ``(rowid, *FTS_COLUMNS)`` rows: each row's length and, per row, where ``terms``
    stand (``(column, token offset) -> term``), for counting phrases the way FTS5 matches them."""
    if not rows:
        return {}, {}
    _ensure(db)
    ncol = len(FTS_COLUMNS)
    with _temp_writes(db) as conn:
        conn.executemany(
            f"INSERT INTO temp.search_count(rowid, {', '.join(FTS_COLUMNS)}) VALUES ({', '.join('?' * (ncol + 1))})",
            [tuple(r) for r in rows],
        )
        lengths = {int(i): row_length(sz) for i, sz in conn.execute("SELECT id, sz FROM temp.search_count_docsize")}
        at: dict[int, dict[tuple[str, int], str]] = {}
        for t in sorted(set(terms)):  # one term at a time: fts5vocab looks up "=" but scans for IN
            for doc, col, off in conn.execute("SELECT doc, col, offset FROM temp.search_count_v WHERE term = ?", [t]):
                at.setdefault(int(doc), {})[(col, int(off))] = t
        conn.execute("INSERT INTO temp.search_count(search_count) VALUES ('delete-all')")
    return lengths, at
