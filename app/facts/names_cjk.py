"""Names in Japanese and Chinese captions, which have no capital letters and no spaces.

What the photo's facts name (people, places, folders, in any script) is masked first; then:
- places and landmarks written in kana or hanzi (``landmarks.txt``) are checked against the photo's place;
- Japanese: a name before an honorific (田中さん, ゆきちゃん, 健太くん, 山田様; family and trade words
  such as お母さん or パン屋さん are not names), a known surname + given name (田中花子), a known
  given name followed by a particle (花子が), a katakana given name (マリア) or a katakana full name
  with a middle dot (マリア・ロッシ);
- Chinese: a surname before a title (王先生, 李老师), 小/老/阿 + surname or given-name character
  (小王, 老李, 小明) unless that is an everyday word (小狗), and a surname + given name (张伟, 李娜)
  that is not an everyday word (高兴, 黄金) where a name can stand (before 在, 和, 正在, ...).
Name lists: ``faker``'s Japanese and Chinese person lists; everyday words: ``wordfreq``.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from app.facts import gazetteer as gaz
from app.facts import lexicon

KANJI = r"\u3400-\u9fff\uf900-\ufaff々"
KATA = r"\u30a0-\u30ffー"
HIRA = r"\u3040-\u309f"
PARTICLES_JA = "がはとものにをへやで、。！？ 「」"
AFTER_NAME_ZH = "在和与跟正是的说笑站坐抱拿穿看一也都把被对向为给，。、！？ "
BEFORE_NAME_ZH = "和与跟是叫给对，。、！？ "
EVERYDAY = 3.6  # zipf at or above which a hanzi string is an everyday word, not a name
MASK = "\u25a1"


def _zipf(word: str, lang: str) -> float:
    f = lexicon._freq(lang).get(word)
    return math.log10(f) + 9 if f else 0.0


@lru_cache(maxsize=1)
def _ja_lists() -> tuple[frozenset[str], frozenset[str]]:
    given = {n for n in lexicon.cjk_given() if re.fullmatch(f"[{KANJI}{HIRA}{KATA}]+", n) and len(n) >= 2}
    last = {n for n in lexicon.cjk_surnames() if re.fullmatch(f"[{KANJI}]+", n) and len(n) >= 2}
    return frozenset(given), frozenset(last)


@lru_cache(maxsize=1)
def _zh_lists() -> tuple[frozenset[str], frozenset[str]]:
    given = {n for n in lexicon.cjk_given() if re.fullmatch(f"[{KANJI}]+", n) and len(n) <= 2}
    last = {n for n in lexicon.cjk_surnames() if re.fullmatch(f"[{KANJI}]+", n) and len(n) <= 2}
    return frozenset(given), frozenset(last)


def _mask(text: str, phrases: list[str]) -> str:
    for p in sorted((p for p in phrases if p), key=len, reverse=True):
        text = text.replace(p, MASK * len(p))
    return text


def _evidence_strings(ctx: Any) -> list[str]:
    """Every fact string (and its parts) that may appear verbatim in a CJK caption."""
    out = [k for k in ctx.known if re.search(f"[{KANJI}{HIRA}{KATA}]", k)]
    return out + [k.replace(" ", "") for k in out if " " in k]


def check(text: str, ctx: Any) -> list[str]:
    """Unsupported names in a Japanese or Chinese caption."""
    found: list[str] = []
    masked = _mask(text, _evidence_strings(ctx))
    masked = _mask(masked, [p for p in lexicon.not_names_cjk() if p in masked])
    for name in gaz.cjk_names():
        for m in list(re.finditer(re.escape(name), masked)):
            if _inside_katakana_word(masked, m.start(), m.end()):
                continue  # アルバ inside アルバム
            if not any(gaz.supports(e, ctx.place) for e in gaz.lookup(name)) and name not in found:
                found.append(name)
            masked = masked[:m.start()] + MASK * len(name) + masked[m.end():]
    if re.search(f"[{HIRA}{KATA}]", text):
        found += [n for n in _japanese(masked) if n not in found]
    else:
        found += [n for n in _chinese(masked) if n not in found]
    return found


def _inside_katakana_word(t: str, start: int, end: int) -> bool:
    """A katakana match that is only part of a longer katakana word."""
    kata = f"[{KATA}]"
    return bool(re.match(kata, t[start]) and start and re.match(kata, t[start - 1])
                or re.match(kata, t[end - 1]) and end < len(t) and re.match(kata, t[end]))


def _japanese(t: str) -> list[str]:
    out: list[str] = []
    kin = lexicon.kin_words_ja()
    for h in lexicon.honorifics_ja():
        for m in re.finditer(re.escape(h), t):
            end = m.end()
            if any(t[max(0, end - len(k)):end] == k for k in kin):
                continue
            name = _run_before(t, m.start())
            if name and (h not in ("先生", "君") or len(name) >= 2):
                out.append(name + h)
    given, last = _ja_lists()
    for s in last:
        for m in re.finditer(re.escape(s), t):
            rest = t[m.end():m.end() + 3]
            g = next((x for x in sorted(given, key=len, reverse=True) if rest.startswith(x)), None)
            if g:
                out.append(s + g)
    for g in given:
        for m in re.finditer(re.escape(g), t):
            before = t[m.start() - 1] if m.start() else " "
            after = t[m.end()] if m.end() < len(t) else "。"
            if re.match(f"[{KANJI}]", before) or after not in PARTICLES_JA or _zipf(g, "ja") >= EVERYDAY + 0.4:
                continue
            if _inside_katakana_word(t, m.start(), m.end()):
                continue
            out.append(g)
    for m in re.finditer(f"[{KATA}・]+", t):
        run = m.group(0).strip("・")
        if "・" in run and all(len(p) >= 2 for p in run.split("・")):
            out.append(run)
        elif run in lexicon.katakana_names():
            out.append(run)
    return _dedup(out, t)


def _run_before(t: str, i: int) -> str:
    """The name just before an honorific: a kanji or katakana run, or up to four kana after a particle."""
    j = i
    if j and re.match(f"[{KANJI}]", t[j - 1]):
        while j and re.match(f"[{KANJI}]", t[j - 1]) and i - j < 4:
            j -= 1
    elif j and re.match(f"[{KATA}]", t[j - 1]):
        while j and re.match(f"[{KATA}・]", t[j - 1]):
            j -= 1
    elif j and re.match(f"[{HIRA}]", t[j - 1]):
        while j and re.match(f"[{HIRA}]", t[j - 1]) and t[j - 1] not in PARTICLES_JA and i - j < 4:
            j -= 1
    name = t[j:i]
    return "" if MASK in name else name


def _chinese(t: str) -> list[str]:
    out: list[str] = []
    given, last = _zh_lists()
    common = lexicon.surnames_zh()
    for title in lexicon.titles_zh():
        for m in re.finditer(re.escape(title), t):
            s = t[max(0, m.start() - 2):m.start()]
            name = s if s in last else s[-1:] if s[-1:] in last else ""
            if name and _zipf(name + title, "zh") < EVERYDAY + 0.6:
                out.append(name + title)
    for m in re.finditer(f"[小老阿]([{KANJI}])", t):
        x = m.group(1)
        word = m.group(0)
        nxt = t[m.end()] if m.end() < len(t) else "。"
        if (x in last or x in given) and _zipf(word, "zh") < EVERYDAY and not _word_at(t, m.end() - 1, nxt):
            out.append(word)
    for i in range(len(t)):
        for s in (t[i:i + 2], t[i:i + 1]):
            if s not in common:
                continue
            before = t[i - 1] if i else " "
            if re.match(f"[{KANJI}]", before) and before not in BEFORE_NAME_ZH and _zipf(before + s[0], "zh") >= 3.0:
                continue
            for n in (2, 1):
                g = t[i + len(s):i + len(s) + n]
                after = t[i + len(s) + n] if i + len(s) + n < len(t) else "。"
                full = s + g
                if len(g) == n and g in given and after in AFTER_NAME_ZH and _zipf(full, "zh") < EVERYDAY \
                        and _zipf(full[-2:], "zh") < 4.5 and MASK not in full:
                    out.append(full)
                    break
    return _dedup(out, t)


def _word_at(t: str, i: int, nxt: str) -> bool:
    """Whether the character at ``i`` and the next one form an everyday word (小明天 → 明天)."""
    return _zipf(t[i] + nxt, "zh") >= 4.0


def _dedup(names: list[str], text: str) -> list[str]:
    """Each name once; a name inside a longer one found too is dropped."""
    out: list[str] = []
    for n in sorted(set(names), key=lambda x: (-len(x), text.find(x))):
        if MASK in n or any(n in o for o in out):
            continue
        out.append(n)
    return sorted(out, key=text.find)
