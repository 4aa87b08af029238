"""The translation scaffold works end to end: strings marked with tr() are collected by
update-translations.sh, a translated .ts compiles to .qm, and Qt loads it by locale with the
fallback documented in resources/i18n/README.md."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

SAMPLE = '''
from PySide6.QtWidgets import QWidget


class ReviewBar(QWidget):
    def labels(self) -> list[str]:
        return [self.tr("Approve"), self.tr("Reject")]
'''


@pytest.mark.gui
def test_marked_strings_reach_a_compiled_translation_that_qt_loads(tmp_path: Path) -> None:
    if not (BIN / "pyside6-lupdate").exists():
        pytest.skip("pyside6-lupdate not installed")
    (tmp_path / "packaging").mkdir()
    shutil.copy2(REPO / "packaging" / "update-translations.sh", tmp_path / "packaging")
    (tmp_path / "app" / "ui").mkdir(parents=True)
    (tmp_path / "app" / "ui" / "review_bar.py").write_text(SAMPLE, encoding="utf-8")
    i18n = tmp_path / "resources" / "i18n"
    i18n.mkdir(parents=True)

    def update(*langs: str) -> None:
        out = subprocess.run(
            ["bash", str(tmp_path / "packaging" / "update-translations.sh"), *langs],
            capture_output=True,
            text=True,
            timeout=120,
            env={"PATH": "/usr/bin:/bin", "PYSIDE_BIN": str(BIN)},
        )
        assert out.returncode == 0, out.stdout + out.stderr

    update("de")
    template = (i18n / "albumwise.ts").read_text(encoding="utf-8")
    assert "<source>Approve</source>" in template and "<source>Reject</source>" in template
    german = i18n / "albumwise_de.ts"
    text = german.read_text(encoding="utf-8")
    assert 'language="de' in text
    # A translator's work: translate one of the two strings.
    text = text.replace(
        "<source>Approve</source>\n        <translation type=\"unfinished\"></translation>",
        "<source>Approve</source>\n        <translation>Freigeben</translation>",
    )
    assert "Freigeben" in text, "unexpected .ts layout from lupdate"
    german.write_text(text, encoding="utf-8")
    update()
    assert (i18n / "albumwise_de.qm").is_file()
    assert "Freigeben" in german.read_text(encoding="utf-8"), "updating lost the translation"

    from PySide6.QtCore import QLocale, QTranslator

    # No application object is created here: pytest-qt's QApplication must stay the only one.
    translator = QTranslator()
    assert translator.load(QLocale("de_AT"), "albumwise", "_", str(i18n)), "de_AT falls back to de"
    assert translator.translate("ReviewBar", "Approve") == "Freigeben"
    assert translator.translate("ReviewBar", "Reject") == "", "untranslated strings fall back to English"
    assert not QTranslator().load(QLocale("ja_JP"), "albumwise", "_", str(i18n))


@pytest.mark.gui
def test_window_strings_are_marked_and_the_app_installs_a_translation(qapp, tmp_path: Path) -> None:
    """The menus and actions are in the template, and make_qapp's loader makes Qt use a translation."""
    if not (BIN / "pyside6-lrelease").exists():
        pytest.skip("pyside6-lrelease not installed")
    from PySide6.QtCore import QCoreApplication, QLocale

    from app.ui.app import install_translation

    template = (REPO / "resources" / "i18n" / "albumwise.ts").read_text(encoding="utf-8")
    assert "<name>MainWindow</name>" in template and "<source>&amp;Approve</source>" in template
    german = tmp_path / "albumwise_de.ts"
    german.write_text(
        template.replace('<TS version="2.1"', '<TS version="2.1" language="de_DE"', 1).replace(
            "<source>&amp;Approve</source>\n        <translation type=\"unfinished\"></translation>",
            "<source>&amp;Approve</source>\n        <translation>&amp;Freigeben</translation>",
        ),
        encoding="utf-8",
    )
    assert "Freigeben" in german.read_text(encoding="utf-8"), "unexpected .ts layout"
    subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(german), "-qm", str(tmp_path / "albumwise_de.qm")],
                   check=True, timeout=60)
    try:
        assert install_translation(qapp, QLocale("de_CH"), str(tmp_path))
        assert QCoreApplication.translate("MainWindow", "&Approve") == "&Freigeben"
        assert not install_translation(qapp, QLocale("ja_JP"), str(tmp_path))  # no Japanese: English
        assert QCoreApplication.translate("MainWindow", "&Approve") == "&Approve"
    finally:
        from app.ui import i18n

        i18n.install(qapp)  # the shipped English again (with its plural forms) for the tests after this one
