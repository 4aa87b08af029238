"""Alt text beside each caption, the language of a draft checked (one firmer retry, then a flag), and the
caption in a second language (a text-only request): through the pipeline, the double and real SQLite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.store import captions
from app.store import photos as photostore
from app.store.owner import DbOwner
from tests.captioning.test_caption_pipeline import cfg, photos, run

GERMAN = {"caption": "Ein Hund läuft bei Sonnenuntergang am Strand entlang.",
          "alt_text": "Hund rennt am Strand.", "keywords": ["Hund", "Strand", "Sonnenuntergang"]}
ENGLISH = {"caption": "A dog runs along the beach at sunset.", "alt_text": "Dog running on a beach.",
           "keywords": ["dog", "beach", "sunset"]}


@pytest.fixture
def owner(tmp_path: Path):
    o = DbOwner(tmp_path / "lib.db")
    yield o
    o.close()


def _row(owner: DbOwner, pid: int) -> dict:
    return next(photostore.to_public(r) for r in owner.call(lambda db: list(photostore.iter_photos(db)))
                if r["id"] == pid)


def test_alt_text_is_asked_for_in_the_same_request_and_kept_with_the_draft(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 1)
    ollama_double.inject("raw", text=json.dumps(ENGLISH))
    summary, obs = run(owner, ollama_double, ids)
    reqs = ollama_double.generation_requests()
    assert len(reqs) == 1  # one request: caption, alt text and keywords together
    schema = reqs[0].format
    assert schema["properties"]["alt_text"] == {"type": "string", "maxLength": 250} and "alt_text" in schema["required"]
    assert "alt text" in reqs[0].body["messages"][0]["content"]
    r = obs.results[0]
    assert r.alt_text == "Dog running on a beach." and r.flags == []
    row = _row(owner, ids[0])
    assert row["alt_text"] == "Dog running on a beach." and row["language_check"]["wrong"] == []
    version = owner.call(captions.history, ids[0])[-1]
    assert version["alt_text"] == "Dog running on a beach."


def test_no_alt_text_from_the_model_is_said_not_made_up(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 1)
    ollama_double.inject("raw", text=json.dumps({"caption": ENGLISH["caption"], "keywords": ENGLISH["keywords"]}))
    summary, obs = run(owner, ollama_double, ids)
    assert len(ollama_double.generation_requests()) == 1  # nothing asked again for it
    r = obs.results[0]
    assert r.alt_text == "" and r.flags == ["no_alt_text"]
    assert _row(owner, ids[0])["alt_text"] is None


def test_an_alt_text_over_250_characters_is_cut_and_flagged(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 1)
    long_alt = " ".join(f"A dog number {i} runs along beach {i} at sunset," for i in range(12))
    ollama_double.inject("raw", text=json.dumps({**ENGLISH, "alt_text": long_alt}))
    _, obs = run(owner, ollama_double, ids)
    assert 0 < len(obs.results[0].alt_text) <= 250 and "shortened" in obs.results[0].flags


def test_a_draft_in_the_wrong_language_is_retried_once_firmly_then_flagged(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 1)
    ollama_double.inject("raw", text=json.dumps(ENGLISH), times=2)  # asked for German, answers English twice
    summary, obs = run(owner, ollama_double, ids, cfg(language="German"))
    reqs = ollama_double.generation_requests()
    assert len(reqs) == 2
    second = reqs[1].body["messages"][0]["content"]
    assert "in German only" in second and "caption in English" in second
    r = obs.results[0]
    assert "wrong_language" in r.flags and summary.retries == 1
    assert r.language_check["requested"] == "de"
    assert r.language_check["detected"] == {"caption": "en", "alt_text": "en", "keywords": "en"}
    assert set(r.language_check["wrong"]) == {"caption", "alt_text", "keywords"}
    row = _row(owner, ids[0])
    assert "wrong_language" in row["caption_flags"] and row["language_check"]["wrong"]
    assert row["caption_language"] == "German"


def test_only_the_keywords_in_english_is_caught_and_the_retry_can_fix_it(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 1)
    ollama_double.inject("raw", text=json.dumps({**GERMAN, "keywords": ENGLISH["keywords"]}))
    ollama_double.inject("raw", text=json.dumps(GERMAN))
    summary, obs = run(owner, ollama_double, ids, cfg(language="German"))
    assert len(ollama_double.generation_requests()) == 2
    assert "keywords in English" in ollama_double.generation_requests()[1].body["messages"][0]["content"]
    r = obs.results[0]
    assert r.flags == [] and r.caption == GERMAN["caption"] and r.keywords == GERMAN["keywords"]
    assert r.language_check["wrong"] == []


def test_the_right_language_costs_no_second_request(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 2)
    ollama_double.inject("raw", text=json.dumps(GERMAN), times=2)
    summary, obs = run(owner, ollama_double, ids, cfg(language="Deutsch"))
    assert len(ollama_double.generation_requests()) == 2 and summary.retries == 0
    assert all(r.flags == [] for r in obs.results)


def test_a_second_language_is_a_text_only_request_checked_on_its_own(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 1)
    ollama_double.inject("raw", text=json.dumps(ENGLISH))
    ollama_double.inject("raw", text=json.dumps(GERMAN), prompt="Translate")
    summary, obs = run(owner, ollama_double, ids, cfg(second_language="de"))
    reqs = ollama_double.generation_requests()
    assert len(reqs) == 2
    translate = reqs[1]
    assert translate.images == [] and "into German" in translate.body["messages"][0]["content"]
    assert ENGLISH["caption"] in translate.body["messages"][0]["content"]
    r = obs.results[0]
    assert r.caption == ENGLISH["caption"] and r.flags == []
    assert r.translations == {"de": {"text": GERMAN["caption"], "alt_text": GERMAN["alt_text"],
                                     "keywords": GERMAN["keywords"]}}
    assert r.language_check["translations"]["de"]["wrong"] == []
    row = _row(owner, ids[0])
    assert row["translations"]["de"]["caption"] == GERMAN["caption"]


def test_a_second_language_answered_in_english_is_retried_then_flagged(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 1)
    ollama_double.inject("raw", text=json.dumps(ENGLISH))
    ollama_double.inject("raw", text=json.dumps(ENGLISH), prompt="Translate", times=2)
    summary, obs = run(owner, ollama_double, ids, cfg(), params={"second_language": "de"})
    assert len(ollama_double.generation_requests()) == 3
    r = obs.results[0]
    assert "wrong_language" in r.flags and r.language_check["wrong"] == []
    assert r.language_check["translations"]["de"]["detected"]["caption"] == "en"
