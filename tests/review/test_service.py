"""ReviewService from asyncio: DB work on the owner thread, exiftool on its own thread, loop never blocked."""

from __future__ import annotations

import asyncio
import shutil
import threading
from pathlib import Path

import pytest
from review_helpers import copy_corpus, make_photo, read_tags

from app.services.review import ReviewService
from app.store import photos
from app.store.owner import DbOwner

pytestmark = [pytest.mark.exiftool, pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]


def test_service_approve_writes_and_undo(tmp_path: Path) -> None:
    owner = DbOwner(tmp_path / "lib.db")
    a = copy_corpus("Archive/Web copies/Nikon_D70.jpg", tmp_path / "pics")
    b = copy_corpus("Archive/Web copies/Pentax_K10D.jpg", tmp_path / "pics")
    pa = owner.call(make_photo, a, text="A lake")
    pb = owner.call(make_photo, b, text="A cat")
    service = ReviewService(owner)
    ticks = 0

    async def main() -> None:
        nonlocal ticks
        stop = asyncio.Event()

        async def heartbeat() -> None:
            nonlocal ticks
            while not stop.is_set():
                ticks += 1
                await asyncio.sleep(0.005)

        hb = asyncio.create_task(heartbeat())
        out = await service.approve([pa])
        assert [(o.state, o.error) for o in out] == [("written", None)]
        assert (await service.approve([pb], write=False)) == []
        out = await service.write()
        assert [o.path for o in out] == [str(b)]
        res = await service.undo(pa)
        assert res.error is None
        hist = await service.history(pa)
        assert [w["state"] for w in hist["writes"]] == ["undone"]
        stop.set()
        await hb

    try:
        asyncio.run(main())
        assert ticks > 3  # the loop kept running while exiftool worked
        assert read_tags(b, "XMP-dc:Description")["XMP-dc:Description"] == "A cat"
        assert "XMP-dc:Description" not in read_tags(a, "XMP-dc:Description")
        assert owner.call(photos.get, pb)["caption_state"] == "written"
    finally:
        service.close()
        owner.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("exiftool")]
