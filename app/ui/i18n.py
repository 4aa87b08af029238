"""The window's language: which translation is loaded, and the caption language that goes with it.

Which language the window speaks, first match wins:
1. ``ALBUMWISE_LANGUAGE`` (``de``, ``fr``, ``en``…) for one start (screenshots, trying a translation);
2. Settings → Language → Language of the window (``Settings.ui_language``; "" = the system's);
3. the system's preferred languages in order (``QLocale.uiLanguages``): the first one Albumwise ships
   wins, so a person who prefers Spanish, then German, gets German; English (the source) always counts.
Qt's own texts (OK, Cancel, the file dialog, a text field's menu) come from Qt's ``qtbase_<lang>.qm``.
Numbers and dates follow the window's language (``QLocale.setDefault``); when it is the system's
language, the system's regional formats are kept (de_CH stays de_CH).
The translation is loaded once, before any window exists: a changed setting applies at the next start.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

ENV = "ALBUMWISE_LANGUAGE"
SOURCE = "en"  # the language the interface is written in
_state: dict[str, Any] = {"code": SOURCE, "requested": None, "generation": 0}


def folder() -> str:
    from app.resources import resource_path  # noqa: PLC0415

    return str(resource_path("i18n"))


def _code(tag: str) -> str:
    """"de-Latn-DE", "de_DE", "pt-BR" → "de", "de", "pt_BR" (the names of our .qm files)."""
    parts = tag.replace("-", "_").split("_")
    lang = parts[0].lower()
    region = next((p for p in parts[1:] if len(p) == 2 and p.isupper()), "")
    return f"{lang}_{region}" if region else lang


def shipped(where: str | None = None) -> list[str]:
    """The languages the window can speak: English plus every ``albumwise_<code>.qm`` that ships."""
    found = {SOURCE}
    for p in Path(where or folder()).glob("albumwise_*.qm"):
        code = p.stem.split("_", 1)[1]
        if code and code != SOURCE:
            found.add(code)
    return sorted(found)


def _match(tag: str, available: list[str]) -> str | None:
    code = _code(tag)
    if code in available:
        return code
    lang = code.split("_")[0]
    return lang if lang in available else None


def choose(setting: str = "", system: QLocale | None = None, where: str | None = None) -> str:
    """The language code the window uses (see the module's docstring for the order)."""
    available = shipped(where)
    for wanted in (os.environ.get(ENV, "").strip(), (setting or "").strip()):
        if wanted:
            found = _match(wanted, available)
            return found or SOURCE
    return system_choice(system, where)


def system_choice(system: QLocale | None = None, where: str | None = None) -> str:
    """The language "System" means: the first of the system's preferred languages that ships."""
    available = shipped(where)
    for tag in (system or QLocale.system()).uiLanguages():
        found = _match(tag, available)
        if found:
            return found
    return SOURCE


def requested_locale(setting: str = "", system: QLocale | None = None) -> QLocale:
    """The language the person asked for (environment, setting or system), shipped or not: captions
    follow it, so a Spanish system gets Spanish captions even while the window stays English."""
    system = system or QLocale.system()
    for wanted in (os.environ.get(ENV, "").strip(), (setting or "").strip()):
        if wanted:
            return system if _code(wanted).split("_")[0] == _code(system.name()).split("_")[0] else QLocale(wanted)
    return system


def _formats(code: str, system: QLocale) -> QLocale:
    """Number and date formats: the system's when it speaks the window's language, else the language's."""
    if _code(system.name()).split("_")[0] == code.split("_")[0]:
        return system
    return QLocale(code)


def install_translation(app: Any, locale: QLocale | None = None, where: str | None = None) -> bool:
    """Load ``albumwise_<lang>.qm`` for ``locale`` (``pt_BR`` falls back to ``pt``) and Qt's own
    translation; with none the interface stays in English. Replaces what an earlier call installed."""
    for attr in ("_albumwise_translator", "_albumwise_qt_translator"):
        old = getattr(app, attr, None)
        if old is not None:
            app.removeTranslator(old)
            setattr(app, attr, None)
    locale = locale or QLocale.system()
    _state["generation"] += 1
    translator = QTranslator(app)
    if not translator.load(locale, "albumwise", "_", where or folder()):
        _state["code"] = SOURCE
        return False
    app.installTranslator(translator)
    app._albumwise_translator = translator  # keep it alive as long as the app
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        app._albumwise_qt_translator = qt
    _state["code"] = _code(Path(translator.filePath()).stem.split("_", 1)[1]) if translator.filePath() else SOURCE
    return True


def install(app: Any, setting: str = "", system: QLocale | None = None, where: str | None = None) -> str:
    """Make the window speak the chosen language (see the module's docstring); returns its code."""
    system = system or QLocale.system()
    code = choose(setting, system, where)
    QLocale.setDefault(_formats(code, system))
    if code == SOURCE:
        install_translation(app, QLocale("en_US"), where)  # removes an earlier language's translators
        loaded = False
    else:
        loaded = install_translation(app, QLocale(code), where)
    _state["code"] = code if loaded or code == SOURCE else SOURCE
    _state["requested"] = requested_locale(setting, system)
    return _state["code"]


def current() -> str:
    """The code of the language the window speaks now ("en", "de", "fr"…)."""
    return _state["code"]


def generation() -> int:
    """Changes whenever a translation is installed (for caches of translated texts)."""
    return _state["generation"]


def caption_language() -> str:
    """The caption language that goes with the window's: the English name of the language the person
    asked for, which the prompt uses ("German"); English for the C locale."""
    locale = _state["requested"] if _state["requested"] is not None else requested_locale()
    if locale.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage):
        return "English"
    return QLocale.languageToString(locale.language())


def native_name(code: str) -> str:
    """A language in its own words, as a menu shows it: "English", "Deutsch", "Français"."""
    if code == SOURCE:
        return "English"
    name = QLocale(code).nativeLanguageName()
    return name[:1].upper() + name[1:] if name else code



def number(n: float, decimals: int = -1) -> str:
    """A number as the window's language writes it: "1,204" / "1.204" / "1 204"; "4.2" / "4,2"."""
    if decimals < 0:
        return QLocale().toString(int(n))
    return QLocale().toString(float(n), "f", decimals)
