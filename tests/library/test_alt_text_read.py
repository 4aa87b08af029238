"""Alt text and other-language descriptions a file already has are read at index time, on the fast path,
through exiftool and from a sidecar, and become part of the file's caption (history, search)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from app.library import exiftool_read, probe, scanner
from tests.search.helpers import ids as search_ids
from app.store import captions as captions_store
from app.store import photos as photos_store
from tests.doubles.library import make_jpeg

pytestmark = pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")

ALT = "Grandpa feeding ducks at the lake."


def _tag(path: Path, *args: str) -> Path:
    subprocess.run(["exiftool", "-overwrite_original", *args, str(path)], check=True, capture_output=True)
    return path


def _photo(tmp_path: Path, name: str = "ducks.jpg") -> Path:
    return _tag(make_jpeg(tmp_path / "lib" / name, (320, 240)), "-XMP-dc:Description-x-default=Grandpa and the ducks",
                "-XMP-dc:Description-de=Opa und die Enten", "-XMP-dc:Description-en=Grandpa and the ducks",
                f"-XMP-iptcCore:AltTextAccessibility-x-default={ALT}",
                "-XMP-iptcCore:AltTextAccessibility-de=Opa füttert Enten.")


def test_the_fast_path_and_exiftool_read_the_same_alt_text_and_languages(tmp_path: Path) -> None:
    photo = _photo(tmp_path)
    fast = probe.probe_file(str(photo), photo.stat().st_size, photo.stat().st_mtime_ns)
    assert fast["file_alt_text"] == ALT
    want = {"de": {"text": "Opa und die Enten", "alt_text": "Opa füttert Enten."}}
    assert fast["file_translations"] == want  # "en" repeats x-default: the caption's own language
    slow = probe.empty_record(str(photo), photo.stat().st_size, photo.stat().st_mtime_ns)
    exiftool_read.read_records([slow])
    assert slow["file_alt_text"] == ALT and slow["file_translations"] == want


def test_a_sidecar_alt_text_wins_over_the_embedded_one(tmp_path: Path) -> None:
    photo = _photo(tmp_path)
    side = photo.with_name(photo.name + ".xmp")
    subprocess.run(["exiftool", "-o", str(side), "-XMP-iptcCore:AltTextAccessibility-x-default=From the sidecar",
                    str(photo)], check=True, capture_output=True)
    rec = probe.probe_file(str(photo), photo.stat().st_size, photo.stat().st_mtime_ns)
    assert rec["file_alt_text"] == "From the sidecar"


def test_indexing_keeps_the_files_alt_text_with_its_caption_and_search_finds_it(db, tmp_path: Path) -> None:
    _photo(tmp_path)
    scanner.index_folders(db, [str(tmp_path / "lib")])
    row = next(photos_store.iter_photos(db))
    pub = photos_store.to_public(row)
    assert pub["file_alt_text"] == ALT and pub["alt_text"] == ALT  # the file's caption carries it
    assert pub["file_translations"]["de"]["caption"] == "Opa und die Enten"
    assert pub["translations"]["de"]["alt_text"] == "Opa füttert Enten."
    version = captions_store.history(db, row["id"])[-1]
    assert version["source"] == "file" and version["alt_text"] == ALT
    assert json.loads(version["translations"])["de"]["text"] == "Opa und die Enten"
    assert search_ids(db, "feeding") == [row["id"]]  # alt text only
    assert search_ids(db, "Enten") == [row["id"]]  # the German item only
