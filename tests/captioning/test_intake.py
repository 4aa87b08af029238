"""Captioning starts before the selection is grouped: the first request goes out while thumbnails are
still being made, and a group found after one of its frames was sent is still captioned once.

Real SQLite, real thumbnails and hashes, real HTTP to the Ollama double; the thumbnailer is slowed
(or held until an event) to put the run in the situation under test."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any, Callable

import pytest
from PIL import Image

from app.captioning.pipeline import Observer, PhotoResult, RunConfig
from app.config import HostConfig
from app.library import decode, scanner
from app.services import captioning as svc
from app.store import db as dbmod
from app.store.owner import DbOwner
from tests.doubles.ollama_double import OllamaDouble

SCENES = ["Archive/Web copies/Canon_40D.jpg", "2019/Holiday/Nikon D5000.jpg", "Archive/2000s/Kodak DX4330.jpg",
          "2019/Holiday/prairie_falcon.jpg", "Phone/Camera Roll/HTC Desire.jpg", "Archive/2000s/Olympus PEN E-P3.jpg"]


class Results(Observer):
    def __init__(self) -> None:
        self.results: list[PhotoResult] = []

    def on_result(self, result: PhotoResult) -> None:
        self.results.append(result)


def _library(tmp_path: Path, corpus_dir: Path, files: dict[str, Image.Image]) -> tuple[Path, dict[str, int]]:
    """Photos without capture time or camera (no time neighbours: only their hashes can group them)."""
    lib = tmp_path / "lib"
    lib.mkdir()
    for name, img in files.items():
        img.save(lib / name, "JPEG", quality=90)
    dbp = tmp_path / "lib.db"
    db = dbmod.connect(dbp)
    try:
        scanner.index_folders(db, [str(lib)])
        ids = {r[1].rsplit("/", 1)[-1]: r[0] for r in db.execute("SELECT id, path FROM photos").fetchall()}
    finally:
        db.conn.close()
    return dbp, ids


def _scene(corpus_dir: Path, rel: str) -> Image.Image:
    with Image.open(corpus_dir / rel) as im:
        return im.convert("RGB")


def _caption(dbp: Path, ids: list[int], url: str, thumb_dir: Path) -> tuple[Any, Any, Results]:
    owner = DbOwner(dbp)
    observer = Results()
    try:
        intake = svc.intake(owner, ids, {}, thumb_dir=thumb_dir)
        summary = asyncio.run(svc.run_jobs(owner, [HostConfig(url=url)], RunConfig(model="llava"), job_ids=[],
                                           observer=observer, intakes=[intake]))
    finally:
        owner.close()
    return summary, intake, observer


def _thumbnail_decodes(monkeypatch: pytest.MonkeyPatch, before: Callable[[str], None]) -> list[tuple[str, float]]:
    """Decoding for a thumbnail (on the intake's hashing thread: the thumbnail alone, or the thumbnail and
    the model image from one decode) calls ``before(file name)`` first; returns (name, when made)."""
    real = decode.open_image
    made: list[tuple[str, float]] = []

    def open_image(path: Any, **kw: Any) -> Any:
        hashing = threading.current_thread().name.startswith("caption-grouping")
        name = Path(path).name
        if hashing:
            before(name)
        out = real(path, **kw)
        if hashing:
            made.append((name, time.perf_counter()))
        return out

    monkeypatch.setattr(decode, "open_image", open_image)
    return made


def _hold_thumbnail(monkeypatch: pytest.MonkeyPatch, name: str, until: Callable[[], bool]) -> list[tuple[str, float]]:
    """The thumbnail of ``name`` is made only once ``until()`` holds."""

    def hold(file: str) -> None:
        if file == name:
            deadline = time.monotonic() + 30
            while not until() and time.monotonic() < deadline:
                time.sleep(0.02)

    return _thumbnail_decodes(monkeypatch, hold)


def test_the_first_request_goes_out_before_every_thumbnail_is_made(tmp_path: Path, corpus_dir: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    dbp, ids = _library(tmp_path, corpus_dir, {f"p{i}.jpg": _scene(corpus_dir, s) for i, s in enumerate(SCENES)})
    # a slow disk, a big HEIC: the GPU must not wait for all of them
    made = _thumbnail_decodes(monkeypatch, lambda _name: time.sleep(0.25))
    with OllamaDouble() as d:
        summary, _intake, _obs = _caption(dbp, sorted(ids.values()), d.url, tmp_path / "thumbs")
        first = min(r.received_at for r in d.generation_requests())
    assert sorted(n for n, _t in made) == sorted(ids)  # every photo was hashed (grouping still happened)
    made = [t for _n, t in made]
    assert first < max(made), "the first request waited for every thumbnail"
    assert summary.done == len(SCENES) and summary.generations == len(SCENES)


def test_a_copy_found_while_its_picture_is_being_captioned_gets_the_same_draft(
        tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pic = _scene(corpus_dir, SCENES[1])
    small = pic.resize((pic.width * 3 // 4, pic.height * 3 // 4))  # a re-encoded, smaller copy
    dbp, ids = _library(tmp_path, corpus_dir, {"a.jpg": pic, "b.jpg": small, "c.jpg": _scene(corpus_dir, SCENES[0])})
    with OllamaDouble(token_delay=0.05) as d:  # a.jpg is still being captioned when b.jpg is found to be a copy
        _hold_thumbnail(monkeypatch, "b.jpg", lambda: bool(d.generation_requests()))
        summary, intake, obs = _caption(dbp, [ids["a.jpg"], ids["b.jpg"], ids["c.jpg"]], d.url, tmp_path / "thumbs")
        sent_paths = [r.images[0].width for r in d.generation_requests()]
    assert len(sent_paths) == 2, "the copy was sent again"  # a.jpg (with b.jpg) and c.jpg
    assert summary.generations == 2 and summary.covered == 3 and intake.total == 3
    by_id = {r.photo_id: r for r in obs.results}
    assert by_id[ids["b.jpg"]].state == "draft" and by_id[ids["b.jpg"]].caption == by_id[ids["a.jpg"]].caption
    db = dbmod.connect(dbp)
    try:
        frm = db.execute("SELECT c.from_photo_id FROM photos p JOIN captions c ON c.id = p.caption_id "
                         "WHERE p.id = ?", [ids["b.jpg"]]).fetchone()[0]
        active = db.execute("SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')").fetchone()[0]
    finally:
        db.conn.close()
    assert frm == ids["a.jpg"] and active == 0


def test_a_copy_found_after_its_picture_was_captioned_gets_that_draft_at_once(
        tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pic = _scene(corpus_dir, SCENES[3])
    dbp, ids = _library(tmp_path, corpus_dir, {"a.jpg": pic, "b.jpg": pic.resize((pic.width - 2, pic.height - 2)), "z.jpg": _scene(corpus_dir, SCENES[2])})

    def a_is_done() -> bool:
        db = dbmod.connect(dbp, readonly=True)
        try:
            return db.execute("SELECT caption_state FROM photos WHERE id = ?", [ids["a.jpg"]]).fetchone()[0] == "draft"
        finally:
            db.conn.close()

    _hold_thumbnail(monkeypatch, "b.jpg", a_is_done)
    with OllamaDouble() as d:
        summary, _intake, obs = _caption(dbp, [ids["a.jpg"], ids["b.jpg"], ids["z.jpg"]], d.url, tmp_path / "thumbs")
        n = len(d.generation_requests())
    assert n == 2 and summary.generations == 2 and summary.covered == 3
    shared = next(r for r in obs.results if r.photo_id == ids["b.jpg"])
    assert shared.state == "draft" and shared.metrics.get("shared_from") == ids["a.jpg"]
    assert shared.caption == next(r.caption for r in obs.results if r.photo_id == ids["a.jpg"])


def test_the_run_counts_each_photo_of_its_selection_once(tmp_path: Path, corpus_dir: Path) -> None:
    """The intake starts before the run counts the queue: photos it queued already are not counted twice."""
    dbp, ids = _library(tmp_path, corpus_dir, {f"p{i}.jpg": _scene(corpus_dir, s) for i, s in enumerate(SCENES[:3])})

    class Totals(Results):
        def __init__(self) -> None:
            super().__init__()
            self.totals: list[int] = []

        def on_start(self, total: int) -> None:
            self.totals.append(total)

    owner = DbOwner(dbp)
    observer = Totals()
    try:
        with OllamaDouble() as d:
            intake = svc.intake(owner, sorted(ids.values()), {}, every_frame=True)  # queued in one step, at once
            summary = asyncio.run(svc.run_jobs(owner, [HostConfig(url=d.url)], RunConfig(model="llava"), job_ids=[],
                                               observer=observer, intakes=[intake]))
    finally:
        owner.close()
    assert summary.done == 3 and observer.totals == [3]


def test_a_photo_without_neighbours_is_decoded_once_for_its_thumbnail_and_the_model(
        tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its thumbnail and the request's image come from one decode (the intake hands the image to the
    feeder), and the hashing keeps pace with the GPU: a few images ahead, not the whole selection."""
    from app.captioning import early_images

    dbp, ids = _library(tmp_path, corpus_dir, {f"n{i:02d}.jpg": _noise(i) for i in range(12)})
    decodes: list[str] = []
    real = decode.open_image

    def counted(path: Any, **kw: Any) -> Any:
        decodes.append(Path(path).name)
        return real(path, **kw)

    monkeypatch.setattr(decode, "open_image", counted)
    with OllamaDouble(token_delay=0.03) as d:
        hashed_at_first: list[int] = []

        class FirstRequest(Results):
            def on_photo_started(self, photo_id: int, path: str, host: str) -> None:
                if not hashed_at_first:
                    hashed_at_first.append(len(decodes))

        owner = DbOwner(dbp)
        try:
            intake = svc.intake(owner, sorted(ids.values()), {}, thumb_dir=tmp_path / "thumbs")
            summary = asyncio.run(svc.run_jobs(owner, [HostConfig(url=d.url)], RunConfig(model="llava"), job_ids=[],
                                               observer=FirstRequest(), intakes=[intake]))
        finally:
            owner.close()
        sizes = [(r.images[0].width, r.images[0].height) for r in d.generation_requests()]
    assert summary.done == len(ids)
    assert sorted(decodes) == sorted(ids)  # one decode a photo
    assert all(max(s) <= 1120 for s in sizes) and len(sizes) == len(ids)
    assert len(list((tmp_path / "thumbs").rglob("*.jpg"))) == len(ids)
    # hashing waited for the GPU: a few images ahead (made early, prepared, being prepared), not all
    ahead = early_images.SIZE + RunConfig().prefetch + 1
    assert hashed_at_first[0] <= ahead + 1 < len(ids)


def _noise(seed: int) -> Image.Image:
    """A picture like no other (coloured noise): its own group."""
    import random

    rnd = random.Random(seed)
    small = Image.frombytes("RGB", (40, 30), bytes(rnd.randrange(256) for _ in range(40 * 30 * 3)))
    return small.resize((1600, 1200), Image.Resampling.BICUBIC)
