"""The grounding contract as a user runs it: ``index``, ``list --json`` (place, people), ``search``
with plain words and ``place:``/``person:``/``event:``, ``context set/show``, ``export``. A real
subprocess, real files (copies of tests/data photos, regions written with exiftool), no network."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import Settings, app_paths, save_settings
from tests.conftest import DATA, REPO
from tests.exiftool_cli import exiftool

pytestmark = [pytest.mark.exiftool, pytest.mark.slow]
PHOTOS = DATA / "photos"


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ALBUMWISE_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    lib = tmp_path / "lib"
    (lib / "2019-07-14 Anna & Ben").mkdir(parents=True)
    faces = lib / "2019-07-14 Anna & Ben" / "couple.jpg"
    shutil.copy(PHOTOS / "Phone" / "Camera Roll" / "Apple iPhone 4.jpg", faces)  # GPS in Rome
    # Recipe: two named faces, Ben written first but standing right of Anna.
    exiftool("-q", "-overwrite_original",
             "-XMP-mwg-rs:RegionInfo={AppliedToDimensions={W=1296,H=968,Unit=pixel},RegionList=["
             "{Area={X=0.7,Y=0.4,W=0.1,H=0.15,Unit=normalized},Name=Ben Okafor,Type=Face},"
             "{Area={X=0.3,Y=0.4,W=0.1,H=0.15,Unit=normalized},Name=Anna Schmidt,Type=Face}]}",
             str(faces), check=True)
    shutil.copy(PHOTOS / "Phone" / "Camera Roll" / "HTC Desire.jpg", lib / "milan.jpg")  # GPS in Milan
    shutil.copy(PHOTOS / "Phone" / "Camera Roll" / "Samsung GT-I9000 (Galaxy S).jpg", lib / "nofix.jpg")  # GPS 0,0
    return lib


def test_list_search_and_context(isolated_home: Path, library: Path, tmp_path: Path) -> None:
    save_settings(app_paths(), Settings(embedding_model=""))
    r = _run("index", str(library), "--json", home=isolated_home)
    assert r.returncode == 0, r.stderr
    r = _run("list", "--json", home=isolated_home)
    rows = {Path(o["path"]).name: o for o in map(json.loads, r.stdout.splitlines())}
    assert {"city": "Rome", "region": "Lazio", "country": "Italy", "source": "gps"}.items() <= rows["couple.jpg"]["place"].items()
    assert rows["couple.jpg"]["people"] == ["Anna Schmidt", "Ben Okafor"]
    assert rows["milan.jpg"]["place"]["city"] == "Milan" and rows["milan.jpg"]["people"] == []
    assert rows["nofix.jpg"]["place"] is None  # 0,0 is no fix

    def found(*query: str) -> list[str]:
        out = _run("search", *query, "--json", home=isolated_home)
        assert out.returncode == 0, out.stderr
        return sorted(Path(o["path"]).name for o in json.loads(out.stdout))

    assert found("anna") == ["couple.jpg"]
    assert found("person:anna") == ["couple.jpg"]
    assert found("person:okafor") == ["couple.jpg"]
    assert found("milan") == ["milan.jpg"]
    assert found("place:italy") == ["couple.jpg", "milan.jpg"]
    assert found("place:lombardy") == ["milan.jpg"]
    assert found("event:anna") == ["couple.jpg"]
    assert found("person:carla") == []

    vocab = tmp_path / "keywords.txt"
    vocab.write_text("Places\n\tItaly\n\t\tMilan\nOccasions\n\tWedding {marriage}\n", encoding="utf-8")
    r = _run("context", "set", str(library), "--event", "Family trip", "--people", "Zoe, Max",
             "--notes", "Summer 2019", "--vocabulary", str(vocab), "--json", home=isolated_home)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["photos"] == 3 and out["context"]["people"] == ["Zoe", "Max"] and out["context"]["vocabulary_terms"] == 5
    r = _run("context", "show", str(library / "2019-07-14 Anna & Ben"), "--json", home=isolated_home)
    shown = json.loads(r.stdout)["context"]
    assert shown["event"] == "Family trip" and shown["set_on"]["event"] == str(library)  # inherited
    assert found("event:family") == ["couple.jpg", "milan.jpg", "nofix.jpg"]
    r = _run("context", "set", str(library / "milan.jpg").replace("milan.jpg", ""), "--place", "Como, Italy",
             home=isolated_home)
    assert r.returncode == 0, r.stderr
    r = _run("list", "--json", home=isolated_home)
    rows = {Path(o["path"]).name: o for o in map(json.loads, r.stdout.splitlines())}
    assert {"city": "Como", "region": None, "country": "Italy", "source": "user"}.items() <= rows["milan.jpg"]["place"].items()
    r = _run("context", "set", str(library), home=isolated_home)
    assert r.returncode == 2 and "say what to set" in r.stderr
