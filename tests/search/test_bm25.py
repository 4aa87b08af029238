"""The Python bm25 (``app.search.bm25``) gives FTS5's own numbers, bit for bit."""

from __future__ import annotations

import random

import pytest

from app.search import bm25, scratch
from app.search.words import BM25_WEIGHTS
from app.store import db as dbmod
from tests.search.helpers import add_photo

WORDS = "dog beach sunset red car tree a the of sky lake snow bird café".split()


@pytest.fixture
def db():
    d = dbmod.memory()
    rnd = random.Random(3)
    for i in range(120):
        caption = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 40)))
        add_photo(d, f"/lib/{'dog' if i % 7 == 0 else 'x'}/{i}.jpg", caption,
                  caption_keywords=[rnd.choice(WORDS) for _ in range(rnd.randint(0, 3))],
                  caption_title=rnd.choice(["", "Red sky", "A dog"]),
                  file_description=rnd.choice([None, "the lake in snow"]))
    yield d
    d.conn.close()


def test_varints_and_stats(db):
    assert bm25.varints(bytes([0x7F, 0x81, 0x00, 0xBD, 0x84, 0x40])) == [127, 128, 1_000_000]
    stats = bm25.table_stats(db)
    assert stats.rows == db.execute("SELECT count(*) FROM photos_fts").fetchone()[0] == 120
    lengths = bm25.row_lengths(db, range(1, 121))
    assert stats.tokens == sum(lengths.values())
    assert bm25.row_length(bytes([0x81, 0x00, 0x02])) == 130


@pytest.mark.parametrize(
    "query", ["dog", "the", "a", "café", "dog AND the", '"red car"', "sky AND a AND of", "bird OR lake"])
def test_scores_match_fts5_exactly(db, query):
    """Frequencies counted with the index's tokenizer, lengths and totals read from FTS5's own
    tables: the score is the one ``bm25()`` returns."""
    w = ", ".join(map(str, BM25_WEIGHTS))
    found = db.execute(
        f"SELECT rowid, bm25(photos_fts, {w}) FROM photos_fts WHERE photos_fts MATCH ?", [query]
    ).fetchall()
    assert found
    stats = bm25.table_stats(db)
    phrases = [p.strip('"') for p in query.replace("(", "").replace(")", "").split(" AND ")]
    phrases = [x for p in phrases for x in p.split(" OR ")]
    idfs = [bm25.idf(stats.rows, db.execute("SELECT count(*) FROM photos_fts WHERE photos_fts MATCH ?",
                                            ['"' + p + '"']).fetchone()[0]) for p in phrases]
    texts = db.execute("SELECT id, c0, c1, c2, c3, c4 FROM photos_fts_content").fetchall()
    lengths = bm25.row_lengths(db, [r[0] for r in found])
    freqs = _phrase_freqs(db, texts, phrases)
    for rowid, score in found:
        mine = bm25.score(idfs, [freqs[p].get(rowid, 0.0) for p in phrases], lengths[rowid], stats.avgdl)
        assert -mine == score  # the same float, not just close


def _phrase_freqs(db, texts, phrases):
    """Weighted frequencies per row: words counted by the TEMP index (the index's tokenizer),
    two-word phrases by hand (this corpus is lower-case plain words: a split finds them)."""
    out = {}
    for p in phrases:
        tokens = scratch.tokenize(db, [p])[0]
        if len(tokens) == 1:
            counts, _ = scratch.count_rows(db, texts, BM25_WEIGHTS, tokens)
            out[p] = {i: c.terms.get(tokens[0], 0.0) for i, c in counts.items()}
            continue
        found = {}
        for rowid, *cols in texts:
            for text, weight in zip(cols, BM25_WEIGHTS):
                words = (text or "").lower().split()
                hits = sum(1 for i in range(len(words) - 1) if words[i : i + 2] == p.split())
                if hits:
                    found[rowid] = found.get(rowid, 0.0) + hits * weight
        out[p] = found
    return out


def test_key_orders_like_the_score_and_bounds_it():
    avgdl = 50.0
    rows = [(10.0, 40), (20.0, 80), (10.0, 60), (1.5, 5), (30.0, 120), (8.0, 10)]
    by_score = sorted(rows, key=lambda r: bm25.part(1.7, r[0], r[1], avgdl))
    by_key = sorted(rows, key=lambda r: bm25.key(r[0], r[1], avgdl))
    assert by_score == by_key
    for f, d in rows:
        k = bm25.key(f, d, avgdl)
        assert bm25.part_from_key(1.7, k, avgdl) == pytest.approx(bm25.part(1.7, f, d, avgdl), rel=1e-12)
        # a shorter average can raise a key by at most a0 / a
        assert bm25.key(f, d, avgdl * 0.9) <= k / 0.9 + 1e-15


def test_frequency_comes_back_from_the_score():
    for f, d in [(10.0, 40), (21.5, 55), (1.5, 5), (180.0, 70)]:
        for idf in (1e-6, 0.3, 7.2):
            s = bm25.part(idf, f, d, 55.0)
            assert bm25.freq_from_score(s, idf, d, 55.0, 0.5) == f
