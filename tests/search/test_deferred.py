"""A scan indexes each photo for search once, at the end of its batch, and the index, the trigram
index and the ranking lists' change log come out exactly as if every write had indexed at once:
after a first scan, a rescan of edited files, edits outside a scan, a failed batch and a purge."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from app.library import scanner
from app.search import deferred, ranking, schema
from app.store import captions as captions_store
from app.store import db as dbmod
from app.store import photos as photos_store
from tests.search.helpers import ids


XMP = ('<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
       '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
       'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt><rdf:li xml:lang="x-default">{}'
       '</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')


def _jpeg(path: Path, description: str | None = None, color=(90, 120, 30)) -> Path:
    """A small JPEG, its description in XMP (Unicode, as cameras and apps write it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    xmp = XMP.format(description).encode("utf-8") if description is not None else b""
    Image.new("RGB", (32, 24), color).save(path, "JPEG", xmp=xmp)
    return path


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    """Photos with a file caption (some in Japanese: the trigram index), without one, and in
    folders whose names are place and event words (the photo_grounding rows and their triggers)."""
    root = tmp_path / "photos"
    for i in range(12):
        folder = root / ("2019 Paris trip" if i % 3 == 0 else "2020-07 Wedding of Anna" if i % 3 == 1 else "misc")
        text = (f"walnut tree number {i} by the river" if i % 4 == 0 else f"東京の夜景 {i}" if i % 4 == 1
                else None)
        _jpeg(folder / f"p{i:02d}.jpg", text, color=(10 * i, 200 - 10 * i, 40))
    return root


@pytest.fixture
def library(tmp_path: Path):
    d = dbmod.connect(tmp_path / "library.db")
    yield d
    d.conn.close()


def _count_index_writes(db) -> None:
    """Every row written into the word index, by photo (a temporary trigger beside the app's)."""
    db.execute("CREATE TEMP TABLE fts_writes(photo_id INTEGER)")
    db.execute("CREATE TEMP TRIGGER fts_writes_ai AFTER INSERT ON main.photos_fts_content BEGIN "
               "INSERT INTO fts_writes VALUES (new.id); END")
    db.conn.commit()


def _writes(db) -> Counter:
    return Counter(r[0] for r in db.execute("SELECT photo_id FROM temp.fts_writes"))


def _snapshot(db) -> tuple[list, list]:
    return (db.execute("SELECT rowid, * FROM photos_fts ORDER BY rowid").fetchall(),
            db.execute("SELECT rowid, * FROM photos_fts_cjk ORDER BY rowid").fetchall())


def _as_rebuilt(db) -> None:
    """The index holds exactly what a rebuild from ``photos`` puts there: nobody missing, nobody
    twice, nothing stale (the rebuild runs in a transaction that is rolled back)."""
    live = _snapshot(db)
    assert len({r[0] for r in live[0]}) == len(live[0])  # no photo twice
    db.conn.commit()
    db.conn.execute("BEGIN")
    try:
        schema.rebuild(db, commit=False)
        fresh = _snapshot(db)
    finally:
        db.conn.rollback()
    assert live == fresh
    assert db.execute("SELECT count(*) FROM search_defer").fetchone()[0] == 0  # never left on
    assert db.execute("SELECT count(*) FROM search_pending").fetchone()[0] == 0


def test_a_first_scan_indexes_each_photo_once_and_logs_it_once_for_the_ranking(library, lib: Path) -> None:
    _count_index_writes(library)
    s = scanner.index_folders(library, [str(lib)])
    assert s.added == 12 and not s.errors
    photo_ids = {r[0] for r in library.execute("SELECT id FROM photos")}
    assert library.execute("SELECT count(*) FROM photo_grounding WHERE search_text != ''").fetchone()[0] >= 8
    assert library.execute("SELECT count(*) FROM photos WHERE caption_source = 'file'").fetchone()[0] == 6
    writes = _writes(library)
    assert set(writes) == photo_ids and set(writes.values()) == {1}, writes  # once each (it was up to 3)
    _as_rebuilt(library)
    assert library.execute("SELECT count(*) FROM photos_fts_cjk").fetchone()[0] == 3
    dirty = dict(library.execute("SELECT photo_id, old FROM search_rank_dirty").fetchall())
    assert set(dirty) == photo_ids and set(dirty.values()) == {None}  # new rows: nothing to take back
    walnut = sorted(r[0] for r in library.execute("SELECT id FROM photos WHERE caption LIKE 'walnut%'"))
    assert sorted(ids(library, "walnut")) == walnut and len(walnut) == 3
    assert len(ids(library, "東京")) == 3
    assert len(ids(library, "wedding anna")) == 4 and len(ids(library, "paris")) == 4
    assert ranking.maintain(library) == "updated"  # the log adds up: folded in, not rebuilt


def test_a_rescan_and_edits_keep_the_index_and_its_change_log_right(library, lib: Path) -> None:
    scanner.index_folders(library, [str(lib)])
    assert ranking.maintain(library) == "updated"
    p = lib / "misc" / "p02.jpg"
    pid = photos_store.get_by_path(library, str(p))["id"]
    _jpeg(p, "an elm by the lake", color=(20, 180, 40))  # the same picture, a caption added elsewhere
    os.utime(p, ns=(1, 10**18))
    moved = lib / "2019 Paris trip" / "p03.jpg"
    os.rename(lib / "misc" / "p05.jpg", moved)  # a move: new folder words for a known record
    _count_index_writes(library)
    s = scanner.rescan(library)
    assert (s.changed, s.moved, s.added) == (1, 1, 0), s.to_dict()
    assert set(_writes(library).values()) == {1}
    _as_rebuilt(library)
    assert ids(library, "elm") == [pid]
    old = json.loads(library.execute("SELECT old FROM search_rank_dirty WHERE photo_id = ?", [pid]).fetchone()[0])
    assert "elm" not in " ".join(map(str, old))  # the row as it was before the scan: its words can be taken back
    assert ranking.maintain(library) == "updated"
    # Edits outside a scan index at once, as before.
    captions_store.add_version(library, pid, text="a birch in the snow", source="human", state="approved")
    assert ids(library, "birch") == [pid]
    assert library.execute("SELECT caption FROM photos_fts WHERE rowid = ?", [pid]).fetchone()[0] == "a birch in the snow"
    _as_rebuilt(library)
    assert ranking.maintain(library) == "updated"
    (lib / "misc" / "p02.jpg").unlink()
    scanner.rescan(library)
    scanner.purge_missing(library)
    assert ids(library, "birch") == []
    _as_rebuilt(library)


def test_a_failed_batch_leaves_neither_the_switch_nor_half_an_index(library, lib: Path) -> None:
    scanner.index_folders(library, [str(lib)])
    before = _snapshot(library)
    with pytest.raises(RuntimeError), library.conn, deferred.deferred(library):
        library.execute("UPDATE photos SET caption = 'mahogany' WHERE filename = 'p00.jpg'")
        raise RuntimeError("a bad row")
    assert _snapshot(library) == before and ids(library, "mahogany") == []
    assert library.execute("SELECT count(*) FROM search_defer").fetchone()[0] == 0
    # A caller that commits although its block failed still gets a right index.
    try:
        with deferred.deferred(library):
            library.conn.execute("UPDATE photos SET caption = 'teak' WHERE filename = 'p00.jpg'")
            raise RuntimeError("ignored by its caller")
    except RuntimeError:
        library.conn.commit()
    assert len(ids(library, "teak")) == 1
    _as_rebuilt(library)


def test_notes_committed_by_mistake_are_indexed_when_a_writer_opens_the_library(tmp_path: Path, lib: Path) -> None:
    path = tmp_path / "lib.db"
    db = dbmod.connect(path)
    scanner.index_folders(db, [str(lib)])
    db.execute("INSERT INTO search_defer(id) VALUES (1)")
    db.execute("UPDATE photos SET caption = 'sycamore' WHERE filename = 'p01.jpg'")
    db.conn.commit()
    assert ids(db, "sycamore") == []  # noted, not indexed
    db.conn.close()
    db = dbmod.connect(path)
    assert len(ids(db, "sycamore")) == 1
    _as_rebuilt(db)
    db.conn.close()
