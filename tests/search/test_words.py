"""Word search against a real (in-memory) SQLite library: relevance, the query language, filters,
accents, CJK, and the index staying in sync with every kind of write to ``photos``."""

from __future__ import annotations

from app.search.query import parse
from app.search.words import search_words
from app.store import captions
from tests.search.helpers import add_photo, ids


def test_words_must_all_match_and_stemming_finds_other_forms(db):
    a = add_photo(db, "/lib/a.jpg", "Two dogs running on a sandy beach")
    b = add_photo(db, "/lib/b.jpg", "A dog sleeping on a sofa")
    add_photo(db, "/lib/c.jpg", "A red car parked in the street")
    assert set(ids(db, "dog")) == {a, b}
    assert ids(db, "dog beach") == [a]
    assert ids(db, "run") == [a]  # running -> run
    assert ids(db, "beaches") == [a]  # plural query finds the singular
    assert ids(db, "sofas sleep") == [b]
    assert ids(db, "beach dogs") == [a]


def test_exact_phrase_and_unbalanced_quote(db):
    a = add_photo(db, "/lib/a.jpg", "a red car next to a blue house")
    b = add_photo(db, "/lib/b.jpg", "a blue car next to a red house")
    assert ids(db, '"red car"') == [a]
    assert ids(db, '"blue car') == [b]  # unbalanced quote runs to the end
    assert set(ids(db, "red car")) == {a, b}


def test_exclusions_and_or(db):
    a = add_photo(db, "/lib/a.jpg", "a dog on the beach at night")
    b = add_photo(db, "/lib/b.jpg", "a dog on the beach at noon")
    c = add_photo(db, "/lib/c.jpg", "a cat on the coast")
    assert ids(db, "dog -night") == [b]
    assert ids(db, 'dog -"at night"') == [b]
    assert set(ids(db, "beach OR coast")) == {a, b, c}
    assert set(ids(db, "dog OR cat -noon")) == {a, c}
    assert set(ids(db, "-dog")) == {c}


def test_last_word_prefix_only_while_typing(db):
    a = add_photo(db, "/lib/a.jpg", "lighthouse on a rocky coast")
    add_photo(db, "/lib/b.jpg", "a bowl of soup")
    assert ids(db, "lightho", typing=True) == [a]
    assert ids(db, "lightho") == []
    assert ids(db, "rocky lightho", typing=True) == [a]
    assert ids(db, "li", typing=True) == []  # two letters: wait for more


def test_accents_folded_both_ways(db):
    a = add_photo(db, "/lib/a.jpg", "Café terrace in São Paulo, Zürich style")
    assert ids(db, "cafe") == [a]
    assert ids(db, "CAFÉ") == [a]
    assert ids(db, "sao paulo zurich") == [a]
    b = add_photo(db, "/lib/b.jpg", "a cafe in Paris")
    assert set(ids(db, "café")) == {a, b}


def test_cjk_substrings_are_findable(db):
    a = add_photo(db, "/lib/a.jpg", "海辺で走る犬と夕焼け")
    b = add_photo(db, "/lib/b.jpg", "東京の夜景", caption_keywords=["都市", "夜"])
    c = add_photo(db, "/lib/c.jpg", "서울의 한강 공원")
    add_photo(db, "/lib/d.jpg", "a dog on a beach")
    assert ids(db, "犬") == [a]  # one character
    assert ids(db, "夕焼け") == [a]  # three characters (trigram)
    assert ids(db, "都市") == [b]  # keyword
    assert ids(db, "한강") == [c]
    assert ids(db, "犬 -夕焼け") == []
    assert ids(db, "犬 OR 都市") == [b, a] or set(ids(db, "犬 OR 都市")) == {a, b}


def test_field_weights_caption_beats_keywords_beats_title_beats_names(db):
    names = add_photo(db, "/lib/zebra/x.jpg", "a photo")
    title = add_photo(db, "/lib/t.jpg", "a photo", caption_title="zebra")
    kw = add_photo(db, "/lib/k.jpg", "a photo", caption_keywords=["zebra"])
    cap = add_photo(db, "/lib/c.jpg", "a zebra photo")
    for i in range(20):  # enough other rows for bm25's idf to be meaningful
        add_photo(db, f"/lib/other{i}.jpg", f"a landscape number {i}")
    assert ids(db, "zebra") == [cap, kw, title, names]


def test_recency_breaks_ties(db):
    old = add_photo(db, "/lib/old.jpg", "a green tractor", taken_at="2010-05-01T10:00:00")
    new = add_photo(db, "/lib/new.jpg", "a green tractor", taken_at="2021-05-01T10:00:00")
    none = add_photo(db, "/lib/none.jpg", "a green tractor")
    for i in range(10):
        add_photo(db, f"/lib/o{i}.jpg", f"field {i}")
    assert ids(db, "tractor") == [new, old, none]


def test_snippets_mark_the_matched_words(db):
    add_photo(db, "/lib/a.jpg", "A tall lighthouse on a rocky coast under a stormy sky")
    hit = search_words(db, parse("lighthouse stormy")).hits[0]
    assert "\x02lighthouse\x03" in hit.snippet and "\x02stormy\x03" in hit.snippet


def test_filters(db):
    a = add_photo(db, "/lib/Holidays 2019/a.jpg", "a dog", camera_make="Canon", camera_model="EOS 5D",
                  taken_at="2019-07-14T10:00:00", caption_model="llava:7b", caption_keywords=["dog"],
                  gps_lat=1.0, gps_lon=2.0)
    b = add_photo(db, "/lib/Work/b.jpg", "a dog", camera_make="NIKON", taken_at="2019-10-02T08:00:00",
                  caption_state="approved", caption_model="qwen2.5vl")
    c = add_photo(db, "/lib/Work/c.jpg", "a dog", taken_at="2020-01-01T00:00:00", caption_state="written")
    d = add_photo(db, "/lib/Work/d.jpg", None)
    assert set(ids(db, "dog folder:holidays")) == {a}
    assert set(ids(db, 'folder:"Holidays 2019"')) == {a}
    assert set(ids(db, "folder:/lib/Work")) == {b, c, d}
    assert set(ids(db, "dog -folder:work")) == {a}
    assert set(ids(db, "camera:canon")) == {a}
    assert set(ids(db, "camera:nikon OR camera:canon")) == {a, b}
    assert set(ids(db, "year:2019")) == {a, b}
    assert set(ids(db, "date:2019-07..2019-09")) == {a}
    assert set(ids(db, "date:2019-07-14")) == {a}
    assert set(ids(db, "date:2019-10..")) == {b, c}
    assert set(ids(db, "date:..2019-07")) == {a}
    assert set(ids(db, "state:approved|written")) == {b, c}
    assert set(ids(db, "state:none")) == {d}
    assert set(ids(db, "state:draft dog")) == {a}
    assert set(ids(db, "has:keywords")) == {a}
    assert set(ids(db, "has:gps")) == {a}
    assert set(ids(db, "model:qwen")) == {b}
    assert set(ids(db, "dog -state:written")) == {a, b}


def test_bad_filter_values_are_ignored_with_a_notice(db):
    a = add_photo(db, "/lib/a.jpg", "a dog", taken_at="2019-01-01T00:00:00")
    r = search_words(db, parse("dog year:nineteen state:bogus has:wings"))
    assert [h.photo_id for h in r.hits] == [a]
    assert len(r.notices) == 3 and "year:nineteen" in r.notices[0]


def test_file_text_names_and_folders_are_searchable(db):
    a = add_photo(db, "/photos/Iceland trip/DSC_0042.jpg", None, file_description="Glacier lagoon",
                  file_keywords=["ice", "Jökulsárlón"], file_title="Lagoon")
    assert ids(db, "glacier") == [a]
    assert ids(db, "jokulsarlon") == [a]
    assert ids(db, "iceland") == [a]
    assert ids(db, "DSC_0042") == [a]
    assert ids(db, "dsc 0042") == [a]


def test_index_follows_caption_edits_and_versions(db):
    a = add_photo(db, "/lib/a.jpg", None)
    assert ids(db, "giraffe") == []
    cid = captions.add_version(db, a, text="A giraffe eating leaves", source="model", state="draft",
                               keywords=["giraffe", "savanna"])
    assert ids(db, "giraffe") == [a] and ids(db, "savanna") == [a]
    captions.add_version(db, a, text="An elephant at a waterhole", source="human", state="approved")
    assert ids(db, "giraffe") == [] and ids(db, "elephant") == [a]
    captions.set_current(db, a, cid)  # restore an old version
    assert ids(db, "giraffe") == [a] and ids(db, "elephant") == []
    db.execute("UPDATE photos SET caption_keywords = 'not json at all' WHERE id = ?", [a])
    db.conn.commit()
    assert ids(db, "savanna") == [] and ids(db, "json") == [a]


def test_index_follows_moves_renames_and_purges(db):
    a = add_photo(db, "/lib/2019/beach/IMG_1.jpg", "sunset")
    assert ids(db, "beach") == [a]
    db.execute("UPDATE photos SET path = ?, folder = ?, filename = ? WHERE id = ?",
               ["/lib/2020/mountains/renamed.jpg", "/lib/2020/mountains", "renamed.jpg", a])
    db.conn.commit()
    assert ids(db, "beach") == [] and ids(db, "mountains") == [a] and ids(db, "renamed") == [a]
    assert ids(db, "folder:mountains") == [a]
    db.execute("DELETE FROM photos WHERE id = ?", [a])
    db.conn.commit()
    assert ids(db, "sunset") == [] and ids(db, "mountains") == []
    assert db.execute("SELECT count(*) FROM photos_fts").fetchone()[0] == 0


def test_unchanged_rescan_does_not_touch_the_index(db):
    a = add_photo(db, "/lib/a.jpg", "a quiet lake")
    before = db.execute("SELECT count(*) FROM photos_fts_data").fetchone()[0]
    db.execute("UPDATE photos SET caption = caption, size = 10 WHERE id = ?", [a])
    db.conn.commit()
    assert db.execute("SELECT count(*) FROM photos_fts_data").fetchone()[0] == before
    assert ids(db, "lake") == [a]


def too_costly(monkeypatch):
    """Make every exact way cost more than allowed: the approximate fallback answers."""
    from app.search import exact

    for name in ("FAST_US", "BUDGET_US", "SLOW_US", "TYPING_US"):
        monkeypatch.setattr(exact, name, -1.0)


def test_too_costly_queries_fall_back_to_the_newest_matches(db, monkeypatch):
    from app.search import words

    too_costly(monkeypatch)
    monkeypatch.setattr(words, "WINDOW_MAX", 5)
    many = [add_photo(db, f"/lib/{i}.jpg", f"a photo of the sea number {i}") for i in range(12)]
    rare = add_photo(db, "/lib/rare.jpg", "the sea with a narwhal")
    r = search_words(db, parse("sea"), limit=4)
    assert not r.ranked and r.how == "approximate"
    assert len(r.hits) == 4 and {h.photo_id for h in r.hits} <= {rare, *many[-4:]}  # the newest window
    # a rare word next to a common one is still ranked, and the common one still has to match
    r = search_words(db, parse("sea narwhal"))
    assert r.ranked and [h.photo_id for h in r.hits] == [rare]
    r = search_words(db, parse("narwhal -sea"))
    assert [h.photo_id for h in r.hits] == []
    # only common words: every hit still contains them all
    r = search_words(db, parse("photo sea -number"), limit=50)
    assert r.hits == []


def test_read_only_connection_and_callers_transaction_are_respected(tmp_path):
    from app.store import db as dbmod

    path = tmp_path / "lib.db"
    writer = dbmod.connect(path)
    a = add_photo(writer, "/lib/a.jpg", "a lighthouse on the coast")
    reader = dbmod.connect(path, readonly=True)
    try:
        assert ids(reader, "lighthouse") == [a]
        assert ids(reader, "lightho", typing=True) == [a]
        assert ids(reader, "coast -lighthouse") == []
        # a search on the writer inside its open transaction neither commits nor breaks it
        writer.conn.execute("UPDATE photos SET caption = 'a windmill' WHERE id = ?", [a])
        assert writer.conn.in_transaction
        assert ids(writer, "windmill") == [a]
        assert writer.conn.in_transaction
        writer.conn.rollback()
        assert ids(writer, "windmill") == [] and ids(reader, "lighthouse") == [a]
        # the reader sees the writer's commits (no stale snapshot pinned by the scratch tables)
        writer.conn.execute("UPDATE photos SET caption = 'a windmill' WHERE id = ?", [a])
        writer.conn.commit()
        assert ids(reader, "windmill") == [a]
    finally:
        reader.conn.close()
        writer.conn.close()


def test_every_word_counts_and_stop_words_are_dropped_only_in_the_fallback(db, monkeypatch):
    from app.search import approx, words

    rows = [add_photo(db, f"/lib/{i}.jpg", f"the view number {i}") for i in range(10)]
    odd = add_photo(db, "/lib/odd.jpg", "a narwhal")  # no "the"
    both = add_photo(db, "/lib/both.jpg", "the narwhal")
    assert ids(db, "the narwhal") == [both]  # exact: every word must match, as in FTS5
    too_costly(monkeypatch)
    monkeypatch.setattr(words, "WINDOW_MAX", 3)
    monkeypatch.setattr(words, "RANK_ALL_MAX", 3)
    monkeypatch.setattr(approx, "_SHARE", {})
    r = search_words(db, parse("the narwhal"))
    assert {h.photo_id for h in r.hits} == {odd, both} and not r.ranked  # "the" (in 11 of 12) left out
    r = search_words(db, parse("the"))  # alone it is kept: every hit has it
    assert {h.photo_id for h in r.hits} == {*rows, both}
    r = search_words(db, parse('"the narwhal"'))  # phrases keep every word
    assert [h.photo_id for h in r.hits] == [both]
    kayaks = [add_photo(db, f"/lib/k{i}.jpg", f"kayak {i}") for i in range(4)]  # frequent, not a stop-word
    monkeypatch.setattr(approx, "_SHARE", {})
    r = search_words(db, parse("the kayak"))
    assert {h.photo_id for h in r.hits} == set(kayaks)


def test_large_selective_sets_are_ranked_within_the_newest_window_in_the_fallback(db, monkeypatch):
    from app.search import approx, words

    old_best = add_photo(db, "/lib/old.jpg", "heron heron heron heron")  # best bm25, but old
    rows = [add_photo(db, f"/lib/{i}.jpg", f"a heron near reeds {i}" + " padding" * i) for i in range(10)]
    for i in range(20):
        add_photo(db, f"/lib/x{i}.jpg", f"unrelated {i}")
    assert ids(db, "heron")[0] == old_best  # exact: the best of all matches
    too_costly(monkeypatch)
    monkeypatch.setattr(words, "RANK_ALL_MAX", 4)
    monkeypatch.setattr(approx, "RANK_WINDOW", 6)
    r = search_words(db, parse("heron"))
    got = [h.photo_id for h in r.hits]
    assert not r.ranked and set(got) == set(rows[-6:])  # only the newest 6 matches were scored
    assert got[0] == rows[-6]  # shortest caption among them: best bm25
    monkeypatch.setattr(words, "RANK_ALL_MAX", 100)
    assert ids(db, "heron")[0] == old_best
