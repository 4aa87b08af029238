"""The read-only way into a library (``app.store.reader``): a search through it answers exactly as
through the writer's connection, and it declines whenever the writer has work to do first."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.search import ranking
from app.services.search import SearchService
from app.store import captions, reader
from app.store import db as dbmod
from app.store.migrations import migrations
from tests.search.helpers import add_photo

QUERIES = ["dog", "red car", '"parked at night"', "-night state:draft", "cafe", "year:2019", "holidays", "dog OR car"]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    path = tmp_path / "library.db"
    db = dbmod.connect(path)
    beach = add_photo(db, "/pics/Holidays/IMG_0001.jpg", None, taken_at="2019-07-02T10:00:00")
    car = add_photo(db, "/pics/Street/red_car.jpg", None)
    add_photo(db, "/pics/Food/menu.jpg", None, file_description="Le menu du café")
    captions.add_version(db, beach, text="A dog running on a beach", source="model", state="draft",
                         keywords=["dog", "beach"], model="llava:7b")
    captions.add_version(db, car, text="A red car parked at night, a dog in it", source="model", state="approved")
    ranking.maintain(db)
    db.conn.close()
    return path


def test_a_search_through_the_reader_answers_as_through_the_writer(library: Path) -> None:
    writer = dbmod.connect(library)
    ro = reader.open_reader(library)
    assert ro is not None
    try:
        for q in QUERIES:
            want = [r.to_public() for r in SearchService(writer, embedder=None).search(q, mode="words").results]
            got = [r.to_public() for r in SearchService(ro, embedder=None).search(q, mode="words").results]
            assert got == want, q
        assert any(SearchService(ro, embedder=None).search(q).results for q in QUERIES)
        sql = "SELECT id, path, caption_keywords FROM photos ORDER BY id"
        assert list(ro.query(sql)) == list(writer.query(sql))  # rows as dictionaries, like sqlite-utils
        with pytest.raises(dbmod.OperationalError):  # it cannot write by mistake
            ro.execute("UPDATE photos SET caption = 'x'")
    finally:
        ro.close()
        writer.conn.close()


def test_it_declines_a_missing_library(tmp_path: Path) -> None:
    assert reader.open_reader(tmp_path / "none.db") is None
    assert not (tmp_path / "none.db").exists()  # and creates nothing


def test_it_declines_a_library_the_writer_has_not_migrated_yet(library: Path) -> None:
    db = dbmod.connect(library)
    db.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [reader.LATEST_MIGRATION])
    db.conn.commit()
    db.conn.close()
    assert reader.open_reader(library) is None


def test_it_declines_when_many_changes_wait_for_the_ranking_lists(library: Path) -> None:
    db = dbmod.connect(library)
    for i in range(reader.FOLD_AT - 1):
        add_photo(db, f"/pics/more/{i}.jpg", f"a photo number {i}")
    db.conn.close()
    few = reader.open_reader(library)
    assert few is not None  # a few: the search merges them itself
    few.close()
    db = dbmod.connect(library)
    add_photo(db, "/pics/more/last.jpg", "one more")
    db.conn.close()
    assert reader.open_reader(library) is None  # enough: the writer folds them in first


def test_the_constants_follow_the_writer() -> None:
    assert reader.LATEST_MIGRATION == migrations._migrations[-1].name
    assert reader.MIGRATION_SET == migrations.name
    assert reader.FOLD_AT == ranking.MAINTAIN_AT
