"""Imported by the thumbnail workers' fork server (``app.ui.thumb_worker``), never by the window.

Pillow loads its format plugins (and their codec libraries: libavif, libwebp, ...) at the first
``Image.open`` of a process. In the fork server they are loaded once, and every worker it forks
shares them; otherwise each new worker paid ~70 ms at its first photo (a worker starts again after
an idle stop, and is replaced by a fresh one before a large photo once it has loaded FFmpeg).
"""

from __future__ import annotations

from PIL import Image

Image.init()
