"""The window shows photos whose file names are not valid UTF-8 (grid thumbnail, preview)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from app.core.fspath import from_row
from app.library import scanner
from app.store import db as dbmod
from app.ui import queries
from app.ui.images import cached_thumbs, decode_preview
from tests.doubles.library import make_jpeg

pytestmark = [pytest.mark.gui, pytest.mark.skipif(sys.platform != "linux", reason="byte file names")]


def test_grid_rows_carry_the_bytes_and_the_thumbnail_and_preview_decode(qapp, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    make_jpeg(Path(os.fsdecode(os.fsencode(str(lib)) + b"/Gr\xfc\xdfe.jpg")), (300, 200))
    db = dbmod.memory()
    assert scanner.index_folders(db, [str(lib)], workers=1).added == 1
    pid = db.execute("SELECT id FROM photos").fetchone()[0]
    row = queries.grid_rows(db, [pid])[pid]
    assert row["path"] == f"{lib}/Gr\\xfc\\xdfe.jpg"  # what the grid's tooltip shows
    thumb = cached_thumbs(str(tmp_path / "thumbs"))(row, 256)
    assert thumb is not None and (thumb.width(), thumb.height()) == (256, 171)
    preview = decode_preview(from_row(queries.photo_detail(db, pid)), 640)  # the detail pane's row
    assert (preview.width(), preview.height()) == (300, 200)
