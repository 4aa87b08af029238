"""Is a description a human caption, or camera/software boilerplate?

Cameras fill ImageDescription/UserComment with their own text ("OLYMPUS DIGITAL CAMERA",
"SONY DSC", "DSC00019", the model name, ...). Such text is kept as read (``file_description``),
but it is not a caption: no file caption version is created and captioning treats the photo as
uncaptioned. Captioning should call ``is_boilerplate`` with the photo's make and model.
"""

from __future__ import annotations

import re

_EXACT = {
    "olympus digital camera", "sony dsc", "minolta digital camera", "konica minolta digital camera",
    "sanyo digital camera", "epson dsc picture", "kodak digital still camera", "samsung digital camera",
    "samsung", "digital camera", "digital still camera", "exif_jpeg_picture", "exif jpeg", "jpeg",
    "picture", "image", "photo", "default", "untitled", "no description", "description",
    "lead technologies inc. v1.01", "created with gimp", "made with gimp", "camera", "dcim",
    "vivitar digital camera", "hp digital camera", "casio qv digital", "panasonic digital camera",
    "fujifilm digital camera", "nikon digital camera", "pentax digital camera", "canon digital camera",
    "mediatek camera application",
}
_PATTERNS = [
    re.compile(r"^(?:img|dsc|dscn|dscf|dsci|pict|sany|imag|p|pic|ICM|CIMG|SDC|mvc|hpim|pana)[ _-]?\d{3,}[a-z]?(?:\.jpe?g)?$", re.I),
    re.compile(r"^[a-z]{2,5}\d{3,}[a-z]?$", re.I),  # "ICM107B"-style frame names
    re.compile(r"^file written by adobe photoshop", re.I),
    re.compile(r"^created by (?:a )?(?:digital camera|camera|software)", re.I),
    re.compile(r"^this is (?:a )?usercomment", re.I),
    re.compile(r"^creator: gd-jpeg", re.I),
    re.compile(r"^(?:[a-z]+ )?digital (?:still )?camera$", re.I),
    re.compile(r"^<.*>$"),  # "<Digimax i50 MP3, Samsung #1 MP3>": a model string in brackets
    re.compile(r"^[\W_]*$"),  # only punctuation / whitespace / control characters
    # a program's word for "nothing": null, (null), None, undefined, N/A, NaN, nil, [empty] …
    re.compile(r"^[\[(<{\"']*(?:null|nil|none|undefined|n/?a|nan|empty|blank|no caption|no title|unknown)"
               r"[\])>}\"']*\.?$", re.I),
]


def is_boilerplate(text: str | None, make: str | None = None, model: str | None = None) -> bool:
    """True when ``text`` is empty, whitespace, or default text written by a camera or program."""
    if text is None:
        return True
    t = " ".join(text.replace("\x00", " ").split())
    if not t:
        return True
    low = t.lower()
    if low in _EXACT:
        return True
    for name in (make, model, f"{make or ''} {model or ''}"):
        if name and low == " ".join(name.split()).lower():
            return True
    return any(p.search(t) for p in _PATTERNS)
