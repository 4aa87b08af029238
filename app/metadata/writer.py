"""Writing one approved caption into a photo (or its XMP sidecar), safely, and undoing it.

Two steps so the caller can journal between them: :meth:`MetadataWriter.prepare` reads what the
file holds now (the file is the truth, the database may be stale), merges keywords, picks the
target and records the *previous value of every tag it will touch*; :meth:`MetadataWriter.apply`
runs exiftool (``-ec`` escaped values, absolute path, ``-overwrite_original``, ``-P`` unless told
otherwise, ``-m`` only to get past ``[minor]`` messages), checks its status and messages, then
re-reads and compares. :meth:`MetadataWriter.restore` writes a journaled ``before`` back (undo).

The pieces live beside this module: ``plans`` (policy, payload, plan, errors), ``sidecars`` (names),
``args`` (argument building), ``verify`` (re-read checks), ``restore`` (undo).
Only these modules modify photo files; they never touch pixels (exiftool rewrites metadata only).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from typing import Any

from app.metadata import fields as F
from app.metadata import jpeg_com, readback, sidecars
from app.metadata import keywords as keywords_mod
from app.metadata.args import plan_target
from app.metadata.escape import UnsafePathError, clean_caption, clean_keywords, safe_path
from app.metadata.exiftool import ExifTool, ExifToolError, Result, parse_json
from app.metadata.read_args import FULL, JPEG, STILL, confirmed, kind_of, read_args
from app.metadata.plans import (
    EXIF_FORMATS,
    IN_FILE_FORMATS,
    IPTC_FORMATS,
    TARGETS,
    DiskFull,
    MinorRefusal,
    Payload,
    PreparedWrite,
    Refused,
    WriteError,
    WritePolicy,
)
from app.metadata.restore import Restored
from app.metadata.restore import restore as _restore
from app.metadata.sidecars import existing_sidecar, folder_sidecar_naming, sidecar_candidates  # noqa: F401
from app.metadata.verify import (
    any_equal,
    compare,
    descriptions_equal,
    is_lossy,
    minor_core,
    only_ours_changed,
    short_warning,
)

__all__ = [  # the writer's public names (the pieces live in plans, sidecars, args, verify, restore)
    "EXIF_FORMATS", "IN_FILE_FORMATS", "IPTC_FORMATS", "TARGETS", "DiskFull", "MetadataWriter", "MinorRefusal",
    "Payload", "PreparedWrite", "Refused", "Restored", "WriteError", "WritePolicy", "any_equal", "backup_path",
    "descriptions_equal", "existing_sidecar", "folder_sidecar_naming", "free_space", "sidecar_candidates",
]

NAME_MAX = 255  # bytes in one file name on every file system we meet
TMP_SUFFIX = "_exiftool_tmp"


def _parsed(path: str, record: dict[str, Any], tags: list[str] | None) -> F.FileMeta:
    """A read record as ``FileMeta``; a JPEG's comment comes from its ``COM`` segment (see ``jpeg_com``)."""
    meta = F.parse_record(path, record)
    if tags is None or F.JPEG_COMMENT in tags:
        is_jpeg, com = jpeg_com.com_value(path)
        if is_jpeg:
            if com is None:
                meta.tags.pop(F.JPEG_COMMENT, None)
            else:
                meta.tags[F.JPEG_COMMENT] = com
    return meta


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
        kind = kind_of(p)
        res = self.et.execute("-j", "-b", "-G1", *read_args(tags, kind=kind), p)
        records = parse_json(res.stdout)
        if records and not confirmed(records[0], kind):
            res = self.et.execute("-j", "-b", "-G1", *read_args(tags, kind=FULL), p)
            records = parse_json(res.stdout)
        if not records:
            if _is_missing(res.stderr):
                return F.FileMeta(path=p, exists=False)
            raise WriteError(f"cannot read metadata: {_first_line(res.stderr) or 'no output from exiftool'}")
        return _parsed(p, records[0], tags)

    def read_many(self, paths: list[str], tags: list[str] | None = None, *, batch: int = 100) -> dict[str, F.FileMeta]:
        """Read many files in few exiftool calls (≤ ``batch`` files each; more could deadlock on stderr).
        Missing files are left out; a file exiftool cannot read is left out too (read it alone later).
        Still images are read with less work for exiftool and the same answer (``read_args``)."""
        out: dict[str, F.FileMeta] = {}
        todo: dict[str, list[str]] = {JPEG: [], STILL: [], FULL: []}
        for p in dict.fromkeys(paths):
            try:
                sp = safe_path(p)
            except UnsafePathError:
                continue
            if os.path.isfile(sp):
                todo[kind_of(sp)].append(sp)
        for kind in (JPEG, STILL, FULL):  # a file found to be another kind than its name says: read in full
            files = todo[kind]
            for i in range(0, len(files), batch):
                part = files[i:i + batch]
                res = self.et.execute("-j", "-b", "-G1", *read_args(tags, kind=kind), *part)
                for rec in parse_json(res.stdout):
                    src = os.path.abspath(str(rec.get("SourceFile", "")))
                    if src not in part:
                        continue
                    if confirmed(rec, kind):
                        out[src] = _parsed(src, rec, tags)
                    else:
                        todo[FULL].append(src)
        return out

    # -- planning ----------------------------------------------------------------------------
    def prepare(self, photo: str, payload: Payload, *, force_sidecar: bool = False,
                xmp_only: bool = False, pre: dict[str, F.FileMeta] | None = None) -> list[PreparedWrite]:
        """Plan the write of ``payload`` for ``photo``: one entry per target (file and/or sidecar).

        A symlinked photo is written through to the file it points to (exiftool would otherwise replace
        the link with a copy); its sidecar stays next to the name the library knows."""
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
        target_file, link_note = _through_links(photo)
        sidecar = sidecars.existing_sidecar(photo, self.policy.sidecar_naming)

        in_file = not (force_sidecar or self.policy.sidecar_only)
        reason = ""
        if in_file and ftype not in IN_FILE_FORMATS:
            in_file, reason = False, f"{ftype or 'this format'} is not written in place"
        if in_file and not _writable(target_file):
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
        existing_kw = keywords_mod.existing(photo_meta) + keywords_mod.existing(side_meta)
        if in_file:
            plan = plan_target(self.policy, photo, target_file, "file", photo_meta, ftype, text, keywords, title,
                               payload, existing_kw, current, created=False, xmp_only=xmp_only)
            if link_note:
                plan.notes.append(link_note)
            plans.append(plan)
        if not in_file or sidecar:
            choice = sidecars.choose(photo, self.policy.sidecar_naming)
            target, _ = _through_links(choice.path)
            meta = side_meta or F.FileMeta(path=target, exists=False)
            plan = plan_target(self.policy, photo, target, "sidecar", meta, "XMP", text, keywords, title,
                               payload, existing_kw, current, created=sidecar is None, photo_meta=photo_meta)
            if choice.note:
                plan.notes.append(choice.note)
            plans.append(plan)
        return plans

    # -- writing -----------------------------------------------------------------------------
    def apply(self, plan: PreparedWrite, *, verify: bool = True) -> dict[str, Any] | None:
        """Run the planned write, check exiftool's verdict, re-read and compare. Returns the values read back.

        A refusal or a warning for ``[minor]`` reasons is retried once with exiftool's ignore-minor option
        (``-m``); any other warning is checked against a full dump of the untouched original, and the
        verification below decides as always. ``verify=False`` leaves the re-read to the
        caller (:meth:`verify_many` reads a whole group of photos in one exiftool call)."""
        return self.complete(self.begin(plan), verify=verify)

    def begin(self, plan: PreparedWrite) -> Attempt:
        """Everything a write needs before exiftool starts on it (``WriteStream`` sends many commands
        ahead; :meth:`complete` finishes each): the file must be there, and a hard link keeps the
        original inode: exiftool renames its new file over the name, so if it reports that it altered
        other data on the way, the untouched original is put back at once."""
        if plan.kind == "file" and not os.path.isfile(plan.path):
            raise WriteError(f"file not found (moved or deleted?): {plan.path}", target=plan.kind)
        backup = _hard_link_backup(plan.path) if plan.kind == "file" else None
        return Attempt(plan, backup, _stat(plan.path))

    def complete(self, att: Attempt, result: Result | ExifToolError | None = None, *,
                 verify: bool = True) -> dict[str, Any] | None:
        """Finish a write begun with :meth:`begin`: its first command's ``result`` (from a stream of
        commands sent ahead), or the command run now when there is none; then the same checks,
        retries and verification as :meth:`apply`."""
        plan, backup = att.plan, att.backup
        try:
            ignored: list[str] = []  # [minor] messages got past with -m
            refused: list[str] = []  # ... of which exiftool refused the file (repeated as warnings with -m)
            try:
                if result is None:
                    res = self.run(plan.args, plan.path, plan.kind, st=att.st)
                else:
                    res = self._checked(plan.args, plan.path, plan.kind, result, att.st)
            except MinorRefusal as exc:
                refused.append(minor_core(str(exc)))
                res = self.run(["-m", *plan.args], plan.path, plan.kind)
            warned = list(res.warnings)
            minors = [w for w in res.warnings if "[minor]" in w.lower()]
            if minors and not refused:
                # A [minor] warning may mean exiftool skipped a part ("Duplicate XMP property": the XMP was
                # not rewritten), and it reports only the first problem it meets: whatever else it said,
                # the same values again with -m complete the write (the re-read decides as always).
                ignored += [minor_core(w) for w in minors]
                res = self.run(["-m", *plan.args], plan.path, plan.kind)
                warned += res.warnings
            ignored = refused + ignored
            lossy = [w for w in dict.fromkeys(warned) if is_lossy(w, plan.kind)
                     and not any(c.lower() in w.lower() for c in refused)]
            if ignored:
                plan.notes.append(f"exiftool's minor warning was ignored ({'; '.join(dict.fromkeys(ignored))})")
            if lossy and backup is not None and only_ours_changed(self.et, backup, plan):
                # exiftool warned (maker-note offsets, ...), but a full dump of the old and the new file
                # shows nothing changed except our fields and block offsets: keep the write.
                plan.notes.append(f"exiftool warned ({short_warning(lossy[0])}); checked: nothing else changed")
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
                    self.run(plan.followup, plan.path, plan.kind)
                except MinorRefusal:
                    self.run(["-m", *plan.followup], plan.path, plan.kind)
        finally:
            if backup is not None and os.path.lexists(backup):
                os.unlink(backup)
        if not verify:
            return None
        return self.check(plan, self.read_back(plan))

    def check(self, plan: PreparedWrite, meta: F.FileMeta) -> dict[str, Any]:
        """Compare a re-read with the plan; ``WriteError`` (changed=True) when anything differs."""
        problems = compare(plan.expected, meta)
        if problems:
            raise WriteError(f"written but the file reads back differently ({', '.join(problems)})",
                             target=plan.kind, changed=True)
        return {k: meta.get(k) for k in plan.expected}

    def verify_many(self, plans: list[PreparedWrite]) -> dict[str, F.FileMeta]:
        """The re-read of every planned target (the verification step of a group of writes): a JPEG
        whose fields already read back as planned from its own bytes (``readback``) needs no exiftool;
        the others are read in one batched exiftool call."""
        out: dict[str, F.FileMeta] = {}
        rest: list[PreparedWrite] = []
        for plan in plans:
            meta = readback.confirmed_meta(plan)
            if meta is None or plan.path in out:
                rest.append(plan)
            else:
                out[plan.path] = meta
        if rest:
            tags = list(dict.fromkeys(t for p in rest for t in p.expected))
            out.update(self.read_many([p.path for p in rest], tags=tags))
        return out

    def read_back(self, plan: PreparedWrite) -> F.FileMeta:
        """One target's re-read after its write (see :meth:`verify_many`)."""
        return readback.confirmed_meta(plan) or self.read(plan.path, tags=list(plan.expected))

    def run(self, args: list[str], path: str, kind: str, *, st: os.stat_result | None = None) -> Result:
        """One exiftool write command; raises the matching ``WriteError`` when it did not succeed."""
        if st is None:
            st = _stat(path)
        try:
            if _name_too_long(path):
                res = self._execute_short_name(args, path, kind)
            else:
                res = self.et.execute(*args, path)
        except ExifToolError as exc:
            return self._checked(args, path, kind, exc, st)
        return self._checked(args, path, kind, res, st)

    def _checked(self, args: list[str], path: str, kind: str, res: Result | ExifToolError,
                 st: os.stat_result | None) -> Result:
        """exiftool's answer to one write command (or how it failed) -> the result, or a ``WriteError``."""
        if isinstance(res, ExifToolError):
            # The watchdog killed exiftool mid-write: the original is whole (exiftool renames its temp
            # file over it only when done), so the half-written temp file is ours to remove.
            stale = path + "_exiftool_tmp"
            if os.path.isfile(path) and os.path.isfile(stale):
                try:
                    os.remove(stale)
                except OSError:
                    pass
            raise WriteError(f"exiftool failed: {res}", target=kind) from res
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
    def restore(self, path: str, before: dict[str, Any], ours: dict[str, Any] | None = None) -> Restored:
        """Take a journaled write back out of ``path`` (undo), keeping what other apps changed since;
        see :mod:`app.metadata.restore`."""
        return _restore(self, path, before, ours)


@dataclass
class Attempt:
    """A write begun (:meth:`MetadataWriter.begin`): its plan, the hard link to the untouched original
    and the file's times before exiftool touched it."""

    plan: PreparedWrite
    backup: str | None
    st: os.stat_result | None


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _through_links(path: str) -> tuple[str, str | None]:
    """The file a (possibly symlinked) path names, and a note when it is a link. exiftool replaces the
    name it is given with its new file, so a link must be resolved first or it becomes a copy."""
    if not os.path.islink(path):
        return path, None
    real = os.path.realpath(path)
    return real, f"written through the link to {real}"


def _writable(path: str) -> bool:
    """The file may be rewritten: its own write bits are set (even for root, who could write anyway;
    exiftool would happily replace a 0444 file) and its folder accepts exiftool's temp file."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return bool(mode & 0o222) and os.access(path, os.W_OK) and os.access(os.path.dirname(path), os.W_OK)



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
