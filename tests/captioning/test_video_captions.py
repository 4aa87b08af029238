"""Videos are captioned from their keyframes: several images in one request, or one contact sheet.

Real clips made with PyAV, indexed by the real scanner, captioned through the real pipeline and the
real ``ollama`` client against the Ollama double (which decodes every image it is sent)."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from app.captioning import queue as jobq
from app.captioning.pipeline import RunConfig
from app.captioning.video_request import frame_edge
from app.config import HostConfig
from app.library import scanner
from app.library.video_frames import frames_for
from app.services import captioning as svc
from app.store import photos as photostore
from app.store.owner import DbOwner
from tests.doubles.ollama_double import OllamaDouble
from tests.library import video_clips as vc

SCENES = [vc.RED, vc.GREEN, vc.BLUE, vc.YELLOW]


@pytest.fixture
def owner(tmp_path: Path):
    o = DbOwner(tmp_path / "lib.db")
    yield o
    o.close()


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The clips, made once for the module (each test indexes its own copy)."""
    lib = tmp_path_factory.mktemp("clips") / "Paris 2021"
    lib.mkdir()
    vc.make_clip(lib / "walk.mp4", seconds=12, fade_in=2.0, scenes=SCENES, size=(640, 360))
    vc.add_userdata_gps(lib / "walk.mp4", 48.8584, 2.2945)
    vc.make_clip(lib / "portrait.mov", seconds=3, rotation=-90, scenes=[vc.GREEN])
    vc.live_photo_pair(lib, "IMG_0001", "LIVE-1")
    return lib


@pytest.fixture
def clips(tmp_path: Path, owner: DbOwner, made: Path) -> dict[str, int]:
    lib = tmp_path / made.name
    shutil.copytree(made, lib)
    owner.call(scanner.index_folders, [str(lib)])
    rows = owner.call(lambda db: {r["filename"]: r["id"] for r in db.query("SELECT id, filename FROM photos")})
    return rows


def run(owner: DbOwner, double: OllamaDouble, ids: list[int], model: str, *, openai: bool = False):
    job_ids = owner.call(jobq.enqueue, ids, {})
    hosts = [HostConfig(url=double.url, kind="openai" if openai else "ollama")]
    config = RunConfig(model=model, backoff_base=0.01, backoff_max=0.05, first_token_timeout=10, stall_timeout=5)
    return asyncio.run(svc.run_jobs(owner, hosts, config, job_ids=job_ids))


def test_several_images_in_one_request_spread_over_scenes_upright_and_in_order(owner, clips, ollama_double) -> None:
    summary = run(owner, ollama_double, [clips["walk.mp4"]], "qwen2.5vl:7b")
    assert summary.done == 1 and summary.failed == 0
    req = ollama_double.generation_requests()[-1]
    k = frames_for(12.0)
    assert len(req.images) == k == len(req.body["messages"][-1]["images"])  # one message, K images
    edge = frame_edge(1120, k)
    for info in req.images:
        assert max(info.width, info.height) <= edge and info.width > info.height  # landscape, downscaled
        assert info.bottom_colour == "white"  # upright: the white half is at the bottom
    tops = [i.top_colour for i in req.images]
    assert "black" not in tops  # the 2 s fade-in is skipped
    assert {"red", "green", "blue", "yellow"} <= set(tops)  # every scene is shown...
    assert tops.index("red") < tops.index("green") < tops.index("blue") < tops.index("yellow")  # ...in order
    prompt = req.body["messages"][-1]["content"]
    assert "video of 12 seconds" in prompt and "one caption for the whole clip" in prompt
    assert "Eiffel" in prompt or "Paris" in prompt  # grounding from the clip's own GPS, as for a photo
    assert "Paris 2021" in prompt  # folder context
    row = owner.call(photostore.get, clips["walk.mp4"])
    assert row["caption_state"] == "draft" and row["caption"].startswith("A sequence of")


def test_one_image_models_get_a_contact_sheet(owner, clips, ollama_double) -> None:
    run(owner, ollama_double, [clips["walk.mp4"]], "llama3.2-vision:latest")
    req = ollama_double.generation_requests()[-1]
    assert len(req.images) == 1 and req.outcome == "done"
    sheet = req.images[0]
    assert max(sheet.width, sheet.height) <= 1120
    assert "contact sheet" in req.body["messages"][-1]["content"]


def test_a_server_that_refuses_several_images_gets_the_sheet_and_is_remembered(owner, clips, ollama_double) -> None:
    ollama_double.add_model("mystery-vision:latest", family="mllama", families=["mllama"])
    summary = run(owner, ollama_double, [clips["walk.mp4"], clips["portrait.mov"]], "mystery-vision:latest")
    assert summary.done == 2 and summary.failed == 0
    reqs = ollama_double.generation_requests()
    # refused (once, or once per request already in flight when the first refusal came back), then
    # one contact sheet per clip; the refusal is remembered for the rest of the run
    refused = [r for r in reqs if r.outcome == "rejected"]
    done = [r for r in reqs if r.outcome == "done"]
    assert reqs[0].outcome == "rejected" and 1 <= len(refused) <= 2 and len(done) == 2, [r.outcome for r in reqs]
    assert all(len(r.images) == 1 for r in done), [(r.outcome, len(r.images)) for r in reqs]
    assert reqs[-1].outcome == "done" and reqs[-2].outcome == "done"  # nothing refused once a sheet went out


def test_openai_compatible_servers_get_the_sheet(owner, clips, ollama_double) -> None:
    run(owner, ollama_double, [clips["walk.mp4"]], "llava:latest", openai=True)
    req = ollama_double.generation_requests()[-1]
    assert req.path == "/v1/chat/completions" and len(req.images) == 1


def test_rotated_clip_frames_are_upright(owner, clips, ollama_double) -> None:
    run(owner, ollama_double, [clips["portrait.mov"]], "qwen2.5vl:7b")
    req = ollama_double.generation_requests()[-1]
    for info in req.images:
        assert info.height > info.width  # the display matrix turned it to portrait
    row = owner.call(photostore.get, clips["portrait.mov"])
    assert (row["width"], row["height"]) == (240, 320) and row["orientation"] == 6


def test_live_photo_is_captioned_once_through_its_photo_and_the_clip_shares_it(owner, clips, ollama_double) -> None:
    face, clip = clips["IMG_0001.JPG"], clips["IMG_0001.MOV"]
    assert owner.call(photostore.get, clip)["live_photo_id"] == face
    sel = owner.call(svc.select_photos, [owner.call(photostore.get, clip)["path"]])
    assert sel.photo_ids == [face]  # naming the clip captions its photo
    run(owner, ollama_double, sel.photo_ids, "qwen2.5vl:7b")
    assert len(ollama_double.generation_requests()) == 1
    f, c = owner.call(photostore.get, face), owner.call(photostore.get, clip)
    assert f["caption"] and (c["caption_id"], c["caption"], c["caption_state"]) == (
        f["caption_id"], f["caption"], f["caption_state"])
    all_missing = owner.call(svc.select_photos, all_missing=True)
    assert clip not in all_missing.photo_ids
