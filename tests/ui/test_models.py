"""The grid and sidebar models pass Qt's model tester, page rows lazily, and never block."""

from __future__ import annotations

import concurrent.futures

import pytest

from app.store import db as dbmod
from app.ui import queries
from app.ui.models.photo_model import CAPTION_ROLE, ID_ROLE, STATE_ROLE, PhotoListModel
from app.ui.models.sidebar_model import COUNT_ROLE, KEY_ROLE, SidebarModel, folder_tree
from app.ui.queries import SMART_LISTS

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


def test_a_read_that_finishes_late_never_shows_a_photo_as_it_was_before(qtbot, tmp_path, reader):
    """Reads run on a pool and may finish in any order. A page read asked before a write but finished
    after the refresh that followed it showed the photo as it was before the write, for good (a
    photo written into its file stayed "approved" in the grid)."""
    gate = __import__("threading").Event()
    held: list = []

    def slow_first_page(fn, *args):  # the real read, but the first one waits for the gate
        if not held:
            held.append(1)
            pool = concurrent.futures.ThreadPoolExecutor(1)

            def late():
                gate.wait(5)
                return reader(fn, *args).result()  # reads the database only now: the stale state is staged below
            return pool.submit(late)
        return reader(fn, *args)

    model = PhotoListModel(slow_first_page)
    ids = reader(queries.photo_ids, "all", None).result()
    model.set_ids(ids)
    model.data(model.index(0), CAPTION_ROLE)  # the page read, held back
    db = dbmod.connect(tmp_path / "lib.db")
    db.execute("UPDATE photos SET caption = 'written into the file' WHERE id = ?", [ids[0]])
    db.conn.commit()
    with qtbot.waitSignal(model.dataChanged, timeout=5000):
        model.refresh([ids[0]])  # asked after the write: sees it
    assert model.data(model.index(0), CAPTION_ROLE) == "written into the file"
    db.execute("UPDATE photos SET caption = 'as it was before' WHERE id = ?", [ids[0]])
    db.conn.commit()  # what the held read will find (standing in for the state it read before the write)
    db.conn.close()
    with qtbot.waitSignal(model.dataChanged, timeout=5000):
        gate.set()
    assert model.data(model.index(0), CAPTION_ROLE) == "written into the file"
    assert model.cached_row(ids[PhotoListModel.PAGE - 1]) is not None  # the rest of that page is taken


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


def test_sidebar_counts_again_leave_unchanged_rows_alone(qtbot) -> None:
    """The counts are read again after every caption change: the folder rows are made anew only
    when the folders or their counts changed (a rebuild lays the whole sidebar out again and folds
    it), and a smart list whose count did not move is not touched."""
    model = SidebarModel()
    folders = {"/p/a": 3, "/p/b": 2}
    assert model.set_counts({"all": 5, "review": 1}, ["/p"], folders) is True
    root = model.item(1).child(0)
    review = model.item(0).child(list(SMART_LISTS).index("review"))
    changed: list[int] = []
    model.dataChanged.connect(lambda a, b, roles=(): changed.append(a.row()))
    assert model.set_counts({"all": 5, "review": 2}, ["/p"], dict(folders)) is False  # one more to review
    assert model.item(1).child(0) is root  # the same folder rows
    assert "2" in review.text() and review.data(COUNT_ROLE) == 2
    assert set(changed) == {review.row()}  # only the list whose count moved
    assert model.set_counts({"all": 6, "review": 2}, ["/p"], {"/p/a": 4, "/p/b": 2}) is True  # a new photo in a
    assert "4" in model.item(1).child(0).child(0).text()
