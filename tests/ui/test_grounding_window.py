"""Grounding in the window: Places and People in the sidebar, the detail pane's place (coordinates
second), the highlighted ungrounded name, the folder context dialog, the prompt preview.

Files: copies of tests/data photos; the faces photo gets two named MWG face regions and a Florence
GPS fix with exiftool (recipe below). The library is indexed by the real scanner."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.conftest import DATA
from tests.ui.helpers import run, until

pytestmark = [pytest.mark.gui, pytest.mark.exiftool]


@pytest.fixture
def grounded_window(qloop: asyncio.AbstractEventLoop, tmp_path: Path, isolated_home: Path, qtbot: Any) -> Iterator[Any]:
    from app.config import app_paths
    from app.library import scanner
    from app.store import captions
    from app.store import db as dbmod
    from app.ui.app import make_qapp, open_window, shutdown

    lib = tmp_path / "photos" / "2019-07-14 Anna & Ben"
    lib.mkdir(parents=True)
    faces = lib / "couple.jpg"
    shutil.copy(DATA / "photos" / "Phone" / "Camera Roll" / "Apple iPhone 4.jpg", faces)
    subprocess.run(["exiftool", "-q", "-overwrite_original",  # recipe: two named faces, Florence GPS
                    "-XMP-mwg-rs:RegionInfo={AppliedToDimensions={W=1296,H=968,Unit=pixel},RegionList=["
                    "{Area={X=0.7,Y=0.4,W=0.1,H=0.15,Unit=normalized},Name=Ben Okafor,Type=Face},"
                    "{Area={X=0.3,Y=0.4,W=0.1,H=0.15,Unit=normalized},Name=Anna Schmidt,Type=Face}]}",
                    "-GPSLatitude=43.78559", "-GPSLatitudeRef=N", "-GPSLongitude=11.23462", "-GPSLongitudeRef=E",
                    str(faces)], check=True)
    shutil.copy(DATA / "photos" / "Phone" / "Camera Roll" / "HTC Desire.jpg", lib.parent / "milan.jpg")
    paths = app_paths().ensure()
    db = dbmod.connect(paths.db_path)
    scanner.index_folders(db, [str(lib.parent)])
    pid = db.execute("SELECT id FROM photos WHERE filename = 'couple.jpg'").fetchone()[0]
    captions.add_version(db, pid, text="Anna and Ben dance with Maria Rossi.", source="model", state="draft",
                         keywords=["dance"], flags=["ungrounded_name"])
    db.conn.close()
    make_qapp()
    ctx, win = run(open_window(None, paths, check_hosts=False))
    qtbot.addWidget(win)
    win.photo_id = pid
    yield win
    run(shutdown(ctx, win))


def _items(model: Any, parent: Any = None) -> list[Any]:
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    out = []
    for r in range(model.rowCount(parent)):
        idx = model.index(r, 0, parent)
        out.append(idx)
        out += _items(model, idx)
    return out


def test_sidebar_detail_and_highlight(grounded_window: Any) -> None:
    from app.ui.models.sidebar_model import KEY_ROLE

    win = grounded_window

    async def check() -> None:
        await until(lambda: win.model.rowCount() == 2, msg="2 photos")
        await until(lambda: any(i.data(KEY_ROLE) == ("person", "Anna Schmidt") for i in _items(win.sidebar_model)),
                    msg="People list filled")
        win.select_id(win.photo_id)
        await until(lambda: win.detail.photo_id == win.photo_id and win.detail.photo.get("grounding_facts"),
                    msg="detail of the faces photo")
    run(check())
    labels = {i.data(KEY_ROLE): i.data() for i in _items(win.sidebar_model)}
    italy, tuscany = ("place", ("Italy", None, None)), ("place", ("Italy", "Tuscany", None))
    assert labels[italy] == "Italy  (2)" and labels[tuscany] == "Tuscany  (1)"
    assert labels[("place", ("Italy", "Tuscany", "Florence"))] == "Florence  (1)"
    assert [v for k, v in labels.items() if k and k[0] == "place" and k[1][2] == "Milan"] == ["Milan  (1)"]
    assert labels[("person", "Anna Schmidt")] == "Anna Schmidt  (1)"
    place = win.detail._fact_labels["Place"].text()
    assert place.startswith("Florence, Tuscany, Italy") and place.index("Italy") < place.index("43.78559")
    assert win.detail._fact_labels["People"].text() == "Anna Schmidt, Ben Okafor"
    assert win.detail._fact_labels["Occasion"].text() == "Anna & Ben"
    assert win.detail.names_highlighter._names == ["Maria Rossi"]
    assert "highlighted" in win.detail.flags_label.text()
    # the highlighter really marks the name in the editor
    sels = win.detail.editor.extraSelections()
    assert [s.cursor.selectedText() for s in sels] == ["Maria Rossi"]
    assert sels[0].format.background().color().name() == "#ffe0b2"
    # the prompt preview shows every grounded fact
    from app.ui.dialogs.settings_dialog import SettingsDialog

    dlg = SettingsDialog(win.ctx, win)
    preview = dlg.preview.toPlainText()
    assert '"Florence, Tuscany, Italy"' in preview and '"Anna Schmidt" (left), "Ben Okafor" (right)' in preview
    assert not dlg.grounding_rows.place_names.isChecked()  # off by default
    dlg.grounding_rows.place_names.setChecked(True)
    dlg.grounding_rows.outside.setCurrentIndex(1)
    s = dlg.result_settings()
    assert s.write_place_names and s.vocabulary_outside == "flag"
    dlg.reject()
    # choosing a person shows that person's photos (the search box stays the person's own)
    person = next(i for i in _items(win.sidebar_model) if i.data(KEY_ROLE) == ("person", "Anna Schmidt"))

    async def pick() -> None:
        win.sidebar.setCurrentIndex(person)
        await until(lambda: win.model.rowCount() == 1, msg="one photo with Anna")
    run(pick())
    assert win.search.text() == "" and win.count_label.text() == "1 photo"


def test_context_dialog_values(qapp: Any, tmp_path: Path) -> None:
    from app.ui.grounding_view import ContextDialog

    vocab = tmp_path / "kw.txt"
    vocab.write_text("Occasions\n\tWedding\n\tAC/DC\n", encoding="utf-16")  # UTF-16 with its mark
    dlg = ContextDialog("/pics/x", {"event": "Old", "people": ["Anna"]}, {"place": "Florence, Italy"})
    assert dlg.place.placeholderText() == "inherited: Florence, Italy" and dlg.people.text() == "Anna"
    dlg.event.setText("Wedding")
    dlg.load_vocabulary(str(vocab))
    assert dlg.vocab_label.text() == "2 keywords (UTF-16); 1 refused: 1 contains | or /"
    v = dlg.values()
    assert v["event"] == "Wedding" and v["people"] == "Anna" and [t["path"] for t in v["vocabulary"]] == \
        [["Occasions"], ["Occasions", "Wedding"]]
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02\xff" * 10)
    dlg.load_vocabulary(str(tmp_path / "bin.txt"))
    assert dlg.vocab_label.text().startswith("Not imported: this is not a text file")
    assert "vocabulary" not in dlg.values()
