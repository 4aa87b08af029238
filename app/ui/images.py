"""Picture decoding for the window, on worker threads only (the main thread never decodes)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QImage


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
        return decode_preview(str(row["path"]), size)
    except Exception:  # noqa: BLE001 - unreadable: the grid keeps its placeholder
        return None
