"""Picture decoding for the window, on worker threads only (the main thread never decodes)."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtGui import QImage

from app.core.fspath import from_row


def pil_to_qimage(img: Any) -> QImage:
    """A deep-copied ``QImage`` from a PIL image (safe to hand to another thread)."""
    rgba = img.convert("RGBA")
    data = rgba.tobytes("raw", "RGBA")
    image = QImage(data, rgba.width, rgba.height, rgba.width * 4, QImage.Format.Format_RGBA8888)
    return image.copy()


def decode_preview(path: str, max_edge: int) -> QImage:
    """Decode a photo upright at up to ``max_edge`` pixels with the library's decoder.

    Raises the decoder's error (one line) for unreadable files; the caller shows it beside the photo.
    """
    from app.library.decode import open_image  # noqa: PLC0415 - heavy imports stay off startup

    return pil_to_qimage(open_image(path, max_edge=max_edge))


def library_thumb(row: dict[str, Any], size: int) -> QImage | None:
    """Grid thumbnail through the library decoder (HEIC, RAW previews, orientation) — worker only."""
    try:
        return decode_preview(from_row(row), size)
    except Exception:  # noqa: BLE001 - unreadable: the grid keeps its placeholder
        return None


def cached_thumbs(thumb_dir: str) -> Callable[[dict[str, Any], int], QImage | None]:
    """Thumbnails from the library's disk cache (made and cached on first use) — worker only."""

    def decode(row: dict[str, Any], size: int) -> QImage | None:
        fp = row.get("fingerprint")
        if not fp:
            return library_thumb(row, size)
        from app.library import thumbs  # noqa: PLC0415

        try:
            data = thumbs.thumbnail_bytes(from_row(row), fp, thumb_dir, thumbs.GRID)
        except Exception:  # noqa: BLE001 - unreadable: placeholder
            return None
        image = QImage.fromData(data)
        return None if image.isNull() else image

    return decode


def process_thumbs(thumb_dir: str) -> Callable[[dict[str, Any], int], QImage | None]:
    """Grid thumbnails made in worker processes (``app.ui.thumb_worker``), falling back to this
    process's threads (``cached_thumbs``) if the workers cannot run."""
    from app.ui.thumb_worker import ProcessThumbs  # noqa: PLC0415

    return ProcessThumbs(thumb_dir, cached_thumbs(thumb_dir))
