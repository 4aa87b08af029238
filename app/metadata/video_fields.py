"""The QuickTime fields a video's caption and keywords are written to, beside XMP (constants only).

Which fields, and why (sources in ``docs/interop.md``, section Videos):

- ``Keys:Description`` (``com.apple.quicktime.description``): Apple's own description key, read by
  AVFoundation (Apple Photos, QuickTime Player) as the common "description"; exiftool's unqualified
  ``Description`` that Immich reads (``ImageDescription || Description``) comes from it.
- ``ItemList:Comment`` (``©cmt``): what Windows Explorer shows as "Comments" for MP4 and MOV files.
- ``Microsoft:Category`` (the ``Xtra`` atom's ``WM/Category``): Windows Explorer's "Tags".
- ``Keys:Keywords`` (``com.apple.quicktime.keywords``): Apple's keywords key, one comma-separated string.
- ``Keys:Title``: the title, when the caption has one.
- XMP ``dc:description``/``dc:subject``/``lr:hierarchicalSubject`` are written too (the writer's own
  XMP part): digiKam, Lightroom and Immich's tags (``HierarchicalSubject``) read them.

Copies other tools may have put there (``ItemList:Description`` ``desc``, ``UserData:Description``
``©des``, ``Keys:Comment``, ``UserData:Comment``) are updated when present, never created.
"""

from __future__ import annotations

from typing import Any

#: exiftool FileType of the videos written in the file itself (AVI and Matroska: exiftool cannot write them).
VIDEO_TYPES = frozenset({"MOV", "MP4", "M4V", "3GP", "3G2"})

KEYS_DESCRIPTION = "Keys:Description"
KEYS_TITLE = "Keys:Title"
KEYS_KEYWORDS = "Keys:Keywords"
KEYS_COMMENT = "Keys:Comment"
ITEM_COMMENT = "ItemList:Comment"
ITEM_DESCRIPTION = "ItemList:Description"
UDTA_DESCRIPTION = "UserData:Description"
UDTA_COMMENT = "UserData:Comment"
MS_CATEGORY = "Microsoft:Category"

#: Written whenever a video takes its caption in the file.
CREATED = (KEYS_DESCRIPTION, ITEM_COMMENT)
#: Updated only when the file already has them.
MIRRORS = (ITEM_DESCRIPTION, UDTA_DESCRIPTION, KEYS_COMMENT, UDTA_COMMENT)
#: Every QuickTime field that holds a video's caption, in the order readers prefer them.
DESCRIPTION_FIELDS = (KEYS_DESCRIPTION, ITEM_DESCRIPTION, UDTA_DESCRIPTION, ITEM_COMMENT, KEYS_COMMENT, UDTA_COMMENT)
KEYWORD_FIELDS = (KEYS_KEYWORDS, MS_CATEGORY)
LIST_TAGS = frozenset({MS_CATEGORY})
READ_ARGS = ("-Keys:all", "-ItemList:all", "-UserData:all", "-Microsoft:all")
FIELD_NAMES = {
    KEYS_DESCRIPTION: "QuickTime description (Apple)", ITEM_DESCRIPTION: "QuickTime description (iTunes)",
    UDTA_DESCRIPTION: "QuickTime description (user data)", ITEM_COMMENT: "QuickTime comment (Windows)",
    KEYS_COMMENT: "QuickTime comment (Apple)", UDTA_COMMENT: "QuickTime comment (user data)",
    KEYS_KEYWORDS: "QuickTime keywords (Apple)", MS_CATEGORY: "Windows tags (Xtra)", KEYS_TITLE: "QuickTime title",
}


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict):
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if str(v).strip()) or None
    return str(value)


def quicktime_tags(meta: Any, text: str, keywords: list[str], title: str | None) -> dict[str, Any]:
    """The QuickTime part of a video's write: tag -> value (``meta``: the file's ``FileMeta``)."""
    exp: dict[str, Any] = {tag: text for tag in CREATED}
    for tag in MIRRORS:
        if (_text(meta.get(tag)) or "").strip():
            exp[tag] = text
    if keywords:
        exp[KEYS_KEYWORDS] = ", ".join(keywords)
        exp[MS_CATEGORY] = list(keywords)
    if title:
        exp[KEYS_TITLE] = title
    return exp


def description(meta: Any, xmp_tag: str) -> str | None:
    """The description a video shows (the indexer's order): QuickTime's own first, then XMP, then comments."""
    order = (KEYS_DESCRIPTION, ITEM_DESCRIPTION, UDTA_DESCRIPTION, xmp_tag, ITEM_COMMENT, KEYS_COMMENT, UDTA_COMMENT)
    for tag in order:
        t = _text(meta.get(tag))
        if t and t.strip():
            return t
    return None


def keywords(meta: Any) -> list[str]:
    """Keywords only the QuickTime fields hold (Apple's comma-separated string, Windows' tags)."""
    out = [k.strip() for k in (_text(meta.get(KEYS_KEYWORDS)) or "").split(",") if k.strip()]
    value = meta.get(MS_CATEGORY)
    out += [str(v) for v in (value if isinstance(value, list) else [value] if value else []) if str(v).strip()]
    return out
