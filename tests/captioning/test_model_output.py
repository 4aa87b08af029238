"""Model output is untrusted input. Through the double and the real client: lone
surrogates, captions or keywords that are not strings, replies cut by the repeat guard or not JSON.
Nothing of that may wedge the queue, reach SQLite unchecked, or be stored as clean text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.captioning import queue as jobq
from app.store import captions
from app.store import photos as photostore
from app.store.owner import DbOwner
from tests.captioning.test_caption_pipeline import photos, run


@pytest.fixture
def owner(tmp_path: Path):
    o = DbOwner(tmp_path / "lib.db")
    yield o
    o.close()


def _row(owner: DbOwner, pid: int) -> dict:
    return owner.call(photostore.get, pid)


def _counts(owner: DbOwner) -> dict:
    return owner.call(jobq.summary)["counts"]


def test_lone_surrogate_in_the_json_is_stored_as_a_replacement_character(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 1)
    ollama_double.inject("raw", text='{"caption": "A \\ud800 boat on a lake", "keywords": ["lake", "\\udce9t\\u00e9"]}')
    summary, obs = run(owner, ollama_double, ids)
    assert summary.done == 1 and summary.failed == 0
    row = _row(owner, ids[0])
    assert row["caption"] == "A \ufffd boat on a lake" and row["caption_state"] == "draft"
    assert json.loads(row["caption_keywords"]) == ["lake", "\ufffdté"]
    assert obs.results[0].caption.encode("utf-8")  # printable: no surrogate left anywhere
    assert _counts(owner)["running"] == 0 and _counts(owner)["done"] == 1


@pytest.mark.parametrize("caption", [["-all=", "x"], {"text": "A dog"}, True])
def test_a_caption_that_is_not_text_is_never_stored_as_a_repr(owner, tmp_path, ollama_double, caption) -> None:
    ids = photos(owner, tmp_path, 2)
    bad = json.dumps({"caption": caption, "keywords": ["x"]})
    ollama_double.inject("raw", text=bad, times=2)  # first photo: the answer and its retry
    summary, obs = run(owner, ollama_double, ids[:1])
    r = obs.results[0]
    assert r.state == "failed" and "bad_json" in r.error
    row = _row(owner, ids[0])
    assert row["caption_state"] == "failed" and row["caption"] in (None, "")
    texts = [c["text"] for c in owner.call(captions.history, ids[0])]
    assert not any("-all=" in t or "True" in t or "{" in t or "[" in t for t in texts)
    # once: the retry gets a real caption
    ollama_double.inject("raw", text=bad)
    summary, obs = run(owner, ollama_double, ids[1:])
    assert obs.results[0].state == "draft" and "pixels" in obs.results[0].caption
    assert "bad_json" not in obs.results[0].flags
    assert len(ollama_double.generation_requests()) == 4


def test_keywords_that_are_not_text_flag_the_draft(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 1)
    ollama_double.inject("raw", text='{"caption": "A red boat.", "keywords": [true, "boat", ["x"], {"a": 1}, 7]}',
                         times=2)
    summary, obs = run(owner, ollama_double, ids)
    r = obs.results[0]
    assert r.state == "draft" and r.caption == "A red boat." and r.keywords == ["boat"] and "bad_json" in r.flags
    row = _row(owner, ids[0])
    assert json.loads(row["caption_keywords"]) == ["boat"] and "bad_json" in json.loads(row["caption_flags"])


def test_repeat_guard_cut_reply_becomes_a_flagged_draft_without_json(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 1)
    ollama_double.inject("repeat_guard", times=2)
    summary, obs = run(owner, ollama_double, ids)
    assert len(ollama_double.generation_requests()) == 2  # retried once
    r = obs.results[0]
    assert r.state == "draft" and {"loop", "bad_json"} <= set(r.flags)
    assert r.caption.startswith("A landscape photo") and "photo photo" not in r.caption
    assert "{" not in r.caption and '"' not in r.caption
    row = _row(owner, ids[0])
    assert row["caption"] == r.caption and "loop" in json.loads(row["caption_flags"])


def test_stream_without_done_then_clean_retry(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 1)
    ollama_double.inject("no_done", after=4, times=2)
    summary, obs = run(owner, ollama_double, ids)
    r = obs.results[0]
    assert {"truncated", "bad_json"} <= set(r.flags) and "{" not in r.caption and r.caption.startswith("A ")


def test_prose_instead_of_json_is_kept_but_flagged(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 1)
    ollama_double.inject("raw", text="A small red boat on a calm lake.", times=2)
    summary, obs = run(owner, ollama_double, ids)
    r = obs.results[0]
    assert r.state == "draft" and r.caption == "A small red boat on a calm lake." and "bad_json" in r.flags
