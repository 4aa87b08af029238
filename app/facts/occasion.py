"""When and what occasion: the date taken in words and what folder names say.

Folder names are how most people file photos: ``2019-07-14 Berry NSW``, ``20190714 - Berry NSW``,
``2019.07.14 Berry``, ``2019/07 Italy``, ``Weddings/Anna & Ben``. The nearest folder that says
something wins; a bare year above a ``07 Italy`` folder completes its date. Folders that carry no
date and sit under no occasion-like parent ("Pictures", "Camera Roll") say nothing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Parent folders whose children are named occasions ("Weddings/Anna & Ben").
OCCASION_PARENTS = {
    "wedding", "weddings", "birthday", "birthdays", "holiday", "holidays", "vacation", "vacations", "trip",
    "trips", "travel", "travels", "event", "events", "party", "parties", "christmas", "anniversary",
    "anniversaries", "graduation", "graduations", "concert", "concerts", "festival", "festivals", "reunion",
    "reunions", "funeral", "funerals", "baptism", "christening", "celebrations", "occasions",
}
_FULL = re.compile(r"^(?P<y>(?:19|20)\d{2})[-._ ]?(?P<m>0[1-9]|1[0-2])[-._ ]?(?P<d>0[1-9]|[12]\d|3[01])(?:$|[\s_\-–—.,:]+(?P<rest>.*))$")
_MONTH = re.compile(r"^(?P<y>(?:19|20)\d{2})[-._ ](?P<m>0[1-9]|1[0-2])(?:$|[\s_\-–—.,:]+(?P<rest>.*))$")
_YEAR = re.compile(r"^(?P<y>(?:19|20)\d{2})(?:$|[\s_\-–—.,:]+(?P<rest>.*))$")
_MONTH_ONLY = re.compile(r"^(?P<m>0[1-9]|1[0-2])(?:$|[\s_\-–—.,:]+(?P<rest>.*))$")
MAX_EVENT = 80


@dataclass(frozen=True)
class FolderOccasion:
    date: str | None = None  # "2019-07-14", "2019-07" or "2019"
    event: str | None = None  # "Berry NSW", "Weddings: Anna & Ben"
    folder: str | None = None  # the folder name the event came from


def _text(rest: str | None) -> str | None:
    t = " ".join((rest or "").replace("_", " ").split()).strip(" -–—.,:")
    return t[:MAX_EVENT] or None


def _parse_one(name: str) -> tuple[str | None, str | None, bool]:
    """(date, text, month_only) for one folder name."""
    for rx, kind in ((_FULL, "d"), (_MONTH, "m"), (_YEAR, "y")):
        m = rx.match(name)
        if m:
            y, mo, d = m.group("y"), m.groupdict().get("m"), m.groupdict().get("d")
            try:
                if d:
                    date(int(y), int(mo), int(d))
            except ValueError:
                continue
            when = f"{y}-{mo}-{d}" if kind == "d" else f"{y}-{mo}" if kind == "m" else y
            return when, _text(m.group("rest")), False
    m = _MONTH_ONLY.match(name)
    if m:
        return m.group("m"), _text(m.group("rest")), True
    return None, None, False


def parse_folders(folder: str, stop_at: str | None = None, max_depth: int = 6) -> FolderOccasion:
    """Walk ``folder`` upwards (not above ``stop_at``) for a date and an occasion."""
    parts = [p for p in os.path.normpath(folder or "").replace("\\", "/").split("/") if p]
    if stop_at:
        base = [p for p in os.path.normpath(stop_at).replace("\\", "/").split("/") if p]
        if parts[: len(base)] == base:
            parts = parts[len(base) - 1:] if base else parts  # the root folder's own name counts
    parts = parts[-max_depth:]
    when: str | None = None
    event: str | None = None
    source: str | None = None
    pending_month: str | None = None
    for i in range(len(parts) - 1, -1, -1):
        name = parts[i]
        d, text, month_only = _parse_one(name)
        parent = parts[i - 1] if i > 0 else ""
        if month_only:
            y, _t, _m = _parse_one(parent)
            if y and len(y) == 4:  # "2019/07 Italy"
                d = f"{y}-{d}"
            else:
                d, text = None, None
        if d and (when is None or (pending_month and len(d) == 4)):
            if when is None:
                when = d
            pending_month = None
        if event is None:
            if text:
                event, source = text, name
            elif not d and parent.casefold() in OCCASION_PARENTS and name.casefold() not in OCCASION_PARENTS:
                event, source = _text(f"{parent}: {name}"), name
    return FolderOccasion(when, event, source)


def part_of_day(hour: int) -> str:
    if 5 <= hour < 12:
        return "morning"
    if 12 <= hour < 17:
        return "afternoon"
    if 17 <= hour < 21:
        return "evening"
    return "night"


def date_in_words(taken_at: str | None) -> str:
    """"2019-07-14T15:20:00" → "Sunday 14 July 2019, afternoon"; "" when unknown or invalid."""
    if not taken_at:
        return ""
    s = str(taken_at)
    try:
        if len(s) >= 16 and s[10] in "T ":
            dt = datetime.fromisoformat(s[:19])
            return f"{DAYS[dt.weekday()]} {dt.day} {MONTHS[dt.month - 1]} {dt.year}, {part_of_day(dt.hour)}"
        d = date.fromisoformat(s[:10])
        return f"{DAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year}"
    except (ValueError, IndexError):
        return ""


def partial_date_in_words(when: str | None) -> str:
    """A folder's date ("2019-07-14", "2019-07", "2019") in words."""
    if not when:
        return ""
    if len(when) == 10:
        return date_in_words(when)
    if len(when) == 7:
        try:
            return f"{MONTHS[int(when[5:7]) - 1]} {when[:4]}"
        except (ValueError, IndexError):
            return ""
    return when if len(when) == 4 else ""
