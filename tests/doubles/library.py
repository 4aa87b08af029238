"""Test helper: put photo rows into a library database without depending on the scanner.

Captioning tests need photo rows; ``add_photo`` inserts one directly (what the scanner would
record, minus metadata). ``index_folder`` uses the real scanner when ``app.library`` offers one
(``index_root``/``scan``), else inserts every file with an image extension.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from PIL import Image

IMAGE_EXTS = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".gif", ".heic", ".heif", ".avif", ".bmp",
              ".mpo", ".dng", ".cr2", ".nef", ".raf", ".rw2", ".arw", ".jxl"}


def add_photo(db: Any, path: str | os.PathLike[str], **fields: Any) -> int:
    p = os.path.abspath(path)
    row = {"path": p, "folder": os.path.dirname(p), "filename": os.path.basename(p), "state": "ok",
           "size": os.path.getsize(p) if os.path.exists(p) else 0}
    row.update(fields)
    cols = ", ".join(row)
    cur = db.execute(f"INSERT INTO photos({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    db.conn.commit()
    return int(cur.lastrowid)


def index_folder(db: Any, root: Path) -> list[int]:
    ids = []
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix.lower() in IMAGE_EXTS:
            ids.append(add_photo(db, p))
    return ids


def make_jpeg(path: Path, size: tuple[int, int] = (800, 600), *, top=(220, 30, 30), bottom=(30, 60, 220),
              orientation: int | None = None, quality: int = 90) -> Path:
    """A two-colour JPEG (top half ``top``); with ``orientation`` the pixels are stored rotated so that
    the photo is upright only once the EXIF orientation is applied."""
    w, h = size
    img = Image.new("RGB", (w, h), bottom)
    img.paste(Image.new("RGB", (w, h // 2), top), (0, 0))
    exif = None
    if orientation in (6, 8, 3):
        # store the pixels so that applying the orientation yields the upright image above
        op = {6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270, 3: Image.Transpose.ROTATE_180}[orientation]
        img = img.transpose(op)
        exif = Image.Exif()
        exif[0x0112] = orientation
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, exif=exif.tobytes() if exif is not None else b"")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())
    return path
