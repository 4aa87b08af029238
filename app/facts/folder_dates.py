"""Dates written in one folder name, in the forms people use around the world.

``2019-07-14``, ``20190714``, ``2019.07.14``, ``2019_07_14``, ``14.07.2019`` (day first), ``07-14-2019``
(month first only when the day makes it certain), ``14 July 2019``, ``14. Juli 2019``, ``14 de julio de
2019``, ``July 2019``, ``2019 Juli``, ``2019年7月14日``, ``2019-07``, ``201907``, a bare year anywhere
(``Christmas 2019``, ``2019 Urlaub Italien``), ``Hawaii '19``, and ranges: ``2015-2016``, ``2015-16``,
``1990s``, ``2019-07-14 - 2019-07-20``, ``20.12.2019 - 05.01.2020``, ``14.-20.07.2019``. A range is a span, never a date: only the part
that all of it shares is kept ("2019-07" for a week in July, nothing for two years). Dates that do
not exist (2019-02-30, 2019-13-01) are rejected, not guessed.

Matching runs on the folded name (``app.core.fold`` per character, with a map back to the name), so
month names match in any case and with or without accents, and the name's own words are kept as written.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from app.core.fold import fold
from app.facts.occasion_words import ABBREVIATIONS, MONTHS

_Y = r"(?:19|20)\d{2}"
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_MN = rf"(?:{_MONTH_NAMES})\.?"
_MN_FULL = "|".join(sorted((m for m in MONTHS if m not in ABBREVIATIONS), key=len, reverse=True))
_TO = r"\s*(?:[-–—~〜]|\b(?:to|bis|au|al|a|tot|do|till|until)\b)\s*"
_NB = r"(?<![0-9])"  # not preceded by a digit
_NA = r"(?![0-9])"  # not followed by a digit


def _full(sfx: str = "") -> str:
    return (rf"(?P<y{sfx}>{_Y})(?:(?P<s{sfx}>[-./ ])(?P<m{sfx}>\d{{1,2}})(?P=s{sfx})(?P<d{sfx}>\d{{1,2}})"
            rf"|(?P<mm{sfx}>\d{{2}})(?P<dd{sfx}>\d{{2}}))")


# (name, pattern) in the order they are tried; the first that matches decides.
PATTERNS = [(name, re.compile(rx)) for name, rx in (
    ("full_range", _NB + _full() + _TO + _full("2") + _NA),
    ("full", _NB + _full() + _NA),
    ("dmy_full_range", rf"{_NB}(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>{_Y}){_TO}"
                       rf"(?P<d2>\d{{1,2}})\.(?P<m2>\d{{1,2}})\.(?P<y2>{_Y}){_NA}"),
    ("year_range", rf"{_NB}(?P<y>{_Y})\s*(?:[-–—~〜/]|\b(?:to|bis|au|al|a|tot|do|till|until)\b)\s*"
                   rf"(?P<y2>{_Y}|\d{{2}}){_NA}"),
    ("ja", rf"{_NB}(?P<y>{_Y})\s*年\s*(?:(?P<m>\d{{1,2}})\s*月\s*(?:(?P<d>\d{{1,2}})\s*日)?)?"),
    ("dmy_range", rf"{_NB}(?P<d>\d{{1,2}})\.?\s*[-–]\s*(?P<d2>\d{{1,2}})\.\s?(?P<m>\d{{1,2}})\.\s?(?P<y>{_Y}){_NA}"),
    ("dmy_name_range", rf"{_NB}(?P<d>\d{{1,2}})\.?\s*[-–]\s*(?P<d2>\d{{1,2}})\.?\s*(?P<mn>{_MN})\s*,?\s*"
                       rf"(?P<y>{_Y}){_NA}"),
    ("dmy_dots", rf"(?<![0-9.])(?P<d>\d{{1,2}})\.\s?(?P<m>\d{{1,2}})\.\s?(?P<y>{_Y}){_NA}"),
    ("dmy_any", rf"{_NB}(?P<a>\d{{1,2}})[-/](?P<b>\d{{1,2}})[-/](?P<y>{_Y}){_NA}"),
    ("d_name_y", rf"{_NB}(?P<d>\d{{1,2}})\.?\s*(?:de\s+)?(?P<mn>{_MN})\s*,?\s*(?:de\s+|del\s+)?(?P<y>{_Y}){_NA}"),
    ("name_d_y", rf"\b(?P<mn>{_MN})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(?P<y>{_Y}){_NA}"),
    ("name_y", rf"\b(?P<mn>{_MN})\s*[-,]?\s*(?:de\s+|del\s+)?(?P<y>{_Y}){_NA}"),
    # After a year a month name must be spelt out in full: "2019 Jan Kowalski" is a person, not January.
    ("y_name", rf"{_NB}(?P<y>{_Y})\s*[-._ ]?\s*(?P<mn>{_MN_FULL})(?![a-z])"),
    ("ym", rf"{_NB}(?P<y>{_Y})(?:[-./](?P<m>\d{{1,2}})|\s(?P<m2>0[1-9]|1[0-2])){_NA}(?!\s*[-./]\s*\d)"),
    ("ym6", rf"{_NB}(?P<y>{_Y})(?P<m>0[1-9]|1[0-2]){_NA}"),
    ("decade", rf"{_NB}(?P<y>(?:19|20)\d0)'?s(?![a-z])"),
    ("year", rf"{_NB}(?P<y>{_Y}){_NA}"),
    ("short_year", rf"(?<![\w'])'(?P<yy>\d{{2}}){_NA}"),  # "Hawaii '19"
)]
# A folder that is only a month ("07", "07 Italy", "Juli", "7月") or a day ("14") under a dated parent.
MONTH_ONLY = re.compile(rf"^(?:(?P<m>0[1-9]|1[0-2])(?:\s*月)?|(?P<jm>[1-9])\s*月|(?P<mn>{_MN})(?![a-z]))"
                        r"(?=$|[\s\-–—.,:])")
DAY_ONLY = re.compile(r"^(?P<d>0[1-9]|[12]\d|3[01])(?:\s*日)?(?=$|[\s\-–—.,:])")


@dataclass(frozen=True)
class DateHit:
    """A date found in a folder name. ``when`` is "2019-07-14", "2019-07", "2019" or None (a range
    across years, or a rejected date); ``span`` the first and last day it covers."""

    when: str | None
    span: tuple[date, date] | None
    start: int  # where it sits in the name (to cut it out of the folder's words)
    end: int
    rejected: bool = False


def folded_with_map(text: str) -> tuple[str, list[int]]:
    """``text`` folded character by character, and for each folded character its index in ``text``."""
    out: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(text):
        f = fold(ch) if not ch.isspace() else " "
        out.append(f)
        idx.extend([i] * len(f))
    idx.append(len(text))
    return "".join(out), idx


def normalise(name: str) -> str:
    """Full-width digits and letters narrowed, underscores read as spaces."""
    return unicodedata.normalize("NFKC", name).replace("_", " ")


def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_span(y: int, m: int) -> tuple[date, date] | None:
    if not 1 <= m <= 12:
        return None
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _year_span(y: int, y2: int | None = None) -> tuple[date, date]:
    return date(y, 1, 1), date(y2 or y, 12, 31)


def _shared(a: date, b: date) -> str | None:
    """What two ends of a range have in common: the day, the month, the year or nothing."""
    if a == b:
        return a.isoformat()
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.year:04d}-{a.month:02d}"
    return f"{a.year:04d}" if a.year == b.year else None


def _ymd(m: re.Match[str], sfx: str = "") -> tuple[int, int, int]:
    g = m.groupdict()
    mo = g.get("m" + sfx) or g.get("mm" + sfx)
    d = g.get("d" + sfx) or g.get("dd" + sfx)
    return int(g["y" + sfx]), int(mo), int(d)


def _month_of(token: str | None) -> int | None:
    return MONTHS.get((token or "").rstrip(".")) if token else None


def _hit(kind: str, m: re.Match[str]) -> tuple[str | None, tuple[date, date] | None] | None:
    """(when, span) for one match; None when the match is not what it looked like (try the next
    pattern); (None, None) for a date that does not exist."""
    g = m.groupdict()
    y = int(g["y"]) if g.get("y") else 0
    if kind == "full_range":
        a, b = _day(*_ymd(m)), _day(*_ymd(m, "2"))
        if a is None or b is None:
            return None, None
        a, b = min(a, b), max(a, b)
        return _shared(a, b), (a, b)
    if kind == "dmy_full_range":
        a, b = _day(y, int(g["m"]), int(g["d"])), _day(int(g["y2"]), int(g["m2"]), int(g["d2"]))
        if a is None or b is None:
            return None, None
        a, b = min(a, b), max(a, b)
        return _shared(a, b), (a, b)
    if kind == "short_year":
        yy = int(g["yy"])
        y = 2000 + yy if yy <= date.today().year % 100 + 1 else 1900 + yy
        return str(y), _year_span(y)
    if kind == "full":
        d = _day(*_ymd(m))
        return (d.isoformat(), (d, d)) if d else (None, None)
    if kind == "year_range":
        raw = g["y2"]
        if len(raw) == 2:
            v = int(raw)
            if 1 <= v <= 12 or v <= y % 100:
                return None  # "2019-07" is a month, "2019-05"... a month too; not a range
            y2 = y - y % 100 + v
        else:
            y2 = int(raw)
        if y2 == y:
            return str(y), _year_span(y)
        lo, hi = min(y, y2), max(y, y2)
        return None, _year_span(lo, hi)
    if kind == "ja":
        if g.get("m") is None:
            return str(y), _year_span(y)
        if g.get("d") is None:
            sp = _month_span(y, int(g["m"]))
            return (f"{y:04d}-{int(g['m']):02d}", sp) if sp else (None, None)
        d = _day(y, int(g["m"]), int(g["d"]))
        return (d.isoformat(), (d, d)) if d else (None, None)
    if kind in ("dmy_range", "dmy_name_range"):
        mo = int(g["m"]) if g.get("m") else _month_of(g.get("mn"))
        a, b = _day(y, mo or 0, int(g["d"])), _day(y, mo or 0, int(g["d2"]))
        if a is None or b is None:
            return None, None
        a, b = min(a, b), max(a, b)
        return _shared(a, b), (a, b)
    if kind == "dmy_dots":
        d = _day(y, int(g["m"]), int(g["d"]))
        return (d.isoformat(), (d, d)) if d else (None, None)
    if kind == "dmy_any":
        a, b = int(g["a"]), int(g["b"])
        if a > 12 or a == b:
            d = _day(y, b, a)  # 14-07-2019: day first
        elif b > 12:
            d = _day(y, a, b)  # 07-14-2019: month first
        else:
            return str(y), _year_span(y)  # 03-04-2019: March or April? only the year is certain
        return (d.isoformat(), (d, d)) if d else (None, None)
    if kind in ("d_name_y", "name_d_y"):
        mo = _month_of(g.get("mn"))
        d = _day(y, mo or 0, int(g["d"]))
        return (d.isoformat(), (d, d)) if d else (None, None)
    if kind in ("name_y", "y_name"):
        mo = _month_of(g.get("mn"))
        return (f"{y:04d}-{mo:02d}", _month_span(y, mo)) if mo else None
    if kind == "decade":  # "1990s": ten years, no date
        return None, _year_span(y, y + 9)
    if kind in ("ym", "ym6"):
        mo = int(g.get("m") or g.get("m2"))
        sp = _month_span(y, mo)
        return (f"{y:04d}-{mo:02d}", sp) if sp else (None, None)
    return str(y), _year_span(y)


def find(folded: str) -> DateHit | None:
    """The first date (or range) in a folded, normalised folder name."""
    for kind, rx in PATTERNS:
        for m in rx.finditer(folded):
            got = _hit(kind, m)
            if got is None:
                continue
            when, span = got
            return DateHit(when, span, m.start(), m.end(), rejected=when is None and span is None)
    return None


def month_only(folded: str) -> tuple[int, int] | None:
    """(month, end) when the folder name starts with a month and has no year ("07 Italy", "Juli")."""
    m = MONTH_ONLY.match(folded)
    if not m:
        return None
    mo = int(m.group("m") or m.group("jm") or 0) or _month_of(m.group("mn"))
    if m.group("mn") and m.group("mn").rstrip(".") in ABBREVIATIONS and re.search(r"[^\W\d_]", folded[m.end():]):
        return None  # "Jan Kowalski" is a person; "Jan" alone is January
    return (mo, m.end()) if mo else None


def day_only(folded: str) -> tuple[int, int] | None:
    """(day, end) when the folder name starts with a day number ("14", "14 Ceremony")."""
    m = DAY_ONLY.match(folded)
    return (int(m.group("d")), m.end()) if m else None


def month_name(folded: str) -> int | None:
    """The month a bare word names ("July", "Juli", "lipca"), if it is one."""
    return _month_of(folded.strip())
