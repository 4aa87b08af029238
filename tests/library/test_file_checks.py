"""Every file read right at index time: a stray MPF index on a whole JPEG is not damage, HEIF item
data that points past the end of the file is, and IPTC keywords inside a PNG are read."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from app.library import heif_meta, scanner
from app.library.probe import probe_file

PHOTOS = Path(__file__).resolve().parents[1] / "data" / "photos"


def _probe(path: Path) -> dict:
    st = path.stat()
    return probe_file(str(path), st.st_size, st.st_mtime_ns)


def _mpf_segment() -> bytes:
    """The APP2 MPF index of a real stereo MPO (it declares a second picture far beyond a small file)."""
    data = (PHOTOS / "Formats" / "frozenpond.mpo").read_bytes()
    at = data.find(b"\xff\xe2\x00")
    while data[at + 4 : at + 8] != b"MPF\x00":
        at = data.find(b"\xff\xe2", at + 2)
    return data[at : at + 2 + int.from_bytes(data[at + 2 : at + 4], "big")]


@pytest.mark.parametrize("rel", ["Edited/XMP.jpg", "Edited/IPTC.jpg", "Archive/Web copies/Canon_40D.jpg",
                                 "Phone/Camera Roll/Apple iPhone 4.jpg"])
def test_a_whole_jpeg_with_a_stray_mpf_block_is_indexed_fine(tmp_path: Path, rel: str) -> None:
    data = (PHOTOS / rel).read_bytes()
    path = tmp_path / "stray.jpg"
    path.write_bytes(data[:2] + _mpf_segment() + data[2:])
    assert "mp" in Image.open(path).info  # Pillow sees the index
    rec = _probe(path)
    assert rec["state"] == "ok" and rec["error"] is None, rec["error"]
    assert rec["media_hash"] is not None


def test_a_stray_mpf_block_with_a_trailer_after_the_picture_is_fine(tmp_path: Path) -> None:
    data = (PHOTOS / "Archive/Web copies/Canon_40D.jpg").read_bytes()
    path = tmp_path / "trailer.jpg"
    path.write_bytes(data[:2] + _mpf_segment() + data[2:] + b"SEFH" + bytes(300) + b"SEFT")  # a phone's trailer
    assert _probe(path)["state"] == "ok"


def test_a_jpeg_with_an_mpf_index_whose_main_picture_is_cut_is_truncated(tmp_path: Path) -> None:
    data = (PHOTOS / "Phone/Camera Roll/Apple iPhone 4.jpg").read_bytes()
    path = tmp_path / "cut.jpg"
    path.write_bytes((data[:2] + _mpf_segment() + data[2:])[: len(data) // 2])
    rec = _probe(path)
    assert rec["state"] == "error" and rec["error"].startswith("truncated file")


def test_a_jpeg_whose_declared_second_picture_is_cut_is_still_truncated(tmp_path: Path) -> None:
    whole = tmp_path / "pair.mpo"
    shutil.copyfile(PHOTOS / "Formats" / "frozenpond.mpo", whole)
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole.read_bytes()[:-5000])
    rec = _probe(cut)
    assert rec["state"] == "error" and rec["error"].startswith("truncated file: its picture 2 of 2")


def _heif_extent_patch(src: Path, dest: Path, shift: int) -> tuple[int, int]:
    """Copy ``src`` with its last picture item's data offset moved ``shift`` bytes further (the file
    itself is unchanged in length). Returns the item's (offset, length) before the change."""
    data = bytearray(src.read_bytes())
    with open(src, "rb") as fh:
        meta_raw = heif_meta.meta_box(fh)
    meta = heif_meta.parse(meta_raw)
    offset, length = meta.items[meta.picture_items()[-1]].extents[0]
    at = data.find(meta_raw) + meta_raw.find(offset.to_bytes(4, "big"))
    data[at : at + 4] = (offset + shift).to_bytes(4, "big")
    dest.write_bytes(bytes(data))
    return offset, length


@pytest.mark.parametrize("rel", ["Formats/Stonehenge.heic", "Formats/mountains.avif", "Phone/HEIC/IMG_2682.heic"])
def test_heif_item_data_past_the_end_of_the_file_is_damage(tmp_path: Path, rel: str) -> None:
    src = PHOTOS / rel
    assert _probe(src)["state"] == "ok"
    corrupt = tmp_path / ("corrupt" + src.suffix)
    _heif_extent_patch(src, corrupt, 10**6)
    rec = _probe(corrupt)
    assert rec["state"] == "error" and rec["error"].startswith("truncated file: the HEIF's picture (item ")
    assert f"the file has {corrupt.stat().st_size:,}" in rec["error"]
    cut = tmp_path / ("cut" + src.suffix)
    cut.write_bytes(src.read_bytes()[:-4000])
    assert _probe(cut)["state"] == "error"


def _text_chunk(kind: bytes, key: str, text: str) -> bytes:
    if kind == b"zTXt":
        data = key.encode("latin-1") + b"\0\0" + zlib.compress(text.encode("latin-1"))
    else:
        data = key.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8")
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _profile(raw: bytes) -> str:
    hexed = raw.hex()
    return "\niptc\n" + f"{len(raw):8d}\n" + "\n".join(hexed[i : i + 72] for i in range(0, len(hexed), 72)) + "\n"


def _iim(*items: tuple[int, int, str]) -> bytes:
    out = b"\x1c\x01\x5a\x00\x03\x1b%G"  # UTF-8 declared
    for rec, ds, text in items:
        b = text.encode("utf-8")
        out += bytes([0x1C, rec, ds]) + struct.pack(">H", len(b)) + b
    return out


@pytest.mark.exiftool
def test_png_iptc_written_by_exiftool_is_read(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    shutil.copyfile(PHOTOS / "Formats" / "imagemagick.png", path)
    subprocess.run(["exiftool", "-q", "-q", "-m", "-overwrite_original", "-IPTC:Keywords=Grandma",
                    "-IPTC:Keywords=Lake Como", "-IPTC:Caption-Abstract=Grandma at Lake Como",
                    "-IPTC:ObjectName=Summer 1962", str(path)], check=True)
    rec = _probe(path)
    assert rec["file_keywords"] == ["Grandma", "Lake Como"]
    assert rec["file_description"] == "Grandma at Lake Como" and rec["file_title"] == "Summer 1962"


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("kind", [b"zTXt", b"iTXt"])
def test_png_iptc_in_a_raw_profile_chunk_is_read_wherever_it_is(tmp_path: Path, where: str, kind: bytes) -> None:
    src = PHOTOS / "Formats" / "density_plot.png"
    data = src.read_bytes()
    chunk = _text_chunk(kind, "Raw profile type iptc",
                        _profile(_iim((2, 25, "Großmutter"), (2, 25, "Como"), (2, 120, "Am See"))))
    at = data.find(b"IDAT") - 4 if where == "before" else len(data) - 12  # before the data, or before IEND
    path = tmp_path / "plot.png"
    path.write_bytes(data[:at] + chunk + data[at:])
    Image.open(path).load()  # still a valid PNG
    rec = _probe(path)
    assert rec["state"] == "ok" and rec["file_keywords"] == ["Großmutter", "Como"]
    assert rec["file_description"] == "Am See"


def test_png_iptc_is_indexed_as_the_photos_keywords(db, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    buf = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    info.add_text("Raw profile type iptc", _profile(_iim((2, 25, "harbour"), (2, 25, "boats"))), zip=True)
    Image.open(PHOTOS / "Formats" / "ReaganSmallPng.png").save(buf, "PNG", pnginfo=info)
    (root / "harbour.png").write_bytes(buf.getvalue())
    scanner.index_folders(db, [str(root)])
    kws = db.execute("SELECT file_keywords FROM photos").fetchone()[0]
    assert kws == '["harbour", "boats"]'
