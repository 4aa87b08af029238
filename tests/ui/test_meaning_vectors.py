"""The open window keeps meaning-search vectors current: captions get embedded in the background
(through the DB owner, against the Ollama double's embed endpoint) and Enter finds them by meaning."""

from __future__ import annotations

import pytest

from app.store import captions
from app.store import db as dbmod
from tests.ui.helpers import run, until

pytestmark = pytest.mark.gui


def _vectors(paths) -> int:
    db = dbmod.connect(paths.db_path, readonly=True)
    try:
        return db.execute("SELECT count(*) FROM photo_embeddings").fetchone()[0]
    finally:
        db.conn.close()


def test_window_embeds_captions_and_finds_them_by_meaning(qloop, library, settings_for_double, qtbot):
    from app.ui.app import make_qapp, open_window, shutdown

    db = dbmod.connect(library["paths"].db_path)
    captions.add_version(db, library["ids"][0], text="A puppy sprinting along the seaside", source="model",
                         state="draft", model="llava:latest")
    captions.add_version(db, library["ids"][1], text="Rows of parked cars on a town street", source="model",
                         state="draft", model="llava:latest")
    db.conn.close()
    assert _vectors(library["paths"]) == 0

    make_qapp()
    ctx, win = run(open_window(None, library["paths"], check_hosts=True))
    qtbot.addWidget(win)

    async def scenario():
        await until(lambda: _vectors(library["paths"]) == 2, timeout=20, msg="captions embedded")
        # a caption arriving later is embedded without waiting for the minute's poll
        await ctx.write(lambda d: captions.add_version(d, library["ids"][2], text="A kitten asleep on a sofa",
                                                       source="model", state="draft", model="llava:latest"))
        win.refresh_photos([library["ids"][2]])
        await until(lambda: _vectors(library["paths"]) == 3, timeout=10, msg="new caption embedded")
        win.search.setText("dog running on the beach")  # no caption has these words
        win.search.returnPressed.emit()
        await until(lambda: win.model.ids()[:1] == [library["ids"][0]], timeout=15, msg="found by meaning")

    try:
        run(scenario(), timeout=60)
    finally:
        run(shutdown(ctx, win))
