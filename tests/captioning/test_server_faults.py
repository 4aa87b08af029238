"""Server faults end in a state a person can act on: a hung server is noticed and set aside, a
short outage is waited out, a broken answer is flagged, every photo gets its last word.

Real SQLite through the DbOwner, real HTTP to the Ollama double, the real ollama client."""

from __future__ import annotations

import asyncio
import json
import time

from app.captioning import queue as jobq
from app.config import HostConfig
from app.services import captioning as svc
from app.store import photos as photostore
from tests.captioning.test_caption_pipeline import Recorder, cfg, owner, photos, run  # noqa: F401 (owner: a fixture)
from tests.doubles.ollama_double import OllamaDouble


def test_a_job_counts_as_held_until_its_last_word_is_told(owner, tmp_path, ollama_double) -> None:
    """The run ends once nothing is queued and nothing is held; a job released before its failure was
    reported let the run end (and cancel the worker) in between, so the last photo got no result."""
    box = []

    class Watch(Recorder):
        def on_result(self, r):
            super().on_result(r)
            self.held_at_report = getattr(self, "held_at_report", []) + [box[0].book.inflight]

    ids = photos(owner, tmp_path, 2)
    ollama_double.inject("busy", times=100)
    job_ids = owner.call(jobq.enqueue, ids, {})
    obs = Watch()
    summary = asyncio.run(svc.run_jobs(owner, [HostConfig(url=ollama_double.url)], cfg(), job_ids=job_ids,
                                       observer=obs, on_pipeline=box.append))
    assert sorted(r.photo_id for r in obs.results if r.state == "failed") == sorted(ids) and summary.failed == 2
    assert all("gave up after 5 attempts" in r.error for r in obs.results)
    assert min(obs.held_at_report) >= 1, obs.held_at_report


class Hosts(Recorder):
    """Also records what the run said about its hosts."""

    def __init__(self) -> None:
        super().__init__()
        self.hosts: list[tuple[str, str, str]] = []

    def on_host(self, host, state, message):
        self.hosts.append((host, state, message))


def _run(owner, urls, ids, config, observer=None):
    obs = observer or Hosts()
    job_ids = owner.call(jobq.enqueue, ids, {})
    summary = asyncio.run(svc.run_jobs(owner, [HostConfig(url=u) for u in urls], config, job_ids=job_ids,
                                       observer=obs))
    return summary, obs


def test_a_hung_server_holding_its_only_slot_is_noticed_and_the_queue_pauses(owner, tmp_path) -> None:
    ids = photos(owner, tmp_path, 3)
    with OllamaDouble(num_parallel=1) as d:
        d.inject("wedge")  # the first request hangs and keeps the only slot; the others wait behind it
        t0 = time.monotonic()
        summary, obs = _run(owner, [d.url], ids, cfg(first_token_timeout=1.0, host_stall_timeout=0.5))
        took = time.monotonic() - t0
        assert took < 10, took  # not hours: the stall limit (here 1 s before the first token) and out
        stalled = [m for h, s, m in obs.hosts if s == "stalled"]
        assert len(stalled) == 1 and "stopped answering" in stalled[0] and "restart it" in stalled[0]
        assert "stopped answering" in summary.paused_reason and d.url in summary.paused_reason
        info = owner.call(jobq.pause_info)
        assert info["kind"] == "server"  # re-checked: ends by itself once a server answers again
        jobs = owner.call(jobq.list_jobs)
        assert {j["state"] for j in jobs} == {"queued"}
        assert all(j["attempts"] == 0 for j in jobs)  # not the photos' fault: no attempt counted
        assert summary.failed == 0 and not [r for r in obs.results if r.state == "failed"]
        # the person restarts the server: the pause ends by itself and the photos are captioned
        d.restart(down_seconds=0.2).join(5)
        from app.captioning import pauses

        outcome = asyncio.run(pauses.auto_resume(owner, [HostConfig(url=d.url)]))
        assert outcome.resumed, outcome
        summary, obs = _run(owner, [d.url], ids, cfg())
        assert summary.done == 3 and summary.paused_reason is None


def test_a_hung_host_is_set_aside_and_the_other_host_does_the_work(owner, tmp_path) -> None:
    ids = photos(owner, tmp_path, 6)
    with OllamaDouble(num_parallel=1) as hung, OllamaDouble(num_parallel=1, caption_seconds=0.05) as good:
        hung.inject("wedge", times=100)
        summary, obs = _run(owner, [hung.url, good.url], ids, cfg(first_token_timeout=1.0, host_stall_timeout=0.5))
        assert summary.done == 6 and summary.failed == 0 and summary.paused_reason is None
        assert summary.hosts == {good.url: 6}
        assert [h for h, s, m in obs.hosts if s == "stalled"] == [hung.url]
        assert all(owner.call(jobq.get, j)["attempts"] <= 1 for j in range(1, 7))


def test_a_server_that_hangs_after_good_answers_is_noticed_by_its_silence(owner, tmp_path) -> None:
    """Once the model answered in this run, the host's limit is host_stall_timeout, shorter than a
    request's own first-token deadline (which has to cover a cold load)."""
    ids = photos(owner, tmp_path, 4)
    with OllamaDouble(num_parallel=1, caption_seconds=0.3) as d:
        class WedgeAfterFirst(Hosts):
            def on_result(self, r):
                super().on_result(r)
                if len(self.results) == 1:
                    d.inject("wedge")  # the next request to arrive hangs

        t0 = time.monotonic()
        summary, obs = _run(owner, [d.url], ids, cfg(first_token_timeout=30.0, host_stall_timeout=0.5),
                            WedgeAfterFirst())
        assert time.monotonic() - t0 < 10  # the 0.5 s silence, not the 30 s deadline
        assert summary.done >= 2 and summary.failed == 0
        assert summary.paused_reason and "stopped answering" in summary.paused_reason
        assert owner.call(jobq.summary)["counts"]["queued"] == 4 - summary.done


def test_a_short_outage_is_waited_out_and_described_as_an_outage(owner, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no ollama program to be found: still never "not installed"
    ids = photos(owner, tmp_path, 6)
    with OllamaDouble(caption_seconds=0.3) as d:
        class RestartAfterFirst(Hosts):
            def on_result(self, r):
                super().on_result(r)
                if len(self.results) == 1:
                    d.restart(down_seconds=2.0)  # a server restart of a few seconds, mid-run

        summary, obs = _run(owner, [d.url], ids, cfg(backoff_base=0.1, backoff_max=0.5), RestartAfterFirst())
        assert d.restarts == 1
        assert summary.paused_reason is None and summary.done == 6 and summary.failed == 0, obs.hosts
        said = " | ".join(m for h, s, m in obs.hosts)
        assert "went away during the run" in said and "outage" in said and "answers again" in said
        assert "not installed" not in said and "no Ollama was found" not in said


def test_an_outage_longer_than_the_grace_pauses_with_an_outage_message(owner, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    ids = photos(owner, tmp_path, 4)
    with OllamaDouble(caption_seconds=0.3) as d:
        class RestartAfterFirst(Hosts):
            def on_result(self, r):
                super().on_result(r)
                if len(self.results) == 1:
                    d.restart(down_seconds=30.0)

        summary, obs = _run(owner, [d.url], ids, cfg(backoff_base=0.1, backoff_max=0.3, outage_grace=1.5),
                            RestartAfterFirst())
        reason = summary.paused_reason or ""
        assert "went away during the run" in reason and "start it again" in reason, reason
        assert "not installed" not in reason and "no Ollama was found" not in reason
        assert owner.call(jobq.pause_info)["kind"] == "server"
        assert summary.done == 1 and summary.failed == 0
        d.stop()


def test_broken_characters_are_flagged_bad_unicode(owner, tmp_path, ollama_double) -> None:
    ids = photos(owner, tmp_path, 2)
    ollama_double.inject("surrogates")
    summary, obs = run(owner, ollama_double, ids)
    by_flag = {("bad_unicode" in r.flags) for r in obs.results}
    assert by_flag == {True, False}
    flagged = next(r for r in obs.results if "bad_unicode" in r.flags)
    assert "\ufffd" in flagged.caption and summary.flags.get("bad_unicode") == 1
    row = owner.call(photostore.get, flagged.photo_id)
    assert row["caption_state"] == "draft" and "bad_unicode" in json.loads(row["caption_flags"])
