"""The pipeline against the Ollama double: every fault a real Ollama shows ends in the right state.

Real SQLite (a file, through DbOwner), real HTTP (the double on 127.0.0.1), the real ollama client.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from app.captioning import queue as jobq
from app.captioning.pipeline import Observer, RunConfig
from app.config import HostConfig
from app.services import captioning as svc
from app.store import captions
from app.store import photos as photostore
from app.store.owner import DbOwner
from tests.doubles.library import add_photo, make_jpeg
from tests.doubles.ollama_double import MIXED_FAULTS, OllamaDouble, OpenAIDouble


@pytest.fixture
def owner(tmp_path: Path):
    o = DbOwner(tmp_path / "lib.db")
    yield o
    o.close()


def photos(owner: DbOwner, tmp_path: Path, n: int = 3, **kw) -> list[int]:
    ids = []
    for i in range(n):
        p = make_jpeg(tmp_path / "pics" / f"p{i:03d}.jpg", **kw)
        ids.append(owner.call(add_photo, p))
    return ids


class Recorder(Observer):
    def __init__(self) -> None:
        self.results = []
        self.tokens: dict[int, list[str]] = {}
        self.paused = None
        self.retries = []

    def on_token(self, photo_id, text):
        self.tokens.setdefault(photo_id, []).append(text)

    def on_result(self, r):
        self.results.append(r)

    def on_paused(self, reason):
        self.paused = reason

    def on_retry(self, photo_id, path, message):
        self.retries.append(message)


def cfg(**kw) -> RunConfig:
    base = dict(backoff_base=0.01, backoff_max=0.05, first_token_timeout=5.0, stall_timeout=2.0)
    base.update(kw)
    return RunConfig(**base)


def run(owner: DbOwner, hosts, ids, config: RunConfig | None = None, params=None):
    obs = Recorder()
    job_ids = owner.call(jobq.enqueue, ids, params or {})
    if isinstance(hosts, OllamaDouble):
        hosts = [HostConfig(url=hosts.url, kind="ollama" if hosts.native else "openai")]
    summary = asyncio.run(svc.run_jobs(owner, hosts, config or cfg(), job_ids=job_ids, observer=obs))
    return summary, obs


def caption_versions(owner: DbOwner, pid: int) -> list[dict]:
    return [v for v in owner.call(captions.history, pid) if v["state"] == "draft"]


def test_captions_stream_store_drafts_with_metrics(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 3, size=(3000, 2000))
    summary, obs = run(owner, ollama_double, ids, cfg(model="llava"))
    assert summary.done == 3 and summary.failed == 0 and obs.paused is None
    for pid in ids:
        row = owner.call(photostore.get, pid)
        assert row["caption_state"] == "draft" and row["caption_model"] == "llava"
        assert "1120x747" in row["caption"], row["caption"]  # the image sent was ≤ 1120 px
        assert json.loads(row["caption_keywords"])
        v = caption_versions(owner, pid)[0]
        m = json.loads(v["metrics"])
        assert m["eval_count"] > 0 and m["total_duration"] > 0 and v["done_reason"] == "stop"
        assert json.loads(v["options"])["repeat_penalty"] == 1.1 and v["style"] == "caption" and v["prompt"]
        assert "".join(obs.tokens[pid])  # observers saw the token deltas
    reqs = ollama_double.generation_requests()
    assert len(reqs) == 3 and all(max(r.images[0].width, r.images[0].height) <= 1120 for r in reqs)
    # constant options and keep_alive through the run; JSON schema format; captioning in the user turn
    assert len({json.dumps(r.options, sort_keys=True) for r in reqs}) == 1
    assert all(r.keep_alive == "30m" and isinstance(r.format, dict) for r in reqs)
    assert all(r.body["messages"][0]["role"] == "user" for r in reqs)


def test_image_is_sent_upright(owner, tmp_path, ollama_double) -> None:
    p = make_jpeg(tmp_path / "rot.jpg", (600, 400), orientation=6)
    pid = owner.call(add_photo, p)
    run(owner, ollama_double, [pid])
    info = ollama_double.generation_requests()[0].images[0]
    assert (info.width, info.height) == (600, 400)
    assert info.top_colour == "red" and info.bottom_colour == "blue"
    assert info.exif_orientation in (None, 1)


def test_default_model_prefers_llama32_vision_but_not_on_new_ollama(owner, tmp_path) -> None:
    with OllamaDouble(version="0.12.3") as d:
        ids = photos(owner, tmp_path, 1)
        run(owner, d, ids)
        assert d.generation_requests()[0].model == "llama3.2-vision:latest"
    with OllamaDouble(version="0.31.0") as d:
        pid = owner.call(add_photo, make_jpeg(tmp_path / "x.jpg"))
        run(owner, d, [pid])
        assert d.generation_requests()[0].model == "qwen2.5vl:7b"


@pytest.mark.parametrize("kind", ["busy", "crash", "error_midstream", "reset", "drop", "no_done", "stall", "hang"])
def test_transient_faults_retry_and_caption_once(owner, tmp_path, ollama_double, kind) -> None:
    ids = photos(owner, tmp_path, 2)
    ollama_double.inject(kind, after=2, seconds=3)
    summary, obs = run(owner, ollama_double, ids, cfg(first_token_timeout=0.5, stall_timeout=0.4))
    assert summary.done == 2 and summary.failed == 0
    for pid in ids:
        assert len(caption_versions(owner, pid)) == 1
        assert owner.call(photostore.get, pid)["caption_state"] == "draft"
    assert obs.retries, "the fault should have been retried"
    assert owner.call(jobq.summary)["counts"]["done"] == 2


def test_stall_closes_the_stream_so_the_server_stops(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 1)
    ollama_double.inject("stall", after=1, seconds=10)
    run(owner, ollama_double, ids, cfg(stall_timeout=0.3))
    first = ollama_double.generation_requests()[0]
    deadline = time.time() + 3
    while first.outcome != "cancelled" and time.time() < deadline:
        time.sleep(0.02)
    assert first.outcome == "cancelled" and first.tokens_sent < 5


@pytest.mark.parametrize(
    "kind,model,needle,pause_kind",
    [("not_found", "llava", "not installed", "model"), ("mllama", "llama3.2-vision", "Ollama 0.30", "error"),
     ("mllama", "qwen2.5vl:7b", "ollama pull qwen2.5vl:7b", "error"), ("oom", "llava", "not enough memory", "error")],
)
def test_permanent_faults_pause_the_queue_with_the_reason(owner, tmp_path, ollama_double, kind, model, needle,
                                                          pause_kind) -> None:
    ids = photos(owner, tmp_path, 3)
    ollama_double.inject(kind, times=10)
    summary, obs = run(owner, ollama_double, ids, cfg(model=model))
    assert summary.paused_reason and needle in summary.paused_reason
    if model != "llama3.2-vision":  # mllama advice only for the mllama model
        assert "llama3.2-vision" not in summary.paused_reason
    assert owner.call(jobq.paused_reason) == summary.paused_reason
    assert owner.call(jobq.pause_info)["kind"] == pause_kind
    counts = owner.call(jobq.summary)["counts"]
    assert counts["queued"] == 3 and counts["running"] == 0 and counts["failed"] == 0  # nothing lost
    owner.call(jobq.resume)
    ollama_double.clear_faults()
    summary, _ = run(owner, ollama_double, ids, cfg(model=model))
    assert summary.done == 3


def test_missing_model_and_text_only_model_never_get_photos(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 2)
    summary, _ = run(owner, ollama_double, ids, cfg(model="llama3.2"))
    assert "cannot see images" in summary.paused_reason
    summary2, _ = run(owner, ollama_double, [], cfg(model="nope"))
    assert ollama_double.generation_requests() == []
    owner.call(jobq.resume)
    d2 = OllamaDouble().start()
    try:
        d2.set_text_only()
        s3, _ = run(owner, d2, ids)
        assert "no vision model" in s3.paused_reason and "models pull" in s3.paused_reason
        assert d2.generation_requests() == []
    finally:
        d2.stop()


@pytest.mark.parametrize(
    "kind,check",
    [
        ("preamble", lambda c, f: not c.lower().startswith("the image") and not f),
        ("markdown", lambda c, f: "**" not in c and not c.startswith("Caption")),
        ("think_tags", lambda c, f: "<think>" not in c and c.startswith("A ")),
        ("thinking_only", lambda c, f: c.startswith("A ") and "pixels" in c),
        ("refusal", lambda c, f: "refusal" in f or "empty" in f),
        ("empty", lambda c, f: "empty" in f),
    ],
)
def test_output_cleanup(owner, tmp_path, ollama_double, kind, check) -> None:
    ids = photos(owner, tmp_path, 1)
    ollama_double.inject(kind)
    summary, obs = run(owner, ollama_double, ids)
    r = obs.results[0]
    assert check(r.caption, r.flags), (r.caption, r.flags)
    row = owner.call(photostore.get, ids[0])
    assert row["caption"] == r.caption and json.loads(row["caption_flags"]) == r.flags


def test_loop_stops_early_and_retries_with_stronger_penalty(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 1)
    ollama_double.token_delay = 0.003
    ollama_double.inject("loop")
    summary, obs = run(owner, ollama_double, ids)
    reqs = ollama_double.generation_requests()
    assert len(reqs) == 2
    assert reqs[0].tokens_sent < 100  # stopped early, not at num_predict
    assert reqs[1].options["repeat_penalty"] > reqs[0].options["repeat_penalty"]
    assert "loop" not in obs.results[0].flags and summary.done == 1


def test_loop_twice_is_flagged(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 1)
    ollama_double.inject("loop", times=2)
    summary, obs = run(owner, ollama_double, ids)
    assert "loop" in obs.results[0].flags and summary.done == 1


def test_length_and_duplicates_are_flagged(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 4)
    ollama_double.inject("length", times=2)  # cut JSON is retried once, then kept as a flagged draft
    summary, obs = run(owner, ollama_double, ids[:1])
    cut = [r for r in obs.results if "truncated" in r.flags]
    assert len(cut) == 1 and "bad_json" in cut[0].flags
    assert cut[0].caption.startswith("A ") and "{" not in cut[0].caption and '"' not in cut[0].caption
    summary, obs = run(owner, ollama_double, ids[1:])
    flags = {r.photo_id: r.flags for r in obs.results}
    assert sum("duplicate_of_recent" in f for f in flags.values()) >= 1  # identical synthetic photos


def test_draft_never_replaces_a_protected_caption(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 2)
    owner.call(captions.add_version, ids[0], text="Grandma's birthday", source="human", state="approved")
    summary, obs = run(owner, ollama_double, ids)
    row = owner.call(photostore.get, ids[0])
    assert row["caption"] == "Grandma's birthday" and row["caption_state"] == "approved"
    assert len(caption_versions(owner, ids[0])) == 1  # the draft is in the history for review
    assert {r.state for r in obs.results} == {"kept", "draft"}


def test_undecodable_photo_fails_with_reason_and_others_continue(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 2)
    bad = tmp_path / "pics" / "broken.jpg"
    bad.write_bytes(b"not an image at all")
    bad_id = owner.call(add_photo, bad)
    summary, obs = run(owner, ollama_double, ids + [bad_id])
    assert summary.done == 2 and summary.failed == 1
    row = owner.call(photostore.get, bad_id)
    assert row["caption_state"] == "failed"
    failed = [r for r in obs.results if r.state == "failed"][0]
    assert "cannot read the photo" in failed.error
    assert bad.read_bytes() == b"not an image at all"


def test_mixed_failures_ten_percent_every_photo_once(owner, tmp_path) -> None:
    with OllamaDouble(fail_rate=0.1, fail_kinds=MIXED_FAULTS, fail_seed=7, stall_seconds=2) as d:
        ids = photos(owner, tmp_path, 40, size=(320, 240))
        summary, obs = run(owner, d, ids, cfg(first_token_timeout=0.5, stall_timeout=0.3))
        faults = [r.fault for r in d.generation_requests() if r.fault]
        assert len(faults) >= 2, "the double should have injected faults"
    assert summary.done == 40 and summary.failed == 0
    for pid in ids:
        assert len(caption_versions(owner, pid)) == 1
    assert owner.call(jobq.summary)["counts"] == {"queued": 0, "running": 0, "done": 40, "failed": 0, "cancelled": 0}


def test_two_hosts_share_work_and_fail_over(owner, tmp_path) -> None:
    with OllamaDouble(caption_seconds=0.05) as a, OllamaDouble(caption_seconds=0.05) as b:
        ids = photos(owner, tmp_path, 12, size=(320, 240))
        hosts = [HostConfig(url=a.url), HostConfig(url=b.url)]
        a.inject("crash", times=100)  # host A's runner keeps crashing... then goes away entirely
        a.stop()
        summary, obs = run(owner, hosts, ids)
        assert summary.done == 12 and summary.hosts.get(b.url) == 12
    with OllamaDouble(caption_seconds=0.05) as a, OllamaDouble(caption_seconds=0.05) as b:
        ids = photos(owner, tmp_path / "more", 12, size=(320, 240))
        summary, obs = run(owner, [HostConfig(url=a.url), HostConfig(url=b.url)], ids)
        assert summary.done == 12 and summary.hosts[a.url] >= 3 and summary.hosts[b.url] >= 3


def test_unreachable_server_pauses_with_plain_words(owner, tmp_path) -> None:
    d = OllamaDouble().start()
    url = d.url
    d.stop()
    ids = photos(owner, tmp_path, 2)
    summary, _ = run(owner, [HostConfig(url=url)], ids, cfg(host_down_limit=2))
    assert "cannot reach any captioning server" in summary.paused_reason and "Ollama" in summary.paused_reason
    assert owner.call(jobq.pause_info)["kind"] == "server"
    counts = owner.call(jobq.summary)["counts"]
    assert counts["queued"] == 2 and counts["failed"] == 0


def test_openai_compatible_backend(owner, tmp_path) -> None:
    with OpenAIDouble() as d:
        ids = photos(owner, tmp_path, 2)
        summary, obs = run(owner, d, ids, cfg(model="llava"))
        assert summary.done == 2
        assert all("pixels" in r.caption for r in obs.results)
        req = d.generation_requests()[0]
        assert req.path == "/v1/chat/completions" and req.images[0].width == 800
        d.inject("error_midstream")
        pid = owner.call(add_photo, make_jpeg(tmp_path / "o.jpg"))
        summary, obs = run(owner, d, [pid], cfg(model="llava"))
        assert summary.done == 1 and obs.retries


def test_priority_and_cancel(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 3)
    owner.call(jobq.enqueue, ids[:2], {})
    owner.call(jobq.enqueue, [ids[2]], {}, priority=10)
    assert owner.call(jobq.claim)["photo_id"] == ids[2]
    assert owner.call(jobq.cancel, None) == 3
    assert owner.call(jobq.claim) is None


def test_a_host_whose_runner_keeps_crashing_is_set_aside(owner, tmp_path) -> None:
    with OllamaDouble(caption_seconds=0.02) as a, OllamaDouble(caption_seconds=0.02) as b:
        for spec in a.models.values():
            spec.error = "crash"
        ids = photos(owner, tmp_path, 16, size=(320, 240))
        summary, obs = run(owner, [HostConfig(url=a.url), HostConfig(url=b.url)], ids, cfg(backoff_base=0.5, backoff_max=5))
        crashed = len(a.generation_requests())
    assert summary.done == 16 and summary.failed == 0 and summary.hosts[b.url] == 16
    assert crashed < 16  # set aside after a few crashes (fewer crashes than photos), not a round-robin


def test_stop_cancels_the_stream_and_requeues(owner, tmp_path) -> None:
    with OllamaDouble(token_delay=0.05) as d:
        ids = photos(owner, tmp_path, 3)
        job_ids = owner.call(jobq.enqueue, ids, {})

        class StopOnFirstToken(Recorder):
            def on_token(self, photo_id, text):
                super().on_token(photo_id, text)
                holder["p"].stop()

        holder: dict = {}
        obs = StopOnFirstToken()
        summary = asyncio.run(svc.run_jobs(owner, [HostConfig(url=d.url)], cfg(), job_ids=job_ids, observer=obs,
                                           on_pipeline=lambda p: holder.setdefault("p", p)))
        deadline = time.time() + 3
        while any(r.outcome == "pending" for r in d.generation_requests()) and time.time() < deadline:
            time.sleep(0.02)
        outcomes = [r.outcome for r in d.generation_requests()]
    assert summary.cancelled and summary.done == 0
    assert "cancelled" in outcomes and "done" not in outcomes  # the server stopped generating
    counts = owner.call(jobq.summary)["counts"]
    assert counts["queued"] == 3 and counts["running"] == 0  # nothing lost
    assert all(not caption_versions(owner, pid) for pid in ids)


def test_pause_mid_run_finishes_in_flight_then_stops(owner, tmp_path) -> None:
    with OllamaDouble(caption_seconds=0.1) as d:
        ids = photos(owner, tmp_path, 8, size=(320, 240))

        class PauseAfterFirst(Recorder):
            def on_result(self, r):
                super().on_result(r)
                if len(self.results) == 1:
                    owner.call(jobq.pause, "paused by you")

        job_ids = owner.call(jobq.enqueue, ids, {})
        obs = PauseAfterFirst()
        summary = asyncio.run(svc.run_jobs(owner, [HostConfig(url=d.url)], cfg(), job_ids=job_ids, observer=obs))
        outcomes = [r.outcome for r in d.generation_requests()]
    assert summary.paused_reason == "paused by you" and obs.paused == "paused by you"
    assert "cancelled" not in outcomes  # in-flight captions were finished, not thrown away
    counts = owner.call(jobq.summary)["counts"]
    assert counts["done"] == len(obs.results) and counts["queued"] == 8 - counts["done"] and counts["running"] == 0
    assert 1 <= counts["done"] < 8


def test_the_names_check_runs_off_the_event_loop(owner, tmp_path, ollama_double, monkeypatch) -> None:
    """The names check loads its word lists and place indexes on first use (seconds on a busy
    machine): the loop that streams the other answers (and drives the window) never waits for it."""
    from app.captioning import context as grounded_ctx

    real = grounded_ctx.ground_result

    def slow_check(*args, **kwargs):
        time.sleep(1.0)  # as long as a first load on a loaded machine, at the least
        return real(*args, **kwargs)

    monkeypatch.setattr(grounded_ctx, "ground_result", slow_check)
    ids = photos(owner, tmp_path, 2)
    longest = 0.0

    async def go():
        nonlocal longest
        job_ids = owner.call(jobq.enqueue, ids, {})
        hosts = [HostConfig(url=ollama_double.url, kind="ollama")]
        task = asyncio.ensure_future(svc.run_jobs(owner, hosts, cfg(), job_ids=job_ids, observer=Recorder()))
        last = time.monotonic()
        while not task.done():
            await asyncio.sleep(0.01)
            now = time.monotonic()
            longest, last = max(longest, now - last), now
        return task.result()

    summary = asyncio.run(go())
    assert summary.done == 2
    assert longest < 0.7, f"the event loop was blocked for {longest:.2f} s"


def test_the_next_photo_is_sent_while_the_names_check_runs(owner, tmp_path, ollama_double, monkeypatch) -> None:
    """What is left of an answer (the names check, storing the draft) never holds up the host's next
    request: with one request at a time, the second photo reaches the server while the first one's
    names check has not finished (its first use loads word lists and place indexes: seconds)."""
    from app.captioning import context as grounded_ctx

    real = grounded_ctx.ground_result
    sent_meanwhile: list[int] = []

    def check_waiting_for_the_next_request(cleaned, photo, *args, **kwargs):
        if photo.get("id") == ids[0]:
            deadline = time.monotonic() + 10
            while len(ollama_double.generation_requests()) < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
            sent_meanwhile.append(len(ollama_double.generation_requests()))
        return real(cleaned, photo, *args, **kwargs)

    monkeypatch.setattr(grounded_ctx, "ground_result", check_waiting_for_the_next_request)
    ids = photos(owner, tmp_path, 3)
    job_ids = owner.call(jobq.enqueue, ids, {})
    obs = Recorder()
    hosts = [HostConfig(url=ollama_double.url, kind="ollama", concurrency=1)]
    summary = asyncio.run(svc.run_jobs(owner, hosts, cfg(), job_ids=job_ids, observer=obs))
    assert summary.done == 3 and sorted(r.photo_id for r in obs.results) == ids
    assert sent_meanwhile[0] >= 2  # the second photo went out before the first one's check ended
