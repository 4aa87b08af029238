"""A camera whose clock was reset, in a dated wedding folder: the prompt, ``list --json`` and the window's
detail facts use the folder's date and say the clock looks wrong. Occasions in other languages reach
the prompt. Real files (copies of tests/data photos, dates written with exiftool), real index."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.captioning import prompts
from app.cli.main import main
from app.library import grounding as resolve
from app.library import scanner
from app.services import grounding as gservice
from app.store import photos as photostore
from tests.conftest import DATA
from tests.exiftool_cli import exiftool

pytestmark = pytest.mark.exiftool
PHOTO = DATA / "photos" / "Phone" / "Camera Roll" / "Apple iPhone 4.jpg"


def _copy(dest: Path, taken: str) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(PHOTO, dest)
    exiftool("-q", "-overwrite_original", f"-DateTimeOriginal={taken}", str(dest), check=True)
    return dest


@pytest.fixture
def library(tmp_path: Path) -> Path:
    lib = tmp_path / "lib"
    wedding = lib / "2019-07-14 Anna's wedding"
    _copy(wedding / "reset.jpg", "2005:01:01 00:00:00")  # the camera's battery ran flat
    _copy(wedding / "fine.jpg", "2019:07:14 15:20:00")
    _copy(lib / "Weihnachten 2018" / "tree.jpg", "2018:12:24 18:00:00")
    _copy(lib / "Scans" / "old.jpg", "2019:03:01 10:00:00")
    return lib


def test_reset_clock_is_not_told_and_is_marked(db, library: Path, capsys) -> None:
    scanner.index_folders(db, [str(library)])
    reset = photostore.get_by_path(db, str(library / "2019-07-14 Anna's wedding" / "reset.jpg"))
    fine = photostore.get_by_path(db, str(library / "2019-07-14 Anna's wedding" / "fine.jpg"))
    assert reset["taken_at"].startswith("2005-01-01")  # the file's value is kept as it is

    g = resolve.load(db, reset)
    assert g.clock_wrong and "reset" in g.clock_note and g.date_words == ""
    prompt = prompts.build_prompt(prompts.get_style("caption"), dict(reset, grounding=g))
    assert "2005" not in prompt
    assert "Date (from the folder name; the camera's clock looks wrong): Sunday 14 July 2019" in prompt
    assert 'Occasion: "Anna\'s wedding" (from the folder name)' in prompt

    g_fine = resolve.load(db, fine)
    assert not g_fine.clock_wrong
    assert "Date taken: Sunday 14 July 2019, afternoon" in prompts.build_prompt(
        prompts.get_style("caption"), dict(fine, grounding=g_fine))

    shown = gservice.enrich(db, dict(reset))["grounding_facts"]
    assert shown["clock_looks_wrong"] and shown["when"].startswith("Sunday 14 July 2019 (from the folder name)")
    assert "Clock looks wrong" in shown["when"] and "1 January 2005" in shown["when"]

    tree = photostore.get_by_path(db, str(library / "Weihnachten 2018" / "tree.jpg"))
    g_tree = resolve.load(db, tree)
    assert (g_tree.event, g_tree.event_kind, g_tree.clock_wrong) == ("Weihnachten", "christmas", False)
    assert 'Occasion: "Weihnachten" (from the folder name: Christmas)' in prompts.build_prompt(
        prompts.get_style("caption"), dict(tree, grounding=g_tree))
    scan = photostore.get_by_path(db, str(library / "Scans" / "old.jpg"))
    assert resolve.load(db, scan).event is None  # "Scans" is not an occasion


def test_list_json_marks_the_clock(library: Path, capsys) -> None:
    assert main(["index", str(library), "--json"]) == 0
    capsys.readouterr()
    assert main(["list", "--json"]) == 0
    rows = {Path(r["path"]).name: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows["reset.jpg"]["clock_looks_wrong"] is True and rows["reset.jpg"]["folder_date"] == "2019-07-14"
    assert rows["fine.jpg"]["clock_looks_wrong"] is False
    assert rows["tree.jpg"]["folder_date"] == "2018" and rows["old.jpg"]["folder_date"] is None
