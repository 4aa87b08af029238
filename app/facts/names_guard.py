"""Honesty guard: names in a model draft that nothing known about the photo supports.

A draft is flagged ``ungrounded_name`` when its caption or keywords name a person or a place that
the photo's facts do not hold. The rules follow the caption's language (``app.facts.language``):

- **Evidence** is what is known about *this* photo: its place at every level, the people named in
  the file and by the user, the occasion, the folder names, the file name and the file's own text,
  except text Albumwise wrote itself (``app.facts.provenance``). A folder's keyword vocabulary is
  never evidence: it lists words for every photo in the folder, not facts about this one.
- **Cased languages** (English, French, Spanish, Italian, Polish, Dutch, ...): a capitalised word
  inside a sentence is a proper noun. It is fine when it is an ordinary word of the language or of
  English ("Italian", "Baroque"), a breed, holiday, dish, product, sky object or the like
  (``not_names.txt``), or a place the photo's place supports. A given name ("Maria"), a word after
  a title ("Mrs Lee", "Frau Koch") or a word no list knows ("Okafor") is a name.
- **Sentence openers** and **keywords** carry no case information: only given names, titles and
  places count there, so "Dwoje dzieci", "Sunset over ..." and "Strand" are never names.
- **German** capitalises every noun: a capitalised ordinary German word (compounds included) is a
  noun; a given name is a name unless an article or adjective stands before it ("eine Rose").
- **Japanese and Chinese** have no case: honorifics (さん, ちゃん, 先生), name lists, katakana
  given names and surname + title patterns (``app.facts.names_cjk``) find the names.
- **Places and landmarks** (``app.facts.gazetteer``): "Big Ben" is fine on a London photo and
  flagged on a Rome photo or one whose place is unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from app.facts import gazetteer as gaz
from app.facts import language, lexicon, provenance
from app.facts.lexicon import fold

FLAG = "ungrounded_name"
CONNECTORS = {"de", "da", "di", "del", "della", "van", "von", "der", "den", "du", "la", "le", "of", "the", "y", "&",
              "st", "st.", "dos", "das", "do", "e", "al", "el", "zu", "ter", "ten", "bin", "ibn", "and"}
GERMAN_DETERMINERS = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einem", "einen", "eines",
                      "kein", "keine", "mein", "meine", "dein", "deine", "sein", "seine", "ihr", "ihre", "unser",
                      "unsere", "dieser", "diese", "dieses", "jeder", "jede", "jedes", "im", "am", "zum", "zur", "vom",
                      "beim", "ins", "ans", "aufs", "viele", "einige", "zwei", "drei", "vier", "fünf", "alle"}
_WORD = re.compile(r"[^\W\d_](?:[\w'’.\-]*[^\W_])?", re.UNICODE)
_SENT_END = re.compile(r"(?:[.!?:;…。！？]|^)\s*[\"'“”„«»(\[]*\s*$")
_BREAK = re.compile(r"[,;:!?()\"“”„«»\[\]/|–—]|\.\s|\n")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """English words that often open a caption sentence (kept for the English rules)."""
    text = (Path(__file__).with_name("common_words.txt")).read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


@dataclass
class Token:
    text: str
    start: int
    end: int
    initial: bool  # first word of a sentence (or of a keyword)
    cap: bool


_ELISION = re.compile(r"^(?:[dlnjmstc]|qu|dell|all|sull|nell|dall|coll|dell|un|quell|quest|tutt)['’](?=\w)",
                      re.IGNORECASE)


def _tokens(text: str, *, keyword: bool = False) -> list[Token]:
    out: list[Token] = []
    for m in _WORD.finditer(text or ""):
        w, start = m.group(0), m.start()
        if _CJK.search(w):
            continue
        initial = keyword and not out or bool(_SENT_END.search(text[:start]))
        e = _ELISION.match(w)
        if e:  # "d'Amsterdam", "l'Arno", "dell'Accademia": the word after the apostrophe
            w, start = w[e.end():], start + e.end()
        out.append(Token(w, start, m.end(), initial, w[:1].isupper()))
    return out


def _runs(text: str, toks: list[Token]) -> list[list[Token]]:
    """Runs of capitalised words (with connectors such as "de", "van", "of") not split by punctuation."""
    runs: list[list[Token]] = []
    cur: list[Token] = []
    for i, t in enumerate(toks):
        gap = text[toks[i - 1].end: t.start] if i else ""
        if cur and (_BREAK.search(gap) or t.initial):
            runs.append(cur)
            cur = []
        if t.cap and len(t.text) > 1 or (t.text.isupper() and len(t.text) > 1):
            cur.append(t)
        elif cur and fold(t.text) in CONNECTORS and i + 1 < len(toks) and toks[i + 1].cap:
            cur.append(t)
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    for r in runs:
        while r and fold(r[-1].text) in CONNECTORS:
            r.pop()
    return [r for r in runs if r]


def _bare(w: str) -> str:
    w = w.strip(".'’-")
    for suffix in ("'s", "’s", "s'", "s’"):
        if w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def ordinary(word: str, lang: str | None) -> bool:
    """An everyday word of ``lang`` or English (names that are frequent surnames do not count)."""
    w = _bare(word)
    f = fold(w)
    if f in lexicon.not_names() or f in lexicon.name_words():
        return True
    for code in dict.fromkeys([lang or "en", "en"]):
        if lexicon.is_word(w, code):
            named = f in lexicon.given_names() or f in lexicon.surnames()
            if not named or lexicon.zipf(w, code) >= 4.0 and not lexicon.is_given_name(w, code):
                return True
    return False


def _grounded_word(w: str, known: set[str]) -> bool:
    f = fold(_bare(w))
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


def _grounded(words: list[str], known: set[str]) -> bool:
    content = [w for w in words if fold(w) not in CONNECTORS]
    return bool(content) and all(_grounded_word(w, known) for w in content)


def _lexicon_span(words: list[str], i: int) -> int:
    """Length of the longest not-name phrase (breed, dish, ...) starting at ``words[i]`` (0: none)."""
    nn = lexicon.not_names()
    for j in range(min(len(words), i + 5), i, -1):
        phrase = " ".join(words[i:j])
        f = fold(phrase)
        if f in nn or f.rstrip("s") in nn or f.endswith("es") and f[:-2] in nn or fold(_bare(phrase)) in nn:
            return j - i
    return 0


def _place_span(words: list[str], i: int, lang: str | None) -> tuple[int, list[gaz.Entry]]:
    for j in range(min(len(words), i + 6), i, -1):
        found = gaz.lookup(_bare(" ".join(words[i:j])), lang)
        if found:
            return j - i, found
    found = gaz.stem_lookup(words[i], lang)
    return (1, found) if found else (0, [])


@dataclass
class Context:
    """Everything one check needs about the photo."""

    known: set[str]
    place: gaz.Place
    lang: str | None
    towns: bool  # the GeoNames index may be used (loaded, or loading is allowed)


def _place_ok(entries: list[gaz.Entry], ctx: Context) -> bool:
    return any(gaz.supports(e, ctx.place) for e in entries)


def _judge_run(text: str, run: list[Token], toks: list[Token], ctx: Context, *, keyword: bool) -> list[str]:
    """The unsupported names within one run of capitalised words."""
    words = [t.text for t in run]
    if _grounded(words, ctx.known):
        return []
    german = ctx.lang in language.NOUN_CAPITALISING
    prev = _before(run[0], toks)
    if prev is not None and _is_title(prev.text) and not _grounded(_content(words), ctx.known):
        return [text[run[0].start: run[-1].end]]  # "Mrs Lee", "il signor Ferrari", "Frau Koch"
    if _named_after(run, toks):
        return []  # "canal Saint-Martin", "pont Alexandre III", "ulica Długa": a street's or a bridge's own name
    out: list[str] = []
    rest: list[int] = []  # indexes into run not explained by a lexicon phrase or a place
    i = 0
    tail = _following(run[-1], toks, 3)  # "Brussels" + "sprouts", "Caesar" + "salad"
    while i < len(run):
        n_lex = _lexicon_span(words + tail, i)
        n_place, found = _place_span(words, i, ctx.lang)
        if n_place and n_place >= n_lex:
            phrase = text[run[i].start: run[i + n_place - 1].end]
            if not _grounded(words[i:i + n_place], ctx.known) and not _place_ok(found, ctx):
                out.append(phrase)
            i += n_place
            continue
        if n_lex and not (i + n_lex < len(run) and _is_title(words[i])):
            i += min(n_lex, len(run) - i)
            continue
        rest.append(i)
        i += 1
    groups: list[list[int]] = []  # contiguous leftovers form the name candidates
    for k in rest:
        if groups and groups[-1][-1] == k - 1:
            groups[-1].append(k)
        else:
            groups.append([k])
    kind = _place_type(run, toks)
    for g in groups:
        phrase = text[run[g[0]].start: run[g[-1]].end].strip(".'’-")
        if kind:  # "Bryant Park", "pont Alexandre III": a local place no list holds (named ones are checked above)
            town = kind == "natural" and ctx.towns and (gaz.is_big_town(_bare(phrase)) or any(
                gaz.is_big_town(_bare(run[k].text)) for k in g))
            if town and not gaz.near_town(_bare(phrase), ctx.place) and not _grounded(
                    [run[k].text for k in g], ctx.known):
                out.append(phrase)  # "puerto de Cádiz" on a photo from Madrid
            continue
        signal = _name_signal(run, g, toks, ctx, german=german, keyword=keyword)
        if not signal or all(_grounded_word(w, ctx.known) for w in signal):
            continue
        if ctx.towns and gaz.near_town(_bare(phrase), ctx.place):
            continue
        if phrase and phrase not in out:
            out.append(phrase)
    return out


def _following(tok: Token, toks: list[Token], n: int) -> list[str]:
    """Up to ``n`` lower-case words right after ``tok`` ("Brussels" + "sprouts")."""
    i = toks.index(tok)
    out = []
    for t in toks[i + 1:i + 1 + n]:
        if t.cap:
            break
        out.append(t.text)
    return out


def _named_after(run: list[Token], toks: list[Token]) -> bool:
    prev = _before(run[0], toks)
    while prev is not None and fold(prev.text) in CONNECTORS:
        prev = _before(prev, toks)
    return prev is not None and not prev.cap and fold(prev.text) in lexicon.place_types() and fold(
        prev.text) not in lexicon.natural_places()


def _place_type(run: list[Token], toks: list[Token]) -> str:
    """"natural" or "built" when a place word ("Lake", "Park", "piazza", "Brücke") is in the run or just
    before it; "" otherwise. A built place is named after something; a natural one is the town's own."""
    words = [fold(_bare(t.text)) for t in run]
    prev = _before(run[0], toks)
    while prev is not None and fold(prev.text) in CONNECTORS:
        prev = _before(prev, toks)
    if prev is not None and not prev.cap:
        words.append(fold(prev.text))
    if any(w in lexicon.natural_places() for w in words):
        return "natural"
    return "built" if any(w in lexicon.place_types() for w in words) else ""


def _is_title(word: str) -> bool:
    return fold(word).rstrip(".") in lexicon.titles()


def _content(words: list[str]) -> list[str]:
    return [w for w in words if not _is_title(w) and fold(w) not in CONNECTORS]


def _before(tok: Token, toks: list[Token]) -> Token | None:
    i = toks.index(tok)
    return toks[i - 1] if i > 0 else None


def _name_signal(run: list[Token], group: list[int], toks: list[Token], ctx: Context, *, german: bool,
                 keyword: bool) -> list[str]:
    """The words of a group that make it a name (empty: not a name)."""
    lang = ctx.lang
    words = [run[k].text for k in group]
    for n, k in enumerate(group[:-1]):
        if _is_title(run[k].text) and run[group[n + 1]].cap:
            return _content(words[n + 1:])  # "Meneer De Jong", "Nonna Rosa"
    out: list[str] = []
    for k in group:
        t = run[k]
        w = _bare(t.text)
        if len(w) < 2 or fold(w) in CONNECTORS or _is_title(w):
            continue
        if t.text.isupper() and len(w) <= 5:
            continue  # "USA", "BBQ", "NYC": acronyms are places (checked above) or things
        cased = not (keyword or t.initial or german)
        if _saint(run, k, toks):
            continue  # "San Pietro", "Saint-Michel", "Sankt Martin": a church or a square, not a person
        if lexicon.is_given_name(w, lang) and not (german and _noun_context(t, toks)):
            if not (t.initial and fold(w) in common_words()):
                out.append(w)
                continue
        if not cased:
            if german and not t.initial and not ordinary(w, lang) and len(w) >= 4 and not _noun_context(t, toks):
                out.append(w)
            continue  # no case information: only given names, titles and places count
        # A capital inside a sentence: a proper noun unless an ordinary word explains it.
        f = fold(w)
        if f in lexicon.given_names() and f not in lexicon.not_names() or not ordinary(w, lang) \
                or (ctx.towns and f not in lexicon.not_names() and lexicon.zipf(w, "en") < 4.0 and gaz.is_big_town(w)):
            out.append(w)
    return out


SAINTS = {"san", "santa", "santo", "sant", "sao", "saint", "sainte", "st", "ste", "sankt", "swiety", "swieta", "sint",
          "santi", "santissima", "sv", "svaty", "svata"}


def _saint(run: list[Token], k: int, toks: list[Token]) -> bool:
    head = fold(run[k].text).split("-")[0]
    if "-" in run[k].text and head in SAINTS:
        return True  # "Saint-Martin", "San-Marco"
    prev = run[k - 1] if k else _before(run[k], toks)
    return prev is not None and fold(prev.text).rstrip(".'’") in SAINTS


def _noun_context(t: Token, toks: list[Token]) -> bool:
    """German: an article, determiner or inflected adjective right before ("eine Rose", "am Strand")."""
    prev = _before(t, toks)
    if prev is None:
        return False
    p = prev.text.casefold()
    return p in GERMAN_DETERMINERS or (not prev.cap and p.endswith(("e", "en", "er", "es", "em")) and len(p) > 3)


def ungrounded(texts: Iterable[str], known: set[str], ctx: Context | None = None, *,
               keywords: bool = False) -> list[str]:
    """The name-like phrases of ``texts`` that ``known`` and the photo's place do not support."""
    c = ctx or Context(known, gaz.Place(words=known), None, towns=False)
    out: list[str] = []
    for t in texts:
        if not t:
            continue
        lang = c.lang if keywords else (language.detect(t) or c.lang)
        sub = Context(c.known, c.place, lang, c.towns)
        if language.is_cjk(language.script_language(t)) and not keywords:
            from app.facts import names_cjk  # noqa: PLC0415

            found = names_cjk.check(t, sub)
        else:
            found = []
        toks = _tokens(t, keyword=keywords)
        if not keywords and _title_case(toks):
            for tok in toks:
                tok.initial = True
        for run in _runs(t, toks):
            found += _judge_run(t, run, toks, sub, keyword=keywords)
        if keywords:
            found += _lowercase_keyword(t, sub)
        elif toks and not any(tk.cap for tk in toks[1:]):
            found += _lowercase_caption(t, toks, sub)
        out += [f for f in found if f not in out]
    return out


def _title_case(toks: list[Token]) -> bool:
    """"A Golden Retriever Playing On The Beach": capitals say nothing about names."""
    small = [t for t in toks if len(t.text) <= 4 and fold(t.text) in common_words()]
    return len(toks) >= 4 and sum(t.cap for t in toks) >= 0.8 * len(toks) and any(t.cap for t in small[1:])


def _lowercase_keyword(k: str, ctx: Context) -> list[str]:
    """A keyword in lower case still names a place ("venice") or a person ("maria rossi")."""
    if k != k.lower() or _grounded(re.findall(r"[^\W\d_]+", k), ctx.known):
        return []
    f = fold(k.strip())
    if f in lexicon.not_names():
        return []
    found = gaz.lookup(f)
    if found:
        return [] if _place_ok(found, ctx) else [k]
    words = f.split()
    if words and all(lexicon.is_given_name(w, ctx.lang) or w in lexicon.surnames() for w in words) and any(
            lexicon.is_given_name(w, ctx.lang) and not ordinary(w, ctx.lang) for w in words):
        return [k]
    if ctx.towns and is_big_place(f) and not gaz.near_town(f, ctx.place):
        return [k]
    return []


def _lowercase_caption(text: str, toks: list[Token], ctx: Context) -> list[str]:
    """A caption written all in lower case: given names that are not words still count."""
    return [t.text for t in toks if not t.cap and lexicon.is_given_name(t.text, ctx.lang)
            and not ordinary(t.text, ctx.lang) and not _grounded_word(t.text, ctx.known)]


def known_words(texts: Iterable[Any]) -> set[str]:
    words: set[str] = set()
    for t in texts:
        if t is None:
            continue
        if isinstance(t, (list, tuple, set)):
            words |= known_words(t)
            continue
        s = str(t)
        words |= {fold(w) for w in re.findall(r"[^\W_]+", s)}
        words |= {fold(x) for x in re.split(r"[\s,;/|·・、，。()（）]+", s) if _CJK.search(x)}
    return words


def evidence_texts(photo: dict[str, Any], grounding: Any) -> list[Any]:
    """What is known about this photo, as text: never the vocabulary, never our own writes."""
    own = provenance.not_ours(photo)
    texts: list[Any] = [photo.get("filename"), photo.get("folder"), own["file_title"], own["file_description"],
                        own["file_keywords"]]
    if grounding is not None:
        g = grounding
        people = [p.get("name") for p in g.people if not provenance.written_by_us(p.get("name"), photo)]
        texts += [g.city, getattr(g, "near", None), g.region, g.country, g.sublocation, g.event, people, g.context.place, g.context.event,
                  g.context.people, g.context.notes]
    return texts


def known_for(photo: dict[str, Any], grounding: Any) -> set[str]:
    """Every word the photo's own facts hold (not the folder's vocabulary, not text we wrote)."""
    return known_words(evidence_texts(photo, grounding))


@lru_cache(maxsize=1)
def big_places() -> frozenset[str]:
    """Folded names of places with 50,000+ people and of countries (GeoNames): a lowercase keyword "venice" is a
    place name too. Empty when the gazetteer is not installed."""
    from app.facts import geocoder, towns  # noqa: PLC0415

    t = towns.table()
    if t is None:
        return frozenset()
    common = common_words()
    names = set(t.names_with_population(geocoder.BIG_POP))
    names |= {fold(n) for n in towns.countries().values()}
    return frozenset(n for n in names if n not in common and len(n) > 2 and n not in lexicon.not_names())


def is_big_place(folded: str) -> bool:
    """``folded in big_places()``, without gathering every big place's name first."""
    return (len(folded) > 2 and folded not in common_words() and folded not in lexicon.not_names()
            and gaz.is_big_place(folded))


def check(caption: str, keywords: list[str], photo: dict[str, Any], grounding: Any, *,
          gazetteer: bool = True) -> list[str]:
    """Ungrounded names in a draft's caption and keywords (empty list: nothing to flag).

    ``gazetteer=False`` uses the GeoNames towns only when they are already loaded (the place index
    or the town table): the window must not wait for them just to show a photo."""
    from app.facts import geocoder, towns as town_table  # noqa: PLC0415

    towns = gazetteer or geocoder.loaded() or town_table.loaded()
    known = known_for(photo, grounding)
    place = gaz.place_of(photo, grounding, known) if towns else _place_without_towns(grounding, known)
    cap_lang = language.detect(caption)
    kws = [k for k in keywords or [] if k and k.strip()]
    kw_lang = language.detect_keywords(kws, hint=cap_lang) if kws else cap_lang
    found = ungrounded([caption or ""], known, Context(known, place, cap_lang, towns))
    for k in ungrounded(kws, known, Context(known, place, kw_lang, towns), keywords=True):
        if k not in found:
            found.append(k)
    return found


def _place_without_towns(grounding: Any, known: set[str]) -> gaz.Place:
    p = gaz.Place(words=known)
    if grounding is not None:
        p.city = grounding.city or getattr(grounding, "near", None) or ""
        p.region, p.country = grounding.region or "", grounding.country or ""
        p.code = gaz.country_code(p.country) if p.country else ""
    return p
