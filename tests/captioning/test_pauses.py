"""The core API the window uses to end automatic pauses (app.captioning.pauses)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app.captioning import pauses
from app.captioning import queue as jobq
from app.config import HostConfig
from app.store.owner import DbOwner
from tests.doubles.ollama_double import OllamaDouble


@pytest.fixture
def owner(tmp_path: Path):
    o = DbOwner(tmp_path / "lib.db")
    yield o
    o.close()


def _down_url() -> str:
    d = OllamaDouble().start()
    url = d.url
    d.stop()
    return url


def test_server_pause_ends_only_when_the_server_answers(owner) -> None:
    url = _down_url()
    owner.call(jobq.pause, "cannot reach any captioning server", "server")
    out = asyncio.run(pauses.auto_resume(owner, [HostConfig(url=url)]))
    assert out.paused and not out.resumed and out.kind == "server" and "still" in out.message
    assert owner.call(jobq.pause_info)["kind"] == "server"
    port = int(url.rsplit(":", 1)[1])
    with OllamaDouble(port=port):
        out = asyncio.run(pauses.auto_resume(owner, [HostConfig(url=url)]))
    assert out.resumed and not out.paused and "resumed" in out.message and url in out.message
    assert owner.call(jobq.pause_info) is None


def test_user_and_error_pauses_are_never_lifted_by_a_recheck(owner, ollama_double) -> None:
    hosts = [HostConfig(url=ollama_double.url)]
    for kind in ("user", "error"):
        owner.call(jobq.pause, f"paused: {kind}", kind)
        out = asyncio.run(pauses.auto_resume(owner, hosts))
        assert out.paused and not out.resumed and out.kind == kind
        assert owner.call(jobq.pause_info)["kind"] == kind
    assert not ollama_double.requests  # a user pause does not even ask the server


def test_model_pause_needs_the_model(owner, ollama_double) -> None:
    hosts = [HostConfig(url=ollama_double.url)]
    owner.call(jobq.pause, "model moondream is not installed", "model")
    assert not asyncio.run(pauses.recheck(hosts, "moondream")).ok
    ollama_double.add_model("moondream")
    check = asyncio.run(pauses.recheck(hosts, "moondream"))
    assert check.ok and check.host == ollama_double.url and check.model == "moondream"
    assert asyncio.run(pauses.auto_resume(owner, hosts, "moondream")).resumed


def test_a_pause_set_meanwhile_by_a_person_is_not_lifted(owner) -> None:
    owner.call(jobq.pause, "cannot reach", "server")
    seen = owner.call(jobq.pause_info)
    owner.call(jobq.pause, "paused by you", "user")  # the person pauses while the re-check runs
    assert owner.call(pauses.resume_if_unchanged, seen) is False
    assert owner.call(jobq.pause_info)["kind"] == "user"
