"""Keyword vocabularies: import, offer to the model, map the model's keywords onto them.

Format (Lightroom's keyword export, also read by digiKam and others): UTF-8 text, one keyword per
line, a child indented one tab deeper than its parent, synonyms on the same line in ``{braces}``,
``[brackets]`` around a category (a parent that is not itself a keyword). A file without tabs is a
plain list. Terms are stored as ``{"path": ["Places", "Italy", "Florence"], "synonyms": [...],
"category": false}``; they are written as ``Places|Italy|Florence`` to ``lr:hierarchicalSubject``
and ``Places/Italy/Florence`` to digiKam's ``TagsList``.

Matching folds case and accents, English singular/plural ("dogs" = "dog", "berries" = "berry") and
the vocabulary's synonyms. A returned keyword outside the vocabulary is kept or flagged
``outside_vocabulary`` (setting ``vocabulary_outside``: keep | flag | drop).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable

MAX_TERMS = 20_000
MAX_TERM = 80
MAX_DEPTH = 12
_SYN = re.compile(r"\{([^}]*)\}")


def parse(text: str) -> list[dict[str, Any]]:
    """Terms from a Lightroom keyword list or a plain list (one per line)."""
    terms: list[dict[str, Any]] = []
    stack: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n"):
        if not raw.strip() or len(terms) >= MAX_TERMS:
            continue
        depth = min(len(raw) - len(raw.lstrip("\t")), MAX_DEPTH)
        line = raw.strip()
        if line.startswith("{") and line.endswith("}") and terms:  # a synonym on its own line
            terms[-1]["synonyms"].append(_clip(line[1:-1]))
            continue
        synonyms = [_clip(s) for s in _SYN.findall(line) if _clip(s)]
        name = _SYN.sub("", line).strip()
        category = name.startswith("[") and name.endswith("]")
        name = _clip(name.strip("[]"))
        if not name:
            continue
        stack = stack[:depth] + [name]
        terms.append({"path": list(stack), "synonyms": synonyms, "category": category})
    return terms


def load_file(path: str) -> list[dict[str, Any]]:
    with open(path, "rb") as fh:
        data = fh.read(8 * 1024 * 1024)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return parse(text)


def _clip(s: str) -> str:
    return " ".join(s.split())[:MAX_TERM]


def fold(s: str) -> str:
    """Case- and accent-folded form used for every comparison."""
    s = unicodedata.normalize("NFKD", s.casefold())
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).split())


def singular(word: str) -> str:
    """English singular of the last word (good enough for keywords; "glasses" stays "glass")."""
    head, _, last = word.rpartition(" ")
    w = last
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes", "zes")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    return (head + " " + w).strip() if head else w


def _keys(s: str) -> set[str]:
    f = fold(s)
    return {f, singular(f)}


_matchers: dict[int, tuple[list[dict[str, Any]], "Matcher"]] = {}


def matcher(terms: list[dict[str, Any]] | None) -> "Matcher":
    """A cached ``Matcher`` for a vocabulary list (the same list object is reused per folder)."""
    if not terms:
        return Matcher(None)
    hit = _matchers.get(id(terms))
    if hit is not None and hit[0] is terms:
        return hit[1]
    if len(_matchers) > 16:
        _matchers.clear()
    m = Matcher(terms)
    _matchers[id(terms)] = (terms, m)
    return m


class Matcher:
    """Look-ups from any folded spelling, plural or synonym to its term."""

    def __init__(self, terms: list[dict[str, Any]] | None) -> None:
        self.terms = [t for t in (terms or []) if not t.get("category")]
        self.by_key: dict[str, dict[str, Any]] = {}
        for t in self.terms:  # the first term wins a clash (a leaf name used twice)
            for name in [t["path"][-1], *t.get("synonyms", [])]:
                for k in _keys(name):
                    self.by_key.setdefault(k, t)
        self.leaves: list[tuple[str, set[str]]] = []
        seen: set[str] = set()
        for t in self.terms:
            leaf = t["path"][-1]
            if fold(leaf) not in seen:
                seen.add(fold(leaf))
                self.leaves.append((leaf, set(re.findall(r"\w+", fold(leaf)))))

    def __bool__(self) -> bool:
        return bool(self.terms)

    def find(self, keyword: str) -> dict[str, Any] | None:
        for k in (fold(keyword), singular(fold(keyword))):
            if k in self.by_key:
                return self.by_key[k]
        return None


def normalise(keywords: Iterable[str], terms: list[dict[str, Any]] | None, outside: str = "keep"
              ) -> tuple[list[str], list[str]]:
    """(keywords, flags): vocabulary leaf names for matches, others kept/dropped; de-duplicated
    by case and plural either way. ``outside`` is keep | flag | drop."""
    m = matcher(terms)
    out: list[str] = []
    seen: set[str] = set()
    flags: list[str] = []
    for kw in keywords:
        kw = " ".join(str(kw).split())
        if not kw:
            continue
        term = m.find(kw) if m else None
        if term is not None:
            kw = term["path"][-1]
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


def hierarchy(keywords: Iterable[str], terms: list[dict[str, Any]] | None) -> dict[str, list[str]]:
    """keyword → its vocabulary path (only keywords the vocabulary holds), for the writer."""
    m = matcher(terms)
    out: dict[str, list[str]] = {}
    for kw in keywords:
        t = m.find(kw) if m else None
        if t is not None and len(t["path"]) > 1:
            out[kw] = list(t["path"])
    return out


def offer(terms: list[dict[str, Any]] | None, photo: dict[str, Any], limit: int = 40) -> list[str]:
    """The terms worth showing the model: those sharing a word with what is known about the photo
    (folders, file keywords, place, occasion) first, then the rest in the list's order."""
    m = matcher(terms)
    if not m:
        return []
    g = photo.get("grounding")
    known = " ".join(str(x or "") for x in (photo.get("folder"), photo.get("file_keywords"), photo.get("file_title"),
                                            getattr(g, "event", None), g.place_label() if g is not None else ""))
    words = set(re.findall(r"\w+", fold(known)))
    relevant = [leaf for leaf, ws in m.leaves if ws & words]
    if len(relevant) < limit:
        chosen = set(relevant)
        relevant += [leaf for leaf, _ in m.leaves[: limit * 2] if leaf not in chosen]
    return relevant[:limit]
