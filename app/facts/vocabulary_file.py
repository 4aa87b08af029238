"""Reading a keyword list file: its encoding, its size, and a report of everything that was not taken.

Lightroom exports UTF-8; other tools and editors save UTF-16 (with a byte-order mark) or a Western
European 8-bit code page (Latin-1 / Windows-1252). Those are read, and the report says which encoding
was used; a file in none of them (binary, another code page with undefined bytes) is refused with a
message saying how to save it. Nothing is cut silently: terms refused and terms over the limit are
counted in the report (``vocabulary.ImportReport``).
"""

from __future__ import annotations

import codecs
import os
import unicodedata

from app.facts.vocabulary import ImportReport, parse_report

MAX_BYTES = 32 * 1024 * 1024


class VocabularyError(ValueError):
    """A keyword list that cannot be read; the message says why and what to do."""


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name for people) of a keyword list's bytes; raises ``VocabularyError``."""
    for bom, codec, label in ((codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
                              (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
                              (codecs.BOM_UTF16_BE, "utf-16", "UTF-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec), label
            except UnicodeDecodeError as exc:
                raise VocabularyError(f"the file says it is {label} but is not (byte {exc.start}): "
                                      "save it again as UTF-8") from None
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            return text, "UTF-16"
        raise VocabularyError("this is not a text file (it contains NUL bytes): export the keyword list as text")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise VocabularyError("the file is neither UTF-8, UTF-16 nor Latin-1 (Windows-1252): "
                              "save it as UTF-8 and import it again") from None
    return text, "Latin-1 (Windows-1252)"


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text written without a byte-order mark: every other byte of ASCII text is zero."""
    if len(data) < 2 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    codec = "utf-16-le" if odd > half * 0.3 and even == 0 else "utf-16-be" if even > half * 0.3 and odd == 0 else None
    if codec is None:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\r\n")
    return text if controls == 0 else None  # text, not binary that happens to have zeros in place


def read(path: str) -> ImportReport:
    """Read and parse a keyword list; raises ``VocabularyError`` (or ``OSError``) with a clear message."""
    size = os.path.getsize(path)
    if size > MAX_BYTES:
        raise VocabularyError(f"the file is {size / 1e6:.0f} MB; keyword lists up to {MAX_BYTES // 1_000_000} MB "
                              "are read (is this the right file?)")
    with open(path, "rb") as fh:
        data = fh.read()
    text, encoding = decode(data)
    report = parse_report(text)
    report.encoding = encoding
    if not report.terms:
        detail = f" ({report.refused_text()})" if report.refused else ""
        raise VocabularyError(f"no keywords found{detail}")
    return report
