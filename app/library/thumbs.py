"""Upright JPEG thumbnails, cached on disk, made off the main thread. Never needs Qt.

API (all functions are thread-safe and may run in worker threads or processes):

    path = thumbs.ensure(src_path, fingerprint, thumb_dir, size=thumbs.GRID)   # -> Path (made if missing)
    data = thumbs.thumbnail_bytes(src_path, fingerprint, thumb_dir, size=thumbs.PREVIEW)  # -> JPEG bytes
    p = thumbs.cached_path(fingerprint, thumb_dir, size)   # -> Path | None, no decoding (cheap; main thread OK)
    summary = thumbs.make_missing(rows, thumb_dir, sizes=(GRID,), progress=..., cancel=...)  # many, both cores

``thumb_dir`` is ``AppPaths.thumb_dir`` (the platform cache dir). Files live at
``thumb_dir/<size>/<fp[:2]>/<fingerprint>.jpg``. The key is the photo's content fingerprint
(``photos.fingerprint``), so a moved/renamed file keeps its thumbnail and a changed file (new
fingerprint) gets a new one. Writes are atomic (temp file + rename), so two workers racing on the
same photo are harmless. Decoding goes through ``decode.open_image`` (JPEG draft scaling, HEIF
rotation once, RAW embedded previews, EXIF orientation once). Failures raise ``DecodeError``.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from app.core import fspath
from app.core.progress import CancelToken, Progress, ProgressFn, no_progress

if TYPE_CHECKING:
    from PIL import Image

GRID = 256
PREVIEW = 1280
QUALITY = {GRID: 80}
DEFAULT_QUALITY = 85
POOL_THRESHOLD = 16
CHUNK = 8


def cached_path(fingerprint: str, thumb_dir: str | os.PathLike[str], size: int = GRID) -> Path | None:
    """The cached thumbnail's path if it exists (no decoding)."""
    p = thumb_path(fingerprint, thumb_dir, size)
    return p if p.is_file() else None


def thumb_path(fingerprint: str, thumb_dir: str | os.PathLike[str], size: int = GRID) -> Path:
    if not fingerprint or not all(c in "0123456789abcdef" for c in fingerprint):
        raise ValueError("a thumbnail needs the photo's hex fingerprint")
    return Path(thumb_dir) / str(size) / fingerprint[:2] / f"{fingerprint}.jpg"


def _save(img: Image.Image, dest: Path, size: int) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".jpg", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            img.save(fh, "JPEG", quality=QUALITY.get(size, DEFAULT_QUALITY), optimize=False)
        os.replace(tmp, dest)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def make(src: str | os.PathLike[str], fingerprint: str, thumb_dir: str | os.PathLike[str],
         sizes: Iterable[int] = (GRID,)) -> dict[int, Path]:
    """Make the thumbnails of ``sizes`` that are not cached yet, from one decode. Returns size -> path."""
    wanted = sorted(set(sizes), reverse=True)
    out: dict[int, Path] = {}
    missing = []
    for s in wanted:
        p = thumb_path(fingerprint, thumb_dir, s)
        if p.is_file():
            out[s] = p
        else:
            missing.append(s)
    if not missing:
        return out
    from app.library.decode import open_image  # decoding is loaded when there is something to decode

    img = open_image(src, max_edge=missing[0])
    for s in missing:  # largest first; each smaller one is resized from the decoded image
        img = _fit(img, s)
        p = thumb_path(fingerprint, thumb_dir, s)
        _save(img, p, s)
        out[s] = p
    return out


def _fit(img: Image.Image, size: int) -> Image.Image:
    from PIL import Image  # noqa: PLC0415

    from app.library.decode import fit_size  # noqa: PLC0415

    if max(img.size) > size:
        return img.resize(fit_size(img.width, img.height, size), Image.Resampling.LANCZOS)
    return img


def store_decoded(img: Image.Image, fingerprint: str, thumb_dir: str | os.PathLike[str], size: int = GRID) -> Path:
    """Save a photo already decoded upright (``decode.open_image``, any size) as its thumbnail of
    ``size``: for a caller that decoded it larger for its own use, so the photo is decoded once, as
    ``make`` does for several sizes."""
    p = thumb_path(fingerprint, thumb_dir, size)
    _save(_fit(img, size), p, size)
    return p


def ensure(src: str | os.PathLike[str], fingerprint: str, thumb_dir: str | os.PathLike[str], size: int = GRID) -> Path:
    """The thumbnail of ``size`` for a photo, made now if it is not cached."""
    return make(src, fingerprint, thumb_dir, (size,))[size]


def thumbnail_bytes(src: str | os.PathLike[str], fingerprint: str, thumb_dir: str | os.PathLike[str],
                    size: int = GRID) -> bytes:
    """The JPEG bytes of the thumbnail (cached on disk as a side effect)."""
    return ensure(src, fingerprint, thumb_dir, size).read_bytes()


def render(src: str | os.PathLike[str], size: int = GRID) -> bytes:
    """Thumbnail JPEG bytes without touching the cache (for files not in the index)."""
    from app.library.decode import open_image

    buf = io.BytesIO()
    open_image(src, max_edge=size).save(buf, "JPEG", quality=QUALITY.get(size, DEFAULT_QUALITY))
    return buf.getvalue()


@dataclass
class ThumbSummary:
    made: int = 0
    cached: int = 0
    failed: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    cancelled: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"made": self.made, "cached": self.cached, "failed": self.failed, "errors": list(self.errors)}


def _make_task(task: tuple[str, str, str, tuple[int, ...]]) -> tuple[str, str | None]:
    from app.library.decode import DecodeError

    src, fp, thumb_dir, sizes = task
    try:
        make(src, fp, thumb_dir, sizes)
        return src, None
    except DecodeError as exc:
        return src, str(exc)
    except OSError as exc:  # cache dir not writable, disk full, ...
        return src, f"cannot write thumbnail: {exc.strerror or exc}"
    except Exception as exc:  # noqa: BLE001 - one bad photo must not stop the batch
        return src, f"cannot make thumbnail: {exc}"


def _make_chunk(tasks: list[tuple[str, str, str, tuple[int, ...]]]) -> list[tuple[str, str | None]]:
    return [_make_task(t) for t in tasks]


def make_missing(
    rows: Iterable[dict[str, Any]],
    thumb_dir: str | os.PathLike[str],
    *,
    sizes: Iterable[int] = (GRID,),
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    workers: int | None = None,
) -> ThumbSummary:
    """Make every missing thumbnail for ``rows`` (photo rows with ``path`` and ``fingerprint``)."""
    cancel = cancel or CancelToken()
    sizes = tuple(sorted(set(sizes)))
    summary = ThumbSummary()
    tasks = []
    for r in rows:
        fp = r.get("fingerprint")
        if not fp or r.get("state") in ("missing", "error"):
            continue
        if all(thumb_path(fp, thumb_dir, s).is_file() for s in sizes):
            summary.cached += 1
            continue
        tasks.append((fspath.from_row(r), fp, str(thumb_dir), sizes))
    total = len(tasks)
    progress(Progress("thumbnails", 0, total))
    done = 0
    for results in _run(tasks, workers, cancel):
        for src, err in results:
            if err is None:
                summary.made += 1
            else:
                summary.failed += 1
                summary.errors.append({"path": fspath.to_text(src), "error": err})
        done += len(results)
        progress(Progress("thumbnails", done, total, fspath.to_text(results[-1][0]) if results else ""))
    summary.cancelled = cancel.cancelled
    return summary


def _run(tasks: list, workers: int | None, cancel: CancelToken) -> Iterator[list[tuple[str, str | None]]]:
    from app.library.pool import run_chunks

    chunks = [tasks[i : i + CHUNK] for i in range(0, len(tasks), CHUNK)]
    yield from run_chunks(_make_chunk, chunks, workers=workers, cancel=cancel,
                          use_pool=len(tasks) >= POOL_THRESHOLD, what="thumbnail")
