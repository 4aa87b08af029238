"""Writing one approved caption into a photo (or its XMP sidecar), safely, and undoing it.

Two steps so the caller can journal between them: :meth:`MetadataWriter.prepare` reads what the
file holds now (the file is the truth, the database may be stale), merges keywords, picks the
target and records the *previous value of every tag it will touch*; :meth:`MetadataWriter.apply`
runs exiftool (``-ec`` escaped values, absolute path, ``-overwrite_original``, ``-P`` unless told
otherwise, never ``-m``), checks its status and messages, then re-reads and compares.
:meth:`MetadataWriter.restore` writes a journaled ``before`` back (undo).

Only this module modifies photo files; it never touches pixels (exiftool rewrites metadata only).
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
from dataclasses import dataclass, field
from typing import Any, Iterable

from app import __version__
from app.core.timeutil import utc_now
from app.metadata import place_fields as grounding_write
from app.metadata import fields as F
from app.metadata import video_fields
from app.metadata.escape import UnsafePathError, clean_caption, clean_keywords, ec, safe_path
from app.metadata.exiftool import ExifTool, ExifToolError, Result, parse_json

# exiftool FileType values we write into the file itself; GIF takes XMP only.
IN_FILE_FORMATS = frozenset({"JPEG", "TIFF", "PNG", "WEBP", "HEIC", "HEIF", "AVIF", "DNG", "GIF"}) | video_fields.VIDEO_TYPES
EXIF_FORMATS = frozenset({"JPEG", "TIFF", "PNG", "WEBP", "HEIC", "HEIF", "AVIF", "DNG"})
IPTC_FORMATS = frozenset({"JPEG", "TIFF"})
TARGETS = ("auto", "file", "sidecar", "sidecar_only")


class WriteError(Exception):
    """A per-photo failure with a one-line reason; nothing was changed unless ``changed`` says so."""

    def __init__(self, message: str, *, target: str | None = None, changed: bool = False) -> None:
        super().__init__(message)
        self.target = target
        self.changed = changed


class Refused(WriteError):
    """exiftool refused to rewrite the file (the file is unchanged): try XMP only, or a sidecar."""


class MinorRefusal(Refused):
    """exiftool refused the file with a ``[minor]`` error (either case): retried once with ``-m``."""


class DiskFull(WriteError):
    """exiftool could not write its copy of the file because the disk is (nearly) full."""


NAME_MAX = 255  # bytes in one file name on every file system we meet
TMP_SUFFIX = "_exiftool_tmp"
IPTC_CAPTION_MAX = 2000  # bytes (IIM 2:120); -m would lift the limit, so we cut it ourselves


@dataclass(frozen=True)
class WritePolicy:
    """Where and how to write; built from ``Settings`` (CLI flags may override)."""

    target: str = "auto"  # auto | file | sidecar_only ("sidecar" is the same as sidecar_only)
    sidecar_naming: str = "ext"  # ext: NAME.EXT.xmp, base: NAME.xmp
    keep_file_dates: bool = False  # True: exiftool -P (other apps and backups may miss the change)
    provenance: bool = True
    place_names: bool = False  # fill empty MWG location fields with the resolved place

    @classmethod
    def from_settings(cls, settings: Any) -> "WritePolicy":
        return cls(
            target=getattr(settings, "write_target", "auto") or "auto",
            sidecar_naming=_naming(settings),
            keep_file_dates=bool(getattr(settings, "keep_file_dates", False)),
            provenance=bool(getattr(settings, "write_provenance", True)),
            place_names=bool(getattr(settings, "write_place_names", False)),
        )

    @property
    def sidecar_only(self) -> bool:
        return self.target in ("sidecar", "sidecar_only")


@dataclass
class Payload:
    """What to write: the approved caption and who made it."""

    text: str
    keywords: list[str] = field(default_factory=list)
    title: str | None = None
    source: str = "model"  # model | human | file
    model: str | None = None
    style: str | None = None
    created_at: str | None = None
    approved: bool = True
    hierarchy: dict[str, list[str]] = field(default_factory=dict)  # keyword -> vocabulary path
    place: dict[str, Any] | None = None  # resolved place, written only with WritePolicy.place_names


@dataclass
class PreparedWrite:
    """One target's planned write: the exact arguments and what they will replace."""

    photo: str
    kind: str  # file | sidecar
    path: str
    created: bool  # the sidecar does not exist yet
    args: list[str]
    expected: dict[str, Any]
    before: dict[str, Any]
    current_description: str | None
    file_type: str
    followup: list[str] = field(default_factory=list)
    meta: F.FileMeta | None = None  # what the target held when planned (conflict checks)
    xmp_only: bool = False  # EXIF fields left out (exiftool will not rewrite this file's EXIF)
    notes: list[str] = field(default_factory=list)  # e.g. "a [minor] warning was ignored"
    stale: list[tuple[str, str]] = field(default_factory=list)  # (field name, text) we could not update
    kept: dict[str, Any] = field(default_factory=dict)  # description fields present but not written (journaled)

    def journal_before(self) -> dict[str, Any]:
        return {"tags": self.before, "created": self.created, "kind": self.kind}

    def journal_after(self) -> dict[str, Any]:
        return {"tags": self.expected}


def _naming(settings: Any) -> str:
    """``ext`` or ``base``; the settings dialog and the first-run question set it from the RAW app."""
    value = getattr(settings, "sidecar_naming", "ext") or "ext"
    return value if value in ("ext", "base") else "ext"


def sidecar_candidates(photo: str) -> dict[str, str]:
    """Both sidecar names for a photo: ``ext`` = NAME.EXT.xmp, ``base`` = NAME.xmp."""
    root, _ = os.path.splitext(photo)
    return {"ext": photo + ".xmp", "base": root + ".xmp"}


def existing_sidecar(photo: str, naming: str = "ext") -> str | None:
    """The sidecar already next to the photo (either name; the preferred naming first)."""
    names = sidecar_candidates(photo)
    order = [naming, "base" if naming == "ext" else "ext"]
    for key in order:
        p = names[key]
        if os.path.isfile(p) and os.path.normcase(p) != os.path.normcase(photo):
            return p
    return None


def folder_sidecar_naming(photo: str) -> str | None:
    """The naming the photo's folder already uses for sidecars ("ext" or "base"), if it is clear.

    A folder that already holds ``IMG_1.CR2.xmp`` files belongs to digiKam/darktable; one that holds
    ``IMG_1.xmp`` next to ``IMG_1.CR2`` belongs to Lightroom/Capture One: a new sidecar follows suit.
    """
    folder = os.path.dirname(photo)
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    lower = {n.lower() for n in names}
    ext = base = 0
    for n in names:
        if not n.lower().endswith(".xmp"):
            continue
        stem = n[:-4]
        if "." in stem and stem.lower() in lower:
            ext += 1
        elif any(o.lower().startswith(stem.lower() + ".") and not o.lower().endswith(".xmp") for o in names):
            base += 1
    if ext and not base:
        return "ext"
    if base and not ext:
        return "base"
    return None


def _is_missing(result_stderr: str) -> bool:
    return "File not found" in result_stderr or "file not found" in result_stderr


class MetadataWriter:
    """Prepares, applies, verifies and undoes caption writes through one ``ExifTool``."""

    def __init__(self, et: ExifTool, policy: WritePolicy | None = None) -> None:
        self.et = et
        self.policy = policy or WritePolicy()

    # -- reading -----------------------------------------------------------------------------
    def read(self, path: str, tags: list[str] | None = None) -> F.FileMeta:
        """The tags we care about in ``path`` (or just ``tags``); a missing file gives ``exists=False``."""
        p = safe_path(path)
        if not os.path.exists(p):
            return F.FileMeta(path=p, exists=False)
        wanted = [f"-{t}" for t in tags] if tags else list(F.READ_ARGS)
        res = self.et.execute("-j", "-b", "-G1", *wanted, p)
        records = parse_json(res.stdout)
        if not records:
            if _is_missing(res.stderr):
                return F.FileMeta(path=p, exists=False)
            raise WriteError(f"cannot read metadata: {_first_line(res.stderr) or 'no output from exiftool'}")
        return F.parse_record(p, records[0])

    def read_many(self, paths: list[str], tags: list[str] | None = None, *, batch: int = 100) -> dict[str, F.FileMeta]:
        """Read many files in few exiftool calls (≤ ``batch`` files each; more could deadlock on stderr).
        Missing files are left out; a file exiftool cannot read is left out too (read it alone later)."""
        out: dict[str, F.FileMeta] = {}
        todo = []
        for p in dict.fromkeys(paths):
            try:
                sp = safe_path(p)
            except UnsafePathError:
                continue
            if os.path.isfile(sp):
                todo.append(sp)
        wanted = [f"-{t}" for t in tags] if tags else list(F.READ_ARGS)
        for i in range(0, len(todo), batch):
            part = todo[i:i + batch]
            res = self.et.execute("-j", "-b", "-G1", *wanted, *part)
            for rec in parse_json(res.stdout):
                src = os.path.abspath(str(rec.get("SourceFile", "")))
                if src in part:
                    out[src] = F.parse_record(src, rec)
        return out

    # -- planning ----------------------------------------------------------------------------
    def prepare(self, photo: str, payload: Payload, *, force_sidecar: bool = False,
                xmp_only: bool = False, pre: dict[str, F.FileMeta] | None = None) -> list[PreparedWrite]:
        """Plan the write of ``payload`` for ``photo``: one entry per target (file and/or sidecar)."""
        try:
            photo = safe_path(photo)
        except UnsafePathError as exc:
            raise WriteError(str(exc)) from exc
        if not os.path.isfile(photo):
            raise WriteError(f"file not found (moved or deleted since it was approved?): {photo}")
        text = clean_caption(payload.text)
        if not text:
            raise WriteError("the caption is empty; nothing to write (an empty value would delete the field)")
        keywords = clean_keywords(payload.keywords)
        title = clean_caption(payload.title or "").replace("\n", " ") or None
        folder = os.path.dirname(photo)
        pre = pre or {}
        photo_meta = pre.get(photo) or self.read(photo)
        if not photo_meta.exists:
            raise WriteError(f"file not found (moved or deleted since it was approved?): {photo}")
        ftype = photo_meta.file_type.upper()
        sidecar = existing_sidecar(photo, self.policy.sidecar_naming)

        in_file = not (force_sidecar or self.policy.sidecar_only)
        reason = ""
        if in_file and ftype not in IN_FILE_FORMATS:
            in_file, reason = False, f"{ftype or 'this format'} is not written in place"
        if in_file and not _writable(photo):
            in_file, reason = False, "the file is read-only"
        if not in_file and ftype == "DNG" and not self.policy.sidecar_only:
            # Lightroom never reads a sidecar for a DNG: it is written in the file or not at all.
            raise WriteError(f"{reason or 'this DNG cannot take the caption in the file'}; Lightroom ignores "
                             "sidecars for DNG files, so it was not moved to one (choose 'sidecar only' to "
                             "write one anyway)", target="file")
        if not in_file and self.policy.target == "file":
            raise WriteError(f"{reason or 'cannot write in the file'}, and the write target is 'file' (no sidecars)")
        if not in_file and not os.access(folder, os.W_OK):
            raise WriteError(f"the folder is read-only; cannot write the photo or a sidecar next to it: {folder}")

        plans: list[PreparedWrite] = []
        side_meta = (pre.get(sidecar) or self.read(sidecar)) if sidecar else None
        # The description other apps show: a sidecar overrides what is embedded (Immich, darktable).
        current = (side_meta.description() if side_meta else None) or photo_meta.description()
        existing_kw = photo_meta.keywords() + (side_meta.keywords() if side_meta else [])
        if in_file:
            plans.append(self._plan(photo, photo, "file", photo_meta, ftype, text, keywords, title, payload,
                                    existing_kw, current, created=False, xmp_only=xmp_only))
        if not in_file or sidecar:
            naming = folder_sidecar_naming(photo) or self.policy.sidecar_naming
            target = sidecar or sidecar_candidates(photo)[naming if naming in ("ext", "base") else "ext"]
            meta = side_meta or F.FileMeta(path=target, exists=False)
            plans.append(self._plan(photo, target, "sidecar", meta, "XMP", text, keywords, title, payload,
                                    existing_kw, current, created=sidecar is None))
        return plans

    def _plan(
        self, photo: str, path: str, kind: str, meta: F.FileMeta, ftype: str, text: str, keywords: list[str],
        title: str | None, payload: Payload, existing_kw: list[str], current: str | None, *, created: bool,
        xmp_only: bool = False,
    ) -> PreparedWrite:
        exp: dict[str, Any] = {F.XMP_DESCRIPTION: text}
        if kind == "file" and ftype in EXIF_FORMATS and not xmp_only and meta.has_ifd0:
            # Only into EXIF that exists: creating IFD0 would add mandatory tags (resolution, byte
            # order) the photo never had. Without EXIF, readers (MWG, Explorer) take dc:description.
            exp[F.EXIF_DESCRIPTION] = text
        # Every other copy of the caption the file already has gets the same text (never created).
        png_raw_exif = kind == "file" and ftype == "PNG" and not _png_has_exif_chunk(path)
        stale: list[tuple[str, str]] = []
        for tag in F.MIRROR_DESCRIPTIONS:
            if meta.get(tag) is None or (xmp_only and tag in F.EXIF_FIELDS):
                continue
            if not (F.as_text(meta.get(tag)) or "").strip():
                continue  # a blank copy shows nothing (and an empty value could not be put back by undo)
            if tag == F.EXIF_USERCOMMENT and png_raw_exif:
                # EXIF in an ImageMagick text chunk: exiftool would add a second Exif IFD to change it.
                old = F.as_text(meta.get(tag)) or ""
                if not F.is_boilerplate(old) and F.norm_text(old) != F.norm_text(text):
                    stale.append((F.FIELD_NAMES[tag], old))
                continue
            if kind == "sidecar" and not tag.startswith("XMP-"):
                continue
            exp[tag] = text
        iptc = kind == "file" and ftype in IPTC_FORMATS and meta.iptc_writable
        if kind == "file" and meta.has_iptc and not iptc:
            old = F.as_text(meta.get(F.IPTC_CAPTION)) or ""
            if not F.is_boilerplate(old) and F.norm_text(old) != F.norm_text(text):
                stale.append(("IPTC caption (not UTF-8, left untouched)", old))
        merged = F.merge_keywords(existing_kw, keywords)
        if merged:
            exp[F.XMP_SUBJECT] = merged
            exp[F.XMP_HIER] = F.merge_keywords(meta.texts(F.XMP_HIER), grounding_write.paths(merged, payload.hierarchy, "|"))
            if meta.get(F.XMP_TAGSLIST) is not None:
                exp[F.XMP_TAGSLIST] = F.merge_keywords(meta.texts(F.XMP_TAGSLIST),
                                                       grounding_write.paths(merged, payload.hierarchy, "/"))
            if meta.get(F.XMP_LASTKEYWORD) is not None:
                exp[F.XMP_LASTKEYWORD] = F.merge_keywords(meta.texts(F.XMP_LASTKEYWORD), merged)
            if meta.get(F.XP_KEYWORDS) is not None and kind == "file" and not xmp_only:
                exp[F.XP_KEYWORDS] = ";".join(F.merge_keywords(meta.field_keywords(F.XP_KEYWORDS), merged))
        if kind == "file" and ftype in video_fields.VIDEO_TYPES:  # the QuickTime fields video readers show
            exp.update(video_fields.quicktime_tags(meta, text, merged, title))
        if self.policy.place_names:
            grounding_write.add_place(exp, meta, payload.place, iptc=iptc)
        if iptc:
            exp[F.IPTC_CAPTION] = _cut_utf8(text, IPTC_CAPTION_MAX)
            iptc_kw = [k for k in merged if len(k.encode("utf-8")) <= F.IPTC_KEYWORD_MAX]
            if iptc_kw:
                exp[F.IPTC_KEYWORDS] = iptc_kw
            exp[F.IPTC_CHARSET] = "UTF8"
        if title:
            exp[F.XMP_TITLE] = title
        if self.policy.provenance:
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

        touched = list(exp) + [F.XMP_TOOLKIT]
        if iptc:
            touched += [F.IPTC_DIGEST, F.IPTC_ENVELOPE, F.IPTC_APPVERSION]
        if F.EXIF_DESCRIPTION in exp:
            touched.append(F.EXIF_YCBCR)
        if self.policy.provenance:
            touched += [t for t in F.PROVENANCE if t not in exp]  # stale values from an older run go too
        before: dict[str, Any] = {t: meta.get(t) for t in dict.fromkeys(touched)}
        before["_blocks"] = {"xmp": meta.has_xmp, "ifd0": meta.has_ifd0, "iptc": meta.has_iptc}

        args = self._base_args(kind)
        for tag, value in exp.items():
            args += _assign(tag, value)
        if self.policy.provenance:
            for t in F.PROVENANCE:
                if t not in exp and meta.get(t) is not None:
                    args.append(f"-{t}=")
        followup: list[str] = []
        if iptc and (ftype == "JPEG" or meta.get(F.IPTC_DIGEST) is not None):
            # The digest tells XMP-aware apps the IPTC is in sync. In TIFF, "=new" in the same command
            # hashes the old IPTC block, so it gets its own command afterwards.
            if ftype == "JPEG":
                args.append(f"-{F.IPTC_DIGEST}=new")
            else:
                followup = [*self._base_args(kind), f"-{F.IPTC_DIGEST}=new"]
        return PreparedWrite(photo=photo, kind=kind, path=safe_path(path), created=created, args=args,
                             expected=exp, before=before, current_description=current, file_type=ftype,
                             followup=followup, meta=meta, xmp_only=xmp_only, stale=stale,
                             kept={t: meta.get(t) for t in F.DESCRIPTION_FIELDS
                                   if t not in exp and meta.get(t) is not None})

    def _base_args(self, kind: str = "file") -> list[str]:
        """A sidecar always gets the current time (darktable and Immich notice sidecar changes by it);
        the photo keeps its time only when the user chose ``keep_file_dates``."""
        args = ["-ec", "-overwrite_original"]
        if self.policy.keep_file_dates and kind == "file":
            args.append("-P")
        return args

    # -- writing -----------------------------------------------------------------------------
    def apply(self, plan: PreparedWrite, *, verify: bool = True) -> dict[str, Any] | None:
        """Run the planned write, check exiftool's verdict, re-read and compare. Returns the values read back.

        A refusal for ``[minor]`` reasons only is retried once with exiftool's ignore-minor option
        (``-m``); the verification below decides as always. ``verify=False`` leaves the re-read to the
        caller (:meth:`verify_many` reads a whole group of photos in one exiftool call)."""
        if plan.kind == "file" and not os.path.isfile(plan.path):
            raise WriteError(f"file not found (moved or deleted?): {plan.path}", target=plan.kind)
        # A hard link keeps the original inode: exiftool renames its new file over the name, so if it
        # reports that it altered other data on the way, the untouched original is put back at once.
        backup = _hard_link_backup(plan.path) if plan.kind == "file" else None
        try:
            ignored: list[str] = []

            def lossy_of(result: Result) -> list[str]:
                # With -m exiftool repeats an ignored [minor] message as a plain warning: expected.
                return [w for w in result.warnings if _is_lossy(w, plan.kind)
                        and not any(c.lower() in w.lower() for c in ignored)]

            try:
                res = self._run(plan.args, plan.path, plan.kind)
            except MinorRefusal as exc:
                ignored.append(_minor_core(str(exc)))
                res = self._run(["-m", *plan.args], plan.path, plan.kind)
            lossy = lossy_of(res)
            minors = [w for w in res.warnings if "[minor]" in w.lower()]
            if not lossy and minors and not ignored:
                # "[Minor] Duplicate XMP property": exiftool wrote the rest but skipped that part.
                # The same values again with -m complete it (the re-read below decides as always).
                ignored += [_minor_core(w) for w in minors]
                res = self._run(["-m", *plan.args], plan.path, plan.kind)
                lossy = lossy_of(res)
            if ignored:
                plan.notes.append(f"exiftool's minor warning was ignored ({'; '.join(dict.fromkeys(ignored))})")
            if lossy and backup is not None and self._only_ours_changed(backup, plan):
                # exiftool warned (maker-note offsets, ...), but a full dump of the old and the new file
                # shows nothing changed except our fields and block offsets: keep the write.
                plan.notes.append(f"exiftool warned ({_short_warning(lossy[0])}); checked: nothing else changed")
                lossy = []
            if lossy:
                if backup is None:
                    raise WriteError(f"written, but exiftool warned: {lossy[0]}", target=plan.kind, changed=True)
                os.replace(backup, plan.path)
                backup = None
                raise Refused(f"exiftool would have altered other data ({lossy[0]}); the file was left as it was",
                              target=plan.kind)
            if plan.followup:
                try:
                    self._run(plan.followup, plan.path, plan.kind)
                except MinorRefusal:
                    self._run(["-m", *plan.followup], plan.path, plan.kind)
        finally:
            if backup is not None and os.path.lexists(backup):
                os.unlink(backup)
        if not verify:
            return None
        meta = self.read(plan.path, tags=list(plan.expected))
        return self.check(plan, meta)

    def _only_ours_changed(self, backup: str, plan: PreparedWrite) -> bool:
        """Compare full ``-a -G1`` dumps of the untouched original (the hard link) and the new file."""
        res = self.et.execute("-j", "-a", "-G1", backup, plan.path)
        try:
            recs = parse_json(res.stdout)
        except ExifToolError:
            return False
        if len(recs) != 2:
            return False
        old, new = ({k: v for k, v in r.items() if not _volatile(k)} for r in recs)
        ours = set(plan.expected) | set(plan.before) | {F.XMP_DESCRIPTION_W}
        for key in set(old) | set(new):
            if old.get(key) == new.get(key) or key in ours:
                continue
            return False
        return True

    def check(self, plan: PreparedWrite, meta: F.FileMeta) -> dict[str, Any]:
        """Compare a re-read with the plan; ``WriteError`` (changed=True) when anything differs."""
        problems = _compare(plan.expected, meta)
        if problems:
            raise WriteError(f"written but the file reads back differently ({', '.join(problems)})",
                             target=plan.kind, changed=True)
        return {k: meta.get(k) for k in plan.expected}

    def verify_many(self, plans: list[PreparedWrite]) -> dict[str, F.FileMeta]:
        """One batched re-read of every planned target (the verification step of a group of writes)."""
        tags = list(dict.fromkeys(t for p in plans for t in p.expected))
        return self.read_many([p.path for p in plans], tags=tags)

    def _run(self, args: list[str], path: str, kind: str) -> Result:
        try:
            st = os.stat(path)
        except OSError:
            st = None
        try:
            if _name_too_long(path):
                res = self._execute_short_name(args, path, kind)
            else:
                res = self.et.execute(*args, path)
        except ExifToolError as exc:
            # The watchdog killed exiftool mid-write: the original is whole (exiftool renames its temp
            # file over it only when done), so the half-written temp file is ours to remove.
            stale = path + "_exiftool_tmp"
            if os.path.isfile(path) and os.path.isfile(stale):
                try:
                    os.remove(stale)
                except OSError:
                    pass
            raise WriteError(f"exiftool failed: {exc}", target=kind) from exc
        if st is not None and self.policy.keep_file_dates and kind == "file" and res.status == 0:
            # exiftool's -P keeps whole seconds only; put the exact nanoseconds back.
            try:
                os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
            except OSError:
                pass
        errors = res.errors
        out = res.stdout
        ok = res.status == 0 and not errors and ("1 image files updated" in out or "1 image files created" in out)
        if ok:
            return res
        msg = _first_line("\n".join(errors)) or _first_line(res.stderr) or _first_line(out) or f"status {res.status}"
        low = msg.lower()
        if "[minor]" in low and "-m" not in args:
            raise MinorRefusal(f"exiftool refused the file: {msg}", target=kind)
        if "File not found" in msg:
            raise WriteError(f"file not found (moved or deleted?): {path}", target=kind)
        if "error writing output file" in low or "no space" in low:
            # exiftool says the same words for a full disk and a damaged file: ask the disk.
            need, free = _space_needed(path), free_space(os.path.dirname(path))
            if free is not None and free < need:
                raise DiskFull(f"the disk is full: {_mb(free)} free in {os.path.dirname(path)}, exiftool needs about "
                               f"{_mb(need)} for its copy of the file; nothing was changed", target=kind)
            raise Refused(f"this file looks damaged: exiftool could not rewrite it ({msg}); "
                          f"{_mb(free) if free is not None else 'enough'} free on the disk", target=kind)
        if res.status != 0 and errors and not _looks_like_io_error(msg):
            raise Refused(f"exiftool refused the file: {msg}", target=kind)
        raise WriteError(f"exiftool could not write: {msg}", target=kind)

    def _execute_short_name(self, args: list[str], path: str, kind: str) -> Result:
        """exiftool's temp file (``NAME_exiftool_tmp``) would exceed the 255-byte name limit: write
        through a short hard link in the same folder, then rename the result over the long name.
        Until that rename the long name still holds the untouched original."""
        folder = os.path.dirname(path)
        short = os.path.join(folder, ".aw-" + hashlib.blake2b(os.fsencode(path), digest_size=6).hexdigest()
                             + os.path.splitext(path)[1][:8])
        if os.path.lexists(short):
            os.unlink(short)
        try:
            os.link(path, short)
        except OSError as exc:
            raise WriteError(f"the path is too long: the file name has {len(os.fsencode(os.path.basename(path)))} "
                             f"bytes and exiftool needs {len(TMP_SUFFIX)} more for its temporary file "
                             f"(limit {NAME_MAX}); rename the file or write a sidecar", target=kind) from exc
        try:
            res = self.et.execute(*args, short)
            if res.status == 0 and not res.errors and os.path.isfile(short):
                os.replace(short, path)
            return Result(res.status, res.stdout, res.stderr.replace(short, path))
        finally:
            if os.path.lexists(short):
                os.unlink(short)

    # -- undo --------------------------------------------------------------------------------
    def restore(self, path: str, before: dict[str, Any]) -> None:
        """Put back the journaled previous values (undo); delete a sidecar we created."""
        path = safe_path(path)
        if before.get("created"):
            if os.path.isfile(path):
                os.remove(path)
            return
        if not os.path.isfile(path):
            raise WriteError(f"file not found (moved or deleted?): {path}")
        tags: dict[str, Any] = dict(before.get("tags") or {})
        blocks = tags.pop("_blocks", {}) or {}
        args = self._base_args(before.get("kind", "file"))
        for tag, value in tags.items():
            if tag in (F.IPTC_DIGEST, F.IPTC_ENVELOPE, F.IPTC_APPVERSION, F.EXIF_YCBCR) and value is None:
                args.append(f"-{tag}=")
            else:
                args += _assign(tag, value)
        if not blocks.get("xmp", True):
            args.append("-XMP:all=")
        if not blocks.get("ifd0", True) and F.EXIF_DESCRIPTION in tags:
            args.append("-EXIF:all=")
        try:
            self._run(args, path, before.get("kind", "file"))
        except MinorRefusal:
            self._run(["-m", *args], path, before.get("kind", "file"))
        wanted = {t: v for t, v in tags.items() if t not in (F.XMP_TOOLKIT,) or blocks.get("xmp", True)}
        meta = self.read(path, tags=list(wanted))
        problems = _compare(wanted, meta, exact=True)
        if problems:
            raise WriteError(f"undo wrote, but the file reads back differently ({', '.join(problems)})", changed=True)


def _writable(path: str) -> bool:
    """The file may be rewritten: its own write bits are set (even for root, who could write anyway;
    exiftool would happily replace a 0444 file) and its folder accepts exiftool's temp file."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return bool(mode & 0o222) and os.access(path, os.W_OK) and os.access(os.path.dirname(path), os.W_OK)


def _writable_name(tag: str) -> str:
    """Lang-alt tags are written as their x-default item only, so other languages stay."""
    return {F.XMP_DESCRIPTION: F.XMP_DESCRIPTION_W, F.XMP_TITLE: F.XMP_TITLE_W,
            F.XMP_EXIF_USERCOMMENT: F.XMP_EXIF_USERCOMMENT + "-x-default",
            F.XMP_TIFF_DESCRIPTION: F.XMP_TIFF_DESCRIPTION + "-x-default"}.get(tag, tag)


def _cut_utf8(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes on a character boundary."""
    raw = text.encode("utf-8")
    return text if len(raw) <= limit else raw[:limit].decode("utf-8", "ignore")


def _volatile(key: str) -> bool:
    """Dump keys that change with any rewrite: file-system facts, exiftool's notes, block offsets."""
    if key == "SourceFile" or key.startswith(("System:", "ExifTool:")) or key in (
            "File:FileSize", "File:CurrentIPTCDigest", "File:FileModifyDate", "File:FileAccessDate",
            "File:FileInodeChangeDate", "File:ExifByteOrder", F.XMP_TOOLKIT, F.IPTC_DIGEST):
        return True
    return key.endswith(("Offset", "Offsets", "Start"))


def _short_warning(w: str) -> str:
    return w.replace("Warning: ", "", 1).rsplit(" - ", 1)[0]


def _minor_core(message: str) -> str:
    """"exiftool refused the file: Error: [minor] DNG Version 1.7.0.0 not yet tested - /p/x.dng"
    -> "DNG Version 1.7.0.0 not yet tested"."""
    low = message.lower()
    i = low.find("[minor]")
    core = message[i + len("[minor]"):].strip() if i >= 0 else message
    return core.rsplit(" - ", 1)[0].strip()


def _png_has_exif_chunk(path: str) -> bool:
    """True when the PNG keeps its EXIF in a standard ``eXIf`` chunk (walks chunk headers only)."""
    import struct

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


def _name_too_long(path: str) -> bool:
    return len(os.fsencode(os.path.basename(path))) + len(TMP_SUFFIX) > NAME_MAX


def free_space(folder: str) -> int | None:
    """Bytes free for us in ``folder`` (None when the system will not say)."""
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _space_needed(path: str) -> int:
    """exiftool writes a whole copy of the file next to it, plus room for the new metadata."""
    try:
        return os.path.getsize(path) + 256 * 1024
    except OSError:
        return 256 * 1024


def _mb(n: int | None) -> str:
    if n is None:
        return "? MB"
    return f"{n / 1e6:.1f} MB"


def _assign(tag: str, value: Any) -> list[str]:
    """``-TAG=value`` arguments (escaped); a list replaces the whole list; None deletes the tag."""
    name = _writable_name(tag)
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


def _compare(expected: dict[str, Any], meta: F.FileMeta, *, exact: bool = False) -> list[str]:
    """Tags whose read-back value differs from what we wrote."""
    bad = []
    for tag, want in expected.items():
        if tag.startswith("_"):
            continue
        got = meta.get(tag)
        if tag == F.IPTC_DIGEST and not exact:
            continue
        if tag == F.IPTC_CHARSET and not exact:
            if "utf" not in str(F.as_text(got) or "").lower():
                bad.append(tag)
            continue
        if tag == F.IPTC_CAPTION and not exact and isinstance(want, str) and isinstance(got, str):
            # IIM caps Caption-Abstract at 2000 bytes; exiftool truncates on a UTF-8 boundary.
            if got == want or (len(want.encode()) > 2000 and want.startswith(got)):
                continue
            bad.append(tag)
            continue
        if tag == F.PROV_APPROVED and got is not None and want is not None:
            if str(got).lower() in ("true", "1") and str(want).lower() in ("true", "1"):
                continue
            if str(got).lower() in ("false", "0") and str(want).lower() in ("false", "0"):
                continue
        if tag in F.LIST_TAGS:
            if F.as_list(got) != F.as_list(want):
                bad.append(tag)
        elif got != want:
            bad.append(tag)
    return bad


def _is_lossy(warning: str, kind: str = "file") -> bool:
    """Any warning while *writing* means exiftool met something odd (maker-note offsets, truncated
    thumbnails, IFDs out of order) and may have rewritten more than our tags: treat it as a refusal.

    Not lossy: dropping an *empty* XMP list ("Ignored empty rdf:Bag list"); a ``[minor]`` warning
    (either case) about XMP ("Duplicate XMP property", "Fixed incorrect URI for xmlns:MicrosoftPhoto"),
    which only concerns the packet we rewrite anyway; any ``[minor]`` warning in a sidecar (XMP only).
    The re-read then decides as always."""
    low = warning.lower()
    if not low.strip() or "ignored empty" in low:
        return False
    if "[minor]" in low and (kind == "sidecar" or "xmp" in low):
        return False
    return True


def backup_path(path: str) -> str:
    """Where the hard-link safety copy of ``path`` lives during a write (hidden, same folder)."""
    folder, name = os.path.split(path)
    if len(os.fsencode(name)) + 16 > NAME_MAX:
        name = hashlib.blake2b(os.fsencode(name), digest_size=8).hexdigest()
    return os.path.join(folder, f".{name}.albumwise-bak")


def _hard_link_backup(path: str) -> str | None:
    link = backup_path(path)
    try:
        if os.path.lexists(link):
            os.unlink(link)
        os.link(path, link)
        return link
    except OSError:  # no hard links here (FAT, some network shares): write without the safety net
        return None


def _looks_like_io_error(msg: str) -> bool:
    """Disk full, permissions, a stale temp file: problems of the place, not of the file's contents."""
    low = msg.lower()
    return any(k in low for k in ("error writing", "error creating", "error opening", "temporary file",
                                  "permission", "rename", "no space"))


def _first_line(text: str) -> str:
    for ln in text.splitlines():
        if ln.strip():
            return ln.strip()
    return ""


def descriptions_equal(a: str | None, b: str | None) -> bool:
    return F.norm_text(a) == F.norm_text(b)


def any_equal(value: str | None, candidates: Iterable[str | None]) -> bool:
    return any(descriptions_equal(value, c) for c in candidates if c)
