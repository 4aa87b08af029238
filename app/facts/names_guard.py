"""Honesty guard: names in a model draft that nothing known about the photo holds.

A *name-like phrase* is a run of capitalised words (with connectors such as "de", "van", "of"),
leaving out common words that start a sentence ("A", "Two", "Sunset"). A phrase is *grounded* when
its words appear in what is known: the context (place at every level, people, occasion, notes),
the file's own text (name, folders, title, description, keywords) or the keyword vocabulary;
matching folds case and accents and accepts a shared stem ("Tuscan" ~ "Tuscany"). Anything else
is flagged ``ungrounded_name``: the review pane highlights the phrase and the run summary counts it.

Capitalisation is an English-first signal (German capitalises every noun), so the common-word
list is English; a false alarm costs a glance, a missed invented name costs the user's trust.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

FLAG = "ungrounded_name"
CONNECTORS = {"de", "da", "di", "del", "della", "van", "von", "der", "den", "du", "la", "le", "of", "the", "y", "&",
              "st", "st."}
_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_SENT_END = re.compile(r"[.!?:;]\s*$|^\s*$")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    text = (Path(__file__).with_name("common_words.txt")).read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(c for c in s if not unicodedata.combining(c))


def _is_cap(w: str) -> bool:
    return w[:1].isupper()


def candidates(text: str) -> list[str]:
    """Name-like phrases in ``text``, in order, without duplicates."""
    common = common_words()
    out: list[str] = []
    run: list[str] = []
    run_initial = False

    def close() -> None:
        nonlocal run
        while run and fold(run[-1]) in CONNECTORS:
            run.pop()
        if run:
            words = list(run)
            if run_initial and fold(words[0].strip(".'’")) in common:
                words = words[1:]
                while words and fold(words[0]) in CONNECTORS:
                    words = words[1:]
            content = [w for w in words if fold(w) not in CONNECTORS]
            all_common = all(fold(w.strip(".'’")) in common for w in content)
            # "Florence", "Anna Schmidt"; and "Golden Gate Bridge": common words, but a name together
            if content and (not all_common or len(content) >= 2):
                phrase = " ".join(words).strip(".'’-")
                if phrase and phrase not in out:
                    out.append(phrase)
        run = []

    pos = 0
    for m in _WORD.finditer(text or ""):
        w = m.group(0).rstrip(".")
        between = text[pos:m.start()]
        sentence_start = bool(_SENT_END.search(text[:m.start()])) or m.start() == 0
        if run and (any(c in between for c in ",;:!?()\"") or ". " in between or "\n" in between):
            close()
        pos = m.end()
        if _is_cap(w) and len(w) > 1 or (w.isupper() and len(w) > 1):
            if not run:
                run_initial = sentence_start
            run.append(w)
        elif run and fold(w) in CONNECTORS:
            run.append(w)
        else:
            close()
        if m.group(0).endswith(".") and run:
            close()
    close()
    return out


def known_words(texts: Iterable[Any]) -> set[str]:
    words: set[str] = set()
    for t in texts:
        if t is None:
            continue
        if isinstance(t, (list, tuple, set)):
            words |= known_words(t)
            continue
        words |= {fold(w) for w in re.findall(r"[^\W_]+", str(t))}
    return words


def _grounded_word(w: str, known: set[str]) -> bool:
    f = fold(w)
    if f in known or f in CONNECTORS:
        return True
    if len(f) >= 4:
        for k in known:
            n = min(len(f), len(k))
            if n >= 4:
                i = 0
                while i < n and f[i] == k[i]:
                    i += 1
                if i >= 4 and i >= 0.7 * n:
                    return True
    return False


def _phrase_grounded(words: list[str], known: set[str]) -> bool:
    """Every uncommon word is known; a phrase of common words ("Golden Gate Bridge") needs half."""
    common = common_words()
    rare = [w for w in words if fold(w) not in common]
    if rare:
        return all(_grounded_word(w, known) for w in rare)
    return sum(_grounded_word(w, known) for w in words) * 2 >= len(words)


def ungrounded(texts: Iterable[str], known: set[str]) -> list[str]:
    """The name-like phrases of ``texts`` that ``known`` does not hold."""
    out: list[str] = []
    for t in texts:
        for phrase in candidates(t):
            words = [w for w in re.findall(r"[^\W_]+", phrase) if fold(w) not in CONNECTORS]
            if words and not _phrase_grounded(words, known) and phrase not in out:
                out.append(phrase)
    return out


def known_for(photo: dict[str, Any], grounding: Any) -> set[str]:
    """Every word the photo's context, its file and its vocabulary hold."""
    texts: list[Any] = [photo.get("filename"), photo.get("folder"), photo.get("file_title"),
                        photo.get("file_description"), photo.get("file_keywords")]
    if grounding is not None:
        g = grounding
        texts += [g.city, g.region, g.country, g.sublocation, g.event, g.names(), g.context.place, g.context.event,
                  g.context.people, g.context.notes]
        for t in g.context.vocabulary or []:
            texts += [t.get("path"), t.get("synonyms")]
    return known_words(texts)


@lru_cache(maxsize=1)
def big_places() -> frozenset[str]:
    """Folded names of places with 50,000+ people and of countries (GeoNames): a lowercase keyword "venice" is a
    place name too. Empty when the gazetteer is not installed."""
    from app.facts import geocoder  # noqa: PLC0415

    idx = geocoder.index()
    if idx is None:
        return frozenset()
    common = common_words()
    names = {fold(idx.city[i]) for i in idx.big}
    names |= {fold(n) for n in idx.countries.values()}
    return frozenset(n for n in names if n not in common and len(n) > 2)


def check(caption: str, keywords: list[str], photo: dict[str, Any], grounding: Any, *,
          gazetteer: bool = True) -> list[str]:
    """Ungrounded names in a draft's caption and keywords (empty list: nothing to flag).

    ``gazetteer=False`` skips lowercase place-name keywords unless the place index is already
    loaded (the window must not wait a second for it just to show a photo)."""
    known = known_for(photo, grounding)
    found = ungrounded([caption or "", *[k for k in keywords or [] if k]], known)
    lower = [k for k in keywords or [] if k and k == k.lower() and k not in found]
    if lower and not gazetteer:
        from app.facts import geocoder  # noqa: PLC0415

        gazetteer = geocoder.loaded()
    if lower and gazetteer:
        places = big_places()
        for k in lower:
            f = fold(k.strip())
            if f in places and not _phrase_grounded(re.findall(r"[^\W_]+", k), known):
                found.append(k)
    return found
