"""A place in words ("near Ventnor (12 km), England, United Kingdom"): the geocoder's answers and the
places stored with photos are shown this way. Apart from ``app.facts.geocoder`` so that showing a
stored place never loads the geocoder's numpy tables."""

from __future__ import annotations

from typing import Callable, Mapping

from app.core.fold import fold

NEAR_KM = 30.0  # "near X (12 km)" up to this; beyond it "45 km from X"


def _km_words(km: float | None) -> str:
    if km is None:
        return ""
    return f"{km:.1f}" if km < 1 else f"{round(km):d}"


# The phrases ``describe`` builds a place from; the window passes the same in its own language.
WORDS = {
    "at_sea": "at sea",
    "off": "at sea, {km} km off {place}",
    "near": "near {place} ({km} km)",
    "near_somewhere": "near {place}",
    "from": "{km} km from {place}",
}


def describe(city: str | None, region: str | None, country: str | None, *, near: str | None = None,
             km: float | None = None, sea: bool = False, words: Mapping[str, str] | None = None,
             km_text: Callable[[float], str] | None = None) -> str:
    """The place in words: "Ventnor, England, United Kingdom", "near Ventnor (12 km), England, United
    Kingdom", "at sea, 50 km off Ventnor" (a country only when the sea is its waters). ``words`` and
    ``km_text`` word it in another language (the keys of ``WORDS``; the distance as that language
    writes numbers)."""
    w = {**WORDS, **(words or {})}
    dist = "" if km is None else (km_text or _km_words)(km)
    if sea:
        where = near or city
        head = w["off"].format(km=dist, place=where) if where and dist else w["at_sea"]
        parts = [head, country]
    elif city:
        parts = [city, region, country]
    elif near:
        if km is None:
            head = w["near_somewhere"].format(place=near)
        else:
            head = w["near"].format(place=near, km=dist) if km <= NEAR_KM else w["from"].format(place=near, km=dist)
        parts = [head, region, country]
    else:
        parts = [region, country]
    out: list[str] = []
    for p in parts:
        if p and (not out or fold(out[-1]) != fold(p)):  # "Tokyo, Tokyo, Japan" → "Tokyo, Japan"
            out.append(p)
    return ", ".join(out)
