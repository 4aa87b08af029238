"""Making untrusted text and file names safe to hand to exiftool.

exiftool reads its arguments one per line (``-@ -``), so a newline inside a value or a path would
start a new argument: a crafted caption could then delete files or run Perl code. Every value we pass
is therefore C-escaped for ``-ec`` (no raw control character ever reaches the pipe), and every path
is absolute (never starts with ``-``) and free of CR, LF and NUL.
"""

from __future__ import annotations

import os
import re
import unicodedata

# Control characters other than LF/TAB (captions) are dropped; keywords lose all of them.
_CAPTION_DROP = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
_KEYWORD_DROP = re.compile(r"[\x00-\x1f\x7f\x80-\x9f\u2028\u2029]")


class UnsafePathError(ValueError):
    """A path exiftool could misread as several arguments (it holds CR, LF or NUL)."""


def ec(value: str | bytes) -> str:
    """Escape a value for exiftool's ``-ec`` option (inverse C-escaping when writing).

    Backslashes are doubled, every control character becomes ``\\xNN`` (so no raw LF/CR ever
    reaches the argument pipe) and a leading space is escaped because the argfile reader eats one
    space after ``=``. ``bytes`` (legacy non-UTF-8 values being restored) escape bytes >= 0x80 too.
    """
    if isinstance(value, bytes):
        out = []
        for i, b in enumerate(value):
            if b == 0x5C:
                out.append("\\\\")
            elif b < 0x20 or b >= 0x7F or (i == 0 and b == 0x20):
                out.append("\\x%02x" % b)
            else:
                out.append(chr(b))
        return "".join(out)
    escaped = _EC_SPECIAL.sub(_ec_char, value)  # one pass in C: a write escapes a dozen values per photo
    return "\\x20" + escaped[1:] if escaped.startswith(" ") else escaped


_EC_SPECIAL = re.compile(r"[\\\x00-\x1f\x7f]")


def _ec_char(m: re.Match[str]) -> str:
    ch = m.group()
    return "\\\\" if ch == "\\" else "\\x%02x" % ord(ch)


def clean_caption(text: str) -> str:
    """Normalise a caption for writing: NFC, CRLF/CR -> LF, control characters (but LF, TAB) dropped."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CAPTION_DROP.sub("", text).strip()


def clean_keyword(word: str) -> str:
    """A keyword is one line: every control character is dropped and whitespace collapsed."""
    word = unicodedata.normalize("NFC", word or "")
    word = _KEYWORD_DROP.sub(" ", word)
    return " ".join(word.split())


def clean_keywords(words: list[str] | tuple[str, ...]) -> list[str]:
    """Clean and de-duplicate (case-insensitively, first spelling wins), dropping empty ones."""
    seen: set[str] = set()
    out: list[str] = []
    for w in words:
        c = clean_keyword(str(w))
        if c and c.casefold() not in seen:
            seen.add(c.casefold())
            out.append(c)
    return out


def safe_path(path: str | os.PathLike[str]) -> str:
    """An absolute path exiftool will read as a file name, or ``UnsafePathError``."""
    p = os.path.abspath(os.fspath(path))
    if any(c in p for c in "\r\n\0"):
        raise UnsafePathError(f"file name contains a line break or NUL, refusing to pass it to exiftool: {p!r}")
    return p
