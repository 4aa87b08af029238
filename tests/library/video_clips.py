"""Small real clips the tests make with PyAV, and the damage they do to them on purpose.

Why made here: no phone clip small and free enough to ship exists for every case, and a clip made
here says exactly what is in it (the colour of each scene, the keyframe every second, the rotation),
so a test can check what the app did with it. exiftool adds the metadata a phone writes where PyAV
cannot (UserData ``©xyz``); PyAV writes Apple's QuickTime Keys (``use_metadata_tags``).
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Iterable

import numpy as np

RED, GREEN, BLUE, YELLOW = (220, 30, 30), (30, 170, 40), (30, 60, 220), (235, 220, 40)
WHITE, BLACK = (255, 255, 255), (0, 0, 0)


def make_clip(path: str | Path, *, seconds: float = 3.0, size: tuple[int, int] = (320, 240), fps: int = 25,
              gop: int | None = None, scenes: Iterable[tuple[int, int, int]] = (RED, GREEN, BLUE),
              rotation: int = 0, codec: str = "libx264", metadata: dict[str, str] | None = None,
              fade_in: float = 0.0, keys: bool = False, two_tone: bool = True) -> Path:
    """A clip whose picture is one colour per scene (equal parts of the clip). With ``two_tone`` the
    bottom half is white, so "upright" can be checked; ``fade_in`` seconds of black open the clip;
    ``rotation`` is stored as the display matrix (degrees counter-clockwise, as FFmpeg reads it);
    ``keys`` writes ``metadata`` as QuickTime Keys (Apple's ``com.apple.quicktime.*``)."""
    import av

    path = Path(path)
    options = {"movflags": "use_metadata_tags"} if keys else {}
    scenes = list(scenes)
    w, h = size
    n = max(1, int(round(seconds * fps)))
    with av.open(str(path), "w", options=options) as out:
        if metadata:
            out.metadata.update(metadata)
        s = out.add_stream(codec, rate=fps)
        s.width, s.height = w, h
        s.pix_fmt = "yuv420p"
        s.codec_context.options = {"g": str(gop or fps), "keyint_min": str(gop or fps), "sc_threshold": "0"} \
            if codec in ("libx264", "libx265") else {"g": str(gop or fps)}
        if rotation:
            s.set_display_rotation(rotation)
        for i in range(n):
            t = i / fps
            colour = scenes[min(len(scenes) - 1, int(i * len(scenes) / n))]
            arr = np.empty((h, w, 3), np.uint8)
            arr[:] = colour
            if two_tone:
                arr[h // 2:] = WHITE
            arr[h // 4: h // 4 + 6, :] = (i * 7) % 255  # a moving line: frames are not all equal
            if t < fade_in:
                arr[:] = BLACK
            frame = av.VideoFrame.from_ndarray(arr, format="rgb24")
            for p in s.encode(frame):
                out.mux(p)
        for p in s.encode():
            out.mux(p)
    return path


def exiftool(*args: str) -> None:
    exe = shutil.which("exiftool")
    assert exe, "exiftool is needed"
    subprocess.run([exe, "-overwrite_original", *args], check=True, capture_output=True)


def add_userdata_gps(path: str | Path, lat: float, lon: float) -> None:
    """``©xyz`` as Android phones write it (UserData GPSCoordinates)."""
    exiftool(f"-UserData:GPSCoordinates={lat}, {lon}", str(path))


# -- damage ------------------------------------------------------------------------------------

def _boxes(data: bytes, start: int = 0, end: int | None = None):
    end = len(data) if end is None else end
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        hdr = 8
        if size == 1:
            size, hdr = struct.unpack_from(">Q", data, pos + 8)[0], 16
        elif size == 0:
            size = end - pos
        yield kind, pos, hdr, size
        pos += size


def find_box(data: bytes, path: str) -> tuple[int, int, int]:
    """(offset, header, size) of the first box at ``path`` ("moov/trak/tkhd")."""
    start, end = 0, len(data)
    found = None
    for part in path.split("/"):
        for kind, pos, hdr, size in _boxes(data, start, end):
            if kind == part.encode():
                found = (pos, hdr, size)
                start, end = pos + hdr, pos + size
                break
        else:
            raise KeyError(path)
    assert found is not None
    return found


def cut_before_moov(src: str | Path, dest: str | Path) -> Path:
    """The file as a recording cut off before the index was written: everything up to ``moov``."""
    data = Path(src).read_bytes()
    pos, _, _ = find_box(data, "moov")
    Path(dest).write_bytes(data[:pos])
    return Path(dest)


def set_matrix(path: str | Path, degrees: float) -> None:
    """Overwrite the video track's display matrix with a rotation by ``degrees`` (clockwise)."""
    import math

    data = bytearray(Path(path).read_bytes())
    pos, hdr, _ = find_box(bytes(data), "moov/trak/tkhd")
    version = data[pos + hdr]
    at = pos + hdr + (4 + 8 + 8 + 4 + 4 + 8 if version == 1 else 24) + 16
    r = math.radians(degrees)
    a, b = math.cos(r), math.sin(r)
    vals = [a, b, 0.0, -b, a, 0.0, 0.0, 0.0, 1.0]
    for i, v in enumerate(vals):
        fixed = int(round(v * (2**30 if i in (2, 5, 8) else 65536)))
        struct.pack_into(">i", data, at + 4 * i, fixed)
    Path(path).write_bytes(bytes(data))


def set_declared_duration(path: str | Path, seconds: float) -> None:
    """Make the movie header (and the track headers) claim ``seconds``; the samples stay as they are."""
    data = bytearray(Path(path).read_bytes())
    pos, hdr, _ = find_box(bytes(data), "moov/mvhd")
    assert data[pos + hdr] == 0
    (scale,) = struct.unpack_from(">I", data, pos + hdr + 12)
    struct.pack_into(">I", data, pos + hdr + 16, int(seconds * scale))
    Path(path).write_bytes(bytes(data))


def set_codec_tag(path: str | Path, tag: bytes) -> None:
    """Rename the video's sample description to a codec nobody knows."""
    data = bytearray(Path(path).read_bytes())
    pos, hdr, _ = find_box(bytes(data), "moov/trak/mdia/minf/stbl/stsd")
    at = pos + hdr + 8 + 4  # version/flags, entry count, entry size
    data[at:at + 4] = tag
    Path(path).write_bytes(bytes(data))


def mdat_digest(path: str | Path) -> str:
    """SHA-256 of every ``mdat`` payload: the media data, which a metadata write must never touch."""
    from app.library.video_boxes import mdat_payloads

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for off, n in mdat_payloads(str(path)):
            fh.seek(off)
            left = n
            while left:
                chunk = fh.read(min(left, 1 << 20))
                assert chunk, "mdat shorter than declared"
                h.update(chunk)
                left -= len(chunk)
    return h.hexdigest()


# -- Live Photos -------------------------------------------------------------------------------

def apple_maker_note(content_id: str) -> bytes:
    """An Apple maker note ("Apple iOS", big-endian IFD) holding tag 0x0011, the content identifier."""
    value = content_id.encode("ascii") + b"\x00"
    header = b"Apple iOS\x00" + b"\x00\x01" + b"MM"
    ifd_start = len(header)
    data_at = ifd_start + 2 + 12 + 4
    ifd = struct.pack(">H", 1) + struct.pack(">HHII", 0x0011, 2, len(value), data_at) + struct.pack(">I", 0)
    return header + ifd + value


def live_photo_jpeg(path: str | Path, content_id: str, colour: tuple[int, int, int] = RED,
                    size: tuple[int, int] = (320, 240)) -> Path:
    """A JPEG as an iPhone writes a Live Photo's still: Make Apple, the maker note with the identifier."""
    from PIL import Image

    img = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 12"
    exif.get_ifd(0x8769)[0x927C] = apple_maker_note(content_id)
    exif.get_ifd(0x8769)[0x9003] = "2021:06:01 10:00:00"
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes(), quality=90)
    Path(path).write_bytes(buf.getvalue())
    return Path(path)


def live_photo_pair(folder: str | Path, stem: str, content_id: str, *, seconds: float = 2.0) -> tuple[Path, Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    photo = live_photo_jpeg(folder / f"{stem}.JPG", content_id)
    clip = make_clip(folder / f"{stem}.MOV", seconds=seconds, keys=True, metadata={
        "com.apple.quicktime.content.identifier": content_id,
        "com.apple.quicktime.creationdate": "2021-06-01T10:00:00+0200",
        "com.apple.quicktime.make": "Apple", "com.apple.quicktime.model": "iPhone 12"})
    return photo, clip


def digest(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


__all__ = [n for n in dir() if not n.startswith("_") and n not in ("os", "io", "np", "shutil", "subprocess")]
