"""Property-based fuzzing: no query text, however hostile, makes parsing or searching raise."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.search.query import parse
from app.search.words import search_words
from app.services.search import SearchService
from tests.search.helpers import add_photo

PIECES = st.sampled_from(
    ['"', "-", "OR", "AND", "NOT", "NEAR(", ")", "(", "*", "^", ":", "folder:", "year:", "date:", "..",
     "state:", "has:", "camera:", "model:", "'; DROP TABLE photos; --", "dog", "café", "犬", "🐶", "\x00",
     "\ud800", "%", "_", "\\", "{col}:", "caption:", "rowid", "''", "\u200b", " ", "  "]
)
QUERIES = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=25).map(" ".join),
    st.lists(PIECES, max_size=25).map("".join),
)


@given(QUERIES, st.booleans())
@settings(max_examples=400, deadline=None)
def test_parser_never_raises(text, typing):
    q = parse(text, typing=typing)
    assert len(q.clauses) <= 16
    q.meaning_text()


def _library(db):
    add_photo(db, "/lib/Trip 2019/a.jpg", "A dog running on a beach at sunset", caption_keywords=["dog", "beach"],
              taken_at="2019-07-01T10:00:00", camera_make="Canon")
    add_photo(db, "/lib/b.jpg", "Café au lait on a wooden table", caption_state="approved")
    add_photo(db, "/lib/c.jpg", "海辺で走る犬")
    add_photo(db, "/lib/d.jpg", None, file_description="an old receipt")


@given(QUERIES, st.booleans(), st.sampled_from(["words", "meaning", "both"]))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_search_end_to_end_never_raises(db, text, typing, mode):
    if db.execute("SELECT count(*) FROM photos").fetchone()[0] == 0:
        _library(db)
    r = search_words(db, parse(text, typing=typing), limit=10)
    assert all(isinstance(h.photo_id, int) for h in r.hits)
    resp = SearchService(db, embedder=None).search(text, mode=mode, typing=typing, limit=5)
    assert len(resp.results) <= 5


def test_ten_kilobytes_of_noise(db):
    _library(db)
    import random

    rnd = random.Random(5)
    noise = "".join(chr(rnd.choice([rnd.randint(32, 126), rnd.randint(0x80, 0x2FFF), 0x22, 0x2D])) for _ in range(10_000))
    resp = SearchService(db, embedder=None).search(noise, limit=20)
    assert isinstance(resp.results, list)
    resp = SearchService(db, embedder=None).search("dog " + "x" * 10_000)
    assert resp.results == []
