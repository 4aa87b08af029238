"""One decode for a photo's thumbnail and its model image: the intake hands the image to the feeder.

Why: a photo the run captions was decoded twice, once by the intake for its grid thumbnail (the
signature that finds bursts and copies) and once by the feeder for the model: the JPEG's entropy
decoding, most of the CPU a photo costs, paid twice. A photo with no time neighbour is queued as soon
as its own signature is known, so the intake's hashing thread decodes it at the model's size, saves
the thumbnail from that image and keeps the request's JPEG here; the feeder takes it instead of
decoding the file again (and the first request goes out one decode earlier).

At most ``size`` images wait: the hashing thread waits for room (``room``) before making another, so
it keeps pace with the GPU instead of taking CPU from the photo about to be sent, and memory stays
bounded. An image the feeder passes over (its photo was captioned meanwhile, or claimed out of order)
is dropped when a later one is taken, or after ``stale_after`` seconds.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from app.captioning import prep
from app.core.fspath import from_row as fs_path
from app.core.progress import CancelToken
from app.library.phash import Signature

SIZE = 3  # images ready ahead of the feeder (with ``RunConfig.prefetch`` 2 prepared: ~5 photos)
STALE_AFTER = 120.0  # seconds an image nobody took is kept while the intake waits for room


class EarlyImages:
    """Model images made by the intake, by photo id (thread-safe)."""

    def __init__(self, max_edge: int, size: int = SIZE, stale_after: float = STALE_AFTER) -> None:
        self.max_edge = max_edge
        self.size = max(1, size)
        self.stale_after = stale_after
        self._items: OrderedDict[int, tuple[str, bytes, float]] = OrderedDict()  # id -> (fingerprint, jpeg, at)
        self._cond = threading.Condition()
        self._closed = False
        self.made = 0
        self.taken = 0

    def room(self, cancel: CancelToken | None = None) -> bool:
        """Wait until another image may be made (False: the run is over or ``cancel`` is set: hash only)."""
        with self._cond:
            while not self._closed and not (cancel is not None and cancel.cancelled):
                if len(self._items) < self.size:
                    return True
                oldest = next(iter(self._items.values()))[2]
                if time.monotonic() - oldest > self.stale_after:
                    self._items.popitem(last=False)
                    continue
                self._cond.wait(0.1)
            return False

    def put(self, photo_id: int, fingerprint: str, data: bytes) -> None:
        with self._cond:
            if not self._closed:
                self._items[photo_id] = (fingerprint, data, time.monotonic())
                self.made += 1

    def take(self, photo_id: int, fingerprint: str | None) -> bytes | None:
        """The image made for this photo (its file unchanged since), else None; images made before it
        and not taken are dropped (their photos went another way)."""
        with self._cond:
            item = self._items.get(photo_id)
            if item is None:
                return None
            while True:
                pid, _ = self._items.popitem(last=False)
                if pid == photo_id:
                    break
            self._cond.notify_all()
            if item[0] != fingerprint:
                return None
            self.taken += 1
            return item[1]

    def discard(self, photo_ids: set[int]) -> None:
        """These photos will not be sent (placed as followers, covered, captioned meanwhile): their
        images would only hold the hashing thread's room."""
        with self._cond:
            for pid in photo_ids & set(self._items):
                del self._items[pid]
            self._cond.notify_all()

    def starving(self) -> None:
        """The feeder found no job to claim: no image kept now can be for a photo it will send soon
        (queued photos are claimed first), so they all go and the hashing thread goes on. Without
        this, three images of photos another run claimed held the hashing thread, and with it the
        rest of the selection, for ``stale_after``."""
        with self._cond:
            if self._items:
                self._items.clear()
                self._cond.notify_all()

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """The run is over: nothing more is made or kept."""
        with self._cond:
            self._closed = True
            self._items.clear()
            self._cond.notify_all()


def thumbnail_and_image(row: dict[str, Any], thumb_dir: str, max_edge: int) -> tuple[Signature, bytes | None]:
    """Decode the photo once at the model's size: its grid thumbnail saved (and its signature) and the
    request's JPEG (None when the photo is too small to describe: the feeder says why). Raises what
    decoding raises (the caller falls back to the usual thumbnail)."""
    from app.captioning.errors import UnreadablePhoto  # noqa: PLC0415
    from app.library import phash, thumbs  # noqa: PLC0415
    from app.library.decode import open_image  # noqa: PLC0415

    img = open_image(fs_path(row), max_edge=max_edge)
    path = thumbs.store_decoded(img, row["fingerprint"], thumb_dir)
    try:
        data: bytes | None = prep.encode(img)
    except UnreadablePhoto:
        data = None
    return phash.signature(phash.open_thumbnail(str(path))), data
