"""The detail pane's facts about where, who and when, worded in the window's language.

The services layer describes a photo's grounding in English for the command line and JSON
(``grounding_facts``); the window words the same facts itself from the ``Grounding`` beside them, so
a German window says "2019 (laut Ordnername)" rather than "2019 (from the folder name)". Names of
places, people and occasions are the person's or the file's data and are shown as they are.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLocale

from app.ui.i18n import number
from app.ui.widgets.detail_text import taken_text

translate = QCoreApplication.translate

PLACE_SOURCE = {
    "user": QT_TRANSLATE_NOOP("FactText", "set by you"),
    "file": QT_TRANSLATE_NOOP("FactText", "from the file"),
    "file+gps": QT_TRANSLATE_NOOP("FactText", "from the file and GPS"),
    "gps": QT_TRANSLATE_NOOP("FactText", "from GPS"),
}


PLACE_WORDS = {  # the phrases of app.facts.place_words.describe
    "at_sea": QT_TRANSLATE_NOOP("FactText", "at sea"),
    "off": QT_TRANSLATE_NOOP("FactText", "at sea, {km} km off {place}"),
    "near": QT_TRANSLATE_NOOP("FactText", "near {place} ({km} km)"),
    "near_somewhere": QT_TRANSLATE_NOOP("FactText", "near {place}"),
    "from": QT_TRANSLATE_NOOP("FactText", "{km} km from {place}"),
}


def _km(km: float) -> str:
    return number(km, 1) if km < 1 else number(round(km))


def place_label(g: Any) -> str:
    """The place's name in the window's language ("in der Nähe von Ventnor (12 km), England")."""
    return g.place_label(words={k: translate("FactText", v) for k, v in PLACE_WORDS.items()}, km_text=_km)


def partial_date(when: str | None) -> str:
    """A folder's date ("2019-07-14", "2019-07", "2019", "2018–2019") in the window's language."""
    s = str(when or "")
    locale = QLocale()
    if len(s) == 10:
        day = QDate.fromString(s, "yyyy-MM-dd")
        return locale.toString(day, QLocale.FormatType.LongFormat) if day.isValid() else ""
    if len(s) == 7:
        month = QDate.fromString(s + "-01", "yyyy-MM-dd")
        return locale.toString(month, "MMMM yyyy") if month.isValid() else ""
    return s if s[:4].isdigit() else ""


def _clock_note(g: Any, taken_at: str | None) -> str:
    told = taken_text(taken_at) or str(taken_at or "")
    folder = partial_date(getattr(g, "clock_folder", "") or g.folder_date)
    kind = getattr(g, "clock_kind", "")
    if kind == "folder" and folder:
        return translate("FactText", "Clock looks wrong: the camera says {taken}; the folder says {folder}").format(
            taken=told, folder=folder)
    if kind == "folder_reset" and folder:
        return translate("FactText", "Clock looks wrong: the camera says {taken}, a value camera clocks reset "
                                     "to; the folder says {folder}").format(taken=told, folder=folder)
    if kind in ("reset", "folder_reset"):
        return translate("FactText", "Clock looks wrong: the camera says {taken}, a value camera clocks reset "
                                     "to").format(taken=told)
    if kind == "future":
        return translate("FactText", "Clock looks wrong: the camera says {taken}, which is in the future").format(
            taken=told)
    return translate("FactText", "Clock looks wrong: the camera says {taken}").format(taken=told)


def when_text(photo: dict[str, Any], g: Any) -> str:
    """The date line: the capture date; when the camera's clock looks wrong, the folder's date and why."""
    taken_at = photo.get("taken_at")
    if g is None or not g.clock_wrong:
        return taken_text(taken_at) or str(taken_at or "") or translate("FactText", "unknown", "a date")
    folder = partial_date(g.folder_date)
    head = translate("FactText", "{date} (from the folder name)").format(date=folder) if folder else \
        translate("FactText", "unknown", "a date")
    return f"{head}\n{_clock_note(g, taken_at)}"


def place_text(photo: dict[str, Any], g: Any) -> str:
    """Where: the place with where it came from, what the GPS says where it disagrees, the coordinates."""
    coords = ""
    if photo.get("gps_lat") is not None and photo.get("gps_lon") is not None:
        coords = f"{photo['gps_lat']:.5f}, {photo['gps_lon']:.5f}"
    place = place_label(g) if g is not None else ""
    if place and g.place_source in PLACE_SOURCE:
        place = translate("FactText", "{place}  ({source})").format(
            place=place, source=translate("FactText", PLACE_SOURCE[g.place_source]))
    conflict = (g.place_conflict or "") if g is not None else ""
    if conflict:
        conflict = conflict[0].upper() + conflict[1:]
    lines = [x for x in (place, conflict, coords) if x]
    return "\n".join(lines) or translate("FactText", "no location")


def people_text(g: Any) -> str:
    """Who: the people known to be in it, and those the folder says may appear."""
    if g is None:
        return "—"
    known = ", ".join(g.names())
    maybe = list(getattr(g.context, "people", None) or [])
    if not maybe:
        return known or "—"
    may = translate("FactText", "may appear: {names}").format(names=", ".join(maybe))
    return translate("FactText", "{names}  ({may_appear})").format(names=known, may_appear=may) if known else may


def occasion_text(g: Any) -> str:
    """The occasion (from the folder or set by the person)."""
    if g is None or not g.event:
        return "—"
    if g.event_source == "user":
        return translate("FactText", "{occasion}  (set by you)").format(occasion=g.event)
    return g.event
