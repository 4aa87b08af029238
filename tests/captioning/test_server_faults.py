"""Server faults end in a state a person can act on: a hung server is noticed and set aside, a
short outage is waited out, a broken answer is flagged, every photo gets its last word.

Real SQLite through the DbOwner, real HTTP to the Ollama double, the real ollama client."""

from __future__ import annotations

import asyncio

from app.captioning import queue as jobq
from app.config import HostConfig
from app.services import captioning as svc
from tests.captioning.test_caption_pipeline import Recorder, cfg, owner, photos  # noqa: F401 (owner: a fixture)


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
