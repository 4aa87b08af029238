"""Word knowledge for the names guard: ordinary words, given names, surnames, and things with capitals.

- **Ordinary words** per language come from ``wordfreq``'s small lists (about 30,000–50,000 words
  each, ~4 MB per language, loaded on first use): "Hund", "Strand", "Dwoje" are words, "Okafor" is not.
  German and Dutch compounds ("Hochzeitstorte") count when they split into ordinary words.
- **Given names and surnames** come from ``faker``'s per-locale person lists (census-based, many
  countries, Latin script, kanji, hanzi and kana). Word frequency cannot tell a name from a word
  ("anna" is as frequent as "sunset"); these lists can.
- **Not names** (``not_names.txt``): breeds, holidays, dishes, drinks, products, sky objects, styles
  and the like, in several languages: "Golden Retriever", "Christmas Eve", "Teddy Bear", "Milchstraße".
- **Ambiguous given names** (``name_words.txt``): names that are also ordinary words ("Rose", "May").

Everything is folded (case, accents) before comparison.
"""

from __future__ import annotations

import importlib
import logging
import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Mapping

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
WORD_LISTS = frozenset({"en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "da", "nb", "fi", "cs", "ru", "tr", "ja",
                        "zh", "ko"})
# Faker locales whose person lists are read (Latin script unless noted).
NAME_LOCALES = ("en_US", "en_GB", "en_IE", "en_IN", "en_NG", "en_NZ", "de_DE", "de_AT", "de_CH", "fr_FR", "fr_CA",
                "es_ES", "es_MX", "es_AR", "it_IT", "pl_PL", "nl_NL", "nl_BE", "pt_BR", "pt_PT", "sv_SE", "da_DK",
                "no_NO", "fi_FI", "cs_CZ", "sk_SK", "hu_HU", "ro_RO", "hr_HR", "sl_SI", "tr_TR", "ga_IE", "et_EE",
                "lt_LT", "lv_LV", "ja_JP", "zh_CN", "zh_TW", "ko_KR")
COMPOUND_LANGS = frozenset({"de", "nl", "da", "sv", "nb"})
LINKERS = ("", "s", "es", "n", "en", "e", "er")

_lock = threading.Lock()


_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


FOLD_VERSION = 1  # bump when ``fold`` changes: tables of folded names cached on disk are then built again
FOLD_PROBE = "Zoë ŁÓDŹ Straße Ærø İstanbul Đà Nẵng ｶﾀｶﾅ 東京 ﬁ"  # and a fold that answers these differently
_STRIP = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})


def fold(s: str) -> str:
    """Casefold and drop accents ("Zoë" → "zoe", "Ł" → "l"); kana and hanzi stay as written (NFC)."""
    s = (s or "").casefold()
    if s.isascii():
        return s
    if not _CJK_CHAR.search(s):
        d = unicodedata.normalize("NFKD", s.translate(_STRIP))
        return "".join(c for c in d if not unicodedata.combining(c))
    out = []
    for ch in unicodedata.normalize("NFC", s):
        if _CJK_CHAR.match(ch):
            out.append(ch)  # the voicing marks of kana are part of the letter (バ is not ハ)
            continue
        d = unicodedata.normalize("NFKD", ch.translate(_STRIP))
        out.append("".join(c for c in d if not unicodedata.combining(c)))
    return "".join(out)


def fold_key() -> tuple[object, ...]:
    """What tables of folded names cached on disk depend on (part of their key)."""
    return (FOLD_VERSION, fold(FOLD_PROBE))


@lru_cache(maxsize=32)
def _freq(lang: str) -> Mapping[str, float]:
    """``lang``'s everyday words → frequency (empty when the list is not available)."""
    if lang not in WORD_LISTS:
        return {}
    try:  # from the cached table (no wordfreq import in a new process) ...
        from app.facts import wordlists  # noqa: PLC0415 - numpy, only when words are looked up

        return wordlists.table(lang)
    except (ImportError, LookupError, OSError, ValueError) as exc:
        log.info("cached word lists unavailable (%s): reading %s from wordfreq", exc, lang)
    try:  # ... or this one from wordfreq itself
        import wordfreq  # noqa: PLC0415 - ~4 MB per language, loaded when a caption in it is checked

        with _lock:
            return wordfreq.get_frequency_dict(lang, wordlist="small")
    except (ImportError, LookupError, OSError) as exc:
        log.warning("word list for %s unavailable: %s", lang, exc)
        return {}


def zipf(word: str, lang: str) -> float:
    """Zipf frequency of ``word`` in ``lang`` (0 when unknown); 3 ≈ once per million words."""
    import math  # noqa: PLC0415

    f = _freq(lang).get(word.casefold()) or _freq(lang).get(word.lower())
    return round(math.log10(f) + 9, 2) if f else 0.0


def is_word(word: str, lang: str | None) -> bool:
    """Whether ``word`` is an ordinary word (any inflection the list holds) of ``lang``."""
    if not word or not lang:
        return False
    w = word.strip(".'’-").casefold()
    d = _freq(lang)
    if w in d:
        return True
    for suffix in ("'s", "’s", "s'", "’"):
        if w.endswith(suffix) and w[: -len(suffix)] in d:
            return True
    return lang in COMPOUND_LANGS and is_compound(w, lang)


@lru_cache(maxsize=4096)
def is_compound(word: str, lang: str) -> bool:
    """"hochzeitstorte" = "hochzeit" + s + "torte": every part an ordinary word of ``lang``."""
    d = _freq(lang)
    w = word.casefold()
    if len(w) < 7 or not d:
        return False

    def split(rest: str, depth: int) -> bool:
        if rest in d and len(rest) >= 3:
            return True
        if depth > 3:
            return False
        for i in range(len(rest) - 3, 2, -1):
            head, tail = rest[:i], rest[i:]
            for link in LINKERS:
                if link and not head.endswith(link):
                    continue
                stem = head[: len(head) - len(link)] if link else head
                if len(stem) >= 3 and stem in d and split(tail, depth + 1):
                    return True
        return False

    return split(w, 0)


def _names_of(value: object) -> list[str]:
    if isinstance(value, dict):
        return [str(k) for k in value]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [str(v) for v in value]
    return []


LOCALE_LANGS = {"en": ("en_US", "en_GB", "en_IE", "en_NZ"), "de": ("de_DE", "de_AT", "de_CH"), "fr": ("fr_FR", "fr_CA"),
                "es": ("es_ES", "es_MX", "es_AR"), "it": ("it_IT",), "pl": ("pl_PL",), "nl": ("nl_NL", "nl_BE"),
                "pt": ("pt_BR", "pt_PT"), "sv": ("sv_SE",), "da": ("da_DK",), "nb": ("no_NO",), "fi": ("fi_FI",),
                "cs": ("cs_CZ",), "tr": ("tr_TR",)}


def _faker_names() -> dict[str, list[str]]:
    """faker's person lists: folded Latin-script given names (with their locales, comma-joined) and
    surnames; kanji, hanzi and kana given names and surnames as written."""
    given: dict[str, set[str]] = {}
    last: set[str] = set()
    cjk_given: set[str] = set()
    cjk_last: set[str] = set()
    cjk_re = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
    for loc in NAME_LOCALES:
        try:
            prov = importlib.import_module(f"faker.providers.person.{loc}").Provider
        except (ImportError, AttributeError):
            continue
        for attr in dir(prov):
            if not (attr.startswith("first_") or attr.startswith("last_")) or not attr.endswith(("names", "names_male",
                                                                                                  "names_female")):
                continue
            for n in _names_of(getattr(prov, attr, None)):
                n = n.strip()
                if not n:
                    continue
                if cjk_re.search(n):
                    (cjk_given if attr.startswith("first_") else cjk_last).add(n)
                elif len(n) >= 3 and " " not in n:
                    if attr.startswith("first_"):
                        given.setdefault(fold(n), set()).add(loc)
                    else:
                        last.add(fold(n))
    return {"given": list(given), "given_locales": [",".join(sorted(v)) for v in given.values()],
            "last": sorted(last), "cjk_given": sorted(cjk_given), "cjk_last": sorted(cjk_last)}


@lru_cache(maxsize=1)
def _person_lists() -> tuple[dict[str, frozenset[str]], frozenset[str], frozenset[str], frozenset[str]]:
    """(given name → locales) and surnames, folded, for Latin script; then given names and surnames as
    written in kanji, hanzi and kana. faker's lists are read once per machine and cached
    (``app.facts.datacache``: importing faker's 39 person modules costs a new process ~0.2 s)."""
    try:
        from app.facts import datacache  # noqa: PLC0415 - numpy, only when names are looked up

        key = ("people", 1, datacache.package_version("faker"), NAME_LOCALES, fold_key())
        lists = datacache.load_strings("people", key, _faker_names)
    except (ImportError, OSError, ValueError) as exc:
        log.info("cached name lists unavailable (%s): reading faker", exc)
        lists = _faker_names()
    given = {n: set(locs.split(",")) for n, locs in zip(lists["given"], lists["given_locales"])}
    for n in _extra("given"):
        given.setdefault(fold(n), set()).add("*")
    return ({k: frozenset(v) for k, v in given.items()}, frozenset(lists["last"]), frozenset(lists["cjk_given"]),
            frozenset(lists["cjk_last"]))


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    return frozenset(_person_lists()[0])


def surnames() -> frozenset[str]:
    return _person_lists()[1]


def cjk_given() -> frozenset[str]:
    return _person_lists()[2]


def cjk_surnames() -> frozenset[str]:
    return _person_lists()[3]


def _sections(name: str) -> dict[str, list[str]]:
    """``name`` (package data): ``[section]`` headers, entries separated by ";" or new lines, # comments."""
    out: dict[str, list[str]] = {}
    cur = ""
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            cur = line[1:-1].strip()
            continue
        out.setdefault(cur, []).extend(p.strip() for p in line.split(";") if p.strip())
    return out


@lru_cache(maxsize=1)
def _extra_lists() -> dict[str, list[str]]:
    return _sections("name_words.txt")


def _extra(section: str) -> list[str]:
    return _extra_lists().get(section, [])


@lru_cache(maxsize=1)
def not_names() -> dict[str, str]:
    """Folded phrase → category ("golden retriever" → "breed")."""
    out: dict[str, str] = {}
    for cat, items in _sections("not_names.txt").items():
        for it in items:
            out[fold(it)] = cat
            out.setdefault(fold(it).replace("-", " "), cat)
    return out


@lru_cache(maxsize=1)
def not_names_cjk() -> tuple[str, ...]:
    """Not-name phrases written in CJK scripts, longest first (matched as substrings)."""
    items = [p for p in not_names() if re.search(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", p)]
    return tuple(sorted(items, key=len, reverse=True))


@lru_cache(maxsize=1)
def name_words() -> frozenset[str]:
    """Given names that are ordinary words too (folded): "rose", "may", "hope"."""
    return frozenset(fold(w) for w in _extra("ambiguous"))


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Words before a person's name: "Mr", "Frau", "Señora", "Pani" (folded, no dot)."""
    return frozenset(fold(w).rstrip(".") for w in _extra("titles"))


@lru_cache(maxsize=1)
def honorifics_ja() -> tuple[str, ...]:
    return tuple(sorted(_extra("honorifics_ja"), key=len, reverse=True))


@lru_cache(maxsize=1)
def kin_words_ja() -> tuple[str, ...]:
    """Words ending in an honorific that are not names (お母さん, 赤ちゃん, パン屋さん)."""
    return tuple(sorted(_extra("kin_ja"), key=len, reverse=True))


@lru_cache(maxsize=1)
def titles_zh() -> tuple[str, ...]:
    return tuple(sorted(_extra("titles_zh"), key=len, reverse=True))


@lru_cache(maxsize=1)
def place_types() -> frozenset[str]:
    """Words that make a capitalised phrase a place: "Park", "Brücke", "pont", "piazza"."""
    return frozenset(fold(w) for w in _extra("place_types"))


@lru_cache(maxsize=1)
def natural_places() -> frozenset[str]:
    """Place words whose name is a town's own ("Lake Como", "puerto de Cádiz")."""
    return frozenset(fold(w) for w in _extra("natural_places"))


@lru_cache(maxsize=1)
def surnames_zh() -> frozenset[str]:
    return frozenset(_extra("surnames_zh"))


@lru_cache(maxsize=1)
def katakana_names() -> frozenset[str]:
    return frozenset(_extra("katakana_given"))


def is_given_name(word: str, lang: str | None = None) -> bool:
    """A given name, and not an ordinary word of ``lang``.

    Names come from many countries' lists, which hold everyday words too ("Canal" is a Turkish
    name, "Said" a Swedish one): a name from few countries that is an English word, or a name from
    elsewhere that is an everyday word of ``lang``, is a word."""
    f = fold(word.strip(".'’"))
    for suffix in ("'s", "’s"):
        if f.endswith(suffix):
            f = f[: -len(suffix)]
    locales = _person_lists()[0].get(f)
    if not locales or f in name_words():
        return False
    if "*" in locales:
        return True
    if not locales & set(LOCALE_LANGS["en"]) and len(locales) < 4 and zipf(f, "en") >= 3.5:
        return False  # an English word that is a name in a few countries ("Canal", "Said", "Line")
    if lang and not locales & set(LOCALE_LANGS.get(lang, ())) and zipf(f, lang) >= 4.5:
        return False  # a name elsewhere, an everyday word here
    return True


def warm(lang: str | None = None) -> None:
    """Load what a check in ``lang`` needs (so the first caption is not slower than the rest)."""
    _person_lists()
    not_names()
    if lang:
        _freq(lang)
    _freq("en")
