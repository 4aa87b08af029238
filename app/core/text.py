"""Text that SQLite (and every UTF-8 consumer) accepts.

Python strings may hold lone surrogates: a model's JSON can say ``"\\ud800"``, and a file name that
is not valid UTF-8 decodes to ``\\udce9``-style escapes. SQLite refuses to bind them ("surrogates
not allowed"), which used to leave a job *running* for ever. Untrusted text goes through
``valid_text`` before it is stored: valid pairs are joined, lone halves become U+FFFD.
"""

from __future__ import annotations

from typing import overload


@overload
def valid_text(value: str) -> str: ...


@overload
def valid_text(value: None) -> None: ...


def valid_text(value: str | None) -> str | None:
    """``value`` as valid Unicode (None stays None)."""
    if value is None:
        return None
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
