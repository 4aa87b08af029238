"""The pixels of a grid thumbnail, for the window's worker processes (no Qt: cheap to import there)."""

from __future__ import annotations

import logging
from contextlib import nullcontext

log = logging.getLogger(__name__)


def lower_priority() -> None:
    """Worker initializer: thumbnails are background work; painting the window must not wait for them.
    Like every pool worker, it also dies with the app (``children.worker_initializer``), and keeps one
    malloc arena (it decodes on one thread; more arenas only keep more freed memory)."""
    from app.core.children import worker_initializer  # noqa: PLC0415
    from app.core.heap import limit_arenas, map_big_blocks  # noqa: PLC0415
    from app.core.priority import lower_this_thread  # noqa: PLC0415

    worker_initializer()
    limit_arenas(1)
    map_big_blocks()  # a decoded original goes back to the system when freed
    lower_this_thread()  # the thread that decodes: background work, like the window's own workers


#: What ``thumb_pixels`` returns when the photo needs more than its budget: send it to a worker without one.
OVER_BUDGET = "over budget"


def thumb_pixels(path: str, fingerprint: str, thumb_dir: str, size: int,
                 budget: int | None = None) -> tuple[int, int, bytes] | str | None:
    """Worker process: the upright thumbnail (from the disk cache, made from the original if missing)
    as ``(width, height, RGB bytes)``; None when the photo cannot be read. With ``budget`` (bytes), a
    photo whose decoding needs more, or needs FFmpeg, LibRaw or numpy, is not decoded: ``OVER_BUDGET``."""
    from PIL import Image  # noqa: PLC0415

    from app.core.heap import trim  # noqa: PLC0415
    from app.library import decode_budget, thumbs  # noqa: PLC0415

    decoded = False
    try:
        decoded = thumbs.cached_path(fingerprint, thumb_dir, thumbs.GRID) is None
        with decode_budget.limited(budget) if budget is not None else nullcontext():
            p = thumbs.ensure(path, fingerprint, thumb_dir, thumbs.GRID)
        with Image.open(p) as im:
            im.draft("RGB", (size, size))
            img = im.convert("RGB")
        if max(img.size) > size:
            img.thumbnail((size, size), Image.Resampling.LANCZOS)
        return img.width, img.height, img.tobytes()
    except decode_budget.OverBudget as exc:
        log.debug("thumbnail %s left to the other worker: %s", path, exc)
        return OVER_BUDGET
    except Exception as exc:  # noqa: BLE001 - unreadable: the grid keeps its placeholder
        log.debug("thumbnail %s: %s", path, exc)
        return None
    finally:
        if decoded:  # the original was decoded (up to hundreds of MB): give the freed heap back
            trim()
