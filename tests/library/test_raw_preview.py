"""RAW previews read without LibRaw: the embedded JPEG found from the file's own directories (so the
window's small thumbnail worker never loads LibRaw and numpy), and a damaged file read safely."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from app.library import raw_preview
from app.library.decode import DecodeError, open_image
from tests.library.raw_files import SENSOR_BYTES, preview_jpeg, raf_raw, tiff_raw

REPO = Path(__file__).resolve().parents[2]

_DECODE_ALONE = """
import json, sys
from app.library import decode_budget
from app.library.decode import open_image
with decode_budget.limited(16 * 2**20):  # the light thumbnail worker's budget
    img = open_image(sys.argv[1], max_edge=256)
print(json.dumps({"size": img.size, "left": img.getpixel((2, 2)), "right": img.getpixel((img.width - 3, 2)),
                  "top": img.getpixel((img.width // 2, 2)), "bottom": img.getpixel((img.width // 2, img.height - 3)),
                  "rawpy": "rawpy" in sys.modules, "numpy": "numpy" in sys.modules}))
"""


def _decode_in_fresh_process(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _DECODE_ALONE, str(path)], capture_output=True, text=True,
                         cwd=REPO, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.splitlines()[-1])


@pytest.mark.parametrize("name,kind", [
    ("a.nef", {"layout": "subifd"}), ("a.dng", {"layout": "subifd", "order": ">"}),
    ("a.cr2", {"layout": "strip"}), ("a.arw", {"layout": "ifd1"}),
    ("a.rw2", {"layout": "rw2", "magic": b"IIU\x00"}), ("a.orf", {"layout": "ifd1", "magic": b"IIRO"}),
])
def test_the_embedded_preview_is_read_without_libraw(tmp_path: Path, name: str, kind: dict) -> None:
    path = tiff_raw(tmp_path / name, preview_jpeg(), **kind)
    got = _decode_in_fresh_process(path)
    assert got["size"] == [256, 192]
    assert got["left"][0] > 180 and got["right"][2] > 180  # red left, blue right: as the camera stored it
    assert not got["rawpy"] and not got["numpy"], "LibRaw was loaded for a preview Pillow reads"


def test_the_raw_files_orientation_turns_the_preview(tmp_path: Path) -> None:
    path = tiff_raw(tmp_path / "turned.nef", preview_jpeg(), orientation=6)  # 90° clockwise
    got = _decode_in_fresh_process(path)
    assert got["size"] == [192, 256]
    assert got["top"][0] > 180 and got["bottom"][2] > 180  # the red left half is now on top


def test_a_raf_preview_comes_from_its_header(tmp_path: Path) -> None:
    got = _decode_in_fresh_process(raf_raw(tmp_path / "a.raf", preview_jpeg()))
    assert got["size"] == [256, 192] and not got["rawpy"]


def test_the_largest_preview_wins(tmp_path: Path) -> None:
    big, small = preview_jpeg((1600, 1200)), preview_jpeg((160, 120))
    path = tiff_raw(tmp_path / "a.nef", big, layout="subifd")
    data = bytearray(path.read_bytes())
    # IFD1 chained after IFD0 with the small one, appended at the end (as cameras keep a thumbnail)
    at = len(data)
    data += small
    ifd1 = len(data)
    data += struct.pack("<H", 2) + struct.pack("<HHII", 0x0201, 4, 1, at) + struct.pack("<HHII", 0x0202, 4, 1, len(small))
    data += struct.pack("<I", 0)
    count = struct.unpack_from("<H", data, 8)[0]
    struct.pack_into("<I", data, 8 + 2 + 12 * count, ifd1)
    path.write_bytes(bytes(data))
    with open(path, "rb") as fh:
        found = raw_preview.find(fh, len(data))
    assert found is not None and (found.width, found.height) == (1600, 1200)


def test_a_small_preview_is_left_to_libraw(tmp_path: Path) -> None:
    """A 160 px thumbnail is less than a caption needs: LibRaw decides (it may decode the sensor data)."""
    path = tiff_raw(tmp_path / "small.nef", preview_jpeg((160, 120)))
    with pytest.raises(DecodeError):  # LibRaw cannot read the made-up sensor data
        open_image(path, max_edge=1120)


@pytest.mark.parametrize("damage", ["truncated", "offset past the end", "length past the end", "loop",
                                    "huge entry count", "garbage", "lossless only"])
def test_a_damaged_raw_gives_a_clear_failure(tmp_path: Path, damage: str) -> None:
    jpeg = preview_jpeg()
    path = tiff_raw(tmp_path / "bad.nef", jpeg, layout="ifd1")
    data = bytearray(path.read_bytes())
    count = struct.unpack_from("<H", data, 8)[0]
    next_at = 8 + 2 + 12 * count  # IFD0's pointer to IFD1 (at 512)
    if damage == "truncated":  # the preview cut in the middle
        data = data[: len(data) - len(jpeg) // 2]
    elif damage == "offset past the end":
        struct.pack_into("<I", data, 512 + 2 + 8, len(data) + 10)
    elif damage == "length past the end":
        struct.pack_into("<I", data, 512 + 2 + 12 + 8, 2**32 - 1)
    elif damage == "loop":  # IFD0 -> IFD1 -> IFD0 ...
        struct.pack_into("<I", data, 512 + 2 + 24, 8)
        struct.pack_into("<II", data, 512 + 2 + 8, len(data) + 5, 10)
    elif damage == "huge entry count":
        struct.pack_into("<H", data, 512, 65535)
    elif damage == "garbage":
        data[8:4096] = bytes(range(256)) * 16
    elif damage == "lossless only":  # no preview at all: only the raw strip, which Pillow cannot decode
        struct.pack_into("<I", data, next_at, 0)
    path.write_bytes(bytes(data))
    with open(path, "rb") as fh:
        found = raw_preview.find(fh, len(data))
    if damage != "truncated":
        assert found is None
    with pytest.raises(DecodeError) as info:
        open_image(path, max_edge=256)
    assert str(info.value)  # a reason in plain words, from LibRaw's reading


def test_an_entry_declaring_more_than_the_file_holds_is_skipped(tmp_path: Path) -> None:
    path = tiff_raw(tmp_path / "a.nef", preview_jpeg(), layout="ifd1")
    data = bytearray(path.read_bytes())
    count = struct.unpack_from("<H", data, 8)[0]
    # IFD0's last entry becomes SubIFDs with 2**32-1 offsets far past the end: skipped, IFD1 still read
    struct.pack_into("<HHII", data, 8 + 2 + 12 * (count - 1), 0x014A, 4, 2**32 - 1, 2**31)
    path.write_bytes(bytes(data))
    with open(path, "rb") as fh:
        found = raw_preview.find(fh, len(data))
    assert found is not None and (found.width, found.height) == (1600, 1200)
    assert open_image(path, max_edge=256).size == (256, 192)


def test_a_stub_stays_with_libraw(tmp_path: Path) -> None:
    """A file too small for sensor data is judged as before (LibRaw says what is missing)."""
    path = tiff_raw(tmp_path / "stub.nef", preview_jpeg(), sensor=4096)
    assert path.stat().st_size < SENSOR_BYTES
    with open(path, "rb") as fh:
        assert raw_preview.find(fh, path.stat().st_size) is not None
    with pytest.raises(DecodeError, match="no picture in this file"):
        open_image(path, max_edge=256)
