"""app.core.fspath: any file name the OS allows, stored losslessly and shown readably."""

from __future__ import annotations

import json
import os

import pytest

from app.core import fspath
from app.store import db as dbmod

ODD = os.fsdecode(b"/photos/caf\xe9/\xff\xfe.jpg")


def test_valid_names_are_stored_as_themselves() -> None:
    for name in ("/p/plain.jpg", "/p/Porträtt på Eva.jpg", "/p/日本.heic", "/p/a\\xe9.jpg"):
        assert fspath.to_text(name) == name and fspath.to_bytes(name) is None
        assert fspath.from_row({"path": name, "path_bytes": None}) == name


def test_undecodable_names_are_shown_readably_and_kept_exactly() -> None:
    text, raw = fspath.columns(ODD)
    assert text == "/photos/caf\\xe9/\\xff\\xfe.jpg"
    assert raw == b"/photos/caf\xe9/\xff\xfe.jpg"
    json.dumps(text, ensure_ascii=False).encode("utf-8")  # printable and storable
    assert fspath.from_row({"path": text, "path_bytes": raw}) == ODD


@pytest.mark.skipif(os.name != "posix", reason="byte names")
def test_a_row_round_trips_through_sqlite_and_opens_the_file(tmp_path) -> None:
    real = os.fsdecode(os.fsencode(str(tmp_path)) + b"/caf\xe9.jpg")
    with open(real, "wb") as fh:
        fh.write(b"x")
    db = dbmod.memory()
    text, raw = fspath.columns(real)
    db.execute("INSERT INTO photos(path, path_bytes, folder, filename) VALUES (?, ?, ?, ?)",
               [text, raw, fspath.to_text(str(tmp_path)), "caf\\xe9.jpg"])
    row = next(db.query("SELECT * FROM photos"))
    assert row["path"] == text and os.path.exists(fspath.from_row(row))
    with pytest.raises(UnicodeEncodeError):
        db.execute("INSERT INTO photos(path, folder, filename) VALUES (?, '', '')", [real])  # why the column exists
