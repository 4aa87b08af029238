"""Places and People in the sidebar show exactly the photos their counts promise.

A place is matched as a path of the tree (country, region, city), never as a part of a name: the
region "CA" of the United States is not Canada, nor "Tus-ca-ny". A click in the sidebar replaces the
whole scope, and a refresh of the counts keeps the highlighted item, so no earlier folder or list
stays in force unseen."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any, Iterator

import pytest

from app.store import db as dbmod
from tests.ui.helpers import JPEGS, make_library, run, until

pytestmark = [pytest.mark.gui]

FILES = JPEGS + ["2019/Holiday/Nikon D5000.jpg", "Edited/GPS.jpg", "2019/Holiday/prairie_falcon.jpg"]
# (country, region, city, people) per photo, in FILES order; the first three are in "album"
PLACES = [
    ("United States", "CA", "San Francisco", ["Anna Schmidt"]),
    ("Canada", "Ontario", "Toronto", []),
    ("Canada", "British Columbia", "Vancouver", []),
    ("Italy", "Tuscany", "Florence", ["Anna"]),
    ("Italy", "Lombardy", "Milan", ["Anna Schmidt", "Ben Okafor"]),
    ("Italy", "", "", []),  # a country and nothing more
]


@pytest.fixture
def places_window(qloop: asyncio.AbstractEventLoop, tmp_path: Path, corpus_dir: Path, isolated_home: Path,
                  qtbot: Any) -> Iterator[Any]:
    from app.config import app_paths
    from app.store import grounding
    from app.ui.app import make_qapp, open_window, shutdown

    paths = app_paths().ensure()
    ids = make_library(corpus_dir, tmp_path / "photos", paths.db_path, files=FILES)
    db = dbmod.connect(paths.db_path)
    rows = [(pid, {"country": c, "region": r or None, "city": t or None, "place_source": "file", "file_people": "[]",
                   "people": json.dumps([{"name": n, "source": "file"} for n in people]), "search_text": "",
                   "updated_at": "2024-01-01T00:00:00Z"})
            for pid, (c, r, t, people) in zip(ids, PLACES)]
    grounding.write_rows(db, rows)
    db.conn.commit()
    db.conn.close()
    make_qapp()
    ctx, win = run(open_window(None, paths, check_hosts=False))
    qtbot.addWidget(win)
    win.ids = ids
    win.root = tmp_path / "photos"
    yield win
    run(shutdown(ctx, win))


def _index(win: Any, key: Any) -> Any:
    from app.ui.window_browse import find_key

    idx = find_key(win.sidebar_model, key)
    assert idx is not None, f"no sidebar item {key}"
    return idx


async def _pick(win: Any, key: Any, n: int) -> list[int]:
    """Click a sidebar item and wait for the grid to settle on ``n`` photos."""
    win.sidebar.setCurrentIndex(_index(win, key))
    await until(lambda: win.model.rowCount() == n, msg=f"{n} photos for {key}")
    await asyncio.sleep(0.1)  # nothing else arrives later
    assert win.model.rowCount() == n
    return sorted(win.model.ids())


def test_places_match_the_tree_path_exactly(places_window: Any) -> None:
    from app.ui.models.sidebar_model import COUNT_ROLE

    win = places_window
    ids = win.ids

    async def flow() -> None:
        await until(lambda: win.model.rowCount() == len(FILES), msg="all photos")
        await until(lambda: win.sidebar_model.findItems("Places"), msg="Places section")
        us_ca = ("place", ("United States", "CA", None))
        assert _index(win, us_ca).data(COUNT_ROLE) == 1
        assert await _pick(win, us_ca, 1) == [ids[0]]  # not Canada, not Tuscany
        assert win.count_label.text() == "1 photo"
        assert await _pick(win, ("place", ("Canada", None, None)), 2) == [ids[1], ids[2]]
        assert await _pick(win, ("place", ("Italy", "Tuscany", None)), 1) == [ids[3]]
        assert await _pick(win, ("place", ("Italy", None, None)), 3) == ids[3:6]
        assert await _pick(win, ("place", ("United States", "CA", "San Francisco")), 1) == [ids[0]]
        # a person is a whole name: "Anna" is not "Anna Schmidt"
        assert await _pick(win, ("person", "Anna Schmidt"), 2) == [ids[0], ids[4]]
        assert await _pick(win, ("person", "Anna"), 1) == [ids[3]]

    run(flow(), timeout=60)


def test_a_click_after_a_folder_replaces_the_scope(places_window: Any) -> None:
    win = places_window
    ids = win.ids
    album = str(win.root / "album")

    async def flow() -> None:
        await until(lambda: win.model.rowCount() == len(FILES), msg="all photos")
        await until(lambda: win.sidebar_model.findItems("People"), msg="People section")
        assert await _pick(win, ("folder", album), 3) == ids[:3]
        win.reload_counts()  # the counts refresh (after every caption): the folder stays highlighted
        await asyncio.sleep(0.5)
        assert win.sidebar.currentIndex().data(_key_role()) == ("folder", album)
        assert win.model.rowCount() == 3
        # a person outside that folder: shown, because the click replaced the folder scope
        assert await _pick(win, ("person", "Ben Okafor"), 1) == [ids[4]]
        assert await _pick(win, ("place", ("Italy", "Lombardy", "Milan")), 1) == [ids[4]]
        assert await _pick(win, ("smart", "all"), len(FILES)) == sorted(ids)

    run(flow(), timeout=60)


def _key_role() -> int:
    from app.ui.models.sidebar_model import KEY_ROLE

    return KEY_ROLE


def test_search_stays_within_the_place(places_window: Any) -> None:
    """Words typed in the search box narrow the place the sidebar shows (and only that place)."""
    from app.ui import queries

    win = places_window
    db = dbmod.connect(win.ctx.paths.db_path, readonly=True)
    try:
        everyone = list(win.ids)
        assert queries.filter_ids(db, everyone, "all", None, ("Canada", None, None), None) == win.ids[1:3]
        assert queries.filter_ids(db, everyone, "all", None, ("Italy", "", None), None) == [win.ids[5]]
        assert queries.filter_ids(db, everyone, "all", str(win.root / "album"), None, "Anna Schmidt") == [win.ids[0]]
    finally:
        db.conn.close()
