"""Turn raw model output into a caption and keywords: each rule named, counted, never silent.

Model output is untrusted text. Rules that *change* the text are named in ``Cleaned.rules`` (and
counted across a run by ``CleanupStats``); problems we cannot fix are *flags* on the caption, shown
to the reviewer instead of hidden:

- ``loop``: a repeated phrase (the stream was stopped early);
- ``truncated``: ``done_reason`` "length", or a stream that ended without ``done``;
- ``refusal``: the model declined ("I'm sorry, I can't…");
- ``empty``: nothing usable was left;
- ``duplicate_of_recent``: the same caption as several recent photos (a stuck model);
- ``date_keyword`` / ``digit_keyword``: keywords that are dates or numbers;
- ``bad_json``: structured output was requested but the answer was not valid JSON, or a caption or
  keyword in it was not a string (a list, an object, a boolean: never stored as its Python repr);
  the caption is then the text *recovered* from the JSON (never the JSON syntax);
- ``shortened``: a caption cut to its style's character limit, or alt text cut to 250 characters;
- ``no_alt_text``: the model gave no alt text although it was asked for (nothing is made up in its
  place: the draft has none, the reviewer may write one); informational, it does not hold a draft
  back from bulk approval (``NOT_HELD``);
- ``wrong_language``: the caption, the alt text or the keywords are not in the language asked for,
  even after one retry with a firmer instruction (set by ``languages``; what was found is the draft's
  ``language_check``);
- ``bad_unicode``: broken characters (U+FFFD, also what a lone surrogate from the model becomes,
  e.g. half an emoji); kept out of every bulk approval (``HELD_FROM_BULK``) until a person looks.
"""

from __future__ import annotations

import json
import re
from collections import Counter, deque
from dataclasses import dataclass, field

from app.core.text import valid_text

PREAMBLES = [
    r"(?:here\s+is|here's)\s+(?:a|an|the|my)?\s*(?:short\s+|brief\s+|detailed\s+)?(?:caption|description|alt[\s-]?text)"
    r"(?:\s+(?:of|for)\s+(?:the|this)\s+(?:image|photo|picture|photograph))?\s*[:.\-–—]?",
    r"(?:the|this)\s+(?:image|photo|picture|photograph|scene)\s+(?:shows|depicts|features|captures|displays|"
    r"presents|contains|is\s+of|showcases|portrays|illustrates)\s*:?",
    r"in\s+(?:the|this)\s+(?:image|photo|picture|photograph)\s*,?\s*(?:we\s+(?:can\s+)?see|there\s+(?:is|are))?\s*:?",
    r"(?:the|this)\s+(?:image|photo|picture|photograph)\s+is\s+(?:a|an)\s+(?:photo|photograph|picture|image)\s+of",
    r"(?:an?\s+)?(?:image|photo|picture|photograph)\s+of\b",
    r"(?:caption|description|alt[\s-]?text|title)\s*:",
    r"sure[,!.]?\s*(?:here(?:'s| is)[^:\n]*:)?",
    r"certainly[,!.]?\s*(?:here(?:'s| is)[^:\n]*:)?",
]
_PREAMBLE_RE = re.compile(r"^\s*(?:" + "|".join(PREAMBLES) + r")\s*", re.I)
PRIVACY_BOILERPLATE = re.compile(
    r"I(?:'m| am) (?:unable|not able) to provide (?:any )?information that could compromise (?:your|the) "
    r"privacy[^.]*\.?\s*",
    re.I,
)
REFUSAL_RE = re.compile(
    r"^\s*(?:I(?:'m| am) sorry|sorry,|I (?:can(?:no|')t|cannot|won't|am unable|'m unable)|as an ai|"
    r"I (?:do not|don't) (?:see|have) (?:an|any) image|unfortunately,? I)",
    re.I,
)
THINK_RE = re.compile(r"<think>.*?(?:</think>|$)", re.S | re.I)
MARKDOWN_RE = [
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.M), ""),
    (re.compile(r"\*\*(.+?)\*\*", re.S), r"\1"),
    (re.compile(r"__(.+?)__", re.S), r"\1"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", re.S), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+", re.M), ""),
]
QUOTE_PAIRS = [('"', '"'), ("'", "'"), ("“", "”"), ("‘", "’"), ("«", "»"), ("„", "“")]
DATE_RE = re.compile(
    r"^(?:\d{4}(?:[-/.]\d{1,2}){0,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,4}(?:,?\s*\d{4})?|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s+\d{4})?)$",
    re.I,
)
MAX_KEYWORDS = 25
REPLACEMENT = "\ufffd"
#: flags that keep a draft out of every bulk approval, even one that takes other flagged drafts
HELD_FROM_BULK = frozenset({"bad_unicode"})
#: flags that only inform: a draft with nothing else is approved in bulk like an unflagged one
NOT_HELD = frozenset({"no_alt_text"})
ALT_TEXT_MAX = 250


@dataclass
class Cleaned:
    caption: str
    keywords: list[str]
    flags: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    alt_text: str = ""


def held_flags(flags: list[str]) -> list[str]:
    """The flags that keep a draft out of bulk approval (all but the informational ones)."""
    return [f for f in flags if f not in NOT_HELD]


def detect_loop(text: str, *, min_repeats: int = 4, max_n: int = 12) -> bool:
    """True when the text ends in the same n-word phrase repeated (1-word phrases need 8 repeats)."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < 8:
        return False
    for n in range(1, max_n + 1):
        need = 8 if n == 1 else (6 if n == 2 else min_repeats)
        if len(words) < n * need:
            break
        unit = words[-n:]
        if all(words[-(k + 1) * n : len(words) - k * n] == unit for k in range(need)):
            return True
    return False


def _strip_quotes(text: str) -> tuple[str, bool]:
    t = text.strip()
    for a, b in QUOTE_PAIRS:
        if len(t) >= 2 and t.startswith(a) and t.endswith(b) and t.count(a) + (t.count(b) if a != b else 0) <= 2:
            return t[1:-1].strip(), True
    return t, False


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def clean_text(text: str, rules: list[str]) -> str:
    """Apply the text rules in order, appending each rule's name to ``rules`` when it changed something."""
    def apply(name: str, new: str, old: str) -> str:
        if new != old:
            rules.append(name)
        return new

    t = text
    t = apply("think_block", THINK_RE.sub("", t), t)
    t = apply("privacy_boilerplate", PRIVACY_BOILERPLATE.sub("", t), t)
    md = t
    for rx, rep in MARKDOWN_RE:
        md = rx.sub(rep, md)
    t = apply("markdown", md, t)
    t = apply("whitespace", " ".join(t.split()), t)
    for _ in range(3):  # "Sure! Here is a caption: The image shows ..." needs several passes
        q, changed = _strip_quotes(t)
        if changed:
            rules.append("wrapping_quotes")
            t = q
        new = _PREAMBLE_RE.sub("", t, count=1)
        if new == t or not new.strip():
            break
        rules.append("preamble")
        t = _sentence_case(new.strip())
    q, changed = _strip_quotes(t)
    if changed:
        rules.append("wrapping_quotes")
        t = q
    return t.strip()


def _parse_json(text: str) -> dict | None:
    t = THINK_RE.sub("", text).strip()
    t = re.sub(r"^```(?:json)?\s*|\s*```$", "", t)
    try:
        obj = json.loads(t)
        return obj if isinstance(obj, dict) else None
    except ValueError:
        pass
    m = re.search(r"\{.*\}", t, re.S)
    if m:
        try:
            obj = json.loads(m.group(0))
            return obj if isinstance(obj, dict) else None
        except ValueError:
            return None
    return None


def _flag(flags: list[str], name: str) -> None:
    if name not in flags:
        flags.append(name)


def clean_keywords(raw: object, flags: list[str], rules: list[str]) -> list[str]:
    if isinstance(raw, str):
        raw = [k for k in re.split(r"[,;\n]", raw)]
    if not isinstance(raw, list):
        if raw not in (None, "", [], {}):
            _flag(flags, "bad_json")
        return []
    out: list[str] = []
    seen: set[str] = set()
    for item in raw:
        if not isinstance(item, str):  # a list, object, boolean or number: not a keyword
            _flag(flags, "bad_json")
            continue
        k = " ".join(str(item).replace("#", " ").split()).strip(" .,:;\"'")
        if not k or len(k) > 50:
            if k:
                rules.append("keyword_too_long")
            continue
        if k.lower() in seen:
            rules.append("keyword_duplicate")
            continue
        seen.add(k.lower())
        if DATE_RE.match(k):
            if "date_keyword" not in flags:
                flags.append("date_keyword")
        elif re.fullmatch(r"[\d\s.,:/-]+", k):
            if "digit_keyword" not in flags:
                flags.append("digit_keyword")
        out.append(k)
    if len(out) > MAX_KEYWORDS:
        rules.append("keyword_limit")
        out = out[:MAX_KEYWORDS]
    return out


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    for sep in (". ", "; ", ", ", " "):
        i = cut.rfind(sep)
        if i >= limit // 2:
            return cut[:i].rstrip(" ,;") + ("." if sep == ". " else "")
    return text[:limit].rstrip()


def clean_output(
    content: str,
    thinking: str = "",
    *,
    structured: bool = True,
    done: bool = True,
    done_reason: str | None = "stop",
    looped: bool = False,
    max_chars: int | None = None,
    want_caption: bool = True,
    want_alt_text: bool = False,
) -> Cleaned:
    """Parse (JSON when ``structured``) and clean one answer; set flags for what cannot be fixed.

    ``want_alt_text``: the answer should hold an ``alt_text`` beside the caption (one sentence of at
    most 250 characters); when it does not, the draft has none and is flagged ``no_alt_text``."""
    rules: list[str] = []
    flags: list[str] = []
    content, thinking = valid_text(content), valid_text(thinking)  # lone surrogates never go further
    text = content
    if not THINK_RE.sub("", text).strip() and thinking.strip():
        rules.append("use_thinking")
        text = thinking
    caption_raw: object = text
    alt_raw: object = ""
    keywords: list[str] = []
    if structured:
        obj = _parse_json(text)
        if obj is None:
            if text.strip():
                flags.append("bad_json")
            caption_raw = recover_caption(text)
            if caption_raw != text.strip():
                rules.append("recovered_from_json")
        else:
            caption_raw = next((obj[k] for k in ("caption", "description", "alt_text", "text")
                                if obj.get(k) not in (None, "")), "")
            if not isinstance(caption_raw, str):  # ["-all=", "x"], {...}, true: rejected, never a repr
                _flag(flags, "bad_json")
                caption_raw = ""
            kw = next((obj[k] for k in ("keywords", "tags") if obj.get(k) not in (None, "")), [])
            keywords = clean_keywords(kw, flags, rules)
            if want_alt_text:
                alt_raw = next((obj[k] for k in ("alt_text", "alttext", "alt") if obj.get(k) not in (None, "")), "")
                if not isinstance(alt_raw, str):
                    _flag(flags, "bad_json")
                    alt_raw = ""
    caption = clean_text(valid_text(caption_raw) if isinstance(caption_raw, str) else "", rules)
    keywords = [valid_text(k) for k in keywords]
    if (looped or not done or done_reason == "length") and detect_loop(caption):  # cut by a repeat guard
        trimmed = trim_loop(caption)
        if trimmed != caption:
            rules.append("loop_trimmed")
            caption = trimmed
    if REFUSAL_RE.match(caption) or (not caption and "privacy_boilerplate" in rules):
        flags.append("refusal")
    if looped or "loop_trimmed" in rules or detect_loop(caption):
        flags.append("loop")
    if done_reason == "length" or not done:
        flags.append("truncated")
    if max_chars and len(caption) > max_chars:
        caption = shorten(caption, max_chars)
        flags.append("shortened")
    alt_text = clean_alt_text(alt_raw if isinstance(alt_raw, str) else "", flags, rules) if want_alt_text else ""
    if want_alt_text and caption and not alt_text and "bad_json" not in flags:
        flags.append("no_alt_text")
    if (want_caption and not caption) or (not want_caption and not keywords):
        flags.append("empty")
    if REPLACEMENT in caption or REPLACEMENT in alt_text or any(REPLACEMENT in k for k in keywords):
        flags.append("bad_unicode")  # broken characters (half an emoji): a person must look before it is written
    return Cleaned(caption=caption, keywords=keywords, flags=flags, rules=rules, alt_text=alt_text)


def clean_alt_text(raw: str, flags: list[str], rules: list[str]) -> str:
    """Alt text as IPTC wants it: one plain line (preambles such as "Image of" gone), ≤ 250 characters."""
    alt = clean_text(valid_text(raw), rules)
    if len(alt) > ALT_TEXT_MAX:
        alt = shorten(alt, ALT_TEXT_MAX)
        _flag(flags, "shortened")
    return alt


class RecentCaptions:
    """Flags a caption identical to several recent ones of *other* pictures (a stuck model or a cached
    answer). ``picture`` says which picture a caption describes (a group of identical photos is one
    picture): the same words for the same picture are right, not a sign of a stuck model."""

    def __init__(self, window: int = 50, threshold: int = 3) -> None:
        self._recent: deque[tuple[str, object]] = deque(maxlen=window)
        self.threshold = threshold

    def check(self, caption: str, picture: object = None) -> bool:
        key = " ".join(caption.lower().split())
        if not key:
            return False
        dup = sum(1 for c, p in self._recent if c == key and (picture is None or p != picture)) >= self.threshold - 1
        self._recent.append((key, picture))
        return dup


class CleanupStats:
    """How often each rule fired and each flag was set during a run (for the summary)."""

    def __init__(self) -> None:
        self.rules: Counter[str] = Counter()
        self.flags: Counter[str] = Counter()

    def add(self, cleaned: Cleaned) -> None:
        self.rules.update(set(cleaned.rules))
        self.flags.update(cleaned.flags)


_PARTIAL_CAPTION_RE = re.compile(r'"(?:caption|description|alt_text|text)"\s*:\s*"((?:[^"\\]|\\.)*)', re.S)


def recover_caption(raw: str) -> str:
    """The caption text inside an answer that is not valid JSON (cut off, or broken), never the JSON
    syntax: ``{"caption": "A dog on the be`` → ``A dog on the be``. An answer that is plain prose (the
    model ignored the format) is its own text; a JSON-looking answer without a caption string is ''."""
    t = THINK_RE.sub("", raw).strip()
    t = re.sub(r"^```(?:json)?\s*|\s*```$", "", t).strip()
    if not t:
        return ""
    if not t.startswith(("{", "[")):
        return t
    m = _PARTIAL_CAPTION_RE.search(t)
    if not m:
        return ""
    return partial_caption("{" + t[m.start():])


def trim_loop(text: str) -> str:
    """Cut a repeated tail ("… photo photo photo photo") back to its first occurrence."""
    words = list(re.finditer(r"\w+", text))
    low = [w.group(0).lower() for w in words]
    best: tuple[int, int] | None = None  # (unit length, start index of the first repetition)
    for n in range(1, 13):
        if len(low) < 3 * n:
            break
        unit = low[-n:]
        k = 1
        while len(low) >= (k + 1) * n and low[len(low) - (k + 1) * n: len(low) - k * n] == unit:
            k += 1
        need = 8 if n == 1 else (6 if n == 2 else 4)
        if k >= need:
            start = len(low) - k * n
            if best is None or start < best[1]:
                best = (n, start)
    if best is None:
        return text
    n, start = best
    cut = words[start + n].start() if start + n < len(words) else len(text)
    return text[:cut].rstrip(" ,;:-–—") + "…"


def partial_caption(raw: str) -> str:
    """The readable caption inside a *partial* JSON answer while it streams (for live display).

    ``{"caption": "A dog runs on the be`` → ``A dog runs on the be``; plain text is returned as is.
    """
    t = raw.lstrip()
    if not t.startswith("{"):
        return THINK_RE.sub("", raw).strip()
    m = _PARTIAL_CAPTION_RE.search(t)
    if not m:
        return ""
    body = m.group(1)
    if body.endswith("\\"):
        body = body[:-1]
    try:
        return json.loads('"' + body + '"')
    except ValueError:
        return body.replace('\\"', '"').replace("\\n", " ")
