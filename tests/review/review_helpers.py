"""Shared helpers for the review/metadata tests: test-photo copies, photo rows, metadata dumps, pixels."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any, Iterable
from tests.exiftool_cli import exiftool

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS = REPO_ROOT / "tests" / "data" / "photos"  # the core test photos (tests/data/README.md)
CONFIG = str(Path(__file__).resolve().parents[2] / "resources" / "albumwise.exiftool.config")

# Groups/tags that legitimately change with any rewrite: file-system facts, exiftool's own notes,
# offsets/sizes of blocks that moved, and the XMP toolkit stamp.
VOLATILE_PREFIXES = ("System:", "ExifTool:", "SourceFile")
VOLATILE_TAGS = {
    "XMP-x:XMPToolkit", "File:CurrentIPTCDigest", "Photoshop:IPTCDigest", "IFD1:ThumbnailOffset",
    "File:ExifByteOrder",
}


def copy_corpus(rel: str, dest_dir: Path, name: str | None = None) -> Path:
    """Copy one test photo (never write into the originals); a missing one is an error, not a skip."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / (name or Path(rel).name)
    shutil.copyfile(CORPUS / rel, dest)
    dest.chmod(0o644)
    return dest


def make_photo(db: Any, path: Path | str, *, text: str | None = "A caption", keywords: Iterable[str] = (),
               state: str = "draft", source: str = "model", model: str | None = "llava:7b",
               file_description: str | None = None, file_keywords: Iterable[str] = ()) -> int:
    """A photo row (as the indexer would make it) plus, optionally, a caption version."""
    from app.store import captions

    path = os.path.abspath(str(path))
    cur = db.execute(
        "INSERT INTO photos(path, folder, filename, format, file_description, file_keywords) VALUES (?,?,?,?,?,?)",
        [path, os.path.dirname(path), os.path.basename(path), Path(path).suffix.lstrip(".").upper(),
         file_description, json.dumps(list(file_keywords))],
    )
    db.conn.commit()
    pid = int(cur.lastrowid)
    if text is not None:
        captions.add_version(db, pid, text=text, keywords=list(keywords), source=source, state=state, model=model,
                             style="caption" if source == "model" else None)
    return pid


def dump(path: Path | str) -> dict[str, Any]:
    """Every tag exiftool reads (``-j -G1 -a``, all duplicates), minus the volatile ones."""
    out = exiftool("-config", CONFIG, "-j", "-G1", "-a", "-struct", str(path))
    data = json.loads(out.stdout.decode("utf-8"))[0]
    return {k: v for k, v in data.items() if not k.startswith(VOLATILE_PREFIXES) and k not in VOLATILE_TAGS}


def read_tags(path: Path | str, *tags: str) -> dict[str, Any]:
    out = exiftool("-config", CONFIG, "-j", "-G1", *(f"-{t}" for t in tags), str(path))
    data = json.loads(out.stdout.decode("utf-8"))[0]
    data.pop("SourceFile", None)
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    keys = set(before) | set(after)
    return {k: (before.get(k), after.get(k)) for k in sorted(keys) if before.get(k) != after.get(k)}


def pixels(path: Path | str) -> str:
    """A hash of the decoded pixels (what must never change)."""
    from PIL import Image

    try:
        import pillow_heif

        pillow_heif.register_heif_opener()
    except ImportError:  # pragma: no cover
        pass
    with Image.open(path) as im:
        frames = []
        n = getattr(im, "n_frames", 1)
        for i in range(n):
            im.seek(i)
            frames.append(im.convert("RGBA").tobytes())
    return hashlib.sha256(b"".join(frames)).hexdigest()


def tree(root: Path) -> dict[str, str]:
    """Every file under root with its content hash (to prove nothing else changed)."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            out[str(p.relative_to(root))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out
