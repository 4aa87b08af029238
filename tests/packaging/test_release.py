"""Release hygiene: one name (the old one is gone from the tree) and one version everywhere."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from defusedxml import ElementTree

REPO = Path(__file__).resolve().parents[2]
OLD_NAME = "photo" + "scribe"  # spelled in two halves so this file does not match itself
ALLOWED = {Path("README.md"): 1}  # the one "formerly called …" note


def tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True)
    return [Path(p) for p in out.stdout.decode("utf-8", "surrogateescape").split("\0") if p]


def test_old_name_is_gone_from_names_and_contents() -> None:
    found: dict[Path, int] = {}
    for rel in tracked_files():
        assert OLD_NAME not in str(rel).lower(), f"file name still carries the old name: {rel}"
        path = REPO / rel
        if not path.is_file():
            continue
        count = path.read_bytes().lower().count(OLD_NAME.encode())
        if count:
            found[rel] = count
    extra = {p: n for p, n in found.items() if n > ALLOWED.get(p, 0)}
    assert not extra, f"the old name is still in: {extra}"


def test_version_is_one_number_everywhere() -> None:
    from app import __version__

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "albumwise"
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "app.__version__"}

    root = ElementTree.parse(REPO / "resources" / "albumwise.metainfo.xml").getroot()
    releases = root.findall("releases/release")
    assert releases[0].get("version") == __version__, "the newest <release> comes first and is this version"
    for rel in releases:
        assert (rel.findtext("description/p") or "").strip(), f"release {rel.get('version')} has no note"
    dates = [rel.get("date") for rel in releases]
    assert dates == sorted(dates, reverse=True)

    out = subprocess.run([sys.executable, "-m", "app", "--version"], cwd=REPO, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"albumwise {__version__}"


def test_this_release_is_0_3_0() -> None:
    from app import __version__

    assert __version__ == "0.3.0"
