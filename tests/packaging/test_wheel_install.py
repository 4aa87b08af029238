"""A wheel built from the repository carries the app, every resource and the console scripts, and an
installed copy finds its resources (venv install as pip/pipx do it, and a separate --prefix install as
``pip install --user`` does it)."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

# What a wheel needs from the checkout; nothing else is copied (no .venv, no build/ litter in the repo).
SOURCES = ("app", "resources", "pyproject.toml", "README.md", "LICENSE")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".pytest_cache")


# Folders of resources/ that are documentation, not used by the running app: not installed.
DOC_ONLY = ("screenshots",)


def resource_files() -> list[str]:
    """Every file under resources/ the app may use, as a path relative to it."""
    root = REPO / "resources"
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and not p.name.endswith(".pyc")
        and p.relative_to(root).parts[0] not in DOC_ONLY
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=IGNORE)
        elif path.is_file():
            shutil.copy2(path, src / name)
    out = tmp_path_factory.mktemp("wheelhouse")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    (whl,) = out.glob("albumwise-*.whl")
    return whl


def test_wheel_holds_every_resource_and_the_console_scripts(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        (data_prefix,) = {n.split("/")[0] for n in names if n.split("/")[0].endswith(".data")}
        (dist_info,) = {n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info")}
        entry_points = zf.read(f"{dist_info}/entry_points.txt").decode()
    shipped = {n.split("/share/albumwise/", 1)[1] for n in names if "/data/share/albumwise/" in n}
    missing = sorted(set(resource_files()) - shipped)
    assert not missing, f"resources not in the wheel (add their folder to [tool.setuptools.data-files]): {missing}"
    assert f"{data_prefix}/data/share/applications/albumwise.desktop" in names
    assert f"{data_prefix}/data/share/metainfo/albumwise.metainfo.xml" in names
    assert f"{data_prefix}/data/share/icons/hicolor/scalable/apps/albumwise.svg" in names
    assert "app/cli/main.py" in names and "app/__main__.py" in names
    assert any(n.startswith(f"{dist_info}/") and "LICENSE" in n for n in names), "the licence text ships"
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    scripts = {**project["scripts"], **project.get("gui-scripts", {})}
    assert "albumwise" in scripts
    for name, target in scripts.items():
        assert f"{name} = {target}" in entry_points
        module, _, func = target.partition(":")
        assert callable(getattr(importlib.import_module(module), func)), f"{name} points at nothing: {target}"


def _deps_pth(target_python: Path) -> None:
    """Let a fresh venv see this venv's third-party packages (PySide6 & co.) without downloading them."""
    purelib = Path(sysconfig.get_paths()["purelib"])
    site = Path(
        subprocess.run(
            [str(target_python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site / "zz_albumwise_test_deps.pth").write_text(f"{purelib}\n", encoding="utf-8")


def _pip_install(target_python: Path, *args: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(target_python), "install", "--no-deps", "-q", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


def test_venv_install_gives_a_working_albumwise_that_finds_its_resources(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _deps_pth(py)
    _pip_install(py, str(wheel))
    exe = env_dir / "bin" / "albumwise"
    run_env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    run_env.pop("PYTHONPATH", None)
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=120, env=run_env, cwd=tmp_path)
    from app import __version__

    assert out.returncode == 0 and out.stdout.strip() == f"albumwise {__version__}", out.stderr
    code = "import app, app.resources as r; print(app.__file__); print(r.resource_dir())"
    out = subprocess.run([str(py), "-c", code], capture_output=True, text=True, timeout=120, env=run_env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    module_file, res_dir = out.stdout.split("\n")[:2]
    assert Path(module_file).resolve().is_relative_to(env_dir.resolve()), "imported the checkout, not the install"
    assert Path(res_dir) == (env_dir / "share" / "albumwise").resolve()
    for rel in resource_files():
        assert (Path(res_dir) / rel).is_file(), rel
    code = ("from PySide6.QtCore import QCoreApplication, QLocale, QTranslator\nfrom app.ui import i18n\n"
            "t = QTranslator()\nt.load(QLocale('de_DE'), 'albumwise', '_', i18n.folder())\n"
            "print(' '.join(i18n.shipped()), t.translate('MainWindow', '&File'), sep='|')")
    out = subprocess.run([str(py), "-c", code], capture_output=True, text=True, timeout=120, env=run_env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    languages, file_menu = out.stdout.strip().split("|")
    assert {"de", "en", "fr"} <= set(languages.split()), "the installed copy finds the compiled translations"
    assert file_menu == "&Datei"


def test_wheel_carries_the_compiled_translations(wheel: Path) -> None:
    """The window's languages ship compiled (.qm), not only as the translators' .ts files."""
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    compiled = {n.rsplit("/", 1)[1] for n in names if "/data/share/albumwise/i18n/" in n and n.endswith(".qm")}
    assert {"albumwise_de.qm", "albumwise_fr.qm"} <= compiled, compiled


def test_other_prefix_install_finds_resources_through_the_installed_file_list(wheel: Path, tmp_path: Path) -> None:
    """``pip install --user`` puts share/ under ~/.local, not under sys.prefix: still found."""
    prefix = tmp_path / "prefix"
    proc = subprocess.run(
        # --ignore-installed: without it pip first uninstalls the albumwise of the venv running the tests
        [sys.executable, "-m", "pip", "install", "--no-deps", "--ignore-installed", "-q", "--prefix", str(prefix),
         str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    (site,) = prefix.glob("lib/python*/site-packages")
    run_env = {**os.environ, "PYTHONPATH": str(site), "PYTHONDONTWRITEBYTECODE": "1"}
    run_env.pop("ALBUMWISE_RESOURCES", None)
    code = "import app, app.resources as r; print(app.__file__); print(r.resource_dir())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=run_env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    module_file, res_dir = out.stdout.split("\n")[:2]
    assert Path(module_file).resolve().is_relative_to(prefix.resolve())
    assert Path(res_dir) == (prefix / "share" / "albumwise").resolve()
