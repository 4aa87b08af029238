"""Meaning search and fusion with the Ollama double's deterministic embeddings (a real HTTP server),
the OpenAI-compatible endpoint, the background worker, and the words-only fallback."""

from __future__ import annotations

import numpy as np

from app.config import HostConfig, Settings
from app.search import vectors
from app.search.embedder import EmbedError, OllamaEmbedder, OpenAIEmbedder, make_embedder
from app.services.search import EmbedWorker, SearchService, direct, embed_pending
from app.store import captions
from app.store.owner import DbOwner
from tests.search.helpers import add_photo


def _settings(url: str, kind: str = "ollama", model: str = "nomic-embed-text") -> Settings:
    return Settings(hosts=[HostConfig(url=url, kind=kind)], embedding_model=model)


def _library(db):
    beach = add_photo(db, "/lib/a.jpg", "a dog running on a beach")
    car = add_photo(db, "/lib/b.jpg", "a red car parked in a street")
    cat = add_photo(db, "/lib/c.jpg", "a kitten asleep on a sofa")
    sand = add_photo(db, "/lib/d.jpg", "footprints in the sand by the shore")
    return beach, car, cat, sand


def test_embed_then_meaning_finds_synonyms(db, ollama_double):
    beach, car, cat, sand = _library(db)
    service = SearchService(db, _settings(ollama_double.url))
    assert service.meaning_status()[0] is False
    report = embed_pending(direct(db), service.embedder)
    assert (report.embedded, report.remaining, report.error) == (4, 0, None)
    r = service.search("puppy on the sand", mode="meaning")
    assert r.used == ["meaning"] and r.results[0].id == beach
    assert car not in [x.id for x in r.results]
    # words alone find nothing for this query; both modes together do
    assert service.search("puppy on the sand", mode="words").results == []
    both = service.search("puppy on the sand", mode="both")
    assert both.results[0].id == beach and both.results[0].match == "meaning"


def test_exact_word_wins_over_meaning_only(db, ollama_double):
    beach, car, cat, sand = _library(db)
    puppy = add_photo(db, "/lib/e.jpg", "a puppy on a beach")
    service = SearchService(db, _settings(ollama_double.url))
    embed_pending(direct(db), service.embedder)
    r = service.search("puppy", mode="both")
    assert r.results[0].id == puppy and r.results[0].match == "both"
    assert beach in [x.id for x in r.results]  # a dog is a puppy, by meaning


def test_filters_and_exclusions_apply_to_meaning_hits(db, ollama_double):
    beach, car, cat, sand = _library(db)
    db.execute("UPDATE photos SET caption_state = 'approved' WHERE id = ?", [sand])
    db.conn.commit()
    service = SearchService(db, _settings(ollama_double.url))
    embed_pending(direct(db), service.embedder)
    r = service.search("puppy beach state:approved", mode="meaning")
    assert [x.id for x in r.results] == [sand]
    r = service.search("puppy beach -footprints", mode="meaning")
    assert sand not in [x.id for x in r.results] and beach in [x.id for x in r.results]


def test_caption_change_marks_embedding_stale_and_worker_refreshes(tmp_path, ollama_double):
    owner = DbOwner(tmp_path / "lib.db")
    try:
        pid = owner.call(add_photo, "/lib/a.jpg", "a kitten on a sofa")
        embedder = make_embedder(_settings(ollama_double.url))
        worker = EmbedWorker(owner, embedder, interval=0.05).start()
        try:
            _wait(lambda: owner.call(vectors.count_pending, embedder.model) == 0)
            owner.call(captions.add_version, pid, text="a dog on a beach", source="human", state="approved")
            # the trigger dropped the old vector; the worker makes a new one
            worker.wake()
            _wait(lambda: owner.call(vectors.count_pending, embedder.model) == 0 and owner.call(vectors.count, embedder.model) == 1)
        finally:
            worker.stop()
        db = owner.call(lambda d: d)
        service = owner.call(lambda d: SearchService(d, _settings(ollama_double.url)))
        r = owner.call(lambda d: service.search("puppy", mode="meaning"))
        assert [x.id for x in r.results] == [pid]
        assert db is not None
    finally:
        owner.close()


def _wait(cond, timeout=10.0):
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.02)
    raise AssertionError("condition not reached")


def test_openai_compatible_host(db, openai_double):
    beach, *_ = _library(db)
    emb = make_embedder(_settings(openai_double.url, kind="openai"))
    assert isinstance(emb, OpenAIEmbedder)
    report = embed_pending(direct(db), emb)
    assert report.embedded == 4
    r = SearchService(db, _settings(openai_double.url, kind="openai")).search("puppy sand", mode="meaning")
    assert r.results[0].id == beach


def test_without_model_or_host_words_only_and_says_so(db, ollama_double):
    beach, *_ = _library(db)
    r = SearchService(db, Settings(embedding_model="")).search("dog", mode="both")
    assert [x.id for x in r.results] == [beach] and r.used == ["words"]
    assert any("no embedding model" in n for n in r.notices)
    # vectors exist but the host is gone: still words, with a notice
    service = SearchService(db, _settings(ollama_double.url))
    embed_pending(direct(db), service.embedder)
    gone = SearchService(db, _settings("http://127.0.0.1:9"))
    r = gone.search("dog", mode="both")
    assert [x.id for x in r.results] == [beach] and r.used == ["words"]
    assert any("unavailable" in n for n in r.notices) and not r.meaning_available


def test_embed_errors_are_reported_and_lose_nothing(db, ollama_double):
    _library(db)
    report = embed_pending(direct(db), OllamaEmbedder(ollama_double.url, "no-such-model"))
    assert report.embedded == 0 and report.remaining == 4 and "not found" in report.error
    try:
        OllamaEmbedder("http://127.0.0.1:9", "x").embed(["a"])
    except EmbedError as exc:
        assert "cannot reach" in str(exc)
    else:
        raise AssertionError("expected EmbedError")


def test_binary_quantised_index_matches_exact_search(db, monkeypatch):
    rng = np.random.default_rng(3)
    n, dim = 600, 64
    centers = rng.normal(size=(20, dim))
    mat = centers[rng.integers(0, 20, n)] + 0.3 * rng.normal(size=(n, dim))
    pids = [add_photo(db, f"/lib/{i}.jpg", f"photo {i}") for i in range(n)]
    vectors.store(db, "m", zip(pids, mat))
    q = centers[7] + 0.1 * rng.normal(size=dim)
    exact = vectors.VectorIndex.load(db, "m")
    assert exact.floats is not None
    monkeypatch.setattr(vectors, "EXACT_MAX_BYTES", 0)
    monkeypatch.setattr(vectors, "RESCORE", 100)
    binary = vectors.VectorIndex.load(db, "m")
    assert binary.bits is not None and binary.floats is None
    want = [i for i, _ in exact.search(db, q, k=10)]
    got = [i for i, _ in binary.search(db, q, k=10)]
    assert len(set(want) & set(got)) >= 9
    db.vec_enabled = False  # numpy rescoring path gives the same answer
    assert [i for i, _ in binary.search(db, q, k=10)] == got


def test_bits_table_follows_embeddings_and_caption_changes(db):
    a = add_photo(db, "/lib/a.jpg", "a cat")
    b = add_photo(db, "/lib/b.jpg", "a dog")
    vectors.store(db, "m", [(a, [1.0, -1.0] * 8), (b, [-1.0, 1.0] * 8)])
    assert db.execute("SELECT count(*) FROM photo_embedding_bits").fetchone()[0] == 2
    vectors.store(db, "m", [(a, [-1.0, 1.0] * 8)])  # replace
    assert db.execute("SELECT bits FROM photo_embedding_bits WHERE photo_id = ?", [a]).fetchone()[0] == \
        db.execute("SELECT bits FROM photo_embeddings WHERE photo_id = ?", [a]).fetchone()[0]
    gen = vectors.generation(db)
    db.execute("UPDATE photos SET caption = 'a lion' WHERE id = ?", [a])  # stale: vector dropped
    db.conn.commit()
    assert vectors.generation(db) > gen
    assert db.execute("SELECT photo_id FROM photo_embedding_bits").fetchall() == [(b,)]
    assert vectors.pending_ids(db, "m") == [a]
    db.execute("DELETE FROM photos WHERE id = ?", [b])  # purge
    db.conn.commit()
    assert db.execute("SELECT count(*) FROM photo_embedding_bits").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM photo_embeddings").fetchone()[0] == 0


def test_rebuild_restores_a_damaged_index(db):
    from app.search import schema
    from tests.search.helpers import ids

    a = add_photo(db, "/lib/a.jpg", "a lighthouse", caption_keywords=["灯台"])
    db.execute("DELETE FROM photos_fts")
    db.execute("DELETE FROM photos_fts_cjk")
    db.conn.commit()
    assert ids(db, "lighthouse") == []
    schema.rebuild(db)
    assert ids(db, "lighthouse") == [a] and ids(db, "灯台") == [a]
