"""`albumwise caption | models | ask | queue` as a user runs them: real subprocesses, the double."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.store import captions
from app.store import db as dbmod
from tests.doubles.library import add_photo, index_folder, make_jpeg
from tests.doubles.ollama_double import OllamaDouble

REPO = Path(__file__).resolve().parents[2]


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real program in a subprocess (what a user runs)."""
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=REPO,
                          env=dict(os.environ), timeout=timeout)


def make_library(tmp_path: Path, n: int, widths: bool = True) -> tuple[Path, list[int]]:
    dbp = tmp_path / "lib.db"
    db = dbmod.connect(dbp)
    ids = [add_photo(db, make_jpeg(tmp_path / "pics" / f"p{i:02d}.jpg", (300 + i, 200))) for i in range(n)]
    db.conn.close()
    return dbp, ids


def json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def test_caption_json_contract_and_list(tmp_path: Path, ollama_double: OllamaDouble) -> None:
    dbp, ids = make_library(tmp_path, 3)
    r = cli("--db", str(dbp), "caption", "--all-missing", "--json", "--host", ollama_double.url,
            "--style", "alt_text", "--language", "German")
    assert r.returncode == 0, r.stderr
    objs = json_lines(r.stdout)
    photos = [o for o in objs if "path" in o]
    assert len(photos) == 3
    for o in photos:
        assert set(o) == {"path", "caption", "keywords", "model", "host", "flags", "state", "error",
                          "place", "people", "alt_text", "translations", "language_check"}
        # place/people: null and [] here (nothing known); no second language asked for
        assert o["translations"] == {} and (o["alt_text"] is None or len(o["alt_text"]) <= 250)
        assert o["place"] is None and o["people"] == []
        assert o["state"] == "draft" and len(o["caption"]) <= 125 and o["host"] == ollama_double.url
        # the double answers in English although German was asked for: flagged, with what was found
        assert "wrong_language" in o["flags"] and o["language_check"]["detected"]["caption"] == "en", o
    assert objs[-1]["summary"]["captioned"] == 3
    assert "German" in ollama_double.generation_requests()[0].body["messages"][0]["content"]
    # list --json shows the caption fields
    lst = cli("--db", str(dbp), "list", "--json")
    if lst.returncode == 0 and lst.stdout.strip():
        rows = [json.loads(x) for x in lst.stdout.splitlines() if x.startswith("{")] or json.loads(lst.stdout)
        assert all(row["caption_state"] == "draft" and row["caption_model"] for row in rows)
    # nothing missing any more: a second run has nothing to do
    r2 = cli("--db", str(dbp), "caption", "--all-missing", "--json", "--host", ollama_double.url)
    assert r2.returncode == 0 and json_lines(r2.stdout)[-1]["summary"]["total"] == 0
    assert len(ollama_double.generation_requests()) == 6  # each photo once, then once more, asked more firmly


def test_caption_text_output_and_usage_errors(tmp_path: Path, ollama_double: OllamaDouble, run_main) -> None:
    dbp, ids = make_library(tmp_path, 1)
    r = run_main("--db", str(dbp), "caption", str(tmp_path / "pics" / "p00.jpg"), "--host", ollama_double.url)
    assert r.returncode == 0 and "pixels" in r.stdout and "Traceback" not in r.stderr
    for bad in (["caption"], ["caption", "--all-missing", "--style", "poem"], ["caption", "--all-missing", "--limit", "-1"]):
        r = run_main("--db", str(dbp), *bad)
        assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
    r = run_main("--db", str(dbp), "caption", str(tmp_path / "nope.jpg"), "--json", "--host", ollama_double.url)
    assert r.returncode == 1 and json_lines(r.stdout)[0]["state"] == "skipped"  # a named path not known
    assert "not in the library" in r.stderr and r.stderr.count("\n") == 1


def test_permanent_error_exits_1_with_one_line(tmp_path: Path, ollama_double: OllamaDouble, run_main) -> None:
    dbp, ids = make_library(tmp_path, 2)
    r = run_main("--db", str(dbp), "caption", "--all-missing", "--model", "llama3.2", "--host", ollama_double.url)
    assert r.returncode == 1 and "cannot see images" in r.stderr and "Traceback" not in r.stderr
    q = run_main("--db", str(dbp), "queue", "--json")
    info = json.loads(q.stdout)
    assert info["paused"] and info["counts"]["queued"] == 2
    r = run_main("--db", str(dbp), "caption", "--all-missing", "--host", ollama_double.url)
    assert r.returncode == 1 and "queue resume" in r.stderr
    assert run_main("--db", str(dbp), "queue", "resume").returncode == 0
    r = run_main("--db", str(dbp), "caption", "--all-missing", "--json", "--host", ollama_double.url)
    assert r.returncode == 0 and json_lines(r.stdout)[-1]["summary"]["captioned"] == 2


def test_server_down_is_one_clear_line(tmp_path: Path, monkeypatch) -> None:
    d = OllamaDouble().start()
    url = d.url
    d.stop()
    dbp, _ = make_library(tmp_path, 1)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no Ollama to be seen: install it, or start it
    r = cli("--db", str(dbp), "models", "--host", url)
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "no Ollama was found" in r.stderr and "ollama.com" in r.stderr and "not installed" not in r.stderr
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "ollama").write_text("#!/bin/sh\nexit 1\n")
    (bin_dir / "ollama").chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))  # installed, not running
    r = cli("--db", str(dbp), "models", "--host", url)
    assert r.returncode == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "installed but not running" in r.stderr and "ollama serve" in r.stderr


def test_kill_mid_run_then_rerun_finishes_without_redoing(tmp_path: Path) -> None:
    dbp, ids = make_library(tmp_path, 10)
    with OllamaDouble(caption_seconds=0.25) as d:
        proc = subprocess.Popen([sys.executable, "-m", "app", "--db", str(dbp), "caption", "--all-missing", "--json",
                                 "--host", d.url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
        finished = []
        deadline = time.time() + 60
        while len(finished) < 3 and time.time() < deadline:
            line = proc.stdout.readline()
            if line.startswith("{") and '"path"' in line:
                finished.append(json.loads(line))
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert len(finished) >= 3
        first_widths = {r.images[0].width for r in d.generation_requests() if r.outcome == "done"}
        n_first = len(d.generation_requests())
        r = cli("--db", str(dbp), "caption", "--all-missing", "--json", "--host", d.url)
        assert r.returncode == 0, r.stderr
        second = d.generation_requests()[n_first:]
        second_widths = [q.images[0].width for q in second]
    db = dbmod.connect(dbp)
    try:
        done_first = {int(Path(f["path"]).stem[1:]) + 300 for f in finished}
        assert not done_first & set(second_widths), "a finished photo was captioned again"
        for pid in ids:
            drafts = [v for v in captions.history(db, pid) if v["state"] == "draft"]
            assert len(drafts) == 1, (pid, drafts)
        states = dict(db.execute("SELECT state, count(*) FROM jobs GROUP BY state").fetchall())
        assert states == {"done": 10}
    finally:
        db.conn.close()
    assert len(first_widths) + len(second_widths) >= 10


def test_models_list_pull_and_json(tmp_path: Path, ollama_double: OllamaDouble, run_main) -> None:
    r = run_main("models", "--host", ollama_double.url, "--json")
    assert r.returncode == 0, r.stderr
    models = {m["name"]: m for m in json.loads(r.stdout)}
    assert models["llava:latest"]["vision"] is True and models["llama3.2:latest"]["vision"] is False
    r = run_main("models", "--host", ollama_double.url)
    assert "VISION" in r.stdout and "llava:latest" in r.stdout
    r = run_main("models", "pull", "moondream", "--host", ollama_double.url)
    assert r.returncode == 0 and "success" in r.stderr
    assert "moondream:latest" in ollama_double.models
    r = run_main("models", "pull", "no-such-model", "--host", ollama_double.url)
    assert r.returncode == 1 and "file does not exist" in r.stderr and "Traceback" not in r.stderr


def test_ask_streams_and_json_schema(tmp_path: Path, ollama_double: OllamaDouble) -> None:
    photo = make_jpeg(tmp_path / "receipt.jpg", (2400, 1600))
    r = cli("ask", str(photo), "What colour is the top?", "--host", ollama_double.url, "--model", "llava")
    assert r.returncode == 0 and "red at the top" in r.stdout
    req = ollama_double.generation_requests()[-1]
    assert "What colour is the top?" in req.body["messages"][0]["content"] and req.images[0].width == 1120
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"type": "object", "properties": {"total": {"type": "number"},
                                                                   "shop": {"type": "string"}}}))
    r = cli("ask", str(photo), "Read the receipt", "--host", ollama_double.url, "--json-schema", str(schema))
    assert r.returncode == 0, r.stderr
    assert set(json.loads(r.stdout)) == {"total", "shop"}
    r = cli("ask", str(tmp_path / "missing.jpg"), "?", "--host", ollama_double.url)
    assert r.returncode == 2


def test_ask_knows_where_an_indexed_photo_was_taken(tmp_path: Path, ollama_double: OllamaDouble) -> None:
    import shutil

    from tests.conftest import DATA

    (tmp_path / "lib").mkdir()
    photo = tmp_path / "lib" / "rome.jpg"
    shutil.copy(DATA / "photos" / "Phone" / "Camera Roll" / "Apple iPhone 4.jpg", photo)  # GPS in Rome
    dbp = tmp_path / "lib.db"
    assert cli("--db", str(dbp), "index", str(tmp_path / "lib")).returncode == 0
    r = cli("--db", str(dbp), "ask", str(photo), "Where is this?", "--host", ollama_double.url, "--model", "llava")
    assert r.returncode == 0, r.stderr
    prompt = ollama_double.generation_requests()[-1].body["messages"][0]["content"]
    assert "Rome, Lazio, Italy" in prompt and "Where is this?" in prompt


def test_queue_commands(tmp_path: Path, ollama_double: OllamaDouble, run_main) -> None:
    dbp, ids = make_library(tmp_path, 3)
    ollama_double.inject("not_found", times=5)
    run_main("--db", str(dbp), "caption", "--all-missing", "--host", ollama_double.url)
    assert run_main("--db", str(dbp), "queue", "pause").returncode == 0
    info = json.loads(run_main("--db", str(dbp), "queue", "--json").stdout)
    assert info["paused"] and info["paused_reason"] == "paused by the user"
    assert run_main("--db", str(dbp), "queue", "cancel", str(tmp_path / "pics" / "p00.jpg")).returncode == 0
    info = json.loads(run_main("--db", str(dbp), "queue", "--json").stdout)
    assert info["counts"]["cancelled"] == 1 and info["counts"]["queued"] == 2
    assert run_main("--db", str(dbp), "queue", "cancel").returncode == 0
    info = json.loads(run_main("--db", str(dbp), "queue", "--json").stdout)
    assert info["counts"]["cancelled"] == 3
    text = run_main("--db", str(dbp), "queue").stdout
    assert "3 cancelled" in text


@pytest.mark.slow
def test_corpus_all_missing_captions_every_indexable_photo(corpus_copy: Path) -> None:
    """HEIC and RAW included; broken files end skipped or failed with their reason, nothing else fails."""
    dbp = corpus_copy.parent / "corpus.db"
    indexed = cli("--db", str(dbp), "index", str(corpus_copy), timeout=300)
    db = dbmod.connect(dbp)
    try:
        if indexed.returncode != 0 or not db.execute("SELECT count(*) FROM photos").fetchone()[0]:
            index_folder(db, corpus_copy)  # the scanner is not there yet: rows without metadata
    finally:
        db.conn.close()
    with OllamaDouble() as d:
        r = cli("--db", str(dbp), "caption", "--all-missing", "--json", "--host", d.url, timeout=600)
    assert r.returncode == 0, r.stderr
    objs = [o for o in json_lines(r.stdout) if "path" in o]
    by_state: dict[str, list[dict]] = {}
    for o in objs:
        by_state.setdefault(o["state"], []).append(o)
    drafts = {Path(o["path"]).name for o in by_state.get("draft", [])}
    assert {"IMG_2682.heic", "Galaxy S24 FE — portrait.heic"} <= drafts
    bad = by_state.get("failed", []) + by_state.get("skipped", [])
    # the DNG's only picture is a blank placeholder: no caption invented from it
    assert any(o["path"].endswith(".dng") and "no picture in this file" in o["error"] for o in bad), bad
    assert all(o["error"] for o in bad)
    bad_names = {Path(o["path"]).name for o in bad}
    for name in ("empty.jpg", "not_an_image.jpg", "broken.png"):
        assert name in bad_names or name not in {Path(o["path"]).name for o in objs}
    # only broken files and metadata-only RAW stubs may fail; every other indexable photo is captioned
    assert all(("/Broken/" in o["path"] or "/Raw/" in o["path"] or o["path"].endswith(".jxl")) for o in bad), bad
    assert set(by_state) <= {"draft", "failed", "skipped"}
    assert len(drafts) == len(objs) - len(bad) >= 40
    listed = json_lines(cli("--db", str(dbp), "list", "--json", "--state", "failed").stdout)
    assert len(listed) == len(by_state.get("failed", []))
    assert all(o["caption_state"] == "failed" and o["caption_error"] for o in listed), listed
