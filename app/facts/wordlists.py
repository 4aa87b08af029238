"""``wordfreq``'s small word lists, cached as sorted tables so a new process does not import wordfreq.

Importing wordfreq (with langcodes and its tokenizers) and unpacking the fourteen lists the language
detector scores every caption against costs a new process about 0.3 s. The same words and
frequencies, taken from ``wordfreq.get_frequency_dict`` once per machine (``app.facts.datacache``,
one table per language, keyed by wordfreq's version), load in a few milliseconds; a word is found by binary search in its
language's sorted list (its UTF-8 bytes, until a list is used often enough to be worth decoding), so
no dictionary of 40,000 words is built per language either.
"""

from __future__ import annotations

import bisect
import logging
import threading

import numpy as np

from app.facts import datacache

log = logging.getLogger(__name__)

FORMAT = 4  # bump when the arrays saved change
SEP = "\x1f"
WORDLIST = "small"


class Frequencies:
    """One language's words → frequency, read-only, with the ``dict`` methods the callers use."""

    def __init__(self, words: np.ndarray, starts: np.ndarray, bucket: np.ndarray, values: np.ndarray) -> None:
        self._words = datacache.SortedStrings(words, starts, SEP)
        self._bucket = memoryview(np.ascontiguousarray(bucket, dtype=np.uint16)).cast("B").cast("H")
        self._values = values.tolist()  # wordfreq's few hundred distinct frequencies, exactly

    def _find(self, word: object) -> int:
        return self._words.index(word) if isinstance(word, str) else -1

    def get(self, word: str, default: float | None = None) -> float | None:
        i = self._find(word)
        return self._values[self._bucket[i]] if i >= 0 else default

    def __contains__(self, word: object) -> bool:
        return self._find(word) >= 0

    def __len__(self) -> int:
        return self._words.n


def _build(langs: tuple[str, ...]) -> datacache.Arrays:
    import wordfreq  # noqa: PLC0415 - only when the table is built

    out: datacache.Arrays = {"meta": np.array([FORMAT], dtype=np.int64)}
    for lang in langs:
        d = wordfreq.get_frequency_dict(lang, wordlist=WORDLIST)
        words = sorted(d)
        out[f"w_{lang}"] = datacache.text(words, SEP)
        out[f"o_{lang}"] = datacache.offsets(out[f"w_{lang}"], SEP, len(words))
        values = sorted(set(d.values()))
        if len(values) > 65535:
            raise ValueError("more distinct frequencies than a bucket index holds")
        at = {v: i for i, v in enumerate(values)}
        out[f"v_{lang}"] = np.array(values, dtype=np.float64)
        out[f"b_{lang}"] = np.array([at[d[w]] for w in words], dtype=np.uint16)
    return out


def _valid(langs: tuple[str, ...]):  # type: ignore[no-untyped-def]
    def check(a: datacache.Arrays) -> bool:
        try:
            return int(a["meta"][0]) == FORMAT and all(
                a[f"v_{c}"].dtype == np.float64 and a[f"b_{c}"].dtype == np.uint16 and a[f"b_{c}"].ndim == 1
                and (a[f"b_{c}"].size == 0 or int(a[f"b_{c}"].max()) < a[f"v_{c}"].size)
                and datacache.sorted_ok(a[f"w_{c}"], a[f"o_{c}"], SEP, a[f"b_{c}"].size) for c in langs)
        except (KeyError, ValueError, IndexError):
            return False

    return check


_lock = threading.Lock()
_tables: dict[str, Frequencies] = {}


def table(lang: str) -> Frequencies:
    """``lang``'s table (loaded, or built and cached, on first use: one file per language, so a
    check of a Latin-script caption never reads the Japanese or Russian list). Raises ImportError,
    LookupError or OSError when wordfreq or the list is missing (nothing is cached then)."""
    found = _tables.get(lang)
    if found is None:
        with _lock:
            found = _tables.get(lang)
            if found is None:
                key = ("wordfreq", FORMAT, datacache.package_version("wordfreq"), WORDLIST, lang)
                a = datacache.load(f"words-{lang}", key, lambda: _build((lang,)), _valid((lang,)))
                found = _tables[lang] = Frequencies(a[f"w_{lang}"], a[f"o_{lang}"], a[f"b_{lang}"], a[f"v_{lang}"])
    return found
