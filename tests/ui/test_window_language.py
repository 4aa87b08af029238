"""The window speaks the person's language: German and French from the environment, the setting or
the system's locale; menus, plurals, the detail pane and dialogs translated; numbers and dates in
the language's own way; the setting persists; captions follow the window's language unless the
person chose one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any, Iterator

import pytest

from app.config import Settings, load_settings, save_settings
from tests.ui.helpers import run, until

pytestmark = pytest.mark.gui


def _english_again(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.ui import i18n

    monkeypatch.setenv("ALBUMWISE_LANGUAGE", "en")
    i18n.install(qapp)


@pytest.fixture
def german(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The next window starts in German (ALBUMWISE_LANGUAGE=de); English again afterwards."""
    monkeypatch.setenv("ALBUMWISE_LANGUAGE", "de")
    yield
    _english_again(qapp, monkeypatch)


@pytest.fixture
def french_setting(qapp: Any, library: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The setting says French (no environment variable): the next window starts in French."""
    monkeypatch.delenv("ALBUMWISE_LANGUAGE")
    save_settings(library["paths"], Settings(ui_language="fr"))
    yield
    _english_again(qapp, monkeypatch)


def _menus(window: Any) -> dict[str, list[str]]:
    return {a.text(): [x.text() for x in a.menu().actions() if not x.isSeparator()]
            for a in window.menuBar().actions() if a.menu() is not None}


def _mnemonic(text: str) -> str | None:
    i = text.replace("&&", "").find("&")
    return text.replace("&&", "")[i + 1].lower() if i >= 0 else None


def _show_first_photo(window: Any) -> None:
    async def flow() -> None:
        await until(lambda: window.model.rowCount() == 3, msg="photos")
        window.select_id(window.library["ids"][0])
        await until(lambda: window.detail.photo_id == window.library["ids"][0], msg="detail")

    run(flow())


def test_the_window_starts_in_german(german: None, window: Any) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from app.ui import i18n

    assert i18n.current() == "de"
    menus = _menus(window)
    assert list(menus) == ["&Datei", "&Beschriften", "&Prüfen", "&Foto", "&Ansicht"]
    assert "&Freigeben" in menus["&Prüfen"] and "Auswahl &beschriften" in menus["&Beschriften"]
    assert window.action("approve").shortcut().toString() == "A"  # the keys stay the same
    assert window.action("approve_next").shortcut().toString() == "Shift+A"
    assert window.action("approve").toolTip() == "Die ausgewählten Bildunterschriften freigeben (A)"
    assert window.action("pause").toolTip().endswith("(Strg+P)")  # Qt's own words for the keys
    _show_first_photo(window)
    assert window.count_label.text() == "3 Fotos"  # a plural
    d = window.detail
    assert (d.approve_btn.text(), d.reject_btn.text(), d.save_btn.text()) == ("Freigeben", "Ablehnen",
                                                                                 "Änderung speichern")
    assert d.state_label.text() == "Noch keine Bildunterschrift"
    assert d.facts.labelForField(d._fact_labels["Date"]).text() == "Datum:"
    assert "px" in d._fact_labels["Size"].text() and ("KB" in d._fact_labels["Size"].text()
                                                     or "MB" in d._fact_labels["Size"].text())
    assert window.sidebar_model.smart_index("review").data().startswith("Zu prüfen")
    window.open_settings()
    dlg = window.settings_dialog
    assert dlg.windowTitle() == "Albumwise-Einstellungen"
    assert [dlg.tabs.tabText(i) for i in range(dlg.tabs.count())][-1] == "Sprache"
    buttons = dlg.findChild(QDialogButtonBox)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Abbrechen"  # Qt's translation
    dlg.reject()
    window.search.setText("nichts-passt-hierzu")
    run(until(lambda: window.count_label.text() == "0 Treffer", msg="0 Treffer"))
    assert window.grid.empty_text.startswith("Nichts gefunden für „nichts-passt-hierzu“.")


def test_the_window_starts_in_french_from_the_setting(french_setting: None, window: Any) -> None:
    from app.ui import i18n

    assert i18n.current() == "fr"
    menus = _menus(window)
    assert list(menus) == ["&Fichier", "&Légendes", "&Vérification", "&Photo", "&Affichage"]
    _show_first_photo(window)
    assert window.count_label.text() == "3 photos"
    window.status.say("x")
    window.status.run_finished(cancelled=1)
    assert window.status.message == "1 photo en file d’attente annulée"  # singular, agreeing
    window.status.run_finished(cancelled=2)
    assert window.status.message == "2 photos en file d’attente annulées"
    assert window.detail.approve_btn.text() == "Approuver"
    assert window.detail.editor.placeholderText().startswith("Pas encore de légende.")
    from app.ui.dialogs.regenerate import RegenerateDialog

    dlg = RegenerateDialog(window.ctx.settings, window)
    assert dlg.windowTitle() == "Légender à nouveau"
    assert [dlg.style_pick.itemText(i) for i in range(dlg.style_pick.count())][:2] == ["courte", "détaillée"]
    dlg.reject()


@pytest.fixture(params=["en", "de", "fr"])
def language(request: Any, qapp: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The next window starts in this language."""
    monkeypatch.setenv("ALBUMWISE_LANGUAGE", request.param)
    yield request.param
    _english_again(qapp, monkeypatch)


def test_each_menu_has_distinct_mnemonics(language: str, window: Any) -> None:
    """One letter per entry in each menu and in the menu bar; the undo entry keeps its letter in
    every wording it takes ("Undo write of NAME", "Undo last write…")."""
    from PySide6.QtCore import QCoreApplication

    menus = _menus(window)
    bar = [_mnemonic(t) for t in menus]
    assert None not in bar and len(set(bar)) == len(bar), list(menus)
    for title, entries in menus.items():
        letters = [_mnemonic(t) for t in entries]
        assert None not in letters and len(set(letters)) == len(letters), (title, entries)
    undo = window.action("undo_write").text()
    wordings = [QCoreApplication.translate("MainWindow", "&Undo write of {name}").format(name="IMG_1.jpg"),
                QCoreApplication.translate("MainWindow", "&Undo last write…")]
    assert {_mnemonic(w) for w in wordings} == {_mnemonic(undo)}, (undo, wordings)


def test_numbers_and_dates_follow_the_language(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.ui import i18n
    from app.ui.widgets.detail_text import file_size, taken_text

    try:
        for lang, number, size, date in (
                ("de", "1.204", "4,2 MB", "Sonntag, 14. Juli 2019, 15:20"),
                ("fr", "1\u202f204", "4,2 Mo", "dimanche 14 juillet 2019, 15:20"),
                ("en", "1,204", "4.2 MB", "Sunday, July 14, 2019, 3:20\u202fPM")):
            monkeypatch.setenv("ALBUMWISE_LANGUAGE", lang)
            i18n.install(qapp)
            assert (i18n.number(1204), file_size(4_200_000), taken_text("2019-07-14T15:20:00")) == (number, size, date)
    finally:
        _english_again(qapp, monkeypatch)


def test_the_system_language_decides_without_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QLocale

    from app.ui import i18n

    monkeypatch.delenv("ALBUMWISE_LANGUAGE")
    assert i18n.choose("", QLocale("de_AT")) == "de"  # a German-speaking system: German
    assert i18n.choose("", QLocale("fr_CA")) == "fr"
    assert i18n.choose("", QLocale("ja_JP")) == "en"  # none shipped: English
    assert i18n.choose("en", QLocale("de_DE")) == "en"  # the setting wins over the system
    assert i18n.choose("fr", QLocale("de_DE")) == "fr"
    monkeypatch.setenv("ALBUMWISE_LANGUAGE", "de")
    assert i18n.choose("fr", QLocale("en_US")) == "de"  # one start's variable wins over both


def test_a_german_system_starts_the_window_in_german() -> None:
    """The real thing: LANG=de_DE.UTF-8, no setting, no variable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k not in ("LANG", "LANGUAGE",
                                                                                          "ALBUMWISE_LANGUAGE")}
    env.update(LANG="de_DE.UTF-8", QT_QPA_PLATFORM="offscreen")
    code = ("from PySide6.QtWidgets import QApplication\nfrom app.ui.app import make_qapp\nfrom app.ui import i18n\n"
            "from PySide6.QtCore import QCoreApplication as Q\nmake_qapp()\n"
            "print(i18n.current(), Q.translate('MainWindow', '&File'), i18n.caption_language())")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["de", "&Datei", "German"]


def test_the_language_setting_persists(window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    window.open_settings()
    dlg = window.settings_dialog
    choice = dlg.window_language.choice
    assert [choice.itemText(i) for i in range(choice.count())][1:] == ["Deutsch", "English", "Français"]
    assert choice.itemText(0).startswith("System (")
    choice.setCurrentIndex(choice.findData("de"))
    dlg.accept()
    saved = json.loads(window.ctx.paths.settings_path.read_text(encoding="utf-8"))
    assert saved["ui_language"] == "de"
    window.open_settings()
    assert window.settings_dialog.window_language.choice.currentData() == "de"  # shown as saved
    window.settings_dialog.reject()
    from PySide6.QtCore import QCoreApplication

    from app.ui.app import make_qapp

    monkeypatch.delenv("ALBUMWISE_LANGUAGE")
    try:
        make_qapp()  # the next start
        assert QCoreApplication.translate("MainWindow", "&File") == "&Datei"
    finally:
        _english_again(QCoreApplication.instance(), monkeypatch)


def test_captions_follow_the_window_language_unless_chosen(german: None, window: Any) -> None:
    """A German window and no caption language chosen: captions in German, and the file still says
    nothing was chosen (a French window later gets French captions). A language chosen in the
    settings stays, even English."""
    from app.captioning.run_types import RunConfig

    ctx = window.ctx
    assert ctx.caption_language_follows and ctx.settings.language == "German"
    assert RunConfig.from_settings(ctx.settings).language == "German"
    window.open_settings()
    dlg = window.settings_dialog
    assert dlg.language.currentIndex() == 0 and dlg.language.currentText() == "Wie das Fenster (Deutsch)"
    assert "German" in dlg.preview.toPlainText()  # the prompt asks for German
    dlg.accept()
    assert "language" not in json.loads(ctx.paths.settings_path.read_text(encoding="utf-8"))
    window.open_settings()
    dlg = window.settings_dialog
    dlg.language.setCurrentIndex(dlg.language.findData("English"))
    assert dlg.language.currentText() == "Englisch"
    dlg.accept()
    assert load_settings(ctx.paths).language == "English" and not ctx.caption_language_follows
    window.open_settings()
    assert window.settings_dialog.language.currentData() == "English"
    window.settings_dialog.reject()


def test_the_full_size_viewer_opens_and_says_it_is_loading(german: None, window: Any) -> None:
    _show_first_photo(window)
    window.open_viewer()
    assert window.viewer is not None and window.viewer.isVisible()
    assert window.viewer.note.text() == "Wird geladen …"
    run(until(lambda: window.viewer.note.isHidden(), msg="the picture replaces the note"))
    assert window.viewer.image.shown_rect().width() > 0
    window.viewer.close()


def _settle(widget: Any, w: int, h: int) -> None:
    from PySide6.QtWidgets import QApplication

    from PySide6.QtTest import QTest

    widget.resize(w, h)
    for _ in range(3):  # a scroll bar that appears narrows the pane: let the layout follow
        QApplication.processEvents()
        QTest.qWait(20)


def _clipped(container: Any) -> list[str]:
    """Visible buttons, check boxes, combo boxes and one-line labels in ``container`` that are
    narrower than their text needs or stick out of it."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel

    out = []
    for w in container.findChildren(QAbstractButton) + container.findChildren(QComboBox) + \
            container.findChildren(QLabel):
        if not w.isVisibleTo(container) or w.width() <= 0:
            continue
        if isinstance(w, QLabel) and (w.wordWrap() or not w.text() or w.pixmap() is not None and not w.text()):
            continue
        name = w.text() if hasattr(w, "text") else w.currentText()
        if w.width() < w.minimumSizeHint().width():
            out.append(f"{name!r} squeezed ({w.width()} < {w.minimumSizeHint().width()})")
        if not container.rect().contains(QRect(w.mapTo(container, QPoint(0, 0)), w.size())):
            out.append(f"{name!r} outside its window")
    return out


def test_german_and_french_texts_fit_a_small_window(language: str, window: Any) -> None:
    """800×560 and 800×600: the detail pane's buttons (the conflict's Resolve too) are whole and
    reachable; the longer words wrap rather than being cut."""
    window.show()
    _show_first_photo(window)
    d = window.detail
    # a short path: a long one without spaces widens the pane in any language (its words cannot wrap)
    photo = dict(d.photo, caption="A caption", caption_state="conflict", path="/photos/album/a.jpg")
    for size in ((800, 560), (800, 600)):
        _settle(window, *size)
        d.show_photo(photo)
        _settle(window, *size)
        viewport = d.scroll.viewport()
        assert not d.scroll.horizontalScrollBar().isVisible()
        for b in (d.save_btn, d.approve_btn, d.next_btn, d.reject_btn, d.resolve_btn):
            top_left = b.mapTo(viewport, b.rect().topLeft())
            assert viewport.rect().contains(b.rect().translated(top_left)), \
                f"{b.text()} cut off at {size}: {b.rect().translated(top_left)} not in {viewport.rect()}"
            assert b.width() >= b.minimumSizeHint().width(), f"{b.text()} squeezed at {size}"
        assert d.state_label.width() <= viewport.width()


def test_german_and_french_dialogs_fit_an_800_by_600_screen(language: str, window: Any) -> None:
    from app.ui.dialogs.conflict import ConflictDialog
    from app.ui.dialogs.first_run import FirstRunDialog
    from app.ui.dialogs.regenerate import RegenerateDialog

    window.open_settings()
    dlg = window.settings_dialog
    dlg.show()
    size = dlg.sizeHint()  # the size it opens at
    assert size.width() <= 800 and size.height() <= 600, f"the settings need {size.width()}×{size.height()}"
    for i in range(dlg.tabs.count()):
        dlg.tabs.setCurrentIndex(i)
        _settle(dlg, size.width(), size.height())
        problems = _clipped(dlg)
        assert not problems, (dlg.tabs.tabText(i), problems)
    dlg.reject()
    conflict = ConflictDialog("/photos/a.jpg", {"mine": "Mine.", "theirs": "Theirs.", "theirs_source": "XMP",
                                                "fields": [{"field": "XMP-dc:Description"}]}, window)
    regenerate = RegenerateDialog(window.ctx.settings, window)
    first = FirstRunDialog(window.ctx, window, auto_check=False)
    for box in (conflict, regenerate, first):
        box.show()
        _settle(box, box.minimumSizeHint().width(), box.minimumSizeHint().height())
        assert not _clipped(box), (box.windowTitle(), _clipped(box))
        box.close()


def test_the_detail_facts_are_worded_in_the_window_language(german: None, window: Any) -> None:
    """Where, who and when come from the library in English; the pane words them in German: the
    folder's date when the camera's clock looks wrong, where the place came from, who may appear."""
    from app.facts import clock
    from app.facts.grounding import FolderContext, Grounding
    from app.facts.occasion import FolderOccasion

    _show_first_photo(window)
    d = window.detail
    checked = clock.check("2008-05-08T09:54:00", FolderOccasion(date="2019-07", span=("2019-07-01", "2019-07-31")))
    assert checked.wrong and checked.kind == "folder" and checked.folder == "2019-07"
    g = Grounding(city="Florenz", country="Italien", place_source="file+gps", people=[{"name": "Anna"}],
                  event="Sommerfest", event_source="user", folder_date="2019-07", clock_wrong=True,
                  clock_note=checked.reason, clock_kind=checked.kind, clock_folder=checked.folder,
                  context=FolderContext(people=["Ben"]))
    d.show_photo(dict(d.photo, taken_at="2008-05-08T09:54:00", gps_lat=None, gps_lon=None, grounding=g))
    facts = {k: label.text() for k, label in d._fact_labels.items()}
    assert facts["Date"] == ("Juli 2019 (laut Ordnername)\nUhr scheint falsch: Die Kamera sagt "
                             "Donnerstag, 8. Mai 2008, 09:54, der Ordner sagt Juli 2019")
    assert facts["Place"] == "Florenz, Italien  (aus Datei und GPS)"
    assert facts["People"] == "Anna  (vielleicht zu sehen: Ben)"
    assert facts["Occasion"] == "Sommerfest  (von Ihnen festgelegt)"
    near = Grounding(near="Ventnor", place_km=0.5, region="England", country="United Kingdom", place_source="gps")
    d.show_photo(dict(d.photo, gps_lat=50.59, gps_lon=-1.2, grounding=near))
    assert d._fact_labels["Place"].text() == "bei Ventnor (0,5 km), England, United Kingdom  (aus GPS)\n50.59000, -1.20000"
    sea = Grounding(near="Ventnor", place_km=44.2, at_sea=True, place_source="gps")
    d.show_photo(dict(d.photo, gps_lat=None, gps_lon=None, grounding=sea))
    assert d._fact_labels["Place"].text() == "auf See, 44 km vor Ventnor  (aus GPS)"
    d.show_photo(dict(d.photo, taken_at=None, gps_lat=None, gps_lon=None, grounding=None))
    assert (d._fact_labels["Date"].text(), d._fact_labels["Place"].text()) == ("unbekannt", "kein Ort")


def test_the_toolbar_fits_a_1280_wide_window_in_every_language(language: str, window: Any) -> None:
    """No button of the toolbar is pushed into its overflow menu on a 1280×800 laptop screen: the
    labelled buttons carry a short text, the menus the full one."""
    window.show()
    _settle(window, 1280, 800)
    hidden = [a.toolTip() for a in window.toolbar.actions()
              if not a.isSeparator() and not window.toolbar.widgetForAction(a).isVisible()]
    assert not hidden, hidden


@pytest.mark.parametrize(("lang", "want"), [("en", "“Anna”, “Eiffel Tower”"), ("de", "„Anna“, „Eiffel Tower“"),
                                            ("fr", "«\u00a0Anna\u00a0», «\u00a0Eiffel Tower\u00a0»")])
def test_names_in_the_approve_question_are_quoted_the_language_s_way(
        lang: str, want: str, qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.ui import approve_flow, i18n

    monkeypatch.setenv("ALBUMWISE_LANGUAGE", lang)
    try:
        i18n.install(qapp)
        assert want in approve_flow.question_text(["Anna", "Eiffel Tower"])
    finally:
        _english_again(qapp, monkeypatch)


def test_a_system_language_not_shipped_keeps_an_english_window_and_its_own_captions(
        qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Spanish system: the window is English (no Spanish translation ships), captions Spanish;
    a person who prefers Spanish, then French, gets a French window."""
    from PySide6.QtCore import QLocale

    from app.ui import i18n

    monkeypatch.delenv("ALBUMWISE_LANGUAGE")
    try:
        assert i18n.install(qapp, "", QLocale("es_ES")) == "en"
        assert i18n.caption_language() == "Spanish"
        assert i18n.system_choice(QLocale("es_ES")) == "en"

        class SpanishThenFrench:
            def uiLanguages(self) -> list[str]:  # noqa: N802 - QLocale's name
                return ["es-ES", "fr-FR", "en-US"]

        assert i18n.system_choice(SpanishThenFrench()) == "fr"  # type: ignore[arg-type]
    finally:
        _english_again(qapp, monkeypatch)


def test_the_first_run_check_of_exiftool_is_worded_in_the_window_language(
        german: None, qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The doctor's finding comes in English with its facts beside it; the window words it."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from app.ui import i18n
    from app.ui.checks import check_exiftool

    i18n.install(qapp)
    with ThreadPoolExecutor(1) as pool:
        ok, headline, _ = asyncio.run(check_exiftool(pool))
        assert ok and headline.startswith("exiftool ") and " unter /" in headline and " at " not in headline
        monkeypatch.setenv("PATH", "/nonexistent")
        monkeypatch.delenv("ALBUMWISE_EXIFTOOL", raising=False)
        ok, headline, fix = asyncio.run(check_exiftool(pool))
    assert not ok and headline.startswith("exiftool nicht im Suchpfad (PATH) gefunden."), headline
