"""The desktop entry, AppStream metainfo and icons are well-formed and agree with each other."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from defusedxml import ElementTree
from PIL import Image, ImageChops

REPO = Path(__file__).resolve().parents[2]
RES = REPO / "resources"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive in desktop files
    parser.read(RES / "albumwise.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_launches_the_console_script_with_our_icon() -> None:
    entry = desktop_entry()
    for key in ("Type", "Name", "Comment", "Exec", "Icon", "Categories"):
        assert entry.get(key), f"desktop file lacks {key}"
    assert entry["Type"] == "Application"
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    command = entry["Exec"].split()[0]
    assert command in scripts, f"Exec runs {command!r}, not a console script of the package"
    assert entry["TryExec"] == command
    assert (RES / "icons" / f"{entry['Icon']}.svg").is_file()
    assert entry["Categories"].endswith(";") and "Photography" in entry["Categories"].split(";")
    assert entry["Terminal"] == "false"
    # Field codes other than %f/%F/%u/%U are deprecated or wrong for an app that opens one folder.
    assert all(tok in ("%f", "%F", "%u", "%U") for tok in entry["Exec"].split() if tok.startswith("%"))


def test_desktop_file_validates_when_the_validator_is_installed() -> None:
    tool = shutil.which("desktop-file-validate")
    if not tool:
        pytest.skip("desktop-file-validate not installed")
    out = subprocess.run([tool, str(RES / "albumwise.desktop")], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr


def test_metainfo_names_the_desktop_file_binary_and_license() -> None:
    root = ElementTree.parse(RES / "albumwise.metainfo.xml").getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id", "").count(".") >= 2, "AppStream ids are reverse-DNS"
    assert root.find("launchable").text == "albumwise.desktop"
    assert root.find("provides/binary").text == desktop_entry()["Exec"].split()[0]
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert root.findtext("project_license") == project["license"]
    from app import __version__

    versions = [r.get("version") for r in root.findall("releases/release")]
    assert __version__ in versions, f"metainfo has no <release> for {__version__}"


def test_metainfo_validates_when_appstreamcli_is_installed() -> None:
    tool = shutil.which("appstreamcli")
    if not tool:
        pytest.skip("appstreamcli not installed")
    out = subprocess.run(
        [tool, "validate", "--no-net", str(RES / "albumwise.metainfo.xml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_icon_pngs_exist_in_every_size_square_with_transparency() -> None:
    for size in ICON_SIZES:
        path = RES / "icons" / f"albumwise-{size}.png"
        assert path.is_file(), f"missing {path.name}: run packaging/make_icons.py"
        with Image.open(path) as im:
            assert im.size == (size, size)
            assert im.mode == "RGBA"
            assert im.getpixel((0, 0))[3] == 0, "corners are transparent (rounded icon)"
            assert im.getpixel((size // 2, size // 2))[3] == 255
    with Image.open(RES / "icons" / "albumwise.ico") as ico:
        assert (256, 256) in ico.info.get("sizes", set()) or ico.size == (256, 256)


@pytest.mark.gui
def test_icon_pngs_are_current_renders_of_the_svg(tmp_path: Path) -> None:
    """Editing the SVG without re-running make_icons.py would ship stale PNGs: catch that."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_icons", REPO / "packaging" / "make_icons.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.render_pngs(RES / "icons" / "albumwise.svg", tmp_path, (48, 256))
    for size in (48, 256):
        with Image.open(tmp_path / f"albumwise-{size}.png") as fresh, Image.open(
            RES / "icons" / f"albumwise-{size}.png"
        ) as shipped:
            extrema = ImageChops.difference(fresh.convert("RGBA"), shipped.convert("RGBA")).getextrema()
            diff = max(high for _low, high in extrema)
            assert diff <= 8, f"albumwise-{size}.png differs from the SVG render (max channel diff {diff})"
