"""A burst stacked into one tile with a count badge: X expands and collapses it, approving
the tile approves every member and writes each file (real exiftool)."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.store import db as dbmod
from tests.ui.helpers import run, until

pytestmark = [pytest.mark.gui, pytest.mark.exiftool]


def test_stack_keeps_order_and_picks_the_best_frame() -> None:
    from app.ui.group_ops import stack

    rows = {2: (7, None, 1.0), 3: (7, None, 5.0), 5: (8, 6, 0.0), 6: (8, 6, 0.0), 9: (7, None, 2.0)}
    ids, tiles = stack([1, 2, 3, 4, 5, 6, 9], rows, set())
    assert ids == [1, 3, 4, 6] and tiles == {3: [2, 3, 9], 6: [5, 6]}
    ids, tiles = stack([1, 2, 3, 4, 5, 6, 9], rows, {7})
    assert ids == [1, 2, 3, 4, 6, 9] and tiles == {6: [5, 6]}


def test_a_stack_says_what_its_whole_group_needs() -> None:
    from app.ui.delegate import badge_text
    from app.ui.models.photo_model import stack_state

    assert stack_state({"caption_state": "written", "group_states": "written,draft,draft"}) == ("draft", "2/3")
    assert stack_state({"caption_state": "draft", "group_states": "draft,draft"}) == ("draft", "")
    assert stack_state({"caption_state": "written", "group_states": "written,none"}) == ("none", "1/2")
    assert stack_state({"caption_state": "running", "group_states": "none,none"}) == ("running", "")
    assert badge_text("draft", "2/3") == "Review 2/3" and badge_text("none", "1/2") == "Uncaptioned 1/2"
    assert badge_text("written") == "In file" and badge_text("none") == ""


@pytest.fixture
def drafts() -> bool:
    return True


@pytest.fixture
def host() -> str | None:
    return None


@pytest.fixture
def pregroup() -> bool:
    return True


@pytest.fixture
def burst_window(qloop, tmp_path: Path, corpus_dir: Path, isolated_home: Path, qtbot: Any, drafts: bool,
                 host: str | None, pregroup: bool) -> Iterator[Any]:
    from app.config import HostConfig, Settings, app_paths, save_settings
    from app.library import scanner
    from app.library.groups import Rules
    from app.services import grouping as grouping_service
    from app.services.library import thumb_dir
    from app.store import captions
    from app.ui.app import make_qapp, open_window, shutdown
    from tests.doubles.bursts import make_burst

    paths = app_paths().ensure()
    if host:
        save_settings(paths, Settings(hosts=[HostConfig(url=host, concurrency=1)], model="llava:latest"))
    members = make_burst(corpus_dir / "2019/Holiday/Nikon D5000.jpg", tmp_path / "photos" / "Trip", 4,
                         datetime(2021, 6, 5, 14, 30, 10))
    db = dbmod.connect(paths.db_path)
    scanner.index_folders(db, [str(tmp_path / "photos")])
    if pregroup:
        grouping_service.refresh(grouping_service.direct(db), thumb_dir(paths), Rules())
    ids = [r[0] for r in db.execute("SELECT id FROM photos ORDER BY path").fetchall()]
    for pid in ids if drafts else []:
        captions.add_version(db, pid, text="A stone bridge over a river.", source="model", state="draft", model="m")
    db.conn.close()
    make_qapp()
    ctx, win = run(open_window(None, paths, check_hosts=bool(host)))
    qtbot.addWidget(win)
    win.burst = {"ids": ids, "paths": [str(m) for m in members], "db": paths.db_path}
    yield win
    run(shutdown(ctx, win))


def _states(db_path: Path) -> list[str]:
    db = dbmod.connect(db_path, readonly=True)
    try:
        return [r[0] for r in db.execute("SELECT caption_state FROM photos ORDER BY path").fetchall()]
    finally:
        db.conn.close()


def test_approving_a_stacked_group_approves_and_writes_every_member(burst_window: Any) -> None:
    from app.ui.models.photo_model import GROUP_ROLE

    win = burst_window
    ids = win.burst["ids"]

    async def flow() -> None:
        await until(lambda: win.model.rowCount() == 1, msg="four frames stacked into one tile")
        await until(lambda: win.model.index(0).data(GROUP_ROLE) == 4, msg="count badge")
        win.select_row(0)
        win.grid.setFocus()
        QTest.keyClick(win.grid, Qt.Key.Key_X)  # expand
        await until(lambda: win.model.rowCount() == 4, msg="expanded")
        QTest.keyClick(win.grid, Qt.Key.Key_X)  # collapse again
        await until(lambda: win.model.rowCount() == 1, msg="collapsed")
        win.select_row(0)
        assert sorted(win.selected_ids()) == sorted(ids)
        win.grid.setFocus()
        QTest.keyClick(win.grid, Qt.Key.Key_A)  # approve the tile: the whole group
        await until(lambda: _states(win.burst["db"]) == ["written"] * 4, timeout=60, msg="all written")

    run(flow(), timeout=90)
    out = subprocess.run(["exiftool", "-q", "-s3", "-XMP-dc:Description", *win.burst["paths"]],
                         capture_output=True, text=True, check=True).stdout.split("\n")
    assert [x for x in out if x.strip() and not x.startswith("====")] == ["A stone bridge over a river."] * 4
    # the sidebar lists them under Duplicates
    from app.ui.models.sidebar_model import COUNT_ROLE

    run(until(lambda: win.sidebar_model.smart_index("duplicates").data(COUNT_ROLE) == 4, msg="Duplicates count"))


@pytest.fixture
def double() -> Iterator[Any]:
    from tests.doubles.ollama_double import OllamaDouble

    with OllamaDouble() as d:
        yield d


class TestCaptionFromTheWindow:
    """Captioning a stacked tile sends its best frame once; every member gets the draft."""

    @pytest.fixture
    def drafts(self) -> bool:
        return False

    @pytest.fixture
    def host(self, double: Any) -> str:
        return double.url

    def test_captioning_a_stacked_tile_sends_one_frame(self, burst_window: Any, double: Any) -> None:
        win = burst_window

        async def flow() -> None:
            await until(lambda: win.model.rowCount() == 1, msg="stacked")
            await until(lambda: "captioning" in win.services, msg="captioning service")
            win.select_row(0)
            win.grid.setFocus()
            QTest.keyClick(win.grid, Qt.Key.Key_C)  # caption the tile: the whole group, one request
            await until(lambda: _states(win.burst["db"]) == ["draft"] * 4, timeout=60, msg="all drafts")

        run(flow(), timeout=90)
        assert len(double.generation_requests()) == 1
        db = dbmod.connect(win.burst["db"], readonly=True)
        try:
            texts = {r[0] for r in db.execute("SELECT caption FROM photos").fetchall()}
        finally:
            db.conn.close()
        assert len(texts) == 1 and None not in texts


def test_group_settings_persist(window: Any) -> None:
    from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QSpinBox

    from app.config import load_settings

    window.open_settings()
    dlg = window.settings_dialog
    seconds = next(w for w in dlg.findChildren(QDoubleSpinBox) if w.accessibleName() == "Bursts: taken within")
    distance = next(w for w in dlg.findChildren(QSpinBox) if w.accessibleName() == "Bursts: how alike")
    every = next(w for w in dlg.findChildren(QCheckBox) if w.text().startswith("Caption every frame"))
    assert seconds.value() == 5.0 and distance.value() == 12 and not every.isChecked()
    seconds.setValue(2.5)
    distance.setValue(8)
    every.setChecked(True)
    dlg.accept()
    saved = load_settings(window.ctx.paths)
    assert (saved.group_seconds, saved.group_distance, saved.caption_every_frame) == (2.5, 8, True)


def test_an_edit_on_a_stacked_tile_goes_to_every_member(burst_window: Any) -> None:
    win = burst_window
    ids = win.burst["ids"]

    async def flow() -> None:
        await until(lambda: win.model.rowCount() == 1, msg="stacked")
        win.select_row(0)
        await until(lambda: win.detail.photo_id == win.model.id_at(0), msg="detail shows the tile")
        win.detail.editor.setPlainText("The old stone bridge at Berry, my edit.")
        assert win.detail.is_dirty()
        win.grid.setFocus()
        QTest.keyClick(win.grid, Qt.Key.Key_A)  # approving what is on screen: the edit, for the whole group
        await until(lambda: _states(win.burst["db"]) == ["written"] * 4, timeout=60, msg="all written")

    run(flow(), timeout=90)
    db = dbmod.connect(win.burst["db"], readonly=True)
    try:
        rows = db.execute("SELECT caption, caption_source FROM photos ORDER BY path").fetchall()
        hist = [db.execute("SELECT count(*) FROM captions WHERE photo_id = ?", [pid]).fetchone()[0] for pid in ids]
    finally:
        db.conn.close()
    assert rows == [("The old stone bridge at Berry, my edit.", "human")] * 4
    assert all(n >= 2 for n in hist)  # each member: its own draft and its own edit in its own history


def test_group_actions_are_in_the_menus(window: Any) -> None:
    titles = {a.text().replace("&", ""): [x.objectName() for x in a.menu().actions()]
              for a in window.menuBar().actions() if a.menu()}
    assert {"stack_groups", "expand_group"} <= set(titles["View"])
    assert {"split_group", "merge_group", "pick_best"} <= set(titles["Photo"])


def _groups(db_path: Path) -> list[int | None]:
    db = dbmod.connect(db_path, readonly=True)
    try:
        return [r[0] for r in db.execute("SELECT group_id FROM photos ORDER BY path").fetchall()]
    finally:
        db.conn.close()


def test_split_pick_and_merge_from_the_window(burst_window: Any) -> None:
    from PySide6.QtCore import QItemSelectionModel

    win = burst_window
    ids = win.burst["ids"]

    async def flow() -> None:
        await until(lambda: win.model.rowCount() == 1, msg="stacked")
        win.select_row(0)
        win.grid.setFocus()
        QTest.keyClick(win.grid, Qt.Key.Key_X)
        await until(lambda: win.model.rowCount() == 4, msg="expanded")
        win.select_id(ids[3])
        win.action("split_group").trigger()
        await until(lambda: _groups(win.burst["db"])[3] is None, msg="split off")
        await until(lambda: win.model.rowCount() == 4, msg="the rest still shown frame by frame")
        win.select_id(ids[1])
        win.action("pick_best").trigger()
        await until(lambda: _picked(win.burst["db"]) == ids[1], msg="best frame picked")
        # merge the split-off frame back with one of the others
        win.select_id(ids[3])
        win.grid.selectionModel().select(win.model.index(win.model.row_of(ids[0])),
                                         QItemSelectionModel.SelectionFlag.Select)
        win.action("merge_group").trigger()
        await until(lambda: _groups(win.burst["db"])[3] is not None, msg="merged")

    run(flow(), timeout=60)
    assert len(set(_groups(win.burst["db"]))) == 1


def _picked(db_path: Path) -> int | None:
    db = dbmod.connect(db_path, readonly=True)
    try:
        row = db.execute("SELECT best_photo_id FROM photo_groups").fetchone()
        return row[0] if row else None
    finally:
        db.conn.close()


def test_splitting_a_stacked_tile_splits_only_its_frame(burst_window: Any) -> None:
    win = burst_window

    async def flow() -> None:
        await until(lambda: win.model.rowCount() == 1, msg="stacked")
        win.select_row(0)
        shown = win.model.id_at(0)
        win.action("split_group").trigger()
        await until(lambda: _groups(win.burst["db"]).count(None) == 1, msg="one frame split off")
        await until(lambda: win.model.rowCount() == 4, msg="the group is shown frame by frame")
        assert _groups(win.burst["db"])[win.burst["ids"].index(shown)] is None

    run(flow(), timeout=60)


class TestGroupedDuringARun:
    """Bursts found when the photos are queued are stacked at once, while the run goes; the tile
    acts on the whole group and its badge sums up every member's state."""

    @pytest.fixture
    def drafts(self) -> bool:
        return False

    @pytest.fixture
    def pregroup(self) -> bool:
        return False

    @pytest.fixture
    def host(self, slow_double: Any) -> str:
        return slow_double.url

    @pytest.fixture
    def slow_double(self) -> Iterator[Any]:
        from tests.doubles.ollama_double import OllamaDouble

        with OllamaDouble(token_delay=0.05) as d:
            yield d

    def test_stacked_live_and_acting_as_one(self, burst_window: Any) -> None:
        from app.ui.models.photo_model import GROUP_ROLE, STACK_ROLE

        win = burst_window
        ids = win.burst["ids"]

        async def flow() -> None:
            await until(lambda: win.model.rowCount() == 4, msg="four separate frames: not grouped yet")
            await until(lambda: "captioning" in win.services, msg="captioning service")
            cap = win.services["captioning"]
            win.caption_uncaptioned()
            await until(lambda: win.model.rowCount() == 1, timeout=30, msg="stacked while the run goes")
            assert cap.is_active(), "stacked only after the run"
            await until(lambda: win.model.index(0).data(GROUP_ROLE) == 4, msg="one badge of 4")
            await until(lambda: _states(win.burst["db"]) == ["draft"] * 4, timeout=60, msg="all drafts")
            await until(lambda: win.model.index(0).data(STACK_ROLE) == ("draft", ""), msg="the tile: 4 drafts")
            # approve the best frame alone (expanded), then stack it again: the tile is not "In file"
            tile = win.model.id_at(0)
            win.select_row(0)
            win.grid.setFocus()
            QTest.keyClick(win.grid, Qt.Key.Key_X)
            await until(lambda: win.model.rowCount() == 4, msg="expanded")
            win.select_id(tile)
            win.grid.setFocus()
            QTest.keyClick(win.grid, Qt.Key.Key_A)
            await until(lambda: sorted(_states(win.burst["db"])) == ["draft"] * 3 + ["written"], timeout=60,
                        msg="one frame written")
            QTest.keyClick(win.grid, Qt.Key.Key_X)
            await until(lambda: win.model.rowCount() == 1, msg="stacked again")
            await until(lambda: win.model.index(0).data(STACK_ROLE) == ("draft", "3/4"), msg="3 of 4 to review")
            win.select_row(0)
            await until(lambda: "A stack of 4 photos (3 to review)" in win.detail.stack_label.text(),
                        msg="the pane says what the stack stands for")
            # approving the tile approves the group; the badge follows without a reload
            win.select_row(0)
            win.grid.setFocus()
            QTest.keyClick(win.grid, Qt.Key.Key_A)
            await until(lambda: _states(win.burst["db"]) == ["written"] * 4, timeout=60, msg="all written")
            await until(lambda: win.model.index(0).data(STACK_ROLE) == ("written", ""), msg="the tile: in file")

        run(flow(), timeout=120)
        assert sorted(win.group_ops.expand([win.model.id_at(0)])) == sorted(ids)


def _jobs(db_path: Path) -> int:
    db = dbmod.connect(db_path, readonly=True)
    try:
        return db.execute("SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')").fetchone()[0]
    finally:
        db.conn.close()


def test_photos_picked_as_uncaptioned_are_rechecked_when_queued(burst_window: Any) -> None:
    """"Caption all uncaptioned" picks a snapshot; another run may caption those photos before they are
    queued. The window queues them only if they are still uncaptioned (here: drafts already)."""
    win = burst_window
    ids = win.burst["ids"]

    async def flow() -> None:
        await until(lambda: "captioning" in win.services, msg="captioning service")
        cap = win.services["captioning"]
        await cap.enqueue(ids, if_still_missing=True)
        assert _jobs(win.burst["db"]) == 0, "photos that have drafts by now were queued"
        await cap.enqueue(ids)  # asked for by name (Caption selected): queued whatever they have
        assert _jobs(win.burst["db"]) > 0

    run(flow(), timeout=60)
