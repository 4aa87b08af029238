"""The metadata fields Albumwise reads and writes, as constants (never built from model output).

Read with ``-j -b -G1`` so legacy non-UTF-8 bytes survive for exact undo (they come back as
``{"b64": ...}``); a value that merely *looks* like ``base64:...`` but decodes to valid UTF-8 is
literal text (exiftool only base64-encodes invalid UTF-8 or binary data).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any

from app.metadata import boilerplate as camera_text

# Tag names as exiftool's JSON keys them with -G1 (also used as "-TAG=" when writing).
XMP_DESCRIPTION = "XMP-dc:Description"  # x-default of the lang-alt
XMP_DESCRIPTION_W = "XMP-dc:Description-x-default"
XMP_TITLE = "XMP-dc:Title"
XMP_TITLE_W = "XMP-dc:Title-x-default"
EXIF_DESCRIPTION = "IFD0:ImageDescription"
XMP_SUBJECT = "XMP-dc:Subject"
XMP_HIER = "XMP-lr:HierarchicalSubject"
XMP_TAGSLIST = "XMP-digiKam:TagsList"
XMP_TOOLKIT = "XMP-x:XMPToolkit"
IPTC_CAPTION = "IPTC:Caption-Abstract"
IPTC_KEYWORDS = "IPTC:Keywords"
IPTC_CHARSET = "IPTC:CodedCharacterSet"
IPTC_DIGEST = "Photoshop:IPTCDigest"
IPTC_ENVELOPE = "IPTC:EnvelopeRecordVersion"  # exiftool adds it with CodedCharacterSet
IPTC_APPVERSION = "IPTC:ApplicationRecordVersion"  # exiftool adds it with any application record
EXIF_YCBCR = "IFD0:YCbCrPositioning"  # exiftool adds it when it creates IFD0 entries
PROV_SOURCE = "XMP-albumwise:CaptionSource"
PROV_MODEL = "XMP-albumwise:CaptionModel"
PROV_STYLE = "XMP-albumwise:CaptionStyle"
PROV_CREATED = "XMP-albumwise:CaptionCreated"
PROV_APPROVED = "XMP-albumwise:HumanApproved"
PROV_WRITTEN_BY = "XMP-albumwise:WrittenBy"
PROV_WRITTEN_AT = "XMP-albumwise:WrittenAt"
PROV_ALT_SOURCE = "XMP-albumwise:AltTextSource"  # who wrote the alt text: model, human or file
# Copies of the caption other apps (Windows Explorer, digiKam, web galleries) read first: kept in agreement when present.
EXIF_USERCOMMENT = "ExifIFD:UserComment"
XP_COMMENT = "IFD0:XPComment"
XP_SUBJECT = "IFD0:XPSubject"
XP_KEYWORDS = "IFD0:XPKeywords"  # one string, ";"-separated
XMP_EXIF_USERCOMMENT = "XMP-exif:UserComment"  # lang-alt, x-default written
XMP_TIFF_DESCRIPTION = "XMP-tiff:ImageDescription"  # lang-alt, x-default written
JPEG_COMMENT = "File:Comment"  # the JPEG COM segment
PNG_DESCRIPTION = "PNG:Description"
PNG_COMMENT = "PNG:Comment"
XMP_LASTKEYWORD = "XMP-microsoft:LastKeywordXMP"
XP_TITLE = "IFD0:XPTitle"  # Windows Explorer's Title; scanner software puts the caption there
# IPTC Core 1.3's accessibility fields (lang-alt): a short alt text and, where wanted, a long description.
XMP_ALT_TEXT = "XMP-iptcCore:AltTextAccessibility"
XMP_EXT_DESCR = "XMP-iptcCore:ExtDescrAccessibility"
ACCESSIBILITY_FIELDS = (XMP_ALT_TEXT, XMP_EXT_DESCR)
# Lang-alt tags: written as their x-default item (``writable_name``); "TAG-de" names one other language.
LANG_ALT = (XMP_DESCRIPTION, XMP_TITLE, XMP_ALT_TEXT, XMP_EXT_DESCR, "XMP-exif:UserComment",
            "XMP-tiff:ImageDescription")
# Title fields that often hold a copy of the caption: written only where they hold that copy.
TITLE_COPIES = (XP_TITLE, XMP_TITLE)
# Every field that holds the caption, in the order readers prefer them (the first is always written).
DESCRIPTION_FIELDS = (XMP_DESCRIPTION, EXIF_DESCRIPTION, IPTC_CAPTION, XMP_EXIF_USERCOMMENT, XMP_TIFF_DESCRIPTION,
                      EXIF_USERCOMMENT, XP_COMMENT, XP_SUBJECT, JPEG_COMMENT, PNG_DESCRIPTION, PNG_COMMENT)
# Written only when the file already has them (never created).
MIRROR_DESCRIPTIONS = (XMP_EXIF_USERCOMMENT, XMP_TIFF_DESCRIPTION, EXIF_USERCOMMENT, XP_COMMENT, XP_SUBJECT,
                       JPEG_COMMENT, PNG_DESCRIPTION, PNG_COMMENT)
KEYWORD_FIELDS = (XMP_SUBJECT, XMP_HIER, XMP_TAGSLIST, XMP_LASTKEYWORD, IPTC_KEYWORDS, XP_KEYWORDS)
# Fields inside the EXIF block: a file whose EXIF exiftool will not rewrite cannot change these.
EXIF_FIELDS = frozenset({EXIF_DESCRIPTION, EXIF_USERCOMMENT, XP_COMMENT, XP_SUBJECT, XP_KEYWORDS, XP_TITLE,
                         EXIF_YCBCR})
# Human-readable names for messages and the conflict view.
FIELD_NAMES = {
    XMP_DESCRIPTION: "XMP description", EXIF_DESCRIPTION: "EXIF ImageDescription", IPTC_CAPTION: "IPTC caption",
    XMP_EXIF_USERCOMMENT: "XMP exif:UserComment", XMP_TIFF_DESCRIPTION: "XMP tiff:ImageDescription",
    EXIF_USERCOMMENT: "EXIF UserComment", XP_COMMENT: "Windows XPComment", XP_SUBJECT: "Windows XPSubject",
    JPEG_COMMENT: "JPEG comment", PNG_DESCRIPTION: "PNG Description", PNG_COMMENT: "PNG Comment",
    XMP_SUBJECT: "XMP keywords", XMP_HIER: "Lightroom keywords", XMP_TAGSLIST: "digiKam tags",
    XMP_LASTKEYWORD: "Windows LastKeywordXMP", IPTC_KEYWORDS: "IPTC keywords", XP_KEYWORDS: "Windows XPKeywords",
    XP_TITLE: "Windows XPTitle", XMP_TITLE: "XMP title", XMP_ALT_TEXT: "alt text",
    XMP_EXT_DESCR: "extended description",
}


def with_lang(tag: str, code: str) -> str:
    """One language's item of a lang-alt tag ("XMP-dc:Description", "de" → "XMP-dc:Description-de")."""
    return f"{tag}-{code}"


def lang_of(tag: str) -> tuple[str, str | None]:
    """(lang-alt tag, language) of a tag as exiftool names one item; (tag, None) for anything else."""
    for base in LANG_ALT:
        if tag.startswith(base + "-"):
            return base, tag[len(base) + 1:]
    return tag, None


def field_name(tag: str) -> str:
    """A field's human name; a language item says its language ("XMP description (de)")."""
    base, code = lang_of(tag)
    name = FIELD_NAMES.get(base, base)
    return f"{name} ({code})" if code else name


def is_other_text(tag: str) -> bool:
    """Alt text, the long description and other-language items: texts we write beside the caption
    (compared like the caption's fields for outside edits, but not copies of it)."""
    base, code = lang_of(tag)
    return base in ACCESSIBILITY_FIELDS or (base == XMP_DESCRIPTION and code is not None)
PROVENANCE = (PROV_SOURCE, PROV_MODEL, PROV_STYLE, PROV_CREATED, PROV_APPROVED, PROV_WRITTEN_BY, PROV_WRITTEN_AT,
              PROV_ALT_SOURCE)
LIST_TAGS = frozenset({XMP_SUBJECT, XMP_HIER, XMP_TAGSLIST, IPTC_KEYWORDS, XMP_LASTKEYWORD})

# What one read asks for: whole groups so we also learn which blocks exist (for exact undo).
READ_ARGS = ("-XMP:all", "-IPTC:all", "-IFD0:all", "-Photoshop:IPTCDigest", "-File:FileType", "-ExifTool:Warning",
             "-" + EXIF_USERCOMMENT, "-" + JPEG_COMMENT, "-PNG:Description*", "-PNG:Comment*")
# PNG text chunks in a language ("Description-ja" from an iTXt chunk): shown by PNG readers, never rewritten.
PNG_LANG_PREFIXES = (PNG_DESCRIPTION + "-", PNG_COMMENT + "-")
# Who made or owns the photo: text equal to one of these in a caption field is a credit line, not a caption.
CREDIT_FIELDS = ("IFD0:Artist", "IFD0:Copyright", "XMP-dc:Creator", "XMP-dc:Rights", "XMP-photoshop:Credit",
                 "IPTC:By-line", "IPTC:CopyrightNotice", "IPTC:Credit")

IPTC_KEYWORD_MAX = 64  # bytes (IIM 2:25)

def is_boilerplate(text: str | None, make: str | None = None, model: str | None = None) -> bool:
    """Blank or camera/software default text ("OLYMPUS DIGITAL CAMERA"): nobody wrote it on purpose.
    Narrow on purpose: see :mod:`app.metadata.boilerplate`."""
    return camera_text.is_boilerplate(text, make, model)


def decode_value(value: Any) -> Any:
    """Turn a ``-b -j`` value into str / list[str] / {"b64": ...} (raw non-UTF-8 bytes)."""
    if isinstance(value, list):
        return [decode_value(v) for v in value]
    if isinstance(value, bool):
        return "True" if value else "False"
    if value is None:
        return None
    if not isinstance(value, str):
        return str(value)
    if value.startswith("base64:"):
        try:
            raw = base64.b64decode(value[7:], validate=True)
        except (binascii.Error, ValueError):
            return value
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return {"b64": base64.b64encode(raw).decode("ascii")}
        return value
    return value


def as_text(value: Any) -> str | None:
    """A decoded value as display text (raw bytes as Latin-1, lists joined) or None."""
    if value is None:
        return None
    if isinstance(value, dict) and "b64" in value:
        return base64.b64decode(value["b64"]).decode("latin-1")
    if isinstance(value, list):
        return "; ".join(t for t in (as_text(v) for v in value) if t)
    return str(value)


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def is_ascii_or_utf8(value: Any) -> bool:
    """True when every IPTC value is plain ASCII (so declaring UTF-8 changes nothing)."""
    for v in as_list(value):
        if isinstance(v, dict):
            return False
        if isinstance(v, str) and any(ord(c) > 127 for c in v):
            return False
    return True


@dataclass
class FileMeta:
    """The fields of one file (photo or sidecar) as exiftool read them."""

    path: str
    exists: bool = True
    tags: dict[str, Any] = field(default_factory=dict)
    # The groups ("xmp", "ifd0") that hold fields, when the file was read without every field of those
    # groups (``jpeg_state``); None: the tags say (exiftool's read of ``-XMP:all``, ``-IFD0:all``).
    groups: frozenset[str] | None = None

    def get(self, tag: str) -> Any:
        return self.tags.get(tag)

    def texts(self, tag: str) -> list[str]:
        return [t for t in (as_text(v) for v in as_list(self.tags.get(tag))) if t]

    @property
    def file_type(self) -> str:
        """exiftool's FileType, last word upper-cased ("Extended WEBP" -> "WEBP")."""
        words = str(self.tags.get("File:FileType") or "").split()
        return words[-1].upper() if words else ""

    @property
    def camera(self) -> tuple[str | None, str | None]:
        """EXIF Make and Model (for the boilerplate rule), when the read included IFD0."""
        return as_text(self.tags.get("IFD0:Make")), as_text(self.tags.get("IFD0:Model"))

    @property
    def has_xmp(self) -> bool:
        if self.groups is not None:
            return "xmp" in self.groups
        return any(k.startswith("XMP-") for k in self.tags)

    @property
    def has_iptc(self) -> bool:
        return any(k.startswith("IPTC:") for k in self.tags)

    @property
    def has_ifd0(self) -> bool:
        if self.groups is not None:
            return "ifd0" in self.groups
        return any(k.startswith("IFD0:") for k in self.tags)

    @property
    def iptc_is_utf8(self) -> bool:
        cs = as_text(self.tags.get(IPTC_CHARSET)) or ""
        return "utf" in cs.lower() or "\x1b%G" in cs

    @property
    def iptc_writable(self) -> bool:
        """IPTC may be written: it exists and is UTF-8 or pure ASCII (the IPTC rule of the MWG guidelines). A record that
        declares any other character set (ISO-2022 escapes, Latin-1) stays untouched: relabelling it
        exposes its bytes as junk."""
        if not self.has_iptc:
            return False
        for k, v in self.tags.items():
            if k.startswith("IPTC") and k.endswith(":CodedCharacterSet"):
                cs = as_text(v) or ""
                if cs and "utf" not in cs.lower() and "\x1b%G" not in cs:
                    return False
        if self.iptc_is_utf8:
            return True
        return all(is_ascii_or_utf8(v) for k, v in self.tags.items() if k.startswith("IPTC:"))

    def description(self) -> str | None:
        """The description as other apps see it (MWG order: EXIF if not blank, else XMP, else IPTC)."""
        if self.file_type in _video.VIDEO_TYPES:
            return _video.description(self, XMP_DESCRIPTION)
        for tag in (EXIF_DESCRIPTION, XMP_DESCRIPTION, IPTC_CAPTION):
            t = as_text(self.tags.get(tag))
            if t and t.strip():
                return t
        return None

    def keywords(self) -> list[str]:
        """Every flat keyword the file carries (dc:subject, then IPTC Keywords), in file order."""
        return self.texts(XMP_SUBJECT) + self.texts(IPTC_KEYWORDS) + _video.keywords(self)

    def field_keywords(self, tag: str) -> list[str]:
        """One keyword container's items (XPKeywords is a single ";"-separated string)."""
        if tag == XP_KEYWORDS:
            return [k.strip() for k in (as_text(self.tags.get(tag)) or "").split(";") if k.strip()]
        return self.texts(tag)


def parse_record(path: str, record: dict[str, Any]) -> FileMeta:
    tags = {k: decode_value(v) for k, v in record.items() if k != "SourceFile"}
    for k in LIST_TAGS:
        if k in tags and not isinstance(tags[k], list):
            tags[k] = [tags[k]]
    return FileMeta(path=path, tags=tags)


def merge_keywords(existing: list[str], new: list[str]) -> list[str]:
    """Existing keywords first (their spelling wins), then new ones not already there (case-insensitive)."""
    seen: set[str] = set()
    out: list[str] = []
    for k in [*existing, *new]:
        key = k.strip().casefold()
        if key and key not in seen:
            seen.add(key)
            out.append(k)
    return out


def norm_text(text: str | None) -> str:
    """Compare descriptions by their words: whitespace, line endings and a trailing NUL do not count."""
    return " ".join((text or "").split("\x00", 1)[0].split())


# Videos: the QuickTime fields (app.metadata.video_fields) count wherever these tables are used
# (reading, conflict checks, undo).
from app.metadata import video_fields as _video  # noqa: E402

DESCRIPTION_FIELDS = DESCRIPTION_FIELDS + _video.DESCRIPTION_FIELDS
KEYWORD_FIELDS = KEYWORD_FIELDS + _video.KEYWORD_FIELDS
LIST_TAGS = LIST_TAGS | _video.LIST_TAGS
FIELD_NAMES.update(_video.FIELD_NAMES)
READ_ARGS = READ_ARGS + _video.READ_ARGS
