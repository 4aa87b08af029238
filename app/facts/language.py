"""Which language a caption (or a list of keywords) is written in, offline, and whether it is the one asked for.

Used by the names guard (German capitalises every noun, Japanese has no capitals at all) and by the
captioner's language check (a draft whose caption, alt text or keywords are not in the requested
language is flagged ``wrong_language``).

How a text is judged:

1. **Script first.** Kana → Japanese, hangul → Korean, Cyrillic → Russian. Han characters alone are
   Chinese or Japanese: each run of them is looked up in both languages' word lists.
2. **Latin script: words, then letters.** Every word is looked up in each language's everyday word
   list (``wordfreq``'s small lists, the same the names guard uses) and scored by how common it is
   there (a naive-Bayes word model: function words such as "the", "und", "sur", "och" decide most
   texts). ``lingua``'s trigram model (low-accuracy mode: ~20 MB, well under a millisecond) adds what
   the letters say, which carries unknown words and spelling (ø, ñ, ł, ğ).
3. **Keywords are judged together**, as one bag of words, never one by one: "pizza" and "Berlin"
   say nothing alone. A list whose words are all capitalised common nouns counts towards German. The
   caption's language (``hint``) only breaks near-ties, so English keywords under a German caption
   are still found.

Languages: the 18 of ``LANGUAGES``. A requested language outside them is not checked (``check`` says
so); a text in another language is reported as the nearest of them.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Sequence

# ISO 639-1 codes of the languages told apart; others are reported as the nearest of these.
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "da", "nb", "fi", "cs", "ru", "tr", "ja", "zh", "ko")
NOUN_CAPITALISING = frozenset({"de", "lb"})  # every noun starts with a capital letter
CASELESS = frozenset({"ja", "zh", "ko"})
LATIN = tuple(c for c in LANGUAGES if c not in ("ru", "ja", "zh", "ko"))
MIN_LETTERS = 3  # below this nothing can be said

_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_BROKEN = "\ufffd"  # a broken character (half an emoji): the word it sits in says nothing

FLOOR = -7.3  # log10 frequency of a word a language's list does not hold (its rarest words are ~1e-6)
FOREIGN = -2.5  # more for an unknown word with a letter the language does not write ("yllä" in English)
ENGLISH_SHARE = 0.15  # how often another language's corpus uses an English word, relative to English
LINGUA_WEIGHT = 2.0  # how much lingua's letter model counts against the words (log10 units per text) ...
LINGUA_FLOOR = 0.1  # ... at most log10(0.1) = -1 each: its low-accuracy mode is often sure and wrong
# Letters beyond a-z each language writes (an unknown word with another one is unlikely to be its own).
ALPHABETS = {
    "en": "", "de": "äöüß", "fr": "àâæçéèêëîïôœùûüÿ", "es": "áéíñóúü", "it": "àèéìíîòóùú",
    "pt": "áâãàçéêíóôõú", "nl": "áéëèïóöüú", "pl": "ąćęłńóśźż", "sv": "åäöé", "da": "æøåé", "nb": "æøåéèêóòô",
    "fi": "äöåšž", "cs": "áčďéěíňóřšťúůýž", "tr": "çğıöşüâîû",
}
_BASIC = frozenset("abcdefghijklmnopqrstuvwxyz")
CAPS_BONUS = 1.5  # per capitalised keyword, towards German (capped below)
HINT_MARGIN = 1.0  # a hint wins when it scores within this of the best
# The check flags a part only when the requested language scores this much below the best: a Danish
# list read as Norwegian, or "hund, park", is no reason to flag (calibrated on the labelled sets in
# tests/facts/data: no correct caption flagged; an English text under a German request always is).
CHECK_MARGIN = 3.0

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
    except ImportError:  # pragma: no cover - lingua is a dependency; without it the words decide alone
        return []
    return [(v.language.iso_code_639_1.name.lower(), float(v.value)) for v in values]


def _freq(lang: str) -> dict[str, float]:
    from app.facts import lexicon  # noqa: PLC0415 - the word lists are loaded on first use

    return lexicon._freq(lang)


def _word_logp(word: str, lang: str, letters: bool = True) -> float:
    f = _freq(lang).get(word)
    if f and lang != "en":
        # Every language's corpus quotes English ("beach" is 1/7 as common in German web text as in
        # English): what is left after that share is the word's own.
        f -= ENGLISH_SHARE * (_freq("en").get(word) or 0.0)
    if f and f > 0:
        return max(math.log10(f), FLOOR)
    extra = ALPHABETS.get(lang)
    if letters and extra is not None and any(ch not in _BASIC and ch not in extra for ch in word):
        return FLOOR + FOREIGN
    return FLOOR


def _latin_scores(words: Sequence[str], sample: str, candidates: Iterable[str]) -> dict[str, float]:
    """Per language: how likely ``words`` are there (word lists) plus what the letters say (lingua).

    A capitalised word the list lacks is likely a name ("Malmö", "Łukasz"): its letters say nothing
    about the language around it, so it costs every language the same."""
    low = [(w.casefold(), not w[:1].isupper()) for w in words]
    ling = dict(_ranked(sample)) if sample else {}
    out: dict[str, float] = {}
    for c in candidates:
        s = sum(_word_logp(w, c, letters) for w, letters in low)
        if ling:
            s += LINGUA_WEIGHT * math.log10(ling.get(c, 0.0) + LINGUA_FLOOR)
        out[c] = s
    return out


def _cjk_share(text: str) -> tuple[int, int]:
    cjk = len(_HAN.findall(text)) + len(_KANA.findall(text)) + len(_HANGUL.findall(text))
    return cjk, len(_LETTER.findall(text))


def _han_language(text: str, hint: str | None) -> str:
    """Han characters only (no kana, no hangul): Japanese or Chinese, by which list holds the runs."""
    runs = _HAN_RUN.findall(text)
    ja = sum(_word_logp(r, "ja") for r in runs)
    zh = sum(_word_logp(r, "zh") for r in runs)
    if hint in ("ja", "zh") and abs(ja - zh) <= HINT_MARGIN:
        return hint
    return "ja" if ja > zh else "zh"


def _by_script(text: str, hint: str | None = None) -> str | None:
    """The language when the script decides (mostly CJK, or Cyrillic); None for Latin-script text."""
    cjk, letters = _cjk_share(text)
    if cjk and cjk * 2 >= letters:
        if _KANA.search(text):
            return "ja"
        if _HANGUL.search(text):
            return "ko"
        return _han_language(text, hint)
    cyr = len(_CYRILLIC.findall(text))
    if cyr and cyr * 2 >= letters:
        return "ru"
    return None


def _best(scores: dict[str, float], hint: str | None) -> str | None:
    if not scores:
        return hint
    best = max(scores, key=lambda c: scores[c])
    if hint in scores and scores[hint] >= scores[best] - HINT_MARGIN:
        return hint
    return best


def _text_scores(text: str, hint: str | None) -> tuple[str | None, dict[str, float] | None]:
    """(language decided by script, or None; Latin scores, or None when the script decided)."""
    by_script = _by_script(text, hint)
    if by_script is not None:
        return by_script, None
    words = _words(text)
    if sum(len(w) for w in words) < MIN_LETTERS:
        return None, {}
    return None, _latin_scores(words, text, LATIN)


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(" ".join(t for t in text.split() if _BROKEN not in t))]


def _keyword_scores(kws: Sequence[str], hint: str | None) -> tuple[str | None, dict[str, float] | None]:
    joined = ", ".join(kws)
    by_script = _by_script(joined, hint)
    if by_script is not None:
        return by_script, None
    words = _words(joined)
    if sum(len(w) for w in words) < MIN_LETTERS:
        return None, {}
    scores = _latin_scores(words, " ".join(kws), LATIN)
    caps = _caps_share(kws)
    if len(kws) >= 2 and caps >= 0.6:
        scores["de"] += CAPS_BONUS * min(len(kws), 4) * caps
    return None, scores


def detect(text: str | None, hint: str | None = None) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when there is too little text to tell.

    ``hint`` (a language the text is expected in) wins only a near-tie."""
    text = (text or "").strip()
    if not text:
        return None
    by_script, scores = _text_scores(text, hint)
    if by_script is not None:
        return by_script
    return _best(scores, hint) if scores else None


def _caps_share(keywords: Sequence[str]) -> float:
    """How many keywords start with a capital letter, over those that have letters."""
    firsts = [k for k in keywords if _LETTER.match(k[:1] or " ")]
    if not firsts:
        return 0.0
    return sum(1 for k in firsts if k[:1].isupper()) / len(firsts)


def detect_keywords(keywords: Iterable[str], hint: str | None = None) -> str | None:
    """The language of a keyword list judged as a whole (``hint``: the caption's language, a tie-breaker).

    The words of all keywords are scored together; a list mostly of capitalised words leans towards
    German (models write German nouns capitalised, other languages' common nouns lower case)."""
    kws = [k.strip() for k in keywords if k and k.strip()]
    if not kws:
        return hint
    by_script, scores = _keyword_scores(kws, hint)
    if by_script is not None:
        return by_script
    return _best(scores, hint) if scores else hint


# -- language names and the check --------------------------------------------------------------

# The usual names of the languages we tell apart (English and their own), so the common case needs no
# CLDR lookup; any other name goes through babel's CLDR data (``_names``).
_ALIASES = {"english": "en", "german": "de", "deutsch": "de", "french": "fr", "français": "fr", "francais": "fr",
            "spanish": "es", "español": "es", "espanol": "es", "castellano": "es", "italian": "it", "italiano": "it",
            "portuguese": "pt", "português": "pt", "portugues": "pt", "brazilian portuguese": "pt", "dutch": "nl",
            "nederlands": "nl", "flemish": "nl", "polish": "pl", "polski": "pl", "swedish": "sv", "svenska": "sv",
            "danish": "da", "dansk": "da", "norwegian": "nb", "norsk": "nb", "bokmål": "nb", "bokmal": "nb",
            "norwegian bokmål": "nb", "no": "nb", "nn": "nb", "finnish": "fi", "suomi": "fi", "czech": "cs",
            "čeština": "cs", "cestina": "cs", "russian": "ru", "русский": "ru", "turkish": "tr", "türkçe": "tr",
            "turkce": "tr", "japanese": "ja", "日本語": "ja", "chinese": "zh", "mandarin": "zh", "中文": "zh",
            "简体中文": "zh", "繁體中文": "zh", "korean": "ko", "한국어": "ko"}


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Folded language names (English and native, from CLDR via babel) → ISO 639-1 code."""
    out: dict[str, str] = {}
    try:
        from babel import Locale  # noqa: PLC0415

        english = Locale("en")
        for code in english.languages:
            if len(code) != 2:
                continue
            out.setdefault(str(english.languages[code]).casefold(), code)
            try:
                native = Locale.parse(code).get_display_name(code)
            except Exception:  # noqa: BLE001 - babel has no data for some codes
                native = None
            if native:
                out.setdefault(native.casefold(), code)
    except ImportError:  # pragma: no cover - babel is a dependency
        pass
    out.update(_ALIASES)
    return out


def code_for(name: str | None) -> str | None:
    """The ISO 639-1 code of a language named any usual way: "German", "Deutsch", "de", "de-CH",
    "pt_BR", "Brazilian Portuguese"; None when it names no language we know."""
    text = " ".join((name or "").replace("_", "-").split()).strip()
    if not text:
        return None
    low = text.casefold()
    if low in _ALIASES:
        return _ALIASES[low]
    head = low.split("-", 1)[0]
    if head in LANGUAGES:
        return head
    words = [w for w in re.split(r"[\s,/()]+", low) if w]  # "German (Switzerland)", "Portuguese / Brazil"
    for word in words:
        if word in _ALIASES:
            return _ALIASES[word]
    names = _names()
    if low in names:
        return names[low]
    if len(head) in (2, 3) and head.isalpha() and head in names.values():
        return head
    return next((names[w] for w in words if w in names), None)


def name_for(code: str | None, in_language: str = "en") -> str:
    """The language's name ("de" → "German"; in its own language with ``in_language=code``)."""
    if not code:
        return ""
    try:
        from babel import Locale  # noqa: PLC0415

        return str(Locale.parse(code).get_display_name(in_language) or code)
    except Exception:  # noqa: BLE001
        return code


@dataclass
class LanguageCheck:
    """What the check found for one draft: the requested language and what each part is in."""

    requested: str | None  # ISO code; None when the requested language is not one we can tell
    detected: dict[str, str | None] = field(default_factory=dict)  # part ("caption", "alt_text", "keywords") → code
    wrong: list[str] = field(default_factory=list)  # the parts not in the requested language
    checked: bool = True  # False: the requested language is outside LANGUAGES (nothing was judged)

    @property
    def ok(self) -> bool:
        return not self.wrong

    def to_dict(self) -> dict[str, Any]:
        return {"requested": self.requested, "detected": dict(self.detected), "wrong": list(self.wrong),
                "checked": self.checked}


def _judge(by_script: str | None, scores: dict[str, float] | None, code: str) -> tuple[str | None, bool]:
    """(what the part is in, whether it is clearly not ``code``)."""
    if by_script is not None:
        han_only = by_script in ("ja", "zh") and code in ("ja", "zh")
        return by_script, by_script != code and not han_only
    if not scores:
        return None, False
    found = _best(scores, code)
    if code not in scores:  # a CJK or Cyrillic language asked for, Latin letters written
        return found, True
    return found, found != code and max(scores.values()) - scores[code] > CHECK_MARGIN


def check(requested: str | None, *, caption: str = "", alt_text: str = "",
          keywords: Sequence[str] = ()) -> LanguageCheck:
    """Detect the language of the caption, the alt text and the keyword list (as a whole) and say
    which are not in ``requested`` (a code, or a name such as "German").

    A part is wrong only when it is clearly in another language (``CHECK_MARGIN``): a clearly English
    caption under a German request is wrong; a text that fits both (a short list of place names, or
    Danish read as Norwegian) is not."""
    code = requested if requested in LANGUAGES else code_for(requested)
    if code not in LANGUAGES:
        return LanguageCheck(code, checked=False)
    out = LanguageCheck(code)
    parts: list[tuple[str, tuple[str | None, dict[str, float] | None]]] = []
    if caption.strip():
        parts.append(("caption", _text_scores(caption.strip(), code)))
    if alt_text.strip():
        parts.append(("alt_text", _text_scores(alt_text.strip(), code)))
    kws = [k.strip() for k in keywords if k and k.strip()]
    if kws:
        parts.append(("keywords", _keyword_scores(kws, code)))
    for part, (by_script, scores) in parts:
        found, wrong = _judge(by_script, scores, code)
        out.detected[part] = found if wrong or found is None else code  # within the margin: it fits
        if wrong:
            out.wrong.append(part)
    return out
