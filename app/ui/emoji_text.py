"""File names with emoji on a system without an emoji font: show the emoji's name instead of a box.

Qt draws a missing glyph as an empty box, so a beach emoji in "Beach <emoji>.jpg" showed as a box.
When no installed font family covers emoji, ``shown_name`` writes such characters as their Unicode
names ("Beach ‹beach with umbrella›.jpg", in brackets every UI font has); with an emoji font the text
is left as it is.
"""

from __future__ import annotations

import functools
import unicodedata

EMOJI_FONTS = ("emoji", "symbola", "twemoji", "emojione", "openmoji")


def _is_emoji(ch: str) -> bool:
    cp = ord(ch)
    return (0x1F000 <= cp <= 0x1FAFF or 0x2600 <= cp <= 0x27BF or 0x1F900 <= cp <= 0x1F9FF
            or 0x2B00 <= cp <= 0x2BFF)


@functools.lru_cache(maxsize=1)
def have_emoji_font() -> bool:
    from PySide6.QtGui import QFontDatabase  # noqa: PLC0415

    return any(any(k in fam.lower() for k in EMOJI_FONTS) for fam in QFontDatabase.families())


def shown_name(text: str, *, emoji_font: bool | None = None) -> str:
    """``text`` as it can be drawn here (unchanged when it has no emoji or an emoji font exists)."""
    if not text or not any(_is_emoji(c) for c in text):
        return text
    if emoji_font is None:
        emoji_font = have_emoji_font()
    if emoji_font:
        return text
    out = []
    for ch in text:
        if ch in ("\ufe0f", "\u200d"):  # variation selector / joiner: nothing to draw on their own
            continue
        out.append(f"‹{unicodedata.name(ch, 'symbol').lower()}›" if _is_emoji(ch) else ch)
    return "".join(out)
