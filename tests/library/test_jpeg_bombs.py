"""Progressive and multi-scan JPEGs are decoded through a buffer of the whole picture's coefficients,
whatever size is asked for: a file under 1 KB declaring 20000×20000 pixels drove caption prep and
thumbnails to 1.2–3.1 GB. Every decode path (index, caption prep, thumbnails, the window's preview)
stays under 1 GB, measured as the high-water mark of a child process (like the PNG bomb tests)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from app.library import jpeg_header
from app.library.decode import DecodeError, open_image

REPO = Path(__file__).resolve().parents[2]
PHOTO = REPO / "tests" / "data" / "photos" / "2019" / "Holiday" / "prairie_falcon.jpg"


def bomb(kind: str, *, subsampling: int = 2, side: int = 20000, pad: int = 0) -> bytes:
    """A real small JPEG whose frame header is changed to declare ``side``×``side`` pixels, cut to
    < 1 KB (``pad``: zero bytes added before the end marker, so the file is big enough to hold it)."""
    with Image.open(PHOTO) as im:
        small = im.convert("RGB").resize((32, 32))
    buf = io.BytesIO()
    small.save(buf, "JPEG", quality=50, progressive=kind == "progressive", subsampling=subsampling)
    data = bytearray(buf.getvalue())
    sof = data.find(b"\xff\xc2" if kind == "progressive" else b"\xff\xc0")
    data[sof + 5 : sof + 9] = side.to_bytes(2, "big") + side.to_bytes(2, "big")
    if kind == "multiscan":  # the first scan names one component: the others come in later scans
        sos = data.find(b"\xff\xda")
        length = int.from_bytes(data[sos + 2 : sos + 4], "big")
        data[sos : sos + 2 + length] = bytes([0xFF, 0xDA, 0, 8, 1]) + data[sos + 5 : sos + 7] + bytes([0, 63, 0])
    cut = bytes(data[:900])
    return cut + bytes(pad) + b"\xff\xd9" if pad else cut


MEASURE = r"""
import json, os, sys
def peak_mb():
    # VmHWM: this process's own high-water mark (ru_maxrss carries a forked parent's size across exec)
    with open("/proc/self/status") as fh:
        return next(int(ln.split()[1]) for ln in fh if ln.startswith("VmHWM:")) / 1024
path, thumb_dir = sys.argv[1], sys.argv[2]
from app.library.probe import probe_file
from app.captioning.prep import prepare_image
from app.captioning.errors import PhotoError
from app.library import thumbs
from app.library.decode import DecodeError
from app.ui.images import decode_preview
st = os.stat(path)
rec = probe_file(path, st.st_size, st.st_mtime_ns)
out = {"state": rec["state"], "error": rec["error"]}
try:
    prepare_image(path, 1120)
except PhotoError as exc:
    out["prep"] = str(exc)
for name, fn in (("thumbs", lambda: thumbs.make(path, "ab" * 16, thumb_dir, (thumbs.GRID, thumbs.PREVIEW))),
                 ("preview", lambda: decode_preview(path, 1600))):
    try:
        fn()
    except DecodeError as exc:
        out[name] = str(exc)
out["peak_mb"] = peak_mb()
print(json.dumps(out))
"""


def _measure(path: Path, tmp_path: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", MEASURE, str(path), str(tmp_path / "thumbs")], capture_output=True,
                          text=True, cwd=REPO, timeout=600,
                          env=dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen"))
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


@pytest.mark.parametrize("kind,subsampling", [("progressive", 0), ("progressive", 2), ("multiscan", 2),
                                              ("multiscan", 0)])
def test_a_tiny_jpeg_declaring_20000px_is_refused_everywhere_under_1_gb(tmp_path: Path, kind: str,
                                                                       subsampling: int) -> None:
    path = tmp_path / "bomb.jpg"
    path.write_bytes(bomb(kind, subsampling=subsampling))
    assert path.stat().st_size < 1024
    hdr = jpeg_header.read(str(path))
    assert hdr is not None and hdr.buffered and hdr.coefficient_bytes() > 2**30  # what libjpeg would take
    out = _measure(path, tmp_path)
    assert out["state"] == "error" and out["error"].startswith("truncated file: the JPEG declares 20000×20000")
    for step in ("prep", "thumbs", "preview"):
        assert "truncated file" in out[step], out
    assert out["peak_mb"] <= 1024, out


def test_a_whole_progressive_jpeg_too_big_to_buffer_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "big.jpg"
    path.write_bytes(bomb("progressive", subsampling=0, pad=2_400_000))  # big enough to hold its blocks
    out = _measure(path, tmp_path)
    assert out["state"] == "ok"  # nothing says it is damaged; it just cannot be decoded here
    for step in ("prep", "thumbs", "preview"):
        assert "too large to decode within the memory limit: a 20000×20000 progressive JPEG" in out[step], out
    assert out["peak_mb"] <= 1024, out


def test_ordinary_progressive_and_baseline_jpegs_still_decode(tmp_path: Path) -> None:
    with Image.open(PHOTO) as im:
        img = im.convert("RGB").resize((3000, 2000))
    for progressive in (True, False):
        p = tmp_path / f"p{int(progressive)}.jpg"
        img.save(p, "JPEG", quality=85, progressive=progressive)
        assert open_image(p, max_edge=256).size == (256, 171)
    with pytest.raises(DecodeError, match="truncated file"):
        bad = tmp_path / "bad.jpg"
        bad.write_bytes(bomb("progressive"))
        open_image(bad)
