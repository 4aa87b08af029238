"""The intake's model images never hold the hashing thread for photos the feeder will not send."""

from __future__ import annotations

import threading
import time

from app.captioning.early_images import EarlyImages


def _room_in_background(early: EarlyImages) -> threading.Event:
    got = threading.Event()

    def wait() -> None:
        if early.room():
            got.set()

    threading.Thread(target=wait, daemon=True).start()
    return got


def _full(size: int = 3) -> EarlyImages:
    early = EarlyImages(max_edge=512, size=size, stale_after=3600)
    for pid in range(1, size + 1):
        early.put(pid, f"fp{pid}", b"jpeg")
    return early


def test_a_full_store_waits_until_the_feeder_takes_one() -> None:
    early = _full()
    got = _room_in_background(early)
    assert not got.wait(0.3)  # keeps pace with the GPU: no new decode while three wait
    assert early.take(2, "fp2") == b"jpeg"  # 1 was passed over: dropped with it
    assert got.wait(5)


def test_a_feeder_without_jobs_frees_the_room() -> None:
    """Images of photos another run claimed (or that went another way) are never taken: the hashing
    thread, and with it the rest of the selection, waited for them (a whole run stood still)."""
    early = _full()
    got = _room_in_background(early)
    assert not got.wait(0.3)
    early.starving()
    assert got.wait(5)
    assert early.take(1, "fp1") is None


def test_photos_placed_as_followers_give_their_room_back() -> None:
    early = _full()
    got = _room_in_background(early)
    early.discard({2, 7})
    assert got.wait(5)
    assert early.take(2, "fp2") is None and early.take(3, "fp3") == b"jpeg"


def test_an_image_of_a_changed_file_is_not_used() -> None:
    early = EarlyImages(max_edge=512)
    early.put(5, "old", b"jpeg")
    time.sleep(0.01)
    assert early.take(5, "new") is None
