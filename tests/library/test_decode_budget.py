"""A decoding budget refuses, before decoding, what needs more memory or a large decoder library;
without one every photo decodes as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from app.library import decode, decode_budget, grid_pixels
from app.library.fingerprint import fingerprint

DATA = Path(__file__).resolve().parents[1] / "data" / "photos"
BUDGET = 16 * 2**20


def _tiff(tmp_path: Path, size: tuple[int, int]) -> Path:
    p = tmp_path / f"{size[0]}x{size[1]}.tif"
    Image.new("RGB", size, (30, 90, 200)).save(p)
    return p


@pytest.mark.parametrize("rel", ["Videos/carphone.mp4", "Raw/FujiFilm.raf"])
def test_videos_and_raws_need_their_libraries(rel: str) -> None:
    with decode_budget.limited(BUDGET), pytest.raises(decode_budget.OverBudget, match="needs"):
        decode.open_image(DATA / rel, max_edge=256)
    assert decode.open_image(DATA / rel, max_edge=256).width > 0


def test_a_large_picture_is_refused_before_it_is_decoded(tmp_path: Path, monkeypatch) -> None:
    big = _tiff(tmp_path, (3000, 3000))  # 36 MB decoded
    loads = []
    real = Image.Image.load
    monkeypatch.setattr(Image.Image, "load", lambda self: (loads.append(self.size), real(self))[1])
    with decode_budget.limited(BUDGET), pytest.raises(decode_budget.OverBudget, match="3000×3000"):
        decode.open_image(big, max_edge=256)
    assert (3000, 3000) not in loads
    assert decode.open_image(big, max_edge=256).size == (256, 256)


def test_photos_within_the_budget_decode_the_same(tmp_path: Path) -> None:
    for p in (DATA / "Misc" / "Orientation" / "Landscape_6.jpg", DATA / "Phone" / "HEIC" / "IMG_2682.heic",
              DATA / "Phone" / "HEIC" / "Galaxy S24 FE — portrait.heic", _tiff(tmp_path, (800, 600))):
        with decode_budget.limited(BUDGET):
            limited = decode.open_image(p, max_edge=256)
        assert limited.tobytes() == decode.open_image(p, max_edge=256).tobytes(), p


def test_the_worker_hands_back_what_is_over_its_budget_and_caches_nothing(tmp_path: Path) -> None:
    big = _tiff(tmp_path, (3000, 3000))
    fp = fingerprint(str(big))
    cache = tmp_path / "cache"
    assert grid_pixels.thumb_pixels(str(big), fp, str(cache), 128, BUDGET) == grid_pixels.OVER_BUDGET
    assert not list(cache.rglob("*.jpg"))
    w, h, data = grid_pixels.thumb_pixels(str(big), fp, str(cache), 128)
    assert (w, h) == (128, 128) and len(data) == 128 * 128 * 3
    assert grid_pixels.thumb_pixels(str(big), fp, str(cache), 128, BUDGET)[:2] == (128, 128)  # cached now
