"""Phrase lists: a phrase of frequent words is answered from its own list, and the answer is
FTS5's ``ORDER BY bm25`` top 50, on a few thousand generated captions, before and after inserts,
edits and deletes, with and without maintenance.

Thresholds are shrunk (lists for words in more than 150 rows and phrases FTS5 would need 0.3 ms for, 150
rows kept) so that 3,000 captions exercise what a million do, and FTS5 is never asked first.
"""

from __future__ import annotations

import random

import pytest

from app.search import bm25, exact, phraselists, ranking, ranklists
from app.search.query import parse
from app.search.words import BM25_WEIGHTS, _full_expr, compile_query, search_words
from app.store import db as dbmod
from tests.search.helpers import add_photo

VOCAB = ("a the of is in on with dog beach sunset red car tree sky lake snow bird boat man woman "
         "mountain river city street house flower field cloud rock forest night").split()
VOCAB += [f"w{i}" for i in range(300)]
LIMIT = 50


def caption(rnd: random.Random) -> str:
    words = []
    for _ in range(rnd.randint(3, 40)):
        i = int(rnd.paretovariate(0.8)) - 1
        words.append(VOCAB[i] if i < len(VOCAB) else rnd.choice(VOCAB[30:]))
    return " ".join(words)


@pytest.fixture(scope="module")
def shrunk():
    mp = pytest.MonkeyPatch()
    mp.setattr(ranklists, "LIST_MIN_ROWS", 150)
    mp.setattr(ranklists, "KEEP", 150)
    mp.setattr(phraselists, "PHRASE_COST_US", 300.0)
    mp.setattr(phraselists, "SAMPLE", 1_000)
    mp.setattr(exact, "FAST_US", -1.0)
    yield mp
    mp.undo()


def _library(rnd: random.Random, n: int):
    d = dbmod.memory()
    for i in range(n):
        add_photo(d, f"/lib/{i % 9}/p{i}.jpg", caption(rnd),
                  caption_keywords=[VOCAB[rnd.randrange(12)] for _ in range(rnd.randint(0, 2))],
                  caption_title=rnd.choice(["", "a dog", "the dog on a beach", "in the snow"]),
                  taken_at=f"20{10 + i % 12}-0{1 + i % 9}-01T10:00:00")
    ranking.rebuild(d)
    return d


@pytest.fixture(scope="module")
def built(shrunk):
    d = _library(random.Random(3), 3_000)
    yield d
    d.conn.close()


@pytest.fixture
def db(shrunk):
    d = _library(random.Random(4), 1_500)
    yield d
    d.conn.close()


def reference(db, text: str) -> list[tuple[int, float]]:
    w = ", ".join(map(str, BM25_WEIGHTS))
    expr = _full_expr(compile_query(db, parse(text)))
    return [(int(i), -float(r)) for i, r in db.execute(
        f"SELECT rowid, bm25(photos_fts, {w}) AS r FROM photos_fts WHERE photos_fts MATCH ? ORDER BY r", [expr])]


def check(db, text: str) -> str:
    """The top 50 is exact's, with FTS5's own scores bit for bit; among rows tied with the 50th
    any may be shown (the newest, as everywhere)."""
    r = search_words(db, parse(text), limit=LIMIT)
    ref = reference(db, text)
    assert r.ranked, (text, r.how)
    k = min(LIMIT, len(ref))
    assert len(r.hits) == k, (text, r.how)
    kth = ref[k - 1][1]
    exact_score = dict(ref)
    assert all(exact_score.get(h.photo_id) == h.score for h in r.hits), (text, r.how)
    assert {i for i, s in ref if s > kth} <= {h.photo_id for h in r.hits}, (text, r.how)
    assert all(h.score >= kth for h in r.hits), (text, r.how)
    return r.how


def listed_phrases(db) -> list[str]:
    return [p for (p,) in db.execute("SELECT phrase FROM search_rank_phrases ORDER BY docs DESC")]


def phrase_queries(db, rnd: random.Random) -> list[str]:
    out = [f'"{p}"' for p in listed_phrases(db)]
    common = VOCAB[:12]
    out += [f'"{rnd.choice(common)} {rnd.choice(common)}"' for _ in range(15)]  # listed or not
    return out


def check_all(db, seed: int) -> dict[str, int]:
    ways: dict[str, int] = {}
    for q in phrase_queries(db, random.Random(seed)):
        how = check(db, q)
        ways[how] = ways.get(how, 0) + 1
    return ways


def test_frequent_phrases_get_lists_that_give_fts5s_top_50(built):
    phrases = listed_phrases(built)
    assert "a a" in phrases and "the a" in phrases and len(phrases) >= 10, phrases
    ways = check_all(built, 1)
    assert ways.get("phrase-list", 0) >= len(phrases) - 2, ways


def test_a_phrase_list_counts_the_rows_holding_the_phrase_and_its_best_rows(built):
    w = ", ".join(map(str, BM25_WEIGHTS))
    for p, docs, kept in built.execute("SELECT phrase, docs, kept FROM search_rank_phrases"):
        n = built.execute("SELECT count(*) FROM photos_fts WHERE photos_fts MATCH ?", [f'"{p}"']).fetchone()[0]
        assert docs == n > 0
        top = [r for (r,) in built.execute(
            f"SELECT rowid FROM photos_fts WHERE photos_fts MATCH ? ORDER BY bm25(photos_fts, {w}) LIMIT 20",
            [f'"{p}"'])]
        ours = {r for (r,) in built.execute("SELECT photo_id FROM search_rank_phrase_top WHERE phrase = ?", [p])}
        assert kept == len(ours) and set(top) <= ours, p


def test_overlapping_instances_count_as_fts5_counts_them(shrunk):
    d = dbmod.memory()
    for text in ["a a a dog", "a a", "dog a a a a", "a dog a", "the a a the a a"]:
        add_photo(d, f"/x/{text}.jpg", text)
    rows = d.execute("SELECT id, c0, c1, c2, c3, c4 FROM photos_fts_content ORDER BY id").fetchall()
    lengths, found = phraselists.freqs(d, rows, ["a a"], BM25_WEIGHTS)
    one = found[2]["a a"]  # "a a": one instance in the caption
    assert {i: f["a a"] / one for i, f in found.items()} == {1: 2, 2: 1, 3: 3, 5: 2}
    stats = bm25.table_stats(d)
    idf = bm25.idf(stats.rows, len(found))
    w = ", ".join(map(str, BM25_WEIGHTS))
    fts = dict(d.execute(f"SELECT rowid, -bm25(photos_fts, {w}) FROM photos_fts WHERE photos_fts MATCH '\"a a\"'"))
    assert fts == {i: bm25.part(idf, f["a a"], lengths[i], stats.avgdl) for i, f in found.items()}
    d.conn.close()


def test_exact_after_inserts_edits_and_deletes_before_and_after_maintenance(db):
    assert listed_phrases(db)
    rnd = random.Random(5)
    ids = [r[0] for r in db.execute("SELECT id FROM photos ORDER BY id").fetchall()]
    for i in range(60):  # new photos, some short and full of one phrase (the best rows move)
        add_photo(db, f"/new/{i}.jpg", caption(rnd) if i % 2 else "a a a the a a")
    for pid in rnd.sample(ids, 80):
        db.execute("UPDATE photos SET caption = ? WHERE id = ?", [caption(rnd), pid])
    db.execute(f"DELETE FROM photos WHERE id IN ({', '.join(map(str, rnd.sample(ids, 60)))})")
    db.conn.commit()
    assert db.execute("SELECT count(*) FROM search_rank_dirty").fetchone()[0] > 150
    ways = check_all(db, 2)  # changed rows merged at query time
    assert ways.get("phrase-list", 0) >= 8, ways
    assert ranking.maintain(db) == "updated"
    assert db.execute("SELECT count(*) FROM search_rank_dirty").fetchone()[0] == 0
    ways = check_all(db, 3)
    assert ways.get("phrase-list", 0) >= 8, ways


def test_phrase_lists_that_missed_changes_are_not_used_until_cut_again(db):
    ranklists.build(db, BM25_WEIGHTS)  # the word lists alone: the change log is emptied
    db.conn.commit()
    assert not phraselists.current(db)
    assert "phrase-list" not in check_all(db, 4)  # FTS5 answers, still exact
    ranking.maintain(db)
    assert phraselists.current(db)
    assert check_all(db, 4).get("phrase-list", 0) >= 8


def test_a_library_from_before_the_phrase_lists_gets_them_when_migrated(shrunk, tmp_path):
    d = _library(random.Random(6), 1_200)
    d.execute("DROP TABLE search_rank_phrase_top")
    d.execute("DROP TABLE search_rank_phrases")
    d.execute("DELETE FROM _sqlite_migrations WHERE name = 'm110_search_phrase_ranking'")
    d.conn.commit()
    from app.store.migrations import migrations

    migrations.apply(d)
    assert listed_phrases(d) and phraselists.current(d)
    d.conn.close()
