"""Exact top results with the ranking lists: every answer is compared with FTS5's own
``ORDER BY bm25`` over every match, on a generated corpus, before and after inserts, edits and
deletes, with and without maintenance.

The lists' thresholds are shrunk (a list for words in more than 25 rows, 12 rows kept, top 10
asked) so that a few hundred captions exercise what a million do, and FTS5 is never asked first
(``FAST_US``), so the threshold algorithm answers whenever it can prove its answer.
"""

from __future__ import annotations

import random

import pytest

from app.search import exact, ranking, ranklists, schema, topk
from app.search.query import parse
from app.search.words import BM25_WEIGHTS, _full_expr, _join, _where, compile_query, search_words
from app.store import db as dbmod
from tests.search.helpers import add_photo

VOCAB = ("a the of on in with dog beach sunset red car tree sky lake snow bird boat man woman child "
         "mountain river city street house flower field cloud rock forest night").split()
VOCAB += [f"w{i}" for i in range(120)]  # a long tail of rarer words
LIMIT = 10


def word(rnd: random.Random) -> str:
    i = int(rnd.paretovariate(0.9)) - 1  # Zipf-like: the first words in most captions ...
    return VOCAB[i] if i < len(VOCAB) else rnd.choice(VOCAB[40:])  # ... the tail in a few


def caption(rnd: random.Random) -> str:
    return " ".join(word(rnd) for _ in range(rnd.randint(2, 30)))


@pytest.fixture
def small(monkeypatch):
    monkeypatch.setattr(ranklists, "LIST_MIN_ROWS", 25)
    monkeypatch.setattr(ranklists, "KEEP", 12)
    monkeypatch.setattr(exact, "FAST_US", -1.0)
    monkeypatch.setattr(exact, "WALK_FREE", 0)
    monkeypatch.setattr(exact, "C_EVAL", 0.0)


@pytest.fixture
def db(small):
    d = dbmod.memory()
    rnd = random.Random(11)
    for i in range(400):
        add_photo(d, f"/lib/{i % 9}/p{i}.jpg", caption(rnd),
                  caption_keywords=[VOCAB[rnd.randrange(40)] for _ in range(rnd.randint(0, 2))],
                  caption_title=rnd.choice(["", "sunset", "a dog on the beach"]),
                  taken_at=f"20{10 + i % 12}-0{1 + i % 9}-01T10:00:00")
    ranking.rebuild(d)
    yield d
    d.conn.close()


def reference(db, text: str) -> list[tuple[int, float]]:
    plan = compile_query(db, parse(text))
    where, params = _where(plan)
    w = ", ".join(map(str, BM25_WEIGHTS))
    return [(int(i), -float(r)) for i, r in db.execute(
        f"SELECT f.rowid, bm25(photos_fts, {w}) AS r FROM photos_fts AS f{_join(where)} "
        f"WHERE photos_fts MATCH ?{where} ORDER BY r", [_full_expr(plan), *params]).fetchall()]


def check(db, text: str) -> str:
    """Our top ``LIMIT`` is exact's (ties at the cut may differ), with FTS5's own scores."""
    r = search_words(db, parse(text), limit=LIMIT)
    ref = reference(db, text)
    assert r.ranked, (text, r.how)
    k = min(LIMIT, len(ref))
    assert len(r.hits) == k, (text, r.how)
    if not k:
        return r.how
    exact_score = dict(ref)
    kth = ref[k - 1][1]
    for h in r.hits:
        assert h.photo_id in exact_score, (text, r.how, h.photo_id)
        assert h.score == pytest.approx(exact_score[h.photo_id], rel=1e-9), (text, r.how)
        assert exact_score[h.photo_id] >= kth - 1e-9, (text, r.how)
    return r.how


def queries(rnd: random.Random) -> list[str]:
    common, tail = VOCAB[:30], VOCAB[30:]
    out = [w for w in VOCAB[:40]]
    out += [f"{rnd.choice(common)} {rnd.choice(common)}" for _ in range(25)]
    out += [f"{rnd.choice(common)} {rnd.choice(tail)}" for _ in range(15)]
    out += [f"{rnd.choice(common[:6])} {rnd.choice(common)} {rnd.choice(common)}" for _ in range(15)]
    out += [f"{rnd.choice(common)} -{rnd.choice(common)}" for _ in range(15)]
    out += [f'"{rnd.choice(common[:6])} {rnd.choice(common)}"' for _ in range(10)]
    out += [f"{rnd.choice(common)} folder:/lib/3" for _ in range(6)]
    out += [f"{rnd.choice(common)} year:2015" for _ in range(6)]
    out += ["dog OR beach", "sunset OR the", "a the", "the of on"]
    return out


def check_all(db, seed: int) -> dict[str, int]:
    ways: dict[str, int] = {}
    for q in queries(random.Random(seed)):
        how = check(db, q)
        ways[how] = ways.get(how, 0) + 1
    return ways


def test_every_answer_is_exact_and_the_lists_answer_most(db):
    ways = check_all(db, 1)
    assert ways.get("lists", 0) >= 10 and ways.get("split", 0) >= 30, ways


def test_exact_after_inserts_edits_and_deletes_before_and_after_maintenance(db):
    rnd = random.Random(5)
    ids = [r[0] for r in db.execute("SELECT id FROM photos ORDER BY id").fetchall()]
    for i in range(40):  # new photos, some with short captions (the average row length moves)
        add_photo(db, f"/new/{i}.jpg", caption(rnd) if i % 2 else "dog")
    for pid in rnd.sample(ids, 60):  # edits: captions, keywords, titles
        db.execute("UPDATE photos SET caption = ?, caption_keywords = ? WHERE id = ?",
                   [caption(rnd), '["beach", "dog"]' if pid % 3 == 0 else "[]", pid])
    db.execute(f"DELETE FROM photos WHERE id IN ({', '.join(map(str, rnd.sample(ids, 50)))})")
    db.conn.commit()
    assert db.execute("SELECT count(*) FROM search_rank_dirty").fetchone()[0] > 100
    ways = check_all(db, 2)  # changed rows merged at query time
    assert ways.get("lists", 0) + ways.get("split", 0) >= 80, ways
    assert ranking.maintain(db) == "updated"
    assert db.execute("SELECT count(*) FROM search_rank_dirty").fetchone()[0] == 0
    ways = check_all(db, 3)
    assert ways.get("lists", 0) + ways.get("split", 0) >= 80, ways


def test_exact_on_a_reader_while_a_writer_changes_rows(small, tmp_path):
    path = tmp_path / "lib.db"
    writer = dbmod.connect(path)
    rnd = random.Random(8)
    for i in range(300):
        add_photo(writer, f"/lib/{i}.jpg", caption(rnd))
    ranking.rebuild(writer)
    reader = dbmod.connect(path, readonly=True)
    try:
        for round_ in range(3):
            for i in range(30):
                writer.execute("UPDATE photos SET caption = ? WHERE id = ?", [caption(rnd), rnd.randrange(1, 301)])
            writer.conn.commit()
            for q in ("the", "dog", "a beach", "sky -the", "sunset tree"):
                check(reader, q)
            if round_ == 1:
                ranking.maintain(writer)
        # inside the writer's open transaction FTS5's totals are not on disk yet: still exact
        writer.conn.execute("UPDATE photos SET caption = 'the the the dog' WHERE id = 5")
        assert writer.conn.in_transaction
        check(writer, "the")
        writer.conn.rollback()
    finally:
        reader.conn.close()
        writer.conn.close()


def test_writes_that_bypass_the_log_switch_the_lists_off_until_rebuilt(db):
    """A change made with the change triggers gone cannot be merged: the totals do not add up,
    queries go to FTS5 (still exact), and maintenance cuts the lists again."""
    db.executescript("".join(f"DROP TRIGGER {t};" for t in schema.RANK_TRIGGERS))
    db.execute("UPDATE photos SET caption = 'dog dog dog dog dog' WHERE id = 7")
    db.conn.commit()
    assert ranklists.view(db, BM25_WEIGHTS) is None
    assert check(db, "dog") in ("fts5", "fts5-slow")
    schema.install_rank_triggers(db)
    assert ranking.maintain(db) == "built"
    assert ranklists.view(db, BM25_WEIGHTS) is not None
    assert check(db, "dog") == "lists"
    assert search_words(db, parse("dog"), limit=1).hits[0].photo_id == 7


def test_other_weights_or_a_rebuilt_index_make_the_lists_wait_for_a_rebuild(db, monkeypatch):
    assert ranklists.view(db, [1.0] * len(BM25_WEIGHTS)) is None
    schema.rebuild(db)  # the text index alone: lists marked for a rebuild
    assert ranklists.view(db, BM25_WEIGHTS) is None
    check(db, "the")
    assert ranking.maintain(db) == "built"
    assert check(db, "the") == "lists"


def test_lists_hold_the_best_rows_and_refresh_when_they_run_short(db, monkeypatch):
    top = db.execute("SELECT photo_id FROM search_rank_top WHERE term = 'the'").fetchall()
    assert len(top) == 12
    db.execute(f"DELETE FROM photos WHERE id IN ({', '.join(str(r[0]) for r in top[:9])})")
    db.conn.commit()
    check(db, "the")  # 3 listed rows left: the proof fails, FTS5 answers
    ranking.maintain(db)  # the list lost most rows: cut again
    assert db.execute("SELECT kept FROM search_rank_terms WHERE term = 'the'").fetchone()[0] == 12
    assert check(db, "the") == "lists"


def test_migration_and_rebuild_make_lists_for_frequent_words_only(db):
    listed = {r[0] for r in db.execute("SELECT term FROM search_rank_terms")}
    assert {"the", "dog"} <= listed and "w119" not in listed
    docs = dict(db.execute("SELECT term, docs FROM search_rank_terms").fetchall())
    for term in ("the", "dog", "a"):
        assert docs[term] == db.execute("SELECT doc FROM photos_fts_vocab WHERE term = ?", [term]).fetchone()[0]


def test_a_library_from_before_the_lists_gets_them_when_migrated(small):
    from app.store.migrations import migrations

    d = dbmod.memory()
    try:
        d.executescript("".join(f"DROP TRIGGER {t};" for t in schema.RANK_TRIGGERS)
                        + "DROP TABLE search_rank_top; DROP TABLE search_rank_terms; DROP TABLE search_rank_dirty; "
                        "DROP TABLE search_rank_meta; "
                        "DELETE FROM _sqlite_migrations WHERE name = 'm090_search_ranking';")
        rnd = random.Random(2)
        for i in range(200):
            add_photo(d, f"/lib/{i}.jpg", caption(rnd))
        migrations.apply(d)
        assert ranklists.meta(d)["state"] == "ready"
        assert d.execute("SELECT count(*) FROM search_rank_terms").fetchone()[0] > 5
        assert check(d, "the") == "lists"
    finally:
        d.conn.close()


def test_writers_fold_changes_in_when_enough_wait(db, monkeypatch, tmp_path):
    """The write owner folds recorded changes into the lists after a write once ``MAINTAIN_AT``
    wait; the command line does it when a command ends."""
    from app.store.owner import DbOwner

    monkeypatch.setattr(ranking, "MAINTAIN_AT", 5)
    owner = DbOwner(database=db)
    try:
        def edit(d, n):
            for i in range(n):
                d.execute("UPDATE photos SET caption = ? WHERE id = ?", [f"the dog {i}", i + 1])
            d.conn.commit()

        owner.call(edit, 3)
        assert db.execute("SELECT count(*) FROM search_rank_dirty").fetchone()[0] == 3  # not yet
        owner.call(edit, 6)
        assert db.execute("SELECT count(*) FROM search_rank_dirty").fetchone()[0] == 0
        assert check(db, "dog") == "lists"
    finally:
        owner._executor.shutdown(wait=True)


def test_an_index_made_anew_by_a_later_migration_gets_new_lists_and_triggers(db):
    """Another migration may recreate photos_fts (a column more, other tokenizer options): its
    shadow tables and our triggers go with it; searches stay exact and the lists come back."""
    cols = "caption, keywords, title, description, names"
    db.executescript(
        f"DROP TABLE photos_fts; CREATE VIRTUAL TABLE photos_fts USING fts5({cols}, "
        "tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2');"
        f"CREATE VIRTUAL TABLE IF NOT EXISTS photos_fts_vocab USING fts5vocab(photos_fts, row);"
        + schema.insert_fts_sql().split(";\n")[0] + ";"
    )
    assert not schema.rank_triggers_present(db) and ranklists.view(db, BM25_WEIGHTS) is None
    check(db, "the dog")
    assert ranking.maintain(db) == "built"
    assert schema.rank_triggers_present(db)
    db.execute("UPDATE photos SET caption = 'the the the the the' WHERE id = 3")
    db.conn.commit()
    assert check(db, "the") == "lists"
    assert search_words(db, parse("the"), limit=1).hits[0].photo_id == 3


def test_ties_larger_than_a_list_are_still_exact(db):
    """Sixty identical short captions tie for the top of "the" (more than a list holds): the
    lists cannot prove which ten, FTS5 answers; ten of them, newest first among themselves."""
    same = [add_photo(db, f"/same/{i}.jpg", "the the the the", taken_at=f"2030-01-{1 + i % 28:02d}T10:00:00")
            for i in range(60)]
    ranking.maintain(db)
    assert check(db, "the") in ("fts5", "fts5-slow")
    hits = search_words(db, parse("the"), limit=LIMIT).hits
    assert {h.photo_id for h in hits} <= set(same)
    taken = dict(db.execute(f"SELECT id, taken_at FROM photos WHERE id IN ({', '.join(map(str, same))})").fetchall())
    shown = [(taken[h.photo_id], h.photo_id) for h in hits]
    assert shown == sorted(shown, reverse=True)


def test_the_split_asks_fts5_once_however_many_rows_it_checks(db, monkeypatch):
    """FTS5 scores every row of the selective part to sort them: asking it again for more rows
    would pay that twice. Candidates are made a few at a time from the one answer."""
    monkeypatch.setattr(topk, "FIRST_FETCH", 2)
    asked: list[str] = []
    db.conn.set_trace_callback(lambda sql: asked.append(sql) if "+f.rowid IN" in sql else None)
    deep = 0
    for q in queries(random.Random(4)):
        asked.clear()
        if check(db, q) == "split":
            assert len(asked) == 1, (q, len(asked))
            deep += 1
    db.conn.set_trace_callback(None)
    assert deep >= 20
