"""``albumwise search`` / ``albumwise embed`` as a user runs them: a real subprocess, a real
library (scanned rows written like the scanner and captioner write them), the Ollama double."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import HostConfig, Settings, app_paths, save_settings
from app.store import captions
from app.store import db as dbmod
from tests.search.helpers import add_photo

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ALBUMWISE_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=60)


def _library(home: Path) -> dict[str, int]:
    paths = app_paths().ensure()
    db = dbmod.connect(paths.db_path)
    ids = {
        "beach": add_photo(db, "/pics/Holidays/IMG_0001.jpg", None, taken_at="2019-07-02T10:00:00"),
        "car": add_photo(db, "/pics/Street/red_car.jpg", None),
        "menu": add_photo(db, "/pics/Food/menu.jpg", None, file_description="Le menu du café"),
    }
    captions.add_version(db, ids["beach"], text="A dog running on a beach", source="model", state="draft",
                         keywords=["dog", "beach", "summer"], model="llava:7b")
    captions.add_version(db, ids["car"], text="A red car parked at night", source="model", state="draft")
    db.conn.close()
    return ids


def test_search_json_contract_and_query_language(isolated_home):
    ids = _library(isolated_home)
    save_settings(app_paths(), Settings(embedding_model=""))
    r = _run("search", "dog", "--json", home=isolated_home)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [o["id"] for o in out] == [ids["beach"]]
    o = out[0]
    for key in ("path", "caption", "keywords", "state", "score", "snippet"):
        assert key in o
    assert o["path"] == "/pics/Holidays/IMG_0001.jpg" and o["state"] == "draft"
    assert o["keywords"] == ["dog", "beach", "summer"] and "[dog]" in o["snippet"]
    assert "no embedding model" in r.stderr  # words only, and it says so
    # keywords, folder names, file names, the file's own text, exclusions, filters
    for query, want in [
        (["summer"], ["beach"]), (["holidays"], ["beach"]), (["red_car"], ["car"]), (["cafe"], ["menu"]),
        (["-night", "state:draft"], ["beach"]), (["year:2019"], ["beach"]), (["folder:street"], ["car"]),
        (['"parked at night"'], ["car"]), (["nothing-like-this"], []),
    ]:
        r = _run("search", *query, "--json", "--mode", "words", home=isolated_home)
        assert r.returncode == 0, (query, r.stderr)
        assert [o["id"] for o in json.loads(r.stdout)] == [ids[w] for w in want], query


def test_search_text_output_and_usage_errors(isolated_home):
    _library(isolated_home)
    r = _run("search", "beach", home=isolated_home)
    assert r.returncode == 0 and "IMG_0001.jpg" in r.stdout and "[beach]" in r.stdout
    r = _run("search", home=isolated_home)
    assert r.returncode == 2 and "usage" in r.stderr and "Traceback" not in r.stderr
    r = _run("search", "dog", "--limit", "zero", home=isolated_home)
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    r = _run("search", "dog", "--mode", "vibes", home=isolated_home)
    assert r.returncode == 2
    r = _run("search", '"unbalanced (AND NEAR', "--json", home=isolated_home)
    assert r.returncode == 0 and json.loads(r.stdout) == []


def test_embed_then_search_by_meaning(isolated_home, ollama_double):
    ids = _library(isolated_home)
    save_settings(app_paths(), Settings(hosts=[HostConfig(url=ollama_double.url)], embedding_model="nomic-embed-text"))
    r = _run("search", "puppy on the sand", "--mode", "meaning", home=isolated_home)
    assert r.returncode == 1 and "albumwise embed" in r.stderr
    r = _run("embed", "--json", home=isolated_home)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"model": "nomic-embed-text", "host": ollama_double.url, "embedded": 3,
                                    "failed": 0, "remaining": 0, "error": None}
    r = _run("search", "puppy on the sand", "--json", home=isolated_home)
    out = json.loads(r.stdout)
    assert out[0]["id"] == ids["beach"] and out[0]["match"] == "meaning"
    r = _run("search", "automobile", "--json", "--mode", "meaning", home=isolated_home)
    assert [o["id"] for o in json.loads(r.stdout)] == [ids["car"]]


def test_embed_without_model_or_host_fails_in_one_line(isolated_home):
    _library(isolated_home)
    save_settings(app_paths(), Settings(embedding_model=""))
    r = _run("embed", home=isolated_home)
    assert r.returncode == 1 and "no embedding model" in r.stderr and r.stderr.count("\n") == 1
    save_settings(app_paths(), Settings(hosts=[HostConfig(url="http://127.0.0.1:9")]))
    r = _run("embed", "--json", home=isolated_home)
    assert r.returncode == 1 and "cannot reach" in r.stderr
    assert json.loads(r.stdout)["remaining"] == 3


@pytest.mark.slow
def test_captioned_corpus_end_to_end(isolated_home, corpus_copy, ollama_double, monkeypatch):
    """index -> caption (the double describes each image's colours) -> embed -> search."""
    from tests.doubles import ollama_double as od

    monkeypatch.setitem(od.SYNONYMS, "emerald", "green")  # the double runs in this process
    save_settings(app_paths(), Settings(hosts=[HostConfig(url=ollama_double.url)]))
    assert _run("index", str(corpus_copy), home=isolated_home).returncode == 0
    r = _run("caption", "--all-missing", "--host", ollama_double.url, home=isolated_home)
    assert r.returncode == 0, r.stderr
    r = _run("embed", "--json", home=isolated_home)
    assert r.returncode == 0 and json.loads(r.stdout)["embedded"] > 50

    def search(*args: str) -> list[dict]:
        r = _run("search", *args, "--json", "--limit", "50", home=isolated_home)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)

    by_caption = search("green", "--mode", "words")
    assert by_caption and all("[green]" in o["snippet"].lower() for o in by_caption)
    assert any(o["state"] == "draft" and "green" in (o["caption"] or "").lower() for o in by_caption)
    folder = search("folder:holiday")
    assert folder and all("/2019/Holiday/" in o["path"] for o in folder)
    assert any("/2019/Holiday/" in o["path"] for o in search("holiday", "--mode", "words"))
    assert [o["path"].rsplit("/", 1)[1] for o in search("stonehenge", "--mode", "words")] == ["Stonehenge.heic"]
    assert search("emerald", "--mode", "words") == []
    meaning = search("emerald", "--mode", "meaning")
    assert meaning and all(o["match"] == "meaning" for o in meaning)
    assert {o["id"] for o in meaning} <= {o["id"] for o in search("green", "--mode", "both")}
