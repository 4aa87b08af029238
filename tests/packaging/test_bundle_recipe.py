"""The PyInstaller recipe: shell scripts parse, the runtime hook finds a shipped exiftool, and (opt-in,
``ALBUMWISE_TEST_BUNDLE=1``, ~1 min of CPU) the whole bundle builds and passes its smoke test."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"


@pytest.mark.parametrize("script", sorted(p.name for p in PACKAGING.glob("*.sh")))
def test_shell_scripts_parse(script: str) -> None:
    out = subprocess.run(["bash", "-n", str(PACKAGING / script)], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr


def test_spec_and_hook_are_valid_python() -> None:
    for name in ("albumwise.spec", "pyi_rth_albumwise.py", "pyinstaller_entry.py"):
        compile((PACKAGING / name).read_text(encoding="utf-8"), name, "exec")


def _load_hook(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ALBUMWISE_EXIFTOOL", "/preset/by/user")  # module-level code must keep it
    monkeypatch.delenv("ALBUMWISE_BUNDLE_SELFTEST", raising=False)
    spec = importlib.util.spec_from_file_location("pyi_rth_albumwise", PACKAGING / "pyi_rth_albumwise.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert os.environ["ALBUMWISE_EXIFTOOL"] == "/preset/by/user", "a user's ALBUMWISE_EXIFTOOL was overridden"
    return module


@pytest.mark.skipif(os.name == "nt", reason="POSIX executable bits")
def test_runtime_hook_prefers_an_exiftool_shipped_next_to_the_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = _load_hook(monkeypatch)
    bundle = tmp_path / "albumwise"
    (bundle / "_internal").mkdir(parents=True)
    monkeypatch.setattr(sys, "executable", str(bundle / "albumwise"))
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle / "_internal"), raising=False)
    assert hook._bundled_exiftool() is None

    inner = bundle / "_internal" / "exiftool" / "exiftool"
    inner.parent.mkdir()
    inner.write_text("#!/bin/sh\n")
    assert hook._bundled_exiftool() is None, "a non-executable file is not an exiftool"
    inner.chmod(0o755)
    assert hook._bundled_exiftool() == str(inner)

    beside = bundle / "exiftool"
    beside.write_text("#!/bin/sh\n")
    beside.chmod(0o755)
    assert hook._bundled_exiftool() == str(beside), "next to the executable wins"


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("ALBUMWISE_TEST_BUNDLE") != "1", reason="set ALBUMWISE_TEST_BUNDLE=1")
def test_linux_bundle_builds_and_passes_its_smoke_test() -> None:
    if not sys.platform.startswith("linux") or not shutil.which("bash"):
        pytest.skip("Linux only")
    out = subprocess.run(
        ["bash", str(PACKAGING / "build-linux.sh")],
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, "PYTHON": sys.executable},
    )
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-4000:]
    assert "passed its smoke test" in out.stdout
    assert "selftest: passed" in out.stdout
    # The AppImage recipe wraps that bundle into an AppDir that runs (packing needs appimagetool).
    out = subprocess.run(
        ["bash", str(PACKAGING / "build-appimage.sh")], capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-4000:]
    appdir = REPO / "dist" / "Albumwise.AppDir"
    for rel in ("AppRun", "albumwise.desktop", ".DirIcon", "usr/lib/albumwise/albumwise",
                "usr/share/icons/hicolor/256x256/apps/albumwise.png",
                "usr/share/metainfo/io.github.albumwise.Albumwise.metainfo.xml"):
        assert (appdir / rel).exists(), rel
