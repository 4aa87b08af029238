"""A scan never waits for the place data: GPS fixes met before it has loaded are resolved at the
scan's end, by the next scan when one stopped before its end, and on the fly for a caption."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from app.facts import geocoder
from app.library import grounding, scanner
from app.library.scan_store import apply_batch
from app.store import photos as photos_store
from tests.library.gps_photos import jpeg_with_gps


@pytest.fixture
def gps_lib(tmp_path: Path) -> Path:
    root = tmp_path / "photos"
    jpeg_with_gps(root / "trip" / "p1.jpg")
    Image.new("RGB", (64, 48), (200, 30, 30)).save(root / "trip" / "p2.jpg", "JPEG")
    return root


def _place(db, name: str) -> tuple:
    return db.execute("SELECT g.geo_lat IS NOT NULL, g.country_code, g.city FROM photos p "
                      "LEFT JOIN photo_grounding g ON g.photo_id = p.id WHERE p.filename = ?", [name]).fetchone()


def _pending(db) -> bool:
    return db.execute("SELECT 1 FROM settings WHERE key = ?", [grounding.PENDING_KEY]).fetchone() is not None


def _found_by_place_words(db, word: str) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT p.filename FROM photos_fts f JOIN photos p ON p.id = f.rowid WHERE photos_fts MATCH ?", [word])]


def test_a_scan_does_not_wait_for_the_place_data_and_resolves_it_at_its_end(db, gps_lib: Path, monkeypatch) -> None:
    monkeypatch.setattr(geocoder, "ready", lambda: False)  # still loading, for as long as the batches run
    seen_after_batches: list[tuple] = []
    real_apply = scanner.apply_batch

    def apply(db_, batch, **kw):
        out = real_apply(db_, batch, **kw)
        seen_after_batches.append((_place(db_, "p1.jpg"), _pending(db_)))
        return out

    monkeypatch.setattr(scanner, "apply_batch", apply)
    summary = scanner.index_folders(db, [str(gps_lib)])
    assert summary.added == 2 and not summary.errors
    first_place, noted = seen_after_batches[0]
    assert first_place[0] == 0 and noted  # written without its place, and noted for the end
    assert _place(db, "p1.jpg") == (1, "FR", "Paris")  # the scan's end resolved it
    assert not _pending(db)
    assert _found_by_place_words(db, "paris") == ["p1.jpg"]  # and its words are in the search index
    assert _place(db, "p2.jpg")[0] in (None, 0)  # a photo without a fix never waited for anything


def test_a_scan_stopped_before_its_end_leaves_its_places_to_the_caption_and_the_next_scan(
        db, gps_lib: Path, monkeypatch) -> None:
    with monkeypatch.context() as m:
        m.setattr(geocoder, "ready", lambda: False)
        roots = [(photos_store.add_root(db, str(gps_lib)), str(gps_lib))]
        summary = scanner.ScanSummary()
        for batch in scanner.plan_scan(scanner.load_known(db), roots, summary, workers=1):
            apply_batch(db, batch)  # ... and the scan never reaches finish_places (closed, killed)
    assert _place(db, "p1.jpg")[0] == 0 and _pending(db)
    photo = photos_store.get(db, db.execute("SELECT id FROM photos WHERE filename = 'p1.jpg'").fetchone()[0])
    facts = grounding.load(db, photo)  # a caption meanwhile is told where the photo is
    assert (facts.city, facts.country_code) == ("Paris", "FR")
    again = scanner.rescan(db)  # nothing changed on disk: the next scan still finishes the places
    assert again.unchanged == 2
    assert _place(db, "p1.jpg") == (1, "FR", "Paris") and not _pending(db)
