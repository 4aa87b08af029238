"""Regression: PySide6 6.12 on Python 3.11 drops a reference to None/True/False on every void or
bool call; without ``app.ui.qtfix`` a few thousand calls abort the process (none_dealloc)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

LOOP = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, {repo!r})
    if {fix}:
        import app.ui  # applies the fix
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QImage, QPainter, QColor
    r = QRect()
    img = QImage(8, 8, QImage.Format.Format_RGB32)
    p = QPainter(img)
    for i in range(200_000):
        r.setX(i)                 # void -> None
        r.isNull()                # bool
        p.fillRect(0, 0, 2, 2, QColor("red"))
        p.save(); p.restore()
    p.end()
    print("survived")
""")


REPO = Path(__file__).resolve().parents[2]


def _run(fix: bool) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", LOOP.format(repo=str(REPO), fix=fix)], capture_output=True,
                          text=True, timeout=120)


def test_many_qt_calls_survive_with_the_fix():
    res = _run(True)
    assert res.returncode == 0 and "survived" in res.stdout, res.stderr[-800:]


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_the_bug_is_real_without_the_fix():
    """If this starts passing (the process survives), the wheel is fixed and qtfix can go."""
    res = _run(False)
    assert res.returncode != 0 and "dealloc" in res.stderr
