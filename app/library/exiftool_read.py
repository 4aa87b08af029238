"""Metadata for the files the fast path cannot read (RAW, JPEGs without image data, JPEG XL, ...).

exiftool manages ~150 files/s, so it is used only for these. One stay-open exiftool per call of
``read_records`` (``metadata.exiftool``: both pipes drained, every call under a deadline), absolute paths,
batches of ≤ 100 files, MWG composite tags so exiftool does the reconciliation, and ``-struct`` so
face regions and locations arrive as records (``file_facts.EXIFTOOL_TAGS``).
When exiftool is missing the records keep what the fast path found and a note says why.
"""

from __future__ import annotations

import logging
import os
import shutil
from typing import Any

from app.core import fspath
from app.facts import file_facts
from app.library import metadata as md
from app.metadata import exiftool as et

log = logging.getLogger(__name__)
BATCH = 100
READ_TIMEOUT = 120.0  # one batch of 100 large RAWs on a slow disk
COMMON = ["-G1", "-n", "-use", "MWG"]
TAGS = [
    "-MWG:Description", "-MWG:Keywords", "-MWG:DateTimeOriginal", "-MWG:Orientation", "-File:FileType",
    "-Composite:ImageSize", "-EXIF:Make", "-EXIF:Model", "-Composite:GPSLatitude", "-Composite:GPSLongitude",
    "-XMP-dc:Title", "-IPTC:ObjectName", "-XMP-lr:HierarchicalSubject", "-ExifTool:Error", "-ExifTool:Warning",
    "-XMP-dc:Description*", "-XMP-iptcCore:AltTextAccessibility*",
    *file_facts.EXIFTOOL_TAGS,
]


def exiftool_path() -> str | None:
    return os.environ.get("ALBUMWISE_EXIFTOOL") or shutil.which("exiftool")


def read_records(records: list[dict[str, Any]]) -> None:
    """Fill ``records`` (from ``probe_file`` with ``needs_exiftool``) in place from exiftool."""
    if not records:
        return
    exe = exiftool_path()
    if not exe:
        for rec in records:
            _no_exiftool(rec)
        return
    try:
        # The app's own stay-open exiftool, not pyexiftool's: that one starts exiftool with a Popen
        # ``preexec_fn`` which loads libc in the forked child, and a child forked while another thread
        # is loading a library (an import) can deadlock there for ever (core.children).
        tool = et.ExifTool(exe, timeout=READ_TIMEOUT).start()
    except et.ExifToolError as exc:  # pragma: no cover - a broken exiftool install
        log.warning("exiftool could not start: %s", exc)
        for rec in records:
            _no_exiftool(rec)
        return
    safe = []
    for rec in records:
        if _safe_path(rec["path"]):
            safe.append(rec)
        elif rec["state"] != "error":
            rec.update(state="error", error="file name contains a line break: exiftool cannot read it")
    # exiftool prints an undecodable name as "caf?.jpg", so its answer cannot be matched by name:
    # such files go one per call, their exact bytes as the argument.
    plain = [r for r in safe if fspath.is_text(r["path"])]
    odd = [r for r in safe if not fspath.is_text(r["path"])]
    with tool:
        for i in range(0, len(plain), BATCH):
            batch = plain[i : i + BATCH]
            out = _read(tool, [os.path.abspath(r["path"]) for r in batch])
            by_path = {os.path.abspath(str(d.get("SourceFile", ""))): d for d in out}
            for rec in batch:
                _apply_or_fail(rec, by_path.get(os.path.abspath(rec["path"])))
        for rec in odd:
            out = _read(tool, [os.path.abspath(rec["path"])])  # its bytes go through unchanged (surrogateescape)
            _apply_or_fail(rec, out[0] if out else None)


def _read(tool: et.ExifTool, paths: list[str]) -> list[dict[str, Any]]:
    """One ``-j`` call; [] when it failed (its files are then marked unreadable, the rest go on)."""
    try:
        return et.parse_json(tool.execute("-j", *COMMON, *TAGS, *paths).stdout)
    except et.ExifToolError as exc:  # timed out (restarted) or died: the next batch starts a fresh one
        log.warning("exiftool failed on %d file(s): %s", len(paths), exc)
        return []


def _apply_or_fail(rec: dict[str, Any], d: dict[str, Any] | None) -> None:
    if d is None:
        if rec["state"] != "error":
            rec.update(state="error", error="metadata not readable by exiftool")
        return
    apply(rec, d)


def _safe_path(p: str) -> bool:
    return not any(c in p for c in "\r\n\0")


def _no_exiftool(rec: dict[str, Any]) -> None:
    if rec["state"] != "error":
        rec.update(state="error", error="needs exiftool to read this format (exiftool not found)")


def _first(d: dict[str, Any], *keys: str) -> Any:
    for k in keys:
        if d.get(k) not in (None, ""):
            return d[k]
    return None


def _as_list(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, list):
        return [str(x) for x in v]
    return [str(v)]


def _accessible(d: dict[str, Any]) -> tuple[str | None, dict[str, dict[str, str]]]:
    """The alt text (x-default) and the other-language items of the description and the alt text."""
    default = " ".join(str(d.get("XMP-dc:Description") or "").split())
    langs: dict[str, dict[str, str]] = {}
    for key, value in d.items():
        for tag, part in (("XMP-dc:Description-", "text"), ("XMP-iptcCore:AltTextAccessibility-", "alt_text")):
            if key.startswith(tag) and key[len(tag):].lower() != "x-default":
                text = md.clean_text(value) or ""
                if part == "text" and " ".join(text.split()) == default:
                    continue  # the caption's own language beside x-default
                langs.setdefault(key[len(tag):], {"text": "", "alt_text": ""})[part] = text
    return md.clean_text(d.get("XMP-iptcCore:AltTextAccessibility")) or None, md.clean_langs(langs)


def apply(rec: dict[str, Any], d: dict[str, Any]) -> None:
    """Merge one exiftool JSON object into a probe record."""
    ftype = d.get("File:FileType")
    if ftype and rec["state"] != "error":
        rec["format"] = str(ftype)
    size = d.get("Composite:ImageSize")
    orient = d.get("MWG:Orientation")
    rec["orientation"] = md.normalize_orientation(orient) if orient not in (None, "") else None
    stored = None
    if size:
        try:
            w, h = (int(float(x)) for x in str(size).replace("x", " ").split()[:2])
            rec["width"], rec["height"] = (h, w) if (rec["orientation"] or 1) >= 5 else (w, h)
            stored = (w, h)
        except ValueError:
            pass
    rec["file_description"] = md.clean_text(d.get("MWG:Description")) or None
    kws = _as_list(d.get("MWG:Keywords")) or _as_list(d.get("XMP-lr:HierarchicalSubject"))
    rec["file_keywords"] = md._dedup(kws)
    rec["file_title"] = md.clean_text(_first(d, "XMP-dc:Title", "IPTC:ObjectName")) or None
    rec["file_alt_text"], rec["file_translations"] = _accessible(d)
    rec["taken_at"] = md.iso_date(d.get("MWG:DateTimeOriginal"))
    make = md.clean_text(_first(d, "IFD0:Make", "ExifIFD:Make"))
    model = md.clean_text(_first(d, "IFD0:Model", "ExifIFD:Model"))
    rec["camera_make"], rec["camera_model"] = make or None, model or None
    lat, lon = d.get("Composite:GPSLatitude"), d.get("Composite:GPSLongitude")
    try:
        if lat not in (None, "") and lon not in (None, "") and (float(lat), float(lon)) != (0.0, 0.0):
            rec["gps_lat"], rec["gps_lon"] = round(float(lat), 7), round(float(lon), 7)
    except ValueError:
        pass
    rec["file_place"], rec["file_people"] = file_facts.from_exiftool(d, rec["orientation"], stored)
    if rec.get("sidecar_path"):
        side = md.read_sidecar(rec["sidecar_path"])
        if any(k in side for k in file_facts.SIDECAR_KEYS):  # the sidecar's facts first, the file's after
            place, people = file_facts.facts(None, None, side, rec["orientation"])
            rec["file_place"] = place or rec["file_place"]
            rec["file_people"] = file_facts.merge_people(people, rec["file_people"])
        if md.clean_text(side.get("description")):
            rec["file_description"] = md.clean_text(side["description"])
        if side.get("subject"):
            rec["file_keywords"] = md._dedup(side["subject"])
        if md.clean_text(side.get("alt_text")):
            rec["file_alt_text"] = md.clean_text(side["alt_text"])
        if side.get("langs"):
            rec["file_translations"] = {**rec.get("file_translations", {}), **md.clean_langs(side["langs"])}
    err = d.get("ExifTool:Error")
    if err and rec["state"] != "error":
        rec.update(state="error", error=f"exiftool: {err}")
    elif rec["state"] == "error" and d.get("ExifTool:Warning") and rec["error"] == "not an image or unsupported format":
        rec["error"] = f"no decodable image data ({d['ExifTool:Warning']})"
