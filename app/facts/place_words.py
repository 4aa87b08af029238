"""A place in words ("near Ventnor (12 km), England, United Kingdom"): the geocoder's answers and the
places stored with photos are shown this way. Apart from ``app.facts.geocoder`` so that showing a
stored place never loads the geocoder's numpy tables."""

from __future__ import annotations

from app.core.fold import fold

NEAR_KM = 30.0  # "near X (12 km)" up to this; beyond it "45 km from X"


def _km_words(km: float | None) -> str:
    if km is None:
        return ""
    return f"{km:.1f}" if km < 1 else f"{round(km):d}"


def describe(city: str | None, region: str | None, country: str | None, *, near: str | None = None,
             km: float | None = None, sea: bool = False) -> str:
    """The place in words: "Ventnor, England, United Kingdom", "near Ventnor (12 km), England, United
    Kingdom", "at sea, 50 km off Ventnor" (a country only when the sea is its waters)."""
    if sea:
        head = "at sea" + (f", {_km_words(km)} km off {near or city}" if (near or city) else "")
        parts = [head, country]
    elif city:
        parts = [city, region, country]
    elif near:
        head = f"near {near} ({_km_words(km)} km)" if km is None or km <= NEAR_KM else f"{_km_words(km)} km from {near}"
        parts = [head, region, country]
    else:
        parts = [region, country]
    out: list[str] = []
    for p in parts:
        if p and (not out or fold(out[-1]) != fold(p)):  # "Tokyo, Tokyo, Japan" → "Tokyo, Japan"
            out.append(p)
    return ", ".join(out)
