"""PyInstaller runtime hook: runs inside the bundle before Albumwise starts.

1. exiftool: if no ``ALBUMWISE_EXIFTOOL`` is set and an exiftool was shipped with the bundle, point
   the app at it (``albumwise doctor`` then shows that path). Looked for, in order: next to the
   executable (``exiftool`` / ``exiftool.exe``), then in an ``exiftool/`` folder next to it or inside
   the bundle's internal folder. Otherwise the app finds exiftool on PATH as usual.
2. ``ALBUMWISE_BUNDLE_SELFTEST=1``: import every native library the app needs (by name, so this
   check adds nothing to the bundle by itself), load sqlite-vec into a sqlean connection, render the
   icon with Qt offscreen, print one line per check, and exit: proves the hidden imports are complete.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _bundled_exiftool() -> str | None:
    exe_dir = Path(sys.executable).resolve().parent
    internal = Path(getattr(sys, "_MEIPASS", exe_dir))
    name = "exiftool.exe" if os.name == "nt" else "exiftool"
    for candidate in (exe_dir / name, exe_dir / "exiftool" / name, internal / "exiftool" / name):
        if candidate.is_file() and (os.name == "nt" or os.access(candidate, os.X_OK)):
            return str(candidate)
    return None


def _selftest() -> int:
    import importlib

    failures = 0
    for name in (
        "PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtSvg", "qasync",
        "PIL.Image", "pillow_heif", "rawpy", "numpy", "sqlean", "sqlite_vec", "sqlite_utils",
        "ollama", "httpx", "exiftool", "defusedxml.ElementTree", "platformdirs", "app.cli.main",
    ):
        try:
            importlib.import_module(name)
            print(f"ok   import {name}")
        except Exception as exc:  # noqa: BLE001 - report every failure, not just the first
            failures += 1
            print(f"FAIL import {name}: {exc.__class__.__name__}: {exc}")
    try:
        sqlean = importlib.import_module("sqlean")
        sqlite_vec = importlib.import_module("sqlite_vec")
        conn = sqlean.connect(":memory:")
        conn.enable_load_extension(True)
        sqlite_vec.load(conn)
        print(f"ok   sqlite-vec {conn.execute('select vec_version()').fetchone()[0]} on SQLite {sqlean.sqlite_version}")
    except Exception as exc:  # noqa: BLE001
        failures += 1
        print(f"FAIL sqlite-vec: {exc.__class__.__name__}: {exc}")
    try:
        pillow_heif = importlib.import_module("pillow_heif")
        pillow_heif.register_heif_opener()
        print(f"ok   libheif {pillow_heif.libheif_version()}")
        rawpy = importlib.import_module("rawpy")
        print(f"ok   libraw {rawpy.libraw_version}")
    except Exception as exc:  # noqa: BLE001
        failures += 1
        print(f"FAIL image libraries: {exc.__class__.__name__}: {exc}")
    try:
        geocoder = importlib.import_module("app.grounding.geocoder")
        place = geocoder.lookup_one(43.78559, 11.23462)
        assert place is not None and place.city == "Florence", place
        print(f"ok   places offline ({place.city}, {place.country})")
    except Exception as exc:  # noqa: BLE001
        failures += 1
        print(f"FAIL places: {exc.__class__.__name__}: {exc}")
    try:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        qtgui = importlib.import_module("PySide6.QtGui")
        qtsvg = importlib.import_module("PySide6.QtSvg")
        resources = importlib.import_module("app.resources")
        app = qtgui.QGuiApplication([sys.argv[0]])
        icon = resources.resource_path("icons", "albumwise.svg")
        renderer = qtsvg.QSvgRenderer(str(icon))
        image = qtgui.QImage(64, 64, qtgui.QImage.Format.Format_ARGB32)
        painter = qtgui.QPainter(image)
        renderer.render(painter)
        painter.end()
        if not renderer.isValid():
            raise RuntimeError(f"cannot render {icon}")
        print(f"ok   Qt {importlib.import_module('PySide6.QtCore').qVersion()} ({app.platformName()}) rendered {icon.name}")
    except Exception as exc:  # noqa: BLE001
        failures += 1
        print(f"FAIL Qt: {exc.__class__.__name__}: {exc}")
    print(f"exiftool: {os.environ.get('ALBUMWISE_EXIFTOOL') or 'from PATH'}")
    print("selftest: " + ("FAILED" if failures else "passed"))
    return 1 if failures else 0


if not os.environ.get("ALBUMWISE_EXIFTOOL"):
    _found = _bundled_exiftool()
    if _found:
        os.environ["ALBUMWISE_EXIFTOOL"] = _found

if os.environ.get("ALBUMWISE_BUNDLE_SELFTEST") == "1":
    _code = _selftest()
    sys.stdout.flush()
    os._exit(_code)  # skip Qt's teardown: the verdict is already printed
