"""Which language a caption (or a list of keywords) is written in, offline.

Used by the names guard (German capitalises every noun, Japanese has no capitals at all) and meant
for any rule that depends on the caption's language (e.g. "this caption is not in the language the
user asked for"). Detection uses ``lingua`` restricted to the languages below in its low-accuracy
mode: trigram models only, about 20 MB of memory once loaded, well under a millisecond per caption.
Scripts decide first where they can (kana → Japanese, hangul → Korean, hanzi alone → Chinese), so
the statistical model only has to tell Latin-script languages apart.

Keywords are short and often shared between languages ("pizza", "Berlin"), so a list is judged
*together*: lingua's best guesses for the joined list are re-ranked by how many of the keywords are
ordinary words of that language (``wordfreq``), with the caption's language as a tie-breaker.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Iterable, Sequence

# ISO 639-1 codes of the languages told apart; others are reported as the nearest of these.
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "da", "nb", "fi", "cs", "ru", "tr", "ja", "zh", "ko")
NOUN_CAPITALISING = frozenset({"de", "lb"})  # every noun starts with a capital letter
CASELESS = frozenset({"ja", "zh", "ko"})
MIN_LETTERS = 3  # below this nothing can be said

_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder  # noqa: PLC0415 - loaded on first use

    langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*langs).with_low_accuracy_mode().build()


def script_language(text: str) -> str | None:
    """The language a script alone gives away: kana → ja, hangul → ko, hanzi without kana → zh."""
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    if _HAN.search(text):
        return "zh"
    return None


def is_cjk(code: str | None) -> bool:
    return code in CASELESS


def _ranked(text: str) -> list[tuple[str, float]]:
    try:
        with _lock:  # the detector is shared; lingua's Python object is not documented as thread-safe
            values = _detector().compute_language_confidence_values(text)
    except ImportError:  # pragma: no cover - lingua is a dependency; without it the rules fall back to English
        return []
    return [(v.language.iso_code_639_1.name.lower(), float(v.value)) for v in values]


def detect(text: str | None) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when there is too little text to tell."""
    text = (text or "").strip()
    if not text:
        return None
    cjk = _HAN.findall(text) + _KANA.findall(text) + _HANGUL.findall(text)
    letters = _LETTER.findall(text)
    if cjk and len(cjk) * 2 >= len(letters):  # mostly CJK: the script decides
        return script_language(text)
    if len(letters) < MIN_LETTERS:
        return None
    ranked = _ranked(text)
    return ranked[0][0] if ranked and ranked[0][1] > 0 else None


def _coverage(keywords: Sequence[str], code: str) -> int:
    from app.facts import lexicon  # noqa: PLC0415

    return sum(1 for k in keywords if all(lexicon.is_word(w, code) for w in re.findall(r"[^\W\d_]+", k)))


def detect_keywords(keywords: Iterable[str], hint: str | None = None) -> str | None:
    """The language of a keyword list judged as a whole (``hint``: the caption's language).

    Lingua's top guesses for the joined list are scored by how many keywords are ordinary words in
    each language; the hint wins ties, so "pizza, Berlin" stays in the caption's language."""
    kws = [k.strip() for k in keywords if k and k.strip()]
    if not kws:
        return hint
    joined = ", ".join(kws)
    script = script_language(joined)
    if script is not None and len(_HAN.findall(joined) + _KANA.findall(joined) + _HANGUL.findall(joined)) * 2 >= len(
            _LETTER.findall(joined)):
        return script
    if len(_LETTER.findall(joined)) < MIN_LETTERS:
        return hint
    ranked = [c for c, v in _ranked(joined)[:4] if v > 0.01 and c not in CASELESS]
    candidates = list(dict.fromkeys(([hint] if hint and hint not in CASELESS else []) + ranked))
    if not candidates:
        return hint
    scores = {c: _coverage(kws, c) for c in candidates}
    best = max(scores.values())
    if hint in scores and scores[hint] == best:
        return hint
    return next(c for c in candidates if scores[c] == best)
