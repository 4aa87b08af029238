"""``wordfreq``'s small word lists, cached as sorted tables so a new process does not import wordfreq.

Importing wordfreq (with langcodes and its tokenizers) and unpacking the fourteen lists the language
detector scores every caption against costs a new process about 0.3 s. The same words and
frequencies, taken from ``wordfreq.get_frequency_dict`` once per machine (``app.facts.datacache``,
keyed by wordfreq's version), load in a few milliseconds; a word is found by binary search in its
language's sorted list, so no dictionary of 40,000 words is built per language either.
"""

from __future__ import annotations

import bisect
import logging
import threading
from functools import cached_property

import numpy as np

from app.facts import datacache

log = logging.getLogger(__name__)

FORMAT = 1  # bump when the arrays saved change
SEP = "\x1f"
WORDLIST = "small"


class Frequencies:
    """One language's words → frequency, read-only, with the ``dict`` methods the callers use."""

    def __init__(self, words: np.ndarray, freqs: np.ndarray) -> None:
        self._blob, self._freqs = words, freqs

    @cached_property
    def _words(self) -> list[str]:
        return datacache.strings(self._blob, SEP, len(self._freqs))

    def _find(self, word: object) -> int:
        if not isinstance(word, str):
            return -1
        words = self._words
        i = bisect.bisect_left(words, word)
        return i if i < len(words) and words[i] == word else -1

    def get(self, word: str, default: float | None = None) -> float | None:
        i = self._find(word)
        return float(self._freqs[i]) if i >= 0 else default

    def __contains__(self, word: object) -> bool:
        return self._find(word) >= 0

    def __len__(self) -> int:
        return len(self._freqs)


def _build(langs: tuple[str, ...]) -> datacache.Arrays:
    import wordfreq  # noqa: PLC0415 - only when the table is built

    out: datacache.Arrays = {"meta": np.array([FORMAT], dtype=np.int64)}
    for lang in langs:
        d = wordfreq.get_frequency_dict(lang, wordlist=WORDLIST)
        words = sorted(d)
        out[f"w_{lang}"] = datacache.text(words, SEP)
        out[f"f_{lang}"] = np.array([d[w] for w in words], dtype=np.float64)
    return out


def _valid(langs: tuple[str, ...]):  # type: ignore[no-untyped-def]
    def check(a: datacache.Arrays) -> bool:
        try:
            return int(a["meta"][0]) == FORMAT and all(
                a[f"f_{c}"].dtype == np.float64 and a[f"f_{c}"].ndim == 1
                and datacache.holds(a[f"w_{c}"], SEP, len(a[f"f_{c}"])) for c in langs)
        except (KeyError, ValueError, IndexError):
            return False

    return check


_lock = threading.Lock()
_tables: dict[str, Frequencies] | None = None


def tables(langs: tuple[str, ...]) -> dict[str, Frequencies]:
    """Every language's table (loaded, or built and cached, on first use). Raises ImportError,
    LookupError or OSError when wordfreq or a list is missing (nothing is cached then)."""
    global _tables
    if _tables is None:
        with _lock:
            if _tables is None:
                key = ("wordfreq", FORMAT, datacache.package_version("wordfreq"), WORDLIST, langs)
                a = datacache.load("words", key, lambda: _build(langs), _valid(langs))
                _tables = {c: Frequencies(a[f"w_{c}"], a[f"f_{c}"]) for c in langs}
    return _tables
