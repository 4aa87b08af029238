"""Is a description a person's caption, or text a camera or program put there by itself?

Cameras fill ImageDescription/UserComment with their own words ("OLYMPUS DIGITAL CAMERA", "SONY DSC",
"DSC00019", the model name, 32 spaces). Such text is blank for every decision: it is no caption, it
may be replaced without asking, and it never makes a conflict.

The rule is deliberately narrow, because everything it calls boilerplate may be overwritten silently:
known default strings, tied to the camera's make where the make is known ("OLYMPUS DIGITAL CAMERA"
on a Canon is somebody's text), frame names, the make or model itself, and a few program defaults.
Text that merely looks similar ("Grandpa with his old digital camera") is a person's text.
"""

from __future__ import annotations

import re

# Camera makers whose cameras write their own text; the key is the word found in EXIF Make.
BRANDS = frozenset({
    "olympus", "sony", "minolta", "konica", "kodak", "sanyo", "epson", "samsung", "vivitar", "hp", "casio",
    "panasonic", "fujifilm", "fuji", "nikon", "pentax", "asahi", "canon", "traveler", "medion", "praktica",
    "agfa", "agfaphoto", "ricoh", "toshiba", "polaroid", "concord", "jenoptik", "rollei", "trust", "benq",
    "premier", "mustek", "aiptek", "genius", "kyocera", "yakumo", "leica", "sigma", "jvc", "mediatek",
})
_ALIASES = {"hewlett-packard": "hp", "eastman": "kodak", "seiko": "epson"}

# What the camera writes after its brand: "OLYMPUS DIGITAL CAMERA", "KODAK DX4330 ZOOM DIGITAL CAMERA",
# "EPSON DSC picture", "SONY DSC", "MediaTek Camera Application".
# Words in between are model words in capitals ("DX4330 ZOOM"), never a person's lower-case words.
_AFTER_BRAND = re.compile(
    r"^(?:[A-Z0-9][A-Z0-9\-.]*\s+){0,3}(?i:digital(?:\s+(?:still\s+)?camera)?|dsc(?:\s+picture)?|camera\s+application)$")
# The company name alone ("SAMSUNG", "Trust Corp.").
_COMPANY = re.compile(r"^(?:(?:corp|corporation|co|ltd|inc|company|imaging|electric|techwin)[.,]*\s*)*$",
                      re.IGNORECASE)
# Make-independent defaults, compared whole (case-insensitive, spaces collapsed).
_EXACT = frozenset({
    "digital camera", "digital still camera", "exif_jpeg_picture", "exif jpeg", "jpeg", "picture", "image",
    "photo", "default", "untitled", "no description", "description", "camera", "dcim",
    "lead technologies inc. v1.01", "created with gimp", "made with gimp", "screenshot",
})
_PATTERNS = (
    # frame names: DSC00019, IMG_1234, ICM107B, P1010001
    re.compile(r"^(?:[A-Z]{2,5}[_-]?\d{3,}|[A-Z]\d{6,})[A-Z]?(?:\.JPE?G)?$"),
    re.compile(r"^[A-Z]{2,5}_\d{8}_\d{6,9}(?:_\w+)?$"),  # phone frame names: IMG_20200101_123456
    re.compile(r"^file written by adobe photoshop", re.IGNORECASE),
    re.compile(r"^creator: gd-jpeg", re.IGNORECASE),
    re.compile(r"^this is (?:a )?usercomment", re.IGNORECASE),
    re.compile(r"^[\W_]*$"),  # only punctuation, whitespace or control characters
    # a program's word for "nothing": null, (null), None, undefined, N/A, NaN, nil, [empty] ...
    re.compile(r"^[\[(<{\"']*(?:null|nil|none|undefined|n/?a|nan|empty|blank|no caption|no title|unknown)"
               r"[\])>}\"']*\.?$", re.IGNORECASE),
)


def _squash(text: str) -> str:
    return " ".join(text.replace("\x00", " ").split())


def brands_of(make: str | None) -> set[str]:
    """The camera brands an EXIF Make names ("OLYMPUS IMAGING CORP." -> {"olympus"})."""
    words = re.findall(r"[a-z][a-z\-]*", (make or "").lower())
    out = {w for w in words if w in BRANDS}
    out |= {_ALIASES[w] for w in words if w in _ALIASES}
    if words and not out:
        out.add(words[0])  # an unlisted maker still owns its own name
    return out


def is_boilerplate(text: str | None, make: str | None = None, model: str | None = None) -> bool:
    """True when ``text`` is empty or default text a camera or program wrote by itself.

    With the camera's make known, maker texts count only for that maker; without it, the text must
    name a known maker itself ("OLYMPUS DIGITAL CAMERA")."""
    if text is None:
        return True
    t = _squash(text)
    if not t:
        return True
    low = t.lower()
    if low in _EXACT or any(p.search(t) for p in _PATTERNS):
        return True
    for name in (make, model, f"{make or ''} {model or ''}"):
        if name and _squash(name) and low == _squash(name).lower():
            return True
    known_make = bool(make and make.strip())
    brands = brands_of(make) if known_make else set(BRANDS)
    first, _, rest = t.partition(" ")
    if first.lower() in brands:
        if rest and _AFTER_BRAND.match(rest):
            return True
        # The maker's name alone ("SAMSUNG", "Trust Corp."): only on that maker's photo ("Fuji" is a mountain).
        if known_make and ((not rest and t.isupper()) or (rest and _COMPANY.match(rest))):
            return True
    if t.startswith("<") and t.endswith(">"):  # "<Digimax i50 MP3, Samsung #1 MP3>": the model in brackets
        inner = low[1:-1]
        return bool((model and _squash(model).lower().strip("<>") in inner)
                    or any(re.search(rf"\b{re.escape(b)}\b", inner) for b in brands))
    return False
