"""Messages in plain words: no exception class names, no exiftool jargon.

Errors reach the status bar and the detail pane from many layers (the HTTP client, exiftool, the
decoder). ``plain`` rewrites the parts a photographer cannot use; the log keeps the full text.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

# "(HostDown)", "(ConnectError)", "ReadTimeout: …" — class names mean nothing to a person
_CLASS = r"[A-Z][A-Za-z]*(?:Error|Exception|Timeout|Down|Refused|Unreachable)"
_IN_PARENS = re.compile(r"\s*\(" + _CLASS + r"\)")
_PREFIX = re.compile(r"^" + _CLASS + r":\s*")
_MINOR = re.compile(r"\[minor\]\s*([^\n;]*)", re.I)
_WARNING = re.compile(r"\bWarning:\s*", re.I)


def plain(text: str | None) -> str:
    if not text:
        return ""
    out = _IN_PARENS.sub("", str(text))
    out = _PREFIX.sub("", out)
    unusual = QCoreApplication.translate("Plain", "the file has unusual metadata that exiftool will not change")
    out = _MINOR.sub(lambda m: unusual + (f" ({m.group(1).strip().rstrip('.').lower()})" if m.group(1).strip() else ""),
                     out)
    out = _WARNING.sub("", out)
    return " ".join(out.split())
