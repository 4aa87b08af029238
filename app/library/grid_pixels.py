"""The pixels of a grid thumbnail, for the window's worker processes (no Qt: cheap to import there)."""

from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)


def lower_priority() -> None:
    """Worker initializer: thumbnails are background work; painting the window must not wait for them.
    Like every pool worker, it also dies with the app (``children.worker_initializer``), and keeps one
    malloc arena (it decodes on one thread; more arenas only keep more freed memory)."""
    from app.core.children import worker_initializer  # noqa: PLC0415
    from app.core.heap import limit_arenas, map_big_blocks  # noqa: PLC0415

    worker_initializer()
    limit_arenas(1)
    map_big_blocks()  # a decoded original goes back to the system when freed
    try:
        os.nice(10)
    except (AttributeError, OSError):  # no nice() on this platform
        pass


def thumb_pixels(path: str, fingerprint: str, thumb_dir: str, size: int) -> tuple[int, int, bytes] | None:
    """Worker process: the upright thumbnail (from the disk cache, made from the original if missing)
    as ``(width, height, RGB bytes)``; None when the photo cannot be read."""
    from PIL import Image  # noqa: PLC0415

    from app.core.heap import trim  # noqa: PLC0415
    from app.library import thumbs  # noqa: PLC0415

    decoded = False
    try:
        decoded = thumbs.cached_path(fingerprint, thumb_dir, thumbs.GRID) is None
        p = thumbs.ensure(path, fingerprint, thumb_dir, thumbs.GRID)
        with Image.open(p) as im:
            im.draft("RGB", (size, size))
            img = im.convert("RGB")
        if max(img.size) > size:
            img.thumbnail((size, size), Image.Resampling.LANCZOS)
        return img.width, img.height, img.tobytes()
    except Exception as exc:  # noqa: BLE001 - unreadable: the grid keeps its placeholder
        log.debug("thumbnail %s: %s", path, exc)
        return None
    finally:
        if decoded:  # the original was decoded (up to hundreds of MB): give the freed heap back
            trim()
