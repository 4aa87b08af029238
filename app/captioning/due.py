"""Which photos still need a caption: the one rule behind ``caption --all-missing``, a group's
followers and the re-check when photos are queued.

A photo needs a caption when it has none, its last one failed, or its only text is camera
boilerplate. The rule is applied twice for ``--all-missing``: when the photos are picked, and again
inside the transaction that queues them, because another run may have captioned some in between
(a pick is only a snapshot).
"""

from __future__ import annotations

from typing import Any

from app.library.boilerplate import is_boilerplate


def needs_caption(photo: dict[str, Any]) -> bool:
    """No caption worth keeping yet (``photo`` is a ``photos`` row)."""
    state = photo.get("caption_state") or "none"
    if state in ("none", "failed"):
        return True
    return photo.get("caption_source") == "file" and is_boilerplate(
        photo.get("caption"), photo.get("camera_make"), photo.get("camera_model"))
