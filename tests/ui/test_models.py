"""The grid and sidebar models pass Qt's model tester, page rows lazily, and never block."""

from __future__ import annotations

import concurrent.futures

import pytest

from app.store import db as dbmod
from app.ui import queries
from app.ui.models.photo_model import CAPTION_ROLE, ID_ROLE, STATE_ROLE, PhotoListModel
from app.ui.models.sidebar_model import KEY_ROLE, SidebarModel, folder_tree

pytestmark = pytest.mark.gui


@pytest.fixture
def reader(tmp_path):
    path = tmp_path / "lib.db"
    db = dbmod.connect(path)
    db.execute("INSERT INTO roots(path, added_at) VALUES ('/p', 'x')")
    for i in range(1000):
        db.execute("INSERT INTO photos(path, root_id, folder, filename, state, caption, caption_state) VALUES (?,?,?,?,?,?,?)",
                   [f"/p/{'a' if i % 2 else 'b/c'}/{i:05d}.jpg", 1, "/p/a" if i % 2 else "/p/b/c", f"{i:05d}.jpg", "ok",
                    f"caption {i}\nsecond line" if i % 3 == 0 else None, "draft" if i % 3 == 0 else "none"])
    db.conn.commit()
    db.conn.close()
    pool = concurrent.futures.ThreadPoolExecutor(1)
    ro = {}

    def read(fn, *args):
        def job():
            if "db" not in ro:
                ro["db"] = dbmod.connect(path, readonly=True)
            return fn(ro["db"], *args)
        return pool.submit(job)

    yield read
    pool.shutdown(wait=True)


def test_photo_model_passes_modeltester_and_pages(qtmodeltester, qtbot, reader):
    model = PhotoListModel(reader)
    ids = reader(queries.photo_ids, "all", None).result()
    model.set_ids(ids)
    assert model.rowCount() == 1000
    # nothing cached yet: data() answers at once with None, and asks for the page
    assert model.data(model.index(450), CAPTION_ROLE) is None
    assert model.data(model.index(450), ID_ROLE) == ids[450]
    qtbot.waitUntil(lambda: model.cached_row(ids[450]) is not None, timeout=5000)
    # only the page around row 450 was fetched, not the whole list
    assert model.cached_row(ids[0]) is None
    assert sum(1 for i in ids if model.cached_row(i) is not None) == PhotoListModel.PAGE
    qtmodeltester.check(model, force_py=True)
    row = model.cached_row(ids[450])
    assert model.data(model.index(450), STATE_ROLE) == (row["caption_state"] or "none")


def test_smart_lists_filter_and_first_line(qtbot, reader):
    model = PhotoListModel(reader)
    model.set_ids(reader(queries.photo_ids, "review", None).result())
    assert model.rowCount() == 334
    model.data(model.index(0), CAPTION_ROLE)
    qtbot.waitUntil(lambda: model.data(model.index(0), CAPTION_ROLE) is not None, timeout=5000)
    assert "\n" not in model.data(model.index(0), CAPTION_ROLE)
    assert model.data(model.index(0), CAPTION_ROLE).startswith("caption ")
    under_b = reader(queries.photo_ids, "all", "/p/b").result()
    assert len(under_b) == 500


def test_live_override_then_refresh(qtbot, reader):
    model = PhotoListModel(reader)
    ids = reader(queries.photo_ids, "all", None).result()
    model.set_ids(ids)
    model.data(model.index(0), CAPTION_ROLE)
    qtbot.waitUntil(lambda: model.cached_row(ids[0]) is not None, timeout=5000)
    with qtbot.waitSignal(model.dataChanged, timeout=2000):
        model.set_override(ids[0], caption="streaming words", caption_state="running")
    assert model.data(model.index(0), CAPTION_ROLE) == "streaming words"
    with qtbot.waitSignal(model.dataChanged, timeout=5000):
        model.refresh([ids[0]])
    assert model.data(model.index(0), CAPTION_ROLE) != "streaming words"


def test_sidebar_model_counts_and_tree(qtmodeltester, reader):
    model = SidebarModel()
    smart = reader(queries.smart_counts).result()
    model.set_counts(smart, ["/p"], reader(queries.folder_counts).result())
    qtmodeltester.check(model, force_py=True)
    assert smart["all"] == 1000 and smart["review"] == 334 and smart["uncaptioned"] == 666
    root = model.item(1).child(0)
    assert root.data(KEY_ROLE) == ("folder", "/p") and "1,000" in root.text()
    tree = folder_tree(["/p"], {"/p/a": 500, "/p/b/c": 500})
    assert tree["/p"]["children"]["b"]["count"] == 500
    assert tree["/p"]["children"]["b"]["children"]["c"]["path"] == "/p/b/c"
