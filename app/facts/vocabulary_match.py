"""Which vocabulary term a keyword means *for this photo*: the rules that keep a vocabulary from lying.

- A **place term** is one under a places branch ("Places", "Locations", "Orte", "Lieux", "Lugares",
  "Luoghi", "Plaatsen", "Miejsca", "場所", ...), one whose parents name a country ("USA|Massachusetts|
  Cambridge", "Travel|Italy|Florence"), or a lone country ("Italy"). It is used only when the photo's
  place supports it: its city, region, sub-location or country is the term (folded, any language:
  "Firenze" = "Florence" by synonym, "Italia" = "Italy" by ``countries.same``), or the term lies inside
  the photo's city (a landmark), and the term's country is the photo's. Without a place, or with a
  place elsewhere, the keyword stays as the model wrote it.
- Of two places of one name ("Cambridge" under England and under USA|Massachusetts), the one in the
  photo's country and region wins; when nothing tells them apart, neither is used.
- A word that is a place *and* a subject ("Bath", "Reading", "Nice") goes to the subject term unless the
  keyword is capitalised and the photo is there; subjects under a "Subjects"/"Topics" branch come first.
- Plural and singular meet only for subjects ("dogs" = "Dog", "berry" = "berries"), never for places:
  "gray" is not the town "Grays".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from app.core.fold import fold
from app.facts import countries

PLACE_ROOTS = frozenset(fold(w) for w in (
    "places", "place", "locations", "location", "geography", "geographic", "world", "countries", "orte", "ort",
    "länder", "geografie", "lieux", "lieu", "pays", "géographie", "lugares", "lugar", "países", "geografía",
    "luoghi", "luogo", "paesi", "geografia", "plaatsen", "plaats", "locaties", "landen", "miejsca", "miejsce",
    "kraje", "場所", "地名", "国", "地域",
    "europe", "asia", "africa", "north america", "south america", "oceania", "australia and oceania",
    "antarctica", "europa", "asien", "afrika", "nordamerika", "südamerika", "amérique du nord", "amérique du sud",
))
# Branches that hold places and other things ("Travel|Packing"): a place only where a country is named.
TRAVEL_ROOTS = frozenset(fold(w) for w in (
    "travel", "travels", "trips", "destinations", "reisen", "reiseziele", "voyages", "viajes", "viaggi", "reizen",
    "podróże", "旅行",
))
SUBJECT_ROOTS = frozenset(fold(w) for w in (
    "subjects", "subject", "topics", "topic", "themes", "things", "objects", "themen", "motive", "dinge", "sujets",
    "thèmes", "temas", "asuntos", "soggetti", "temi", "onderwerpen", "tematy", "tematyka", "テーマ", "被写体",
))


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


def place_fields(place: Any) -> dict[str, str] | None:
    """The photo's place as ``{"city", "region", "country", "sublocation"}`` (non-empty values only)
    from a ``Grounding``, a place dict, or None. A GPS fix out of town ("near X") is not in X."""
    if place is None:
        return None
    get = place.get if isinstance(place, dict) else (lambda k: getattr(place, k, None))
    out = {k: str(v).strip() for k in ("city", "region", "country", "sublocation") if str(get(k) or "").strip()
           for v in (get(k),)}
    if out.get("city") and get("place_source") == "gps":
        from app.facts import geocoder  # noqa: PLC0415

        if (get("place_km") or 0) > getattr(geocoder, "NEAR_KM", 7.0):
            out.pop("city")
    return out or None


@dataclass(frozen=True)
class TermInfo:
    path: tuple[str, ...]  # folded
    names: frozenset[str]  # folded leaf and synonyms
    raw_names: tuple[str, ...]
    place: bool
    subject: bool
    country: str | None  # ISO code of the first country the path names (place terms only)


def _info(t: dict[str, Any]) -> TermInfo:
    path = tuple(fold(p) for p in t["path"])
    raw_names = (t["path"][-1], *t.get("synonyms", []))
    names = frozenset(fold(n) for n in raw_names)
    place_root = path[0] in PLACE_ROOTS  # the root itself too: "Places" is a heading, not a keyword to give
    start = 1 if place_root or path[0] in TRAVEL_ROOTS else 0
    named = [countries.code_of(p) for p in t["path"][start:]]
    country = next((c for c in named if c), None)
    ancestors = any(named[:-1])
    place = place_root or ancestors or (country is not None and (start == 1 or len(path) == 1))
    return TermInfo(path, names, raw_names, place, path[0] in SUBJECT_ROOTS, country)


class Matcher:
    """Look-ups from any folded spelling, plural (subjects only) or synonym to its terms, and the
    choice of one of them for a photo's place."""

    def __init__(self, terms: list[dict[str, Any]] | None) -> None:
        self.terms = [t for t in (terms or []) if not t.get("category")]
        self.info = [_info(t) for t in self.terms]
        self.exact: dict[str, list[int]] = {}
        self.plural: dict[str, list[int]] = {}
        self.under: dict[str, list[int]] = {}  # folded ancestor → place terms below it
        self.country_terms: dict[str, list[int]] = {}  # ISO code → place terms that are that country
        for i, inf in enumerate(self.info):
            for f in inf.names:
                self.exact.setdefault(f, []).append(i)
                if not inf.place:
                    self.plural.setdefault(singular(f), []).append(i)
            if inf.place:
                for anc in set(inf.path[:-1]):
                    self.under.setdefault(anc, []).append(i)
                for code in {countries.code_of(n) for n in inf.raw_names} - {None}:
                    self.country_terms.setdefault(code, []).append(i)
        self.subjects: list[tuple[str, set[str]]] = []  # leaves of the terms that are not places
        self.leaves: list[tuple[str, set[str], bool]] = []  # (leaf, its words, a place?) once each
        seen: set[tuple[str, bool]] = set()
        for t, inf in zip(self.terms, self.info):
            leaf = t["path"][-1]
            if (fold(leaf), inf.place) not in seen:
                seen.add((fold(leaf), inf.place))
                self.leaves.append((leaf, set(re.findall(r"\w+", fold(leaf))), inf.place))
        self.subjects = [(leaf, words) for leaf, words, is_place in self.leaves if not is_place]

    def __bool__(self) -> bool:
        return bool(self.terms)

    def candidates(self, keyword: str) -> list[int]:
        """Terms named exactly (name or synonym); only when no place has this very name, subjects
        whose singular is the keyword's ("Dogs" for "dog"): "Grays" the town is never "gray" the colour."""
        f = fold(keyword)
        out = list(self.exact.get(f, []))
        if not any(self.info[i].place for i in out):
            out += [i for i in self.plural.get(singular(f), []) if i not in out]
        return out

    def find(self, keyword: str) -> dict[str, Any] | None:
        """The first term a keyword names, whatever the photo (for display; mapping uses ``resolve``)."""
        idx = self.candidates(keyword)
        return self.terms[idx[0]] if idx else None

    def support(self, i: int, where: dict[str, str] | None) -> int:
        """How well the photo's place supports place term ``i`` (0: not at all)."""
        if not where:
            return 0
        inf = self.info[i]
        country = where.get("country")
        if inf.country and country:
            code = countries.code_of(country)
            if code is not None and code != inf.country:
                return 0
            if code is None and not any(countries.same(country, p) for p in self.terms[i]["path"]):
                return 0
        city, region, sub = (fold(where.get(k) or "") for k in ("city", "region", "sublocation"))
        local = {v for v in (city, region, sub) if v}
        leaf_hit = bool(inf.names & local) or bool(country and any(countries.same(n, country) for n in inf.raw_names))
        inside = bool(city) and city in inf.path[:-1]
        if not (leaf_hit or inside):
            return 0
        score = 1
        if inf.country and country:
            score += 2
        if region and region in inf.path:
            score += 1
        if inf.names & {v for v in (city, sub) if v}:
            score += 1
        return score

    def _best_place(self, idx: list[int], where: dict[str, str] | None) -> int | None:
        scored = sorted(((self.support(i, where), n, i) for n, i in enumerate(idx)), key=lambda x: (-x[0], x[1]))
        if not scored or scored[0][0] == 0:
            return None
        if len(scored) > 1 and scored[1][0] == scored[0][0] and \
                self.terms[scored[1][2]]["path"] != self.terms[scored[0][2]]["path"]:
            return None  # two places of this name fit equally: the vocabulary cannot say which
        return scored[0][2]

    def resolve(self, keyword: str, where: dict[str, str] | None) -> dict[str, Any] | None:
        """The term ``keyword`` means for a photo at ``where`` (``place_fields``), or None."""
        idx = self.candidates(keyword)
        if not idx:
            return None
        place = self._best_place([i for i in idx if self.info[i].place], where)
        others = [i for i in idx if not self.info[i].place]
        other = min(others, key=lambda i: (not self.info[i].subject, idx.index(i))) if others else None
        if place is not None and other is not None:
            return self.terms[place if keyword[:1].isupper() else other]
        chosen = place if place is not None else other
        return self.terms[chosen] if chosen is not None else None

    def supported_places(self, where: dict[str, str] | None, limit: int = 12) -> list[dict[str, Any]]:
        """Place terms the photo's place supports, best first (what to offer the model)."""
        if not where:
            return []
        idx = list(self.country_terms.get(countries.code_of(where.get("country")) or "", []))
        for k in {fold(v) for v in where.values()}:
            idx += [i for i in self.exact.get(k, []) + self.under.get(k, []) if self.info[i].place and i not in idx]
        scored = sorted(((self.support(i, where), i) for i in idx), key=lambda x: (-x[0], x[1]))
        out: list[dict[str, Any]] = []
        for s, i in scored:
            if s > 0 and self.resolve(self.terms[i]["path"][-1].title(), where) is self.terms[i]:
                out.append(self.terms[i])
        return out[:limit]


def content_key(terms: list[dict[str, Any]]) -> int:
    """A key for a vocabulary's content (lists read anew from the database are equal, not identical)."""
    return hash(json.dumps(terms, ensure_ascii=False, sort_keys=True))
