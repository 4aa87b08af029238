"""The search box's query language, parsed into plain data. Never raises, whatever the input.

    red car                 both words (AND); while typing, the last word also prefix-matches
    "red car"               exact phrase (an unbalanced quote runs to the end)
    -night  -"parking lot"  exclusions
    beach OR coast          alternatives (binds tighter than AND)
    folder:holidays camera:canon model:llava year:2019 date:2019-07..2019-09
    state:draft|approved    has:keywords (also has:caption, has:title, has:gps, has:embedding)
    place:florence person:anna event:wedding   (the photo's resolved place, named people, occasion)

Anything else (FTS5 operators, SQL, stray punctuation, emoji) is just text: it is later quoted into
FTS5 string literals, so it can only ever match words. ``NOT``/``AND``/``NEAR`` are words too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

MAX_INPUT = 1000  # characters looked at; the rest of a pasted novel is ignored
MAX_CLAUSES = 16
FILTER_KEYS = ("folder", "camera", "year", "date", "state", "has", "model", "place", "person", "event")
CAPTION_STATES = ("none", "draft", "approved", "written", "rejected", "failed", "conflict")
HAS_VALUES = ("keywords", "caption", "title", "gps", "embedding", "description")

_CTRL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@lru_cache(maxsize=1)
def _cjk() -> re.Pattern[str]:
    """Compiled when first needed: building a class of 30,000 characters costs every process milliseconds."""
    return re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def has_cjk(text: str) -> bool:
    # most text has no character that high: answered without compiling the class (~5 ms)
    return bool(text) and max(text) >= "\u2e80" and bool(_cjk().search(text))


@dataclass(frozen=True)
class Term:
    """A word or an exact phrase to look for in the text."""

    text: str
    phrase: bool = False
    prefix: bool = False

    @property
    def cjk(self) -> bool:
        return has_cjk(self.text)


@dataclass(frozen=True)
class Filter:
    """A ``key:value`` restriction on photo fields (not on words)."""

    key: str
    value: str


Item = Term | Filter


@dataclass(frozen=True)
class Clause:
    """One or more alternatives (``a OR b``); ``negated`` excludes photos matching any of them."""

    alternatives: tuple[Item, ...]
    negated: bool = False


@dataclass
class Query:
    raw: str
    clauses: list[Clause] = field(default_factory=list)
    typing: bool = False  # parsed as the user types (a search per keystroke)

    @property
    def empty(self) -> bool:
        return not self.clauses

    def meaning_text(self) -> str:
        """The words to embed for meaning search: positive terms, no filters, no exclusions."""
        parts = []
        for c in self.clauses:
            if c.negated:
                continue
            parts += [a.text for a in c.alternatives if isinstance(a, Term)]
        return " ".join(parts).strip()

    def positive_terms(self) -> list[Term]:
        return [a for c in self.clauses if not c.negated for a in c.alternatives if isinstance(a, Term)]


@dataclass(frozen=True)
class _Tok:
    kind: str  # "word" | "phrase" | "or"
    text: str
    negated: bool = False
    key: str | None = None  # for filters


def _clean(raw: object) -> str:
    text = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
    text = text[:MAX_INPUT]
    # Lone surrogates cannot be encoded for SQLite; drop them with control characters.
    text = text.encode("utf-8", "ignore").decode("utf-8", "ignore")
    text = unicodedata.normalize("NFC", _CTRL.sub(" ", text))
    return text.replace("\u201c", '"').replace("\u201d", '"').replace("\u201e", '"')


def _lex(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace() or ch in "()":
            i += 1
            continue
        negated = False
        if ch == "-" and i + 1 < n and not text[i + 1].isspace():
            negated = True
            i += 1
            ch = text[i]
        if ch == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            toks.append(_Tok("phrase", text[i + 1 : end], negated))
            i = end + 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in '"()':
            j += 1
        word = text[i:j]
        key, sep, value = word.partition(":")
        if sep and key.lower() in FILTER_KEYS:
            if not value and j < n and text[j] == '"':  # key:"quoted value"
                end = text.find('"', j + 1)
                end = n if end < 0 else end
                value, j = text[j + 1 : end], end + 1
            toks.append(_Tok("filter", value, negated, key.lower()))
        elif word == "OR" and not negated:
            toks.append(_Tok("or", word))
        else:
            toks.append(_Tok("word", word, negated))
        i = j
    return toks


def _item(tok: _Tok, prefix: bool) -> Item | None:
    if tok.kind == "filter":
        value = tok.text.strip()
        return Filter(tok.key or "", value) if value else None
    text = tok.text.strip()
    if not text:
        return None
    return Term(text, phrase=tok.kind == "phrase", prefix=prefix)


def parse(raw: object, *, typing: bool = False) -> Query:
    """Parse the box's text. ``typing``: the last bare word is still being typed (prefix match)."""
    text = _clean(raw)
    toks = _lex(text)
    last_word = -1
    if typing and text and not text[-1].isspace():
        if toks and toks[-1].kind == "word" and not toks[-1].negated:
            last_word = len(toks) - 1
    clauses: list[Clause] = []
    join_next = False
    for idx, tok in enumerate(toks):
        if tok.kind == "or":
            join_next = bool(clauses) and not clauses[-1].negated
            continue
        item = _item(tok, idx == last_word)
        if item is None:
            join_next = False
            continue
        if join_next and not tok.negated and clauses:
            prev = clauses[-1]
            clauses[-1] = Clause(prev.alternatives + (item,), False)
        else:
            clauses.append(Clause((item,), tok.negated))
        join_next = False
        if len(clauses) >= MAX_CLAUSES:
            break
    return Query(text, clauses, typing)
