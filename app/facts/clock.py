"""Whether a photo's capture date can be told as a fact, or the camera's clock looks wrong.

A camera whose battery ran flat starts again at a default: 1 January 1970 (the Unix epoch), 1980
(FAT's), 2000, or midnight on 1 January of the model's year ("2005-01-01 00:00"). A photo in
``2019-07-14 Anna's wedding/`` that says 2005 is not from 2005. So the capture date is not told as a
fact when

- it lies more than a year outside the date (or range) the folder names, or
- it is a known reset value and the folder does not confirm it (a ``Silvester 2004`` or New Year
  folder does: midnight on 1 January is when those photos are taken), or
- it lies in the future.

The folder's date is then used, and the photo is marked "clock looks wrong".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from app.facts.occasion import partial_date_in_words

RESET_DAYS = frozenset({date(1970, 1, 1), date(1980, 1, 1), date(2000, 1, 1), date(1904, 1, 1), date(1900, 1, 1)})
DEFAULT_YEARS = range(2000, 2031)  # model years cameras fall back to, at midnight on 1 January
CONTRADICTION = timedelta(days=366)
SLACK = timedelta(days=2)  # a folder's date still confirms a photo taken just after midnight the day after
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True)
class ClockCheck:
    wrong: bool = False
    reason: str = ""  # for people: "the camera says 1 January 2005, 00:00 (a value camera clocks reset to)"
    # Why, for a window that words it in its own language: "folder" (the folder's date contradicts it),
    # "folder_reset" (that, and a reset value), "reset", "future"; "" when the date is believable.
    kind: str = ""
    folder: str = ""  # the folder's date it contradicts: "2019", "2019-07", "2019-07-14" or "2018–2019"


def parse(taken_at: Any) -> tuple[date, datetime | None] | None:
    """(day, moment when the time is known) of an ISO capture date; None when it is not one."""
    s = str(taken_at or "").strip()
    if len(s) < 10:
        return None
    try:
        if len(s) >= 16 and s[10] in "T ":
            dt = datetime.fromisoformat(s[:19] if len(s) >= 19 else s[:16])
            return dt.date(), dt
        return date.fromisoformat(s[:10]), None
    except ValueError:
        return None


def looks_reset(day: date, moment: datetime | None) -> bool:
    """A value camera clocks start from after a reset."""
    if day in RESET_DAYS:
        return True
    if (day.month, day.day) == (1, 1) and day.year in DEFAULT_YEARS:
        return moment is None or moment.hour == 0
    return False


def _words(day: date, moment: datetime | None) -> str:
    text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{text}, {moment:%H:%M}" if moment is not None else text


def _span(occ: Any) -> tuple[date, date] | None:
    sp = getattr(occ, "span", None)
    if not sp:
        return None
    try:
        return date.fromisoformat(sp[0]), date.fromisoformat(sp[1])
    except (TypeError, ValueError, IndexError):
        return None


def check(taken_at: Any, occ: Any = None, today: date | None = None) -> ClockCheck:
    """Is the capture date ``taken_at`` (ISO) believable, given the folder's ``FolderOccasion``?"""
    got = parse(taken_at)
    if got is None:
        return ClockCheck()
    day, moment = got
    span = _span(occ)
    told = _words(day, moment)
    if span is not None:
        lo, hi = span
        if day < lo - CONTRADICTION or day > hi + CONTRADICTION:
            raw = getattr(occ, "date", None) if partial_date_in_words(getattr(occ, "date", None)) else None
            folder = partial_date_in_words(raw) or f"{lo.year}–{hi.year}"
            reset = ", a value camera clocks reset to" if looks_reset(day, moment) else ""
            return ClockCheck(True, f"the camera says {told}{reset}; the folder says {folder}",
                              "folder_reset" if reset else "folder", raw or f"{lo.year}–{hi.year}")
        if lo - SLACK <= day <= hi + SLACK:
            return ClockCheck()  # the folder confirms it, even 1 January at midnight
    if looks_reset(day, moment) and getattr(occ, "kind", None) != "new_year":
        return ClockCheck(True, f"the camera says {told}, a value camera clocks reset to", "reset")
    if day > (today or date.today()) + SLACK:
        return ClockCheck(True, f"the camera says {told}, which is in the future", "future")
    return ClockCheck()
