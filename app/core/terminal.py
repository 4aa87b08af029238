"""Text from files and models shown on a terminal without its control characters acting.

File names, captions, keywords and camera text are untrusted: an ESC or CSI sequence in a caption
would recolour, move the cursor, retitle the window or hide text on the user's terminal, and a
bidirectional override would show words in another order than they are stored. Everything the
command line prints goes through ``escape`` (a wrapper around stdout and stderr), so such a
character is shown as ``\\x1b``, ``\\x9b`` or ``\\u202e`` instead. Line breaks, tabs and the carriage
return of our own progress lines stay; ``one_line`` also escapes those inside a single field (a
file name with a line break must not start a line of its own in a listing).

JSON output stays valid JSON: ``json_dumps`` writes these characters as ``\\u`` escapes.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any, TextIO

# C0 controls except TAB, LF, CR; DEL; C1 controls; bidi embeddings, overrides and isolates;
# the Unicode line and paragraph separators; lone surrogates (a file name's bytes that are not UTF-8,
# as os.fsdecode gives them: shown as \xNN, the way the library shows such names everywhere)
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")
_UNSAFE_FIELD = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


_SHORT = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _code(m: re.Match[str]) -> str:
    ch = m.group()
    c = ord(ch)
    if 0xDC80 <= c <= 0xDCFF:  # an undecodable byte of a file name
        return f"\\x{c - 0xDC00:02x}"
    return _SHORT.get(ch) or (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}")


def escape(text: str) -> str:
    """``text`` with every control character that would act on a terminal written as an escape."""
    return _UNSAFE.sub(_code, text)


def one_line(text: Any) -> str:
    """A single field (a path, a name) on one line: line breaks and tabs escaped too."""
    return _UNSAFE_FIELD.sub(_code, "" if text is None else str(text))


def json_dumps(value: Any, **kwargs: Any) -> str:
    """``json.dumps`` without raw control characters: JSON escapes C0 itself, this adds DEL, C1 and
    the bidi and line-separator characters (as ``\\u`` escapes: the same value for a JSON reader)."""
    kwargs.setdefault("ensure_ascii", False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, **kwargs))


class SafeStream(io.TextIOBase):
    """A text stream that escapes what it is given (``escape``) before passing it on."""

    def __init__(self, inner: TextIO) -> None:
        super().__init__()
        self.inner = inner

    def write(self, s: str) -> int:
        self.inner.write(escape(s))
        return len(s)

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return self.inner.isatty()

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.inner.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "encoding", "utf-8")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
