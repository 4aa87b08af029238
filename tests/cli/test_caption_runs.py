"""From the command line: exit codes a person can act on, pauses that end, runs that
cooperate (two at once, SIGTERM). Real subprocesses where the process boundary matters."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from app.captioning.run_types import RunConfig
from app.store import captions
from app.store import db as dbmod
from tests.cli.test_caption_cli import REPO, cli, json_lines, make_library  # run_main: tests/cli/conftest.py
from tests.doubles.ollama_double import OllamaDouble


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _job_states(dbp: Path) -> dict[str, int]:
    db = dbmod.connect(dbp)
    try:
        return dict(db.execute("SELECT state, count(*) FROM jobs GROUP BY state").fetchall())
    finally:
        db.conn.close()


def _drafts_per_photo(dbp: Path, ids: list[int]) -> list[int]:
    db = dbmod.connect(dbp)
    try:
        return [len([v for v in captions.history(db, pid) if v["state"] == "draft"]) for pid in ids]
    finally:
        db.conn.close()


def test_every_photo_failing_exits_1_and_the_last_word_has_no_will_retry(tmp_path: Path, ollama_double,
                                                                        run_main, monkeypatch) -> None:
    # the waits between the five attempts shortened (1 + 2 + 4 + 8 s otherwise): what is said is tested here
    monkeypatch.setattr(RunConfig, "backoff", lambda self, n: 0.05)
    dbp, ids = make_library(tmp_path, 2)
    ollama_double.inject("busy", times=100)
    db = dbmod.connect(dbp)
    db.conn.close()
    r = run_main("--db", str(dbp), "caption", "--all-missing", "--json", "--host", ollama_double.url)
    assert r.returncode == 1, r.stderr
    results = [o for o in json_lines(r.stdout) if o.get("state") == "failed"]
    assert len(results) == 2
    for o in results:
        assert "server busy" in o["error"] and "will retry" not in o["error"]
        assert "gave up after 5 attempts" in o["error"] and "albumwise queue retry-failed" in o["error"]
    assert "no photo was captioned" in r.stderr and r.stderr.strip().count("\n") == 0
    lst = run_main("--db", str(dbp), "list", "--json")
    rows = [json.loads(x) for x in lst.stdout.splitlines() if x.startswith("{")] or json.loads(lst.stdout)
    assert all("will retry" not in (row["caption_error"] or "") and row["caption_state"] == "failed" for row in rows)


def test_quick_start_caption_before_ollama_then_after(tmp_path: Path, run_main) -> None:
    """The README's quick start: caption with the server down → paused; start it → the next caption
    says it resumed and captions."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    dbp, ids = make_library(tmp_path, 2)
    r = run_main("--db", str(dbp), "caption", "--all-missing", "--host", url)
    assert r.returncode == 1 and "cannot reach" in r.stderr
    info = json.loads(run_main("--db", str(dbp), "queue", "--json").stdout)
    assert info["paused"] and info["paused_kind"] == "server" and info["counts"]["queued"] == 2
    # still down: still paused, one line, says it goes ahead by itself later
    r = run_main("--db", str(dbp), "caption", "--all-missing", "--host", url)
    assert r.returncode == 1 and "by itself" in r.stderr and r.stderr.strip().count("\n") == 0
    with OllamaDouble(port=port) as d:
        r = run_main("--db", str(dbp), "caption", "--all-missing", "--json", "--host", url)
        assert r.returncode == 0, r.stderr
        assert "resumed" in r.stderr
        assert json_lines(r.stdout)[-1]["summary"]["captioned"] == 2 and len(d.generation_requests()) == 2
    assert not json.loads(run_main("--db", str(dbp), "queue", "--json").stdout)["paused"]


def test_a_pause_the_user_asked_for_stays(tmp_path: Path, ollama_double, run_main) -> None:
    dbp, ids = make_library(tmp_path, 1)
    assert run_main("--db", str(dbp), "queue", "pause").returncode == 0
    r = run_main("--db", str(dbp), "caption", "--all-missing", "--host", ollama_double.url)
    assert r.returncode == 1 and "queue resume" in r.stderr and not ollama_double.generation_requests()
    info = json.loads(run_main("--db", str(dbp), "queue", "--json").stdout)
    assert info["paused"] and info["paused_kind"] == "user"


def test_missing_model_pause_ends_once_the_model_is_pulled(tmp_path: Path, ollama_double, run_main) -> None:
    dbp, ids = make_library(tmp_path, 1)
    ollama_double.remove_model("moondream")
    r = run_main("--db", str(dbp), "caption", "--all-missing", "--model", "moondream", "--host", ollama_double.url)
    assert r.returncode == 1 and "not installed" in r.stderr
    assert json.loads(run_main("--db", str(dbp), "queue", "--json").stdout)["paused_kind"] == "model"
    assert run_main("models", "pull", "moondream", "--host", ollama_double.url).returncode == 0
    r = run_main("--db", str(dbp), "caption", "--all-missing", "--model", "moondream", "--json",
                 "--host", ollama_double.url)
    assert r.returncode == 0 and "resumed" in r.stderr and json_lines(r.stdout)[-1]["summary"]["captioned"] == 1


def _start(dbp: Path, url: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "app", "--db", str(dbp), "caption", "--all-missing", "--json",
                             "--host", url, *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=REPO, env=dict(os.environ))


def _wait_for_results(proc: subprocess.Popen, n: int, timeout: float = 60) -> list[dict]:
    out = []
    deadline = time.time() + timeout
    while len(out) < n and time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if line.startswith("{") and '"path"' in line:
            out.append(json.loads(line))
    return out


def test_two_runs_at_once_never_caption_a_photo_twice(tmp_path: Path) -> None:
    n = 16
    dbp, ids = make_library(tmp_path, n)
    with OllamaDouble(caption_seconds=1.0, num_parallel=2) as d:
        a = _start(dbp, d.url)
        assert _wait_for_results(a, 1), a.stderr.read() if a.poll() is not None else "no result"
        b = _start(dbp, d.url)  # a second run while the first holds jobs
        out_b, err_b = b.communicate(timeout=120)
        out_a, err_a = a.communicate(timeout=120)
        assert a.returncode == 0 and b.returncode == 0, (err_a, err_b)
        widths = Counter(r.images[0].width for r in d.generation_requests())
    assert sorted(widths) == [300 + i for i in range(n)]
    assert max(widths.values()) == 1, f"photos sent to the model twice: {widths}"
    assert _drafts_per_photo(dbp, ids) == [1] * n
    assert _job_states(dbp) == {"done": n}
    assert json_lines(out_b)[-1]["summary"]["captioned"] >= 1, (out_b, err_b, out_a)  # B really took part


def test_sigterm_returns_the_runs_jobs_to_the_queue(tmp_path: Path) -> None:
    n = 8
    dbp, ids = make_library(tmp_path, n)
    with OllamaDouble(caption_seconds=0.4) as d:
        proc = _start(dbp, d.url)
        first = _wait_for_results(proc, 1)
        assert first
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 128 + signal.SIGTERM, err
        assert "stopped by SIGTERM" in err and "Traceback" not in err
        states = _job_states(dbp)
        assert states.get("running", 0) == 0 and states.get("queued", 0) >= 1, states
        # the request in flight was cancelled (stream closed), not left generating
        deadline = time.time() + 5
        while any(r.outcome == "pending" for r in d.generation_requests()) and time.time() < deadline:
            time.sleep(0.05)
        assert all(r.outcome in ("done", "cancelled") for r in d.generation_requests())
        r = cli("--db", str(dbp), "caption", "--all-missing", "--json", "--host", d.url)
        assert r.returncode == 0, r.stderr
    assert _drafts_per_photo(dbp, ids) == [1] * n and _job_states(dbp) == {"done": n}


def test_surrogates_from_the_model_never_crash_the_command(tmp_path: Path, ollama_double, run_main) -> None:
    dbp, ids = make_library(tmp_path, 2)
    raw = '{"caption": "A \\ud800 boat", "keywords": ["lake\\udfff"]}'
    ollama_double.inject("raw", text=raw, times=3)
    r = run_main("--db", str(dbp), "caption", "--all-missing", "--host", ollama_double.url)
    assert r.returncode == 0 and "A \ufffd boat" in r.stdout, r.stderr
    r = run_main("--db", str(dbp), "caption", str(tmp_path / "pics" / "p00.jpg"), "--json", "--host",
                 ollama_double.url)
    assert r.returncode == 0 and json_lines(r.stdout)[0]["keywords"] == ["lake\ufffd"]
    assert _job_states(dbp) == {"done": 3}
    ollama_double.inject("raw", text="A \ud800 answer")  # a real lone surrogate: escaped in the NDJSON line
    r = cli("ask", str(tmp_path / "pics" / "p00.jpg"), "What is it?", "--host", ollama_double.url)
    assert r.returncode == 0 and "answer" in r.stdout and "Traceback" not in r.stderr, r.stderr


def test_a_named_path_not_in_the_library_exits_1_but_the_others_are_captioned(tmp_path: Path, ollama_double,
                                                                              run_main) -> None:
    dbp, ids = make_library(tmp_path, 2)
    stray = tmp_path / "elsewhere" / "new.jpg"
    stray.parent.mkdir()
    stray.write_bytes((tmp_path / "pics" / "p00.jpg").read_bytes())
    r = run_main("--db", str(dbp), "caption", str(tmp_path / "pics" / "p01.jpg"), str(stray), "--json",
                 "--host", ollama_double.url)
    assert r.returncode == 1 and "1 of the given paths are not in the library" in r.stderr
    objs = json_lines(r.stdout)
    assert {o.get("state") for o in objs if "path" in o} == {"draft", "skipped"}
    assert objs[-1]["summary"]["captioned"] == 1
    r = run_main("--db", str(dbp), "models", "pull", "llava", "--host", "http://127.0.0.1:9")
    assert r.returncode == 1 and "cannot pull llava" in r.stderr and "Ollama" in r.stderr


def _done_jobs(dbp: Path) -> int:
    db = dbmod.connect(dbp)
    try:
        return db.execute("SELECT count(*) FROM jobs WHERE state = 'done'").fetchone()[0]
    finally:
        db.conn.close()


def test_a_photo_finished_by_another_run_after_the_selection_is_not_queued_again(tmp_path: Path, run_main,
                                                                                monkeypatch) -> None:
    """The race behind a photo captioned twice by two runs: B picks the uncaptioned photos, A finishes
    one of them, then B queues its picks. The pick is a snapshot; queueing must look again."""
    from app.services import captioning as svc

    n = 8
    dbp, ids = make_library(tmp_path, n)
    real_select = svc.select_photos

    def select_then_let_the_other_run_finish_one(*args, **kwargs):
        sel = real_select(*args, **kwargs)
        before = _done_jobs(dbp)
        deadline = time.time() + 30
        while _done_jobs(dbp) == before and time.time() < deadline:
            time.sleep(0.02)
        return sel

    monkeypatch.setattr(svc, "select_photos", select_then_let_the_other_run_finish_one)
    with OllamaDouble(caption_seconds=0.5, num_parallel=2) as d:
        a = _start(dbp, d.url)
        assert _wait_for_results(a, 1), a.stderr.read() if a.poll() is not None else "no result"
        b = run_main("--db", str(dbp), "caption", "--all-missing", "--json", "--host", d.url)
        out_a, err_a = a.communicate(timeout=120)
        assert a.returncode == 0 and b.returncode == 0, (err_a, b.stderr)
        widths = Counter(r.images[0].width for r in d.generation_requests())
    assert max(widths.values()) == 1, f"photos sent to the model twice: {widths}"
    assert _drafts_per_photo(dbp, ids) == [1] * n


@pytest.mark.serial  # it loads every core of the machine: alone, it neither slows nor is slowed by other tests
def test_two_runs_under_cpu_load_never_caption_a_photo_twice(tmp_path: Path) -> None:
    """Leases hold while busy loops keep every core loaded several times over (load ≈ 3× the cores)."""
    n = 8
    dbp, ids = make_library(tmp_path, n)
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(3 * (os.cpu_count() or 2))]
    try:
        with OllamaDouble(caption_seconds=0.5, num_parallel=2) as d:
            a = _start(dbp, d.url)
            assert _wait_for_results(a, 1, timeout=120), a.stderr.read() if a.poll() is not None else "no result"
            b = _start(dbp, d.url)
            out_b, err_b = b.communicate(timeout=300)
            out_a, err_a = a.communicate(timeout=300)
            assert a.returncode == 0 and b.returncode == 0, (err_a, err_b)
            widths = Counter(r.images[0].width for r in d.generation_requests())
    finally:
        for p in spinners:
            p.kill()
        for p in spinners:
            p.wait()
    assert sorted(widths) == [300 + i for i in range(n)]
    assert max(widths.values()) == 1, f"photos sent to the model twice: {widths}"
    assert _drafts_per_photo(dbp, ids) == [1] * n and _job_states(dbp) == {"done": n}
