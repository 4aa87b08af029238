"""Keyword vocabularies: import, offer to the model, map the model's keywords onto them.

Format (Lightroom's keyword export, also read by digiKam and others): text, one keyword per line, a
child indented one tab deeper than its parent, synonyms in ``{braces}`` (on their own line one tab
deeper, or on the keyword's line), ``[brackets]`` around a category (a parent that is not itself a
keyword). A file without tabs is a plain list. Terms are stored as ``{"path": ["Places", "Italy",
"Florence"], "synonyms": [...], "category": false}``; they are written as ``Places|Italy|Florence`` to
``lr:hierarchicalSubject`` and ``Places/Italy/Florence`` to digiKam's ``TagsList``, so a term holding
``|`` or ``/`` (or control or text-direction characters) would write a different hierarchy: it is
refused at import, counted in the ``ImportReport`` with its sub-terms, and so is anything over the
limits. Reading files (encodings) is ``vocabulary_file``.

Mapping (``vocabulary_match``) never lies: a keyword becomes a place term only when the photo's place
supports it, of two places of one name the one in the photo's country wins, words that are also
common nouns go to a subjects branch (or stay as the model wrote them), and plural matching never
turns a word into a place ("gray" is not "Grays"). A keyword outside the vocabulary is kept or
flagged ``outside_vocabulary`` or dropped (setting ``vocabulary_outside``: keep | flag | drop).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable

from app.core.fold import fold as _fold
from app.facts.vocabulary_match import Matcher, content_key, place_fields, singular

__all__ = ["ImportReport", "Matcher", "fold", "hierarchy", "matcher", "normalise", "offer", "parse", "parse_report",
           "place_fields", "singular"]

MAX_TERMS = 50_000
MAX_TERM = 100
MAX_DEPTH = 12
_SYN = re.compile(r"\{([^}]*)\}")
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
SEPARATOR = "contains | or /"
CONTROL = "contains control or text-direction characters"
TOO_LONG = f"longer than {MAX_TERM} characters"
TOO_DEEP = f"nested deeper than {MAX_DEPTH} levels"
UNDER_REFUSED = "under a refused keyword"


def fold(s: str) -> str:
    """Case- and accent-folded form used for every comparison."""
    return _fold(s)


@dataclass
class ImportReport:
    """What an import took and what it did not (shown to the user; nothing is left out unsaid)."""

    terms: list[dict[str, Any]] = field(default_factory=list)
    encoding: str = "UTF-8"
    refused: dict[str, int] = field(default_factory=dict)  # reason → how many terms
    examples: list[str] = field(default_factory=list)  # the first refused lines, as written
    over_limit: int = 0  # terms past MAX_TERMS, not imported

    def refuse(self, reason: str, line: str) -> None:
        self.refused[reason] = self.refused.get(reason, 0) + 1
        if len(self.examples) < 5:
            shown = "".join(c if unicodedata.category(c)[0] != "C" and c not in _BIDI else "\ufffd"
                            for c in line.strip(" \t"))
            self.examples.append(shown[:60])

    def refused_text(self) -> str:
        n = sum(self.refused.values())
        parts = ", ".join(f"{c:,} {r}" for r, c in self.refused.items())
        return f"{n:,} refused: {parts}" if n else ""

    def summary(self) -> str:
        """"1,234 keywords (UTF-16); 3 refused: 2 contains | or /, 1 ...; 10 over the limit of 50,000 not imported"."""
        out = f"{len(self.terms):,} keywords ({self.encoding})"
        if self.refused:
            out += "; " + self.refused_text()
        if self.over_limit:
            out += f"; {self.over_limit:,} over the limit of {MAX_TERMS:,} not imported"
        return out

    def to_public(self) -> dict[str, Any]:
        return {"terms": len(self.terms), "encoding": self.encoding, "refused": dict(self.refused),
                "refused_examples": list(self.examples), "over_limit": self.over_limit}


def _problem(text: str) -> str | None:
    if "|" in text or "/" in text:
        return SEPARATOR
    if any(c in _BIDI or unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text):
        return CONTROL
    if len(text) > MAX_TERM:
        return TOO_LONG
    return None


def parse_report(text: str) -> ImportReport:
    """Terms from a Lightroom keyword list or a plain list, with what was refused and why."""
    rep = ImportReport()
    stack: list[str] = []
    seen: dict[tuple[str, ...], dict[str, Any]] = {}
    refused_at: int | None = None  # depth of the last refused keyword: its sub-terms go with it
    last: dict[str, Any] | None = None
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").split("\n"):
        if not raw.strip():
            continue
        depth = len(raw) - len(raw.lstrip("\t"))
        line = raw.strip(" \t")
        if line.startswith("{") and line.endswith("}") and line.count("{") == 1:  # a synonym on its own line
            if last is not None and refused_at is None:
                _add_synonym(rep, last, line[1:-1], raw)
            continue
        if refused_at is not None and depth > refused_at:
            rep.refuse(UNDER_REFUSED, raw)
            continue
        refused_at = None
        if len(rep.terms) >= MAX_TERMS:
            rep.over_limit += 1
            last = None
            continue
        name = _SYN.sub("", line).strip(" ")
        category = name.startswith("[") and name.endswith("]")
        name = re.sub(r" {2,}", " ", name.strip("[]").strip(" "))
        if not name:
            continue
        why = _problem(name) or (TOO_DEEP if depth >= MAX_DEPTH else None)
        if why:
            rep.refuse(why, raw)
            refused_at, last = depth, None
            continue
        stack = stack[:depth] + [name]
        path = tuple(stack)
        if path in seen:  # the same keyword twice: one term, synonyms merged
            last = seen[path]
        else:
            last = {"path": list(path), "synonyms": [], "category": category}
            seen[path] = last
            rep.terms.append(last)
        for syn in _SYN.findall(line):
            _add_synonym(rep, last, syn, raw)
    return rep


def _add_synonym(rep: ImportReport, term: dict[str, Any], syn: str, raw: str) -> None:
    syn = re.sub(r" {2,}", " ", syn.strip(" "))
    if not syn:
        return
    why = _problem(syn)
    if why:
        rep.refuse(f"synonym {why}", raw)
    elif syn not in term["synonyms"]:
        term["synonyms"].append(syn)


def parse(text: str) -> list[dict[str, Any]]:
    """Terms from a Lightroom keyword list or a plain list (one per line)."""
    return parse_report(text).terms


_matchers: dict[int, tuple[list[dict[str, Any]], Matcher]] = {}
_by_content: dict[int, Matcher] = {}


def matcher(terms: list[dict[str, Any]] | None) -> Matcher:
    """A cached ``Matcher`` for a vocabulary list: the same list object, or a list with the same
    content (each photo's folder context is read anew from the database)."""
    if not terms:
        return Matcher(None)
    hit = _matchers.get(id(terms))
    if hit is not None and hit[0] is terms:
        return hit[1]
    if len(_matchers) > 16:
        _matchers.clear()
    if len(_by_content) > 8:
        _by_content.clear()
    key = content_key(terms)
    m = _by_content.get(key)
    if m is None:
        m = _by_content[key] = Matcher(terms)
    _matchers[id(terms)] = (terms, m)
    return m


def normalise(keywords: Iterable[str], terms: list[dict[str, Any]] | None, outside: str = "keep",
              place: Any = None) -> tuple[list[str], list[str]]:
    """(keywords, flags): vocabulary leaf names for keywords the vocabulary holds *for this photo*
    (``place``: its Grounding or a city/region/country dict), the others kept/flagged/dropped;
    de-duplicated by case and plural either way. ``outside`` is keep | flag | drop."""
    m = matcher(terms)
    where = place_fields(place)
    out: list[str] = []
    seen: set[str] = set()
    flags: list[str] = []
    for kw in keywords:
        kw = " ".join(str(kw).split())
        if not kw:
            continue
        term = m.resolve(kw, where) if m else None
        if term is not None:
            leaf = term["path"][-1]
            # The leaf's spelling, unless it would mean another term when written ("bath" the subject
            # next to "Bath" the town): then the model's word, which maps to the same term again.
            kw = leaf if m.resolve(leaf, where) is term else kw
        elif m and outside == "drop":
            continue
        elif m and outside == "flag" and "outside_vocabulary" not in flags:
            flags.append("outside_vocabulary")
        key = singular(fold(kw))
        if key in seen:
            continue
        seen.add(key)
        out.append(kw)
    return out, flags


def hierarchy(keywords: Iterable[str], terms: list[dict[str, Any]] | None, place: Any = None) -> dict[str, list[str]]:
    """keyword → its vocabulary path, for the writer: only keywords the vocabulary holds for this
    photo (a place path only where the photo's place supports it)."""
    m = matcher(terms)
    where = place_fields(place)
    out: dict[str, list[str]] = {}
    for kw in keywords:
        t = m.resolve(kw, where) if m else None
        if t is not None and len(t["path"]) > 1:
            out[kw] = list(t["path"])
    return out


def offer(terms: list[dict[str, Any]] | None, photo: dict[str, Any], limit: int = 40) -> list[str]:
    """The terms worth showing the model: places the photo's place supports first, then terms sharing
    a word with what is known about the photo (folders, file keywords, occasion), then the rest in
    the list's order. A place the photo is not at is never offered."""
    m = matcher(terms)
    if not m:
        return []
    g = photo.get("grounding")
    where = place_fields(g)
    known = " ".join(str(x or "") for x in (photo.get("folder"), photo.get("file_keywords"), photo.get("file_title"),
                                            getattr(g, "event", None)))
    words = set(re.findall(r"\w+", fold(known)))
    chosen: list[str] = [t["path"][-1] for t in m.supported_places(where)]
    taken = {fold(c) for c in chosen}
    chosen += [leaf for leaf, ws in m.subjects if ws & words and fold(leaf) not in taken]
    if len(chosen) < limit:
        have = set(chosen)
        chosen += [leaf for leaf, _ in m.subjects[: limit * 2] if leaf not in have and fold(leaf) not in taken]
    return list(dict.fromkeys(chosen))[:limit]
