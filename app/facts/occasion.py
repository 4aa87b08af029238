"""When and what occasion: the date taken in words and what folder names say.

Folder names are how most people file photos: ``2019-07-14 Berry NSW``, ``2019/07 Italy``,
``2019/Holiday``, ``Christmas 2019``, ``Urlaub 2019``, ``2019 Urlaub Italien``, ``Weddings/Anna & Ben``,
``2019年 京都旅行``. The nearest folder that says something wins; a bare year above a ``07 Italy``
folder completes its date. The date forms are in ``folder_dates``, the words (occasions in eight
languages, housekeeping words, months) in ``occasion_words``.

A name's words are its event when the name also carries a date ("2019-07-14 Berry NSW"), when they
name an occasion ("Hochzeit Anna & Ben", "Weihnachten", "誕生日"), when they sit under an occasion
folder ("Weddings/Anna & Ben" → "Weddings: Anna & Ben") or directly under a bare date ("2019/Italy").
Housekeeping names ("Scans", "Camera Roll", "Export", "100APPLE", "Sonstiges", "未整理") never are,
and a date beside words of copying ("Backup 2019-05-01", "Imported 2020", "Scans 2019") is when the
photos were copied, not taken: it is not their date. A year range ("2015-2016") is a span, not a date.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from app.core.fold import fold
from app.facts import folder_dates as fd
from app.facts.occasion_words import CAMERA_FOLDER, COMPOUND_STEMS, COPY_WORDS, FILLERS, HOUSEKEEPING, OCCASIONS

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_EVENT = 80
# What each kind of occasion is called in a prompt ("Occasion: "Hochzeit Anna & Ben" (... a wedding)").
KIND_WORDS = {
    "wedding": "a wedding", "anniversary": "an anniversary", "honeymoon": "a honeymoon",
    "engagement": "an engagement", "birth": "a birth", "baptism": "a baptism",
    "communion": "a first communion or confirmation", "graduation": "a graduation", "school": "a school event",
    "funeral": "a funeral", "birthday": "a birthday", "christmas": "Christmas", "easter": "Easter",
    "new_year": "New Year", "feast": "a holiday or feast day", "festival": "a concert or festival",
    "reunion": "a reunion", "party": "a party", "holiday": "a holiday or trip",
}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_TOKEN = re.compile(r"[^\W_]+")  # apostrophes split words: "d'anniversaire", "year's"
_EDGES = " \t-–—.,:;/&+~#'\"!?"
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|\{\s*\}")


def _entries(text: str) -> list[str]:
    return [e for e in (" ".join(x.split()) for x in text.split(",")) if e]


def _tokens(folded: str) -> list[str]:
    return _TOKEN.findall(folded)


def _table() -> tuple[dict[tuple[str, ...], str], list[tuple[str, str]], set[tuple[str, ...]], list[str], set[str]]:
    occ: dict[tuple[str, ...], str] = {}
    occ_cjk: list[tuple[str, str]] = []
    for kind, words in OCCASIONS.items():
        for w in _entries(words):
            f = fold(w)
            if _CJK.search(f):
                occ_cjk.append((f, kind))
            else:
                occ.setdefault(tuple(_tokens(f)), kind)
    hk: set[tuple[str, ...]] = set()
    hk_cjk: list[str] = []
    for w in _entries(HOUSEKEEPING):
        f = fold(w)
        (hk_cjk.append(f) if _CJK.search(f) else hk.add(tuple(_tokens(f))))
    occ_cjk.sort(key=lambda p: -len(p[0]))
    hk_cjk.sort(key=len, reverse=True)
    return occ, occ_cjk, hk, hk_cjk, {fold(w) for w in _entries(FILLERS)}


OCC, OCC_CJK, HK, HK_CJK, FILL = _table()
COPY = {tuple(_tokens(fold(w))) for w in _entries(COPY_WORDS) if not _CJK.search(fold(w))}
COPY_CJK = [fold(w) for w in _entries(COPY_WORDS) if _CJK.search(fold(w))]
ORDER = {k: i for i, k in enumerate(OCCASIONS)}
_MAXN = max(len(k) for k in (*OCC, *HK))


@dataclass(frozen=True)
class FolderOccasion:
    date: str | None = None  # "2019-07-14", "2019-07" or "2019"
    event: str | None = None  # "Berry NSW", "Weddings: Anna & Ben", "Urlaub Italien"
    folder: str | None = None  # the folder name the event came from
    kind: str | None = None  # what the event is, in English: "wedding", "christmas", "holiday", ...
    span: tuple[str, str] | None = None  # first and last day the folder's date (or range) covers


@dataclass(frozen=True)
class NameFacts:
    """What one folder name says."""

    when: str | None = None
    span: tuple[date, date] | None = None
    dated: bool = False  # the name carries a date, a range or a date that does not exist
    month: int | None = None  # the name starts with a month and has no year ("07 Italy", "Juli")
    day: int | None = None  # the name starts with a day number ("14", "14 Ceremony")
    text: str | None = None  # its own words, housekeeping words at the edges left out
    plain: str | None = None  # the words with a leading month or day kept ("20 Winter" under "2019")
    kind: str | None = None
    pure: bool = False  # nothing but occasion words: a category folder ("Weddings", "Urlaub 2019")
    housekeeping: bool = False


def _covered(tokens: list[str], table: set[tuple[str, ...]] | dict[tuple[str, ...], str]) -> set[int]:
    out: set[int] = set()
    i = 0
    while i < len(tokens):
        for n in range(min(_MAXN, len(tokens) - i), 0, -1):
            if tuple(tokens[i:i + n]) in table:
                out.update(range(i, i + n))
                i += n - 1
                break
        i += 1
    return out


def kind_of(text: str) -> str | None:
    """The occasion a text names ("Hochzeit Anna & Ben" → "wedding"), or None."""
    f = fold(text)
    toks = _tokens(f)
    best: tuple[float, int, str] | None = None

    def offer(length: float, kind: str) -> None:
        nonlocal best
        cand = (length, -ORDER[kind], kind)
        if best is None or cand[:2] > best[:2]:
            best = cand

    for i in range(len(toks)):
        for n in range(min(_MAXN, len(toks) - i), 0, -1):
            kind = OCC.get(tuple(toks[i:i + n]))
            if kind:
                offer(n, kind)
                break
    if best is None:
        for tok in toks:
            for stem, (kind, where) in COMPOUND_STEMS.items():
                if len(tok) > len(stem) + 1 and ((where != "end" and tok.startswith(stem))
                                                 or (where != "start" and tok.endswith(stem))):
                    offer(0.5, kind)
    for phrase, kind in OCC_CJK:
        if phrase in f:
            offer(len(phrase) / 2, kind)
    return best[2] if best else None


def _leftover(text: str, drop_occasions: bool) -> list[str]:
    """The words of ``text`` that are not housekeeping, fillers (or occasion words) — CJK included."""
    f = fold(text)
    for phrase in HK_CJK + ([p for p, _ in OCC_CJK] if drop_occasions else []):
        f = f.replace(phrase, " ")
    f = f.replace("の", " ")
    toks = _tokens(f)
    gone = _covered(toks, HK)
    if drop_occasions:
        gone |= _covered(toks, OCC)
        for i, tok in enumerate(toks):
            if any(len(tok) > len(s) + 1 and (tok.startswith(s) or tok.endswith(s)) for s in COMPOUND_STEMS):
                gone.add(i)
    return [t for i, t in enumerate(toks) if i not in gone and t not in FILL and not t.isdigit()]


_LETTERS_DIGITS = re.compile(r"(?<=[^\W\d_])(?=\d)")


def is_housekeeping(name: str) -> bool:
    """Whether a folder name only says how photos are stored ("Scans", "Camera Roll", "100APPLE",
    "roll07", "Disk 2": a numbered roll, card or batch is a storage unit, not an occasion)."""
    f = fold(fd.normalise(name)).strip()
    if CAMERA_FOLDER.match(f) or CAMERA_FOLDER.match(f.replace(" ", "_")):
        return True
    split = _LETTERS_DIGITS.sub(" ", f)
    stored = bool(_covered(_tokens(split), HK)) or any(w in f for w in HK_CJK)  # fillers alone say nothing
    return stored and not _leftover(_LETTERS_DIGITS.sub(" ", name), drop_occasions=False) and kind_of(name) is None


def _copied(text: str) -> bool:
    """Whether housekeeping words say the photos were copied, exported, backed up or scanned."""
    f = fold(text)
    return bool(_covered(_tokens(f), COPY)) or any(w in f for w in COPY_CJK)


def _clean(text: str | None) -> str | None:
    t = " ".join(_EMPTY_BRACKETS.sub(" ", text or "").split()).strip(_EDGES)
    if len(t) > 2 and t[0] + t[-1] in ("()", "[]", "{}") and t.count(t[0]) == 1:
        t = t[1:-1].strip(_EDGES)  # "(Italy)"
    if not t or not any(c.isalpha() for c in t):
        return None
    return t[:MAX_EVENT].rstrip()


def _strip_edges(text: str) -> str:
    """"Wedding Photos" → "Wedding", "Scans Weihnachten" → "Weihnachten" (never the occasion itself)."""
    words = text.split()
    kind = kind_of(text)

    def hk(ws: list[str]) -> bool:
        edges = {fold(ws[0]).strip(_EDGES), fold(ws[-1]).strip(_EDGES)} if ws else set()
        return bool(ws) and not edges & FILL and is_housekeeping(" ".join(ws)) and kind_of(" ".join(ws)) is None

    changed = True
    while changed and len(words) > 1:
        changed = False
        for n in (2, 1):
            if len(words) > n and hk(words[:n]) and kind_of(" ".join(words[n:])) == kind \
                    and fold(words[n]).strip(_EDGES) not in FILL:  # "Zdjęcia z wakacji" stays whole
                words = words[n:]
                changed = True
                break
            if len(words) > n and hk(words[-n:]) and kind_of(" ".join(words[:-n])) == kind:
                words = words[:-n]
                while len(words) > 1 and fold(words[-1]).strip(_EDGES) in FILL:
                    words = words[:-1]
                changed = True
                break
    return " ".join(words)


@lru_cache(maxsize=4096)
def parse_name(name: str) -> NameFacts:
    """What one folder name says: its date (or range), a leading month or day, its words and occasion."""
    s = fd.normalise(name)
    f, idx = fd.folded_with_map(s)
    if CAMERA_FOLDER.match(f.strip()) or CAMERA_FOLDER.match(fold(name)):
        return NameFacts(housekeeping=True)
    hit = fd.find(f)
    month = day = None
    if hit is not None:
        rest = s[:idx[hit.start]] + " " + s[idx[hit.end]:]
    else:
        rest = s
        mo, dy = fd.month_only(f), fd.day_only(f)
        month, day = (mo[0] if mo else None), (dy[0] if dy else None)
        end = mo[1] if mo else dy[1] if dy else 0
        if end:
            rest = s[idx[end]:]
            if mo and fd.month_name(fold(rest).strip(_EDGES)) == mo[0]:
                rest = ""  # "07 - July"
    words = _clean(rest)
    housekeeping = False
    if words and is_housekeeping(words):
        if hit is not None and _copied(words):  # "Backup 2019-05-01": when they were copied, not taken
            hit = None
        words, housekeeping = None, True
    text = _clean(_strip_edges(words)) if words else None
    kind = kind_of(text) if text else None
    pure = bool(kind) and not _leftover(text or "", drop_occasions=True)
    plain = text
    if month or day:
        whole = _clean(s)
        plain = _clean(_strip_edges(whole)) if whole and not is_housekeeping(whole) else None
    return NameFacts(when=hit.when if hit else None, span=hit.span if hit else None, dated=hit is not None,
                     month=month, day=day, text=text, plain=plain, kind=kind, pure=pure, housekeeping=housekeeping)


def _date_of(names: list[NameFacts], i: int) -> tuple[str | None, tuple[date, date] | None]:
    n = names[i]
    if n.when or n.span:
        return n.when, n.span
    parent = names[i - 1] if i > 0 else None
    if parent is None:
        return None, None
    if n.day and parent.when and len(parent.when) == 7:  # "2019-07/14"
        y, m = int(parent.when[:4]), int(parent.when[5:7])
    elif n.day and parent.month and i > 1 and names[i - 2].when and len(names[i - 2].when) == 4:  # "2019/07/14"
        y, m = int(names[i - 2].when), parent.month
    elif n.month and parent.when and len(parent.when) == 4:  # "2019/07 Italy"
        y, m = int(parent.when), n.month
        sp = fd._month_span(y, m)
        return (f"{y:04d}-{m:02d}", sp) if sp else (None, None)
    else:
        return None, None
    d = fd._day(y, m, n.day)
    return (d.isoformat(), (d, d)) if d else (None, None)


def _bare_date(n: NameFacts) -> bool:
    return (n.dated or bool(n.month)) and not n.text


def _event_of(names: list[NameFacts], parts: list[str], i: int, dated_here: bool) -> tuple[str, str | None, str] | None:
    n = names[i]
    if (n.month or n.day) and not dated_here:  # a leading number that is not a date after all
        n = NameFacts(text=n.plain, kind=kind_of(n.plain) if n.plain else None)
    if n.housekeeping or not n.text:
        return None
    parent = names[i - 1] if i > 0 else None
    if n.kind and parent is not None and parent.pure and parent.kind and ORDER[parent.kind] < ORDER[n.kind]:
        return _clip(f"{parent.text}: {n.text}"), parent.kind, parts[i]  # "Cumpleaños 2020/Fiesta"
    if n.kind:
        return n.text, n.kind, parts[i]
    if dated_here:  # "2019-07-14 Berry NSW"; "Weddings/2019-07-14 Anna & Ben" is a wedding
        return n.text, parent.kind if parent is not None and parent.pure else None, parts[i]
    if parent is None:
        return None
    if parent.pure:  # "Weddings/Anna & Ben"
        return _clip(f"{parent.text}: {n.text}"), parent.kind, parts[i]
    if _bare_date(parent):  # "2019/Italy", "Weddings/2019/Anna & Ben"
        gp = names[i - 2] if i > 1 else None
        if gp is not None and gp.pure and not gp.dated:
            return _clip(f"{gp.text}: {n.text}"), gp.kind, parts[i]
        return n.text, None, parts[i]
    return None


def _clip(text: str) -> str:
    return text[:MAX_EVENT].rstrip()


def parse_folders(folder: str, stop_at: str | None = None, max_depth: int = 6) -> FolderOccasion:
    """Walk ``folder`` upwards (not above ``stop_at``) for a date and an occasion."""
    return _parse_folders(folder or "", stop_at, max_depth)


@lru_cache(maxsize=8192)
def _parse_folders(folder: str, stop_at: str | None, max_depth: int) -> FolderOccasion:
    parts = [p for p in os.path.normpath(folder).replace("\\", "/").split("/") if p and p != "."]
    if stop_at:
        base = [p for p in os.path.normpath(stop_at).replace("\\", "/").split("/") if p]
        if parts[: len(base)] == base:
            parts = parts[len(base) - 1:] if base else parts  # the root folder's own name counts
    parts = parts[-max_depth:]
    names = [parse_name(p) for p in parts]
    when: str | None = None
    span: tuple[date, date] | None = None
    event: tuple[str, str | None, str] | None = None
    for i in range(len(parts) - 1, -1, -1):
        d, sp = _date_of(names, i)
        if when is None and span is None and (d or sp):
            when, span = d, sp
        if event is None:
            event = _event_of(names, parts, i, names[i].dated or bool(d))
    ev, kind, source = event if event else (None, None, None)
    return FolderOccasion(when, ev, source, kind, (span[0].isoformat(), span[1].isoformat()) if span else None)


def kind_words(event: str | None, kind: str | None) -> str:
    """What an occasion is, in English, when the event's own words do not already say so."""
    words = KIND_WORDS.get(kind or "", "")
    if not words or not event:
        return ""
    key = fold(words.split()[-1])
    return "" if key in fold(event) or fold(event).rstrip("s") in fold(words) else words


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
