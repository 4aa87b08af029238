"""Thumbnails: upright for all nine orientation files, HEIF rotated once, cache keyed by content."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from app.library import thumbs
from app.library.decode import DecodeError
from app.library.fingerprint import fingerprint

ORIENT = [f"Misc/Orientation/Landscape_{i}.jpg" for i in range(9)]


def _diff(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


def test_grid_thumbnails_upright_for_every_orientation(corpus_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    made = {}
    for name in ORIENT:
        src = corpus_dir / name
        p = thumbs.ensure(src, fingerprint(src), cache, thumbs.GRID)
        made[name] = Image.open(p)
        assert made[name].size == (256, 171)
    ref = made[ORIENT[1]]
    top_left = ImageStat.Stat(ref.crop((0, 0, 40, 30))).mean
    for name, img in made.items():
        assert _diff(img, ref) < 12, name
        assert _diff(img, ref.transpose(Image.Transpose.FLIP_LEFT_RIGHT)) > 25, name
        assert _diff(img, ref.transpose(Image.Transpose.FLIP_TOP_BOTTOM)) > 25, name
        patch = ImageStat.Stat(img.crop((0, 0, 40, 30))).mean
        assert all(abs(a - b) < 20 for a, b in zip(patch, top_left)), name


def test_preview_and_grid_from_one_decode(corpus_dir: Path, tmp_path: Path) -> None:
    src = corpus_dir / "Misc/Orientation/Landscape_8.jpg"  # stored 1200x1800, orientation 8 -> landscape
    out = thumbs.make(src, fingerprint(src), tmp_path, (thumbs.GRID, thumbs.PREVIEW))
    assert Image.open(out[thumbs.PREVIEW]).size == (1280, 853)
    assert Image.open(out[thumbs.GRID]).size == (256, 171)


def test_heif_container_rotation_applied_once(corpus_dir: Path, tmp_path: Path) -> None:
    src = corpus_dir / "Phone/HEIC/Galaxy S24 FE — portrait.heic"  # EXIF says 6, pillow-heif already rotated
    img = Image.open(thumbs.ensure(src, fingerprint(src), tmp_path))
    assert img.size == (256, 118)


def test_cache_key_follows_content_not_path(corpus_dir: Path, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    src = lib / "photo.jpg"
    shutil.copy(corpus_dir / "Misc/Orientation/Landscape_3.jpg", src)
    fp = fingerprint(src)
    first = thumbs.ensure(src, fp, tmp_path / "cache")
    stamp = first.stat().st_mtime_ns
    moved = lib / "sub" / "renamed.jpg"
    moved.parent.mkdir()
    os.rename(src, moved)
    assert fingerprint(moved) == fp
    assert thumbs.cached_path(fp, tmp_path / "cache") == first
    assert thumbs.ensure(moved, fp, tmp_path / "cache").stat().st_mtime_ns == stamp  # reused, not remade
    shutil.copy(corpus_dir / "Misc/Orientation/Landscape_6.jpg", moved)  # content changed
    fp2 = fingerprint(moved)
    assert fp2 != fp and thumbs.cached_path(fp2, tmp_path / "cache") is None
    assert thumbs.ensure(moved, fp2, tmp_path / "cache") != first


def test_broken_source_raises_decode_error_and_caches_nothing(corpus_dir: Path, tmp_path: Path) -> None:
    src = corpus_dir / "Broken/truncated_jpeg.jpg"
    with pytest.raises(DecodeError, match="truncated"):
        thumbs.ensure(src, fingerprint(src), tmp_path)
    assert not list(tmp_path.rglob("*.jpg"))


def test_make_missing_in_a_pool(corpus_dir: Path, tmp_path: Path) -> None:
    rows = []
    for i, name in enumerate(ORIENT * 2 + ["Broken/table.jpg"]):
        src = tmp_path / "src" / f"{i}.jpg"
        src.parent.mkdir(exist_ok=True)
        shutil.copy(corpus_dir / name, src)
        if i >= 9 and name in ORIENT:
            with open(src, "ab") as fh:  # make the second set distinct content
                fh.write(b"\0" * (i + 1))
        rows.append({"path": str(src), "fingerprint": fingerprint(src), "state": "ok"})
    s = thumbs.make_missing(rows, tmp_path / "cache", workers=2)
    assert (s.made, s.failed) == (18, 1)
    assert s.errors[0]["path"].endswith("18.jpg")
    again = thumbs.make_missing(rows, tmp_path / "cache", workers=2)
    assert (again.made, again.cached, again.failed) == (0, 18, 1)
