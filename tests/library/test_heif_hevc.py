"""A HEIC whose picture is one HEVC image (not a tile grid) is decoded by FFmpeg straight to a reduced
RGB size, with libheif's colours and orientation; anything unusual is left to libheif."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pillow_heif
import pytest
from PIL import Image

from app.library import decode, heif_grid, heif_hevc, reduced

REPO = Path(__file__).resolve().parents[2]
PHOTO = REPO / "tests" / "data" / "photos" / "2019" / "Holiday" / "prairie_falcon.jpg"
FAST = {"preset": "ultrafast"}  # x265's fastest preset: a test HEIC in a fraction of a second


@pytest.fixture(scope="module")
def photo() -> Image.Image:
    return Image.open(PHOTO).convert("RGB").crop((0, 0, 640, 480))  # even sides: no clean-aperture crop


def _heic(img: Image.Image, **options) -> io.BytesIO:
    pillow_heif.register_heif_opener()
    buf = io.BytesIO()
    img.save(buf, format="HEIF", quality=90, enc_params=FAST, **options)
    buf.seek(0)
    return buf


def _libheif(buf: io.BytesIO) -> Image.Image:
    buf.seek(0)
    return decode._to_rgb(Image.open(buf))


def _diff(a: Image.Image, b: Image.Image) -> np.ndarray:
    assert a.size == b.size
    return np.abs(np.asarray(a).astype(int) - np.asarray(b).astype(int))


@pytest.mark.parametrize("colours", [{}, {"matrix_coefficients": 1, "full_range_flag": 0},
                                     {"matrix_coefficients": 9, "full_range_flag": 1}],
                         ids=["bt601-full", "bt709-limited", "bt2020-full"])
def test_full_size_colours_match_libheif(photo: Image.Image, colours: dict) -> None:
    buf = _heic(photo, **colours)
    single = heif_hevc.open_single(buf)
    assert single is not None and (single.width, single.height) == photo.size
    assert single.frame_bytes() == 640 * 480 * 3 // 2  # 4:2:0, 8 bits
    d = _diff(heif_hevc.decode_reduced(buf, single, 1), _libheif(buf))
    assert d.mean() < 2.5 and d.max() <= 6  # rounding of two YCbCr→RGB conversions, not another matrix


@pytest.mark.parametrize("orientation", [2, 3, 5, 6, 8])
def test_rotation_and_mirror_boxes_are_applied_like_libheif(photo: Image.Image, orientation: int) -> None:
    exif = Image.Exif()
    exif[0x0112] = orientation  # pillow-heif writes it as irot/imir boxes
    buf = _heic(photo, exif=exif.tobytes())
    single = heif_hevc.open_single(buf)
    assert single is not None and single.transforms
    d = _diff(heif_hevc.decode_reduced(buf, single, 1), _libheif(buf))
    assert d.mean() < 1.5


def test_a_reduced_decode_looks_like_libheifs_whole_decode_reduced(photo: Image.Image) -> None:
    buf = _heic(photo)
    small = reduced.heif_reduced(buf, 100, decode._to_rgb)
    assert small.size == (214, 160)  # factor 3, rounded up like a box reduce
    size = decode.fit_size(640, 480, 100)
    d = _diff(small.resize(size, Image.Resampling.LANCZOS),
              _libheif(buf).resize(size, Image.Resampling.LANCZOS))
    assert d.mean() < 2.5 and np.percentile(d, 99) <= 12


def test_ten_bit_pictures_decode_to_eight_bits(photo: Image.Image) -> None:
    wide = pillow_heif.from_bytes(mode="RGB;16", size=photo.size,
                                  data=(np.asarray(photo).astype(np.uint16) * 257).tobytes())
    buf = io.BytesIO()
    wide.save(buf, quality=90, enc_params=FAST)
    single = heif_hevc.open_single(buf)
    assert single is not None and single.frame_bytes() == 640 * 480 * 3  # 1.5 bytes a pixel, twice
    assert _diff(heif_hevc.decode_reduced(buf, single, 1), _libheif(buf)).mean() < 2.5


def test_what_this_path_does_not_handle_is_left_to_libheif(photo: Image.Image) -> None:
    odd = _heic(photo.crop((0, 0, 639, 479)))  # odd sides: coded larger and cropped by a clap box
    assert heif_hevc.open_single(odd) is None
    assert reduced.heif_reduced(odd, 100, decode._to_rgb).size == (213, 160)
    with open(REPO / "tests" / "data" / "photos" / "Phone" / "HEIC" / "IMG_2682.heic", "rb") as fh:
        assert heif_grid.open_grid(fh) is not None and heif_hevc.open_single(fh) is None
    rgba = _heic(photo.convert("RGBA"))  # an alpha plane: libheif joins it, this path would drop it
    assert reduced.heif_reduced(rgba, 100, decode._to_rgb).size == (214, 160)
    assert heif_hevc.open_single(io.BytesIO(b"not a heic at all")) is None


def test_a_damaged_stream_is_a_value_error_and_heif_reduced_goes_on(photo: Image.Image) -> None:
    buf = _heic(photo)
    single = heif_hevc.open_single(buf)
    assert single is not None
    raw = bytearray(buf.getvalue())
    offset, length = single.extents[0]
    raw[offset:offset + length] = bytes(length)  # the coded picture zeroed: no HEVC NAL units left
    with pytest.raises(ValueError, match="HEVC"):
        heif_hevc.decode_reduced(io.BytesIO(bytes(raw)), single, 1)
    cut = io.BytesIO(bytes(raw[:offset + length // 2]))
    with pytest.raises(ValueError, match="truncated"):
        heif_hevc.decode_reduced(cut, single, 1)
