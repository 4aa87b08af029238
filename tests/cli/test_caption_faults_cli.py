"""Server faults and problem photos from the command line: what a person sees on the terminal, the
exit code, and what is left for the next run. The Ollama double plays the faulty server."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

from app.config import Settings, app_paths, save_settings
from tests.cli.test_caption_cli import REPO, json_lines, make_library
from tests.doubles.library import make_jpeg
from tests.doubles.ollama_double import OllamaDouble


def _run_on_a_terminal(args: list[str], timeout: float = 60) -> tuple[int, str]:
    """The real program with its stderr on a pseudo-terminal (where the progress line is drawn)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "app", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=slave, cwd=REPO, env=dict(os.environ))
    os.close(slave)
    out = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the program closed the terminal: done
                break
            if not chunk:
                break
            out += chunk
        elif proc.poll() is not None:
            break
    os.close(master)
    try:
        code = proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = -1
    return code, out.decode("utf-8", "replace")


def test_a_hung_server_is_said_on_the_terminal_and_the_queue_pauses(tmp_path: Path) -> None:
    save_settings(app_paths(), Settings(first_token_timeout=1.0, host_stall_timeout=0.5))
    dbp, _ = make_library(tmp_path, 3)
    with OllamaDouble() as d:
        d.inject("wedge")  # hangs holding the only slot; the other requests wait behind it
        t0 = time.monotonic()
        code, err = _run_on_a_terminal(["--db", str(dbp), "caption", "--all-missing", "--host", d.url])
        took = time.monotonic() - t0
        queue = subprocess.run([sys.executable, "-m", "app", "--db", str(dbp), "queue", "--json"],
                               capture_output=True, text=True, cwd=REPO)
    assert code == 1 and took < 30, (code, took, err)
    assert f"{d.url}: stopped answering" in err and "restart it" in err, err
    info = json.loads(queue.stdout)
    assert info["paused"] and info["paused_kind"] == "server" and info["counts"]["queued"] == 3


def test_a_server_restart_mid_batch_is_an_outage_not_the_end(tmp_path: Path, run_main, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no ollama program to be seen here
    dbp, _ = make_library(tmp_path, 5)
    with OllamaDouble(caption_seconds=1.0) as d:
        def restart_while_a_caption_streams() -> None:
            # The server dies with a request in flight, after one caption came back: the cut request
            # is retried into a server that is down, whatever pace the client prepares photos at.
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                reqs = d.generation_requests()
                if any(r.outcome == "done" for r in reqs) and any(r.tokens_sent and r.outcome == "pending"
                                                                  for r in reqs):
                    break
                time.sleep(0.01)
            d.restart(down_seconds=5.0).join()

        t = threading.Thread(target=restart_while_a_caption_streams, daemon=True)
        t.start()
        r = run_main("--db", str(dbp), "caption", "--all-missing", "--json", "--host", d.url)
        t.join(30)
        assert d.restarts == 1
    assert r.returncode == 0, r.stderr
    assert json_lines(r.stdout)[-1]["summary"]["captioned"] == 5
    assert "went away during the run" in r.stderr and "outage" in r.stderr and "answers again" in r.stderr
    assert "not installed" not in r.stderr and "no Ollama was found" not in r.stderr


def test_broken_characters_are_flagged_and_kept_out_of_bulk_approval(tmp_path: Path, ollama_double,
                                                                     run_main) -> None:
    dbp, _ = make_library(tmp_path, 3)
    pics = tmp_path / "pics"
    ollama_double.inject("surrogates")  # the first photo's caption gets half an emoji
    r = run_main("--db", str(dbp), "caption", str(pics / "p00.jpg"), "--json", "--host", ollama_double.url)
    assert r.returncode == 0 and json_lines(r.stdout)[0]["flags"] == ["bad_unicode"], r.stdout
    assert "\ufffd" in json_lines(r.stdout)[0]["caption"]
    r = run_main("--db", str(dbp), "caption", "--all-missing", "--json", "--host", ollama_double.url)
    assert r.returncode == 0 and json_lines(r.stdout)[-1]["summary"]["captioned"] == 2
    # group approve: the clean member is approved, the broken one waits for a person
    assert run_main("--db", str(dbp), "group", "merge", str(pics / "p00.jpg"), str(pics / "p01.jpg")).returncode == 0
    r = run_main("--db", str(dbp), "group", "approve", str(pics / "p01.jpg"), "--no-write")
    assert r.returncode == 0 and "p00.jpg: not approved" in r.stderr and "bad_unicode" in r.stderr, r.stderr
    states = {Path(o["path"]).name: o["caption_state"] for o in json_lines(run_main("--db", str(dbp), "list",
                                                                                      "--json").stdout)}
    assert states == {"p00.jpg": "draft", "p01.jpg": "approved", "p02.jpg": "draft"}
    r = run_main("--db", str(dbp), "group", "approve", str(pics / "p00.jpg"), "--no-write")
    assert "p00.jpg: not approved" in r.stderr
    # approve --all-drafts: the same, even with the group's other member approved already
    r = run_main("--db", str(dbp), "approve", "--all-drafts", "--no-write")
    assert r.returncode == 0 and "1 flagged draft skipped" in r.stderr, r.stderr
    states = {Path(o["path"]).name: o["caption_state"] for o in json_lines(run_main("--db", str(dbp), "list",
                                                                                      "--json").stdout)}
    assert states == {"p00.jpg": "draft", "p01.jpg": "approved", "p02.jpg": "approved"}


def test_an_unreadable_photo_is_not_queued_again_until_it_changes(tmp_path: Path, ollama_double, run_main) -> None:
    pics = tmp_path / "pics"
    make_jpeg(pics / "good.jpg", (300, 200))
    make_jpeg(pics / "stub.jpg", (8, 8))  # a valid file with no picture worth describing (a RAW preview stub)
    dbp = str(tmp_path / "lib.db")
    assert run_main("--db", dbp, "index", str(pics)).returncode == 0
    r = run_main("--db", dbp, "caption", "--all-missing", "--json", "--host", ollama_double.url)
    assert r.returncode == 0, r.stderr  # one captioned, one failed: reported, not fatal
    failed = [o for o in json_lines(r.stdout) if o.get("state") == "failed"]
    assert [Path(o["path"]).name for o in failed] == ["stub.jpg"] and "too small" in failed[0]["error"]
    sent = len(ollama_double.generation_requests())
    for _ in range(2):  # nothing left to do: exit 0, the stub is named once with its reason, not tried
        r = run_main("--db", dbp, "caption", "--all-missing", "--json", "--host", ollama_double.url)
        assert r.returncode == 0, r.stderr
        objs = json_lines(r.stdout)
        skipped = [o for o in objs if o.get("state") == "skipped"]
        assert [Path(o["path"]).name for o in skipped] == ["stub.jpg"]
        assert "too small" in skipped[0]["error"] and "until the file changes" in skipped[0]["error"]
        assert objs[-1]["summary"]["total"] == 0 and objs[-1]["summary"]["failed"] == 0
    assert len(ollama_double.generation_requests()) == sent
    # named explicitly, it is tried (and fails again, as asked)
    r = run_main("--db", dbp, "caption", str(pics / "stub.jpg"), "--json", "--host", ollama_double.url)
    assert r.returncode == 1 and json_lines(r.stdout)[0]["state"] == "failed"
    # the file changes (a real picture now), a rescan notices: it is captioned
    time.sleep(0.01)
    make_jpeg(pics / "stub.jpg", (320, 240))
    assert run_main("--db", dbp, "index", str(pics)).returncode == 0
    r = run_main("--db", dbp, "caption", "--all-missing", "--json", "--host", ollama_double.url)
    assert r.returncode == 0, r.stderr
    assert [Path(o["path"]).name for o in json_lines(r.stdout) if o.get("state") == "draft"] == ["stub.jpg"]


def test_a_photo_that_could_not_be_opened_is_tried_again(tmp_path: Path, ollama_double, run_main) -> None:
    """A file that was missing or locked (a network share gone) is not 'unreadable': next run tries it."""
    dbp, _ = make_library(tmp_path, 1)
    photo = tmp_path / "pics" / "p00.jpg"
    photo.chmod(0o000)
    try:
        if os.access(photo, os.R_OK):  # running as root: permissions do not stop us, a move does
            photo.chmod(0o644)
            photo.rename(photo.with_suffix(".away"))
        r = run_main("--db", str(dbp), "caption", "--all-missing", "--json", "--host", ollama_double.url)
        assert r.returncode == 1 and json_lines(r.stdout)[0]["state"] == "failed"
    finally:
        if photo.with_suffix(".away").exists():
            photo.with_suffix(".away").rename(photo)
        photo.chmod(0o644)
    r = run_main("--db", str(dbp), "caption", "--all-missing", "--json", "--host", ollama_double.url)
    assert r.returncode == 0 and json_lines(r.stdout)[-1]["summary"]["captioned"] == 1, r.stdout
