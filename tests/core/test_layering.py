"""The core must stay Qt-free: only app.ui may import PySide6 or qasync."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import app


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(app.__path__, prefix="app."):
        if info.name.startswith("app.ui") or info.name == "app.__main__":
            continue
        names.append(info.name)
    return names


def test_core_never_imports_qt() -> None:
    modules = core_modules()
    assert "app.store.db" in modules and "app.cli.main" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qasync', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"core modules imported Qt: {out.stdout.strip()}"
