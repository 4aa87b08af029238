"""Text folded the way a person compares names: case, accents and Unicode forms do not matter.

"Zoë" (NFC or NFD), "ZOE" and "zoe" fold alike; letters that Unicode does not decompose are mapped
by hand (Ł→l, Ø→o, Đ→d, Æ→ae, Œ→oe, Þ→th, ı→i), and ß casefolds to "ss". CJK text is left as it
is (apart from full-width forms, which NFKD narrows). Used for every name comparison: places,
people, occasions, vocabulary terms, search filters.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_EXTRA = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i",
                        "ħ": "h", "ŀ": "l", "ŧ": "t", "ƒ": "f", "’": "'", "‘": "'", "ʼ": "'"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Casefolded, accent-free, NFKD-narrowed, whitespace collapsed."""
    s = unicodedata.normalize("NFKD", str(text).casefold()).translate(_EXTRA)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.split())
