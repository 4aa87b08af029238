"""Building the exiftool arguments for one caption write (no process is run here).

Which fields get the caption (every copy the target already has, never a new block), how keywords merge
(existing spelling first, full lists written back), which IPTC is safe to touch, provenance, and the
journal of previous values. Values are C-escaped for ``-ec``; tag names are constants.
"""

from __future__ import annotations

import base64
import re
import struct
from typing import Any

from app import __version__
from app.core.timeutil import utc_now
from app.metadata import accessible
from app.metadata import fields as F
from app.metadata import keywords as keywords_mod
from app.metadata import place_fields, video_fields
from app.metadata.escape import ec, safe_path
from app.metadata.plans import EXIF_FORMATS, IPTC_FORMATS, Payload, PreparedWrite, WritePolicy

IPTC_CAPTION_MAX = 2000  # bytes (IIM 2:120); -m would lift the limit, so we cut it ourselves


def plan_target(
    policy: WritePolicy, photo: str, path: str, kind: str, meta: F.FileMeta, ftype: str, text: str,
    keywords: list[str], title: str | None, payload: Payload, existing_kw: list[str], current: str | None, *,
    created: bool, xmp_only: bool = False, photo_meta: F.FileMeta | None = None,
) -> PreparedWrite:
    """The write of ``payload`` into one target (the photo, or its sidecar) whose fields are ``meta``:
    the exiftool arguments, the values we expect to read back, and the previous value of every tag
    the arguments touch (journaled, so undo can put them back). ``photo_meta``: the photo's own fields
    when the target is its sidecar."""
    camera = (photo_meta or meta).camera
    exp: dict[str, Any] = {F.XMP_DESCRIPTION: text}
    if kind == "file" and ftype in EXIF_FORMATS and not xmp_only and meta.has_ifd0:
        # Only into EXIF that exists: creating IFD0 would add mandatory tags (resolution, byte
        # order) the photo never had. Without EXIF, readers (MWG, Explorer) take dc:description.
        exp[F.EXIF_DESCRIPTION] = text
    if kind == "sidecar":
        # Immich reads ImageDescription before Description and merges the sidecar over the photo tag by
        # tag: without it here, a RAW's blank or camera-text EXIF description hides the caption there.
        exp[F.XMP_TIFF_DESCRIPTION] = text
    stale, left = _mirrors(exp, meta, kind, ftype, path, text, xmp_only, camera)
    iptc = kind == "file" and ftype in IPTC_FORMATS and meta.iptc_writable
    if kind == "file" and meta.has_iptc and not iptc:
        old = F.as_text(meta.get(F.IPTC_CAPTION)) or ""
        if not F.is_boilerplate(old, *camera) and F.norm_text(old) != F.norm_text(text):
            stale.append(("IPTC caption", old, "its IPTC is not UTF-8, so it was left untouched"))
    photo_tagslist = kind == "sidecar" and photo_meta is not None and photo_meta.get(F.XMP_TAGSLIST) is not None
    kw_fields, merged = keywords_mod.plan(meta, existing_kw, keywords, payload.hierarchy, payload.removed,
                                          kind=kind, xmp_only=xmp_only, tagslist=photo_tagslist)
    exp.update(kw_fields)
    if kind == "file" and ftype in video_fields.VIDEO_TYPES:  # the QuickTime fields video readers show
        exp.update(video_fields.quicktime_tags(meta, text, merged, title))
    if policy.place_names:
        place_fields.add_place(exp, meta, payload.place, iptc=iptc)
    if iptc:
        exp[F.IPTC_CAPTION] = _cut_utf8(text, IPTC_CAPTION_MAX)
        iptc_kw = [k for k in merged if len(k.encode("utf-8")) <= F.IPTC_KEYWORD_MAX]
        if iptc_kw or (kw_fields and meta.get(F.IPTC_KEYWORDS) is not None):
            exp[F.IPTC_KEYWORDS] = iptc_kw
        exp[F.IPTC_CHARSET] = "UTF8"
    if title:
        exp[F.XMP_TITLE] = title
    left += accessible.add_texts(exp, meta, payload, policy, path, text)  # alt text, other languages
    accessible.add_language_paths(exp, meta, payload, policy)
    if policy.provenance:
        _provenance(exp, payload)

    touched = list(exp) + [F.XMP_TOOLKIT]
    if iptc:
        touched += [F.IPTC_DIGEST, F.IPTC_ENVELOPE, F.IPTC_APPVERSION]
    if F.EXIF_DESCRIPTION in exp:
        touched.append(F.EXIF_YCBCR)
    if policy.provenance:
        touched += [t for t in F.PROVENANCE if t not in exp]  # stale values from an older run go too
    before: dict[str, Any] = {t: meta.get(t) for t in dict.fromkeys(touched)}
    before["_blocks"] = {"xmp": meta.has_xmp, "ifd0": meta.has_ifd0, "iptc": meta.has_iptc}

    args = base_args(policy, kind)
    for tag, value in exp.items():
        args += assign(tag, value)
    if policy.provenance:
        for t in F.PROVENANCE:
            if t not in exp and meta.get(t) is not None:
                args.append(f"-{t}=")
    followup: list[str] = []
    if iptc and (ftype in ("JPEG", "MPO") or meta.get(F.IPTC_DIGEST) is not None):
        # The digest tells XMP-aware apps the IPTC is in sync. In TIFF, "=new" in the same command
        # hashes the old IPTC block, so it gets its own command afterwards.
        if ftype in ("JPEG", "MPO"):
            args.append(f"-{F.IPTC_DIGEST}=new")
        else:
            followup = [*base_args(policy, kind), f"-{F.IPTC_DIGEST}=new"]
    return PreparedWrite(photo=photo, kind=kind, path=safe_path(path), created=created, args=args,
                         expected=exp, before=before, current_description=current, file_type=ftype,
                         followup=followup, meta=meta, xmp_only=xmp_only, stale=stale, left=left,
                         kept={t: meta.get(t) for t in F.DESCRIPTION_FIELDS
                               if t not in exp and meta.get(t) is not None})


def _mirrors(exp: dict[str, Any], meta: F.FileMeta, kind: str, ftype: str, path: str, text: str, xmp_only: bool,
             camera: tuple[str | None, str | None]) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Every other copy of the caption the target already has gets the same text (never created).

    Returns the fields that keep other text: ``stale`` (a reader still shows old text there) and
    ``left`` (not a copy of the caption, left alone on purpose: a credit line)."""
    png_raw_exif = kind == "file" and ftype == "PNG" and not _png_has_exif_chunk(path)
    stale: list[tuple[str, str, str]] = []
    left: list[tuple[str, str, str]] = []
    for tag in F.MIRROR_DESCRIPTIONS:
        if meta.get(tag) is None or (xmp_only and tag in F.EXIF_FIELDS):
            continue
        old = F.as_text(meta.get(tag)) or ""
        if not old.strip():
            continue  # a blank copy shows nothing (and an empty value could not be put back by undo)
        if kind == "sidecar" and not tag.startswith("XMP-"):
            continue
        if F.norm_text(old) != F.norm_text(text) and is_credit_line(old, meta):
            left.append((F.FIELD_NAMES[tag], old, "a credit line, not a copy of the caption"))
            continue
        if tag == F.EXIF_USERCOMMENT and png_raw_exif:
            # EXIF in an ImageMagick text chunk: exiftool would add a second Exif IFD to change it.
            if not F.is_boilerplate(old, *camera) and F.norm_text(old) != F.norm_text(text):
                stale.append((F.FIELD_NAMES[tag], old, "exiftool cannot change it in place"))
            continue
        exp[tag] = text
    # A title field holding a copy of the old caption (scanner software, Explorer) follows the caption.
    old_captions = {F.norm_text(t) for t in (F.as_text(meta.get(c)) for c in (F.EXIF_DESCRIPTION, F.XMP_DESCRIPTION,
                                                                          F.IPTC_CAPTION)) if t and t.strip()}
    for tag in F.TITLE_COPIES:
        old = F.as_text(meta.get(tag)) or ""
        if tag in exp or not old.strip() or (xmp_only and tag in F.EXIF_FIELDS) or (kind == "sidecar" and
                                                                                     not tag.startswith("XMP-")):
            continue
        if F.norm_text(old) in old_captions and F.norm_text(old) != F.norm_text(text):
            exp[tag] = text
    for tag, value in meta.tags.items():
        if kind == "file" and tag.startswith(F.PNG_LANG_PREFIXES):
            old = F.as_text(value) or ""
            if not F.is_boilerplate(old, *camera) and F.norm_text(old) != F.norm_text(text):
                lang = tag.rsplit("-", 1)[-1]
                stale.append((tag.split(":", 1)[1], old, f"a caption in another language ({lang}), left as it is"))
    return stale, left


# A credit line: a copyright mark, "Photo: …", "… Photography", a licence or a web address. Taking a caption
# for a credit only leaves it alone (and says so); the other mistake would overwrite somebody's credit.
_CREDIT = re.compile(
    r"©|\(c\)\s*\d|\bcopyright\b|\ball rights reserved\b|\bcourtesy of\b|\blicen[cs]ed?\b|https?://|\bwww\."
    r"|^\s*(?:photo(?:graph)?s?|photographer|image|picture|credit|credits|foto|fotos|bild|source)\s*(?::|by\b|von\b)"
    r"|^\s*(?:photographed|taken|shot)\s+by\b|\bphotography\s*$|\bstudios?\s*$", re.IGNORECASE)


def is_credit_line(text: str, meta: F.FileMeta) -> bool:
    """Text that names who made or owns the photo ("Photo: Jane Doe", "© 2019 Jane Doe", the file's
    Artist or Copyright): another app keeps it in a comment field, but it is no copy of the caption."""
    if _CREDIT.search(text):
        return True
    norm = F.norm_text(text).casefold()
    return any(norm == F.norm_text(v).casefold() for tag in F.CREDIT_FIELDS for v in meta.texts(tag) if v.strip())


def _provenance(exp: dict[str, Any], payload: Payload) -> None:
    exp[F.PROV_SOURCE] = payload.source
    if payload.model:
        exp[F.PROV_MODEL] = payload.model
    if payload.style:
        exp[F.PROV_STYLE] = payload.style
    if payload.created_at:
        exp[F.PROV_CREATED] = payload.created_at
    exp[F.PROV_APPROVED] = "True" if payload.approved else "False"
    exp[F.PROV_WRITTEN_BY] = f"Albumwise {__version__}"
    exp[F.PROV_WRITTEN_AT] = utc_now()
    if F.XMP_ALT_TEXT in exp:  # the alt text has its own author: a person may have typed only it, or only the caption
        typed = "alt_text" in payload.replace
        exp[F.PROV_ALT_SOURCE] = "human" if typed else ("model" if payload.source == "human" else payload.source)


def base_args(policy: WritePolicy, kind: str = "file") -> list[str]:
    """A sidecar always gets the current time (darktable and Immich notice sidecar changes by it);
    the photo keeps its time only when the user chose ``keep_file_dates``."""
    args = ["-ec", "-overwrite_original"]
    if policy.keep_file_dates and kind == "file":
        args.append("-P")
    return args


def writable_name(tag: str) -> str:
    """Lang-alt tags are written as their x-default item only, so other languages stay (an item named
    with its language, "XMP-dc:Description-de", is written as named)."""
    return tag + "-x-default" if tag in F.LANG_ALT else tag


def _cut_utf8(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes on a character boundary."""
    raw = text.encode("utf-8")
    return text if len(raw) <= limit else raw[:limit].decode("utf-8", "ignore")


def _png_has_exif_chunk(path: str) -> bool:
    """True when the PNG keeps its EXIF in a standard ``eXIf`` chunk (walks chunk headers only)."""
    try:
        with open(path, "rb") as fh:
            fh.seek(8)
            for _ in range(100000):
                hdr = fh.read(8)
                if len(hdr) < 8:
                    return False
                length, ctype = struct.unpack(">I4s", hdr)
                if ctype == b"eXIf":
                    return True
                if ctype == b"IEND":
                    return False
                fh.seek(length + 4, 1)
    except OSError:
        return False
    return False



def assign(tag: str, value: Any) -> list[str]:
    """``-TAG=value`` arguments (escaped); a list replaces the whole list; None deletes the tag."""
    name = writable_name(tag)
    if value is None or value == []:
        return [f"-{name}="]
    if value == "":
        return [f"-{name}^="]  # an empty but present value (undo of a blank field); "=" would delete it
    if isinstance(value, list):
        return [f"-{name}={_enc(v)}" for v in value]
    return [f"-{name}={_enc(value)}"]


def _enc(value: Any) -> str:
    if isinstance(value, dict) and "b64" in value:
        return ec(base64.b64decode(value["b64"]))
    return ec(str(value))
