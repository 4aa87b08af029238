"""What a person should see of a caption while it streams.

With keywords on, the model answers in JSON (``{"caption": "...", "keywords": [...]}``); showing
braces and quotes as they arrive would be noise. ``visible_caption`` reads the caption string out
of a *partial* JSON answer (unescaping as it goes) and ``visible_keywords`` the finished keywords;
plain-text answers pass through with any ``<think>`` block hidden. The stored caption is still the
captioning service's cleaned result; this is only the live view.
"""

from __future__ import annotations

import re

_KEY = re.compile(r'"(caption|description|text)"\s*:\s*"')
_KW = re.compile(r'"keywords"\s*:\s*\[([^\]]*)')
_THINK = re.compile(r"<think>.*?(</think>|$)", re.S)
_ESC = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", "r": "\r", "b": "\b", "f": "\f"}


def _read_string(s: str, i: int) -> str:
    out: list[str] = []
    while i < len(s):
        c = s[i]
        if c == "\\":
            if i + 1 >= len(s):
                break
            n = s[i + 1]
            if n == "u":
                if i + 6 > len(s):
                    break
                try:
                    code = int(s[i + 2 : i + 6], 16)
                except ValueError:
                    i += 6
                    continue
                if 0xD800 <= code < 0xDC00:  # high surrogate: wait for its pair (\uDCxx)
                    if i + 12 > len(s):
                        break
                    try:
                        low = int(s[i + 8 : i + 12], 16) if s[i + 6 : i + 8] == "\\u" else -1
                    except ValueError:
                        low = -1
                    if 0xDC00 <= low < 0xE000:
                        out.append(chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)))
                        i += 12
                        continue
                    i += 6  # an unpaired surrogate cannot be shown: skip it
                    continue
                if not 0xDC00 <= code < 0xE000:
                    out.append(chr(code))
                i += 6
                continue
            out.append(_ESC.get(n, n))
            i += 2
            continue
        if c == '"':
            break
        out.append(c)
        i += 1
    return "".join(out)


def visible_caption(raw: str) -> str:
    """The caption text so far, from plain text or from a partial JSON object."""
    s = _THINK.sub("", raw).lstrip()
    if not s.startswith("{"):
        return s
    m = _KEY.search(s)
    return _read_string(s, m.end()) if m else ""


def visible_keywords(raw: str) -> list[str]:
    """Keywords that have fully arrived in a partial JSON answer."""
    m = _KW.search(raw)
    if not m:
        return []
    return [w for w in re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)) if w.strip()]
