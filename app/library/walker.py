"""Walk root folders for photo files: fast (``os.scandir``), never stuck, never silent about problems.

Skips hidden folders/files and OS clutter, follows folder symlinks at most once per real folder (so
symlink loops end), and reports unreadable folders instead of failing. Unreadable folders are
returned so the scanner does not mark the photos below them as missing.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from typing import Callable, Iterator

from app.core import fspath
from app.library.formats import classify
from app.metadata import sidecars as sidecars_mod


@dataclass(frozen=True)
class FileEntry:
    """A candidate photo. ``mtime_ns`` is the later of the photo's and its XMP sidecar's mtimes,
    so editing (or adding, or removing) a sidecar makes the photo "changed" for a rescan."""

    path: str  # absolute
    kind: str  # image | raw | video | unsupported | special (not a regular file: never opened)
    size: int
    mtime_ns: int
    problem: str | None = None  # why a "special" entry cannot be a photo (dangling link, FIFO, ...)
    inode: int = 0  # a new inode under a known name is a new file there (renamed over it, copied in)
    no_sidecars: bool = False  # its folder held no XMP sidecar when walked: the probe need not look


def sidecar_name(name: str, names: "set[str] | dict[str, object]",
                 stems: dict[str, list[str]] | None = None) -> str | None:
    """The sidecar among ``names`` for photo ``name``: NAME.EXT.xmp first, then NAME.xmp (either case)
    when it is this photo's (the RAW's, in a RAW+JPEG pair; ``stems`` lists the folder's photos by stem)."""
    return sidecars_mod.sidecar_for(name, names, stems if stems is not None else {})


def sidecar_entry(name: str, sidecars: dict[str, os.DirEntry],
                  stems: dict[str, list[str]] | None = None) -> os.DirEntry | None:
    found = sidecar_name(name, sidecars, stems)
    return sidecars[found] if found else None


def special_reason(path: str) -> str:
    """Why an entry named like a photo is not one we can read (a plain, one-line reason)."""
    link = ""
    if os.path.islink(path):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return f"broken link: points to {fspath.to_text(target)}, which does not exist"
        except OSError as exc:
            return f"link not followed ({exc.strerror or exc}): points to {fspath.to_text(target)}"
        link = f"link to {fspath.to_text(target)}, "
    else:
        try:
            st = os.stat(path)
        except OSError as exc:
            return f"not readable: {exc.strerror or exc}"
    mode = st.st_mode
    what = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a character device" if stat.S_ISCHR(mode)
            else "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "not a regular file")
    return f"not a photo file: {link}{what}"


@dataclass
class WalkReport:
    """Problems met while walking (path, reason) and folders whose content is unknown."""

    errors: list[tuple[str, str]] = field(default_factory=list)
    unreadable_dirs: list[str] = field(default_factory=list)


def walk(
    roots: list[str], report: WalkReport, *, should_stop: Callable[[], bool] = lambda: False
) -> Iterator[FileEntry]:
    """Yield every candidate photo under ``roots`` (absolute paths, each real folder visited once)."""
    seen_dirs: set[tuple[int, int]] = set()
    for root in roots:
        root = os.path.abspath(root)
        try:
            st = os.stat(root)
        except OSError as exc:
            report.errors.append((root, f"folder not reachable: {exc.strerror or exc}"))
            report.unreadable_dirs.append(root)
            continue
        stack = [root]
        seen_dirs_root = (st.st_dev, st.st_ino)
        if seen_dirs_root in seen_dirs:
            continue
        seen_dirs.add(seen_dirs_root)
        while stack:
            if should_stop():
                return
            folder = stack.pop()
            try:
                with os.scandir(folder) as it:
                    entries = list(it)
            except OSError as exc:
                report.errors.append((folder, f"folder not readable: {exc.strerror or exc}"))
                report.unreadable_dirs.append(folder)
                continue
            subdirs = []
            sidecars = {e.name: e for e in entries if e.name[-4:].lower() == ".xmp" and not e.name.startswith(".")}
            stems = sidecars_mod.stem_index(e.name for e in entries) if sidecars else {}
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                try:
                    if entry.is_dir():  # follows symlinks
                        st = entry.stat()
                        key = (st.st_dev, st.st_ino)
                        if key in seen_dirs:
                            continue  # symlink loop or a second link to a folder already walked
                        seen_dirs.add(key)
                        subdirs.append(entry.path)
                        continue
                    kind = classify(name)
                    if kind is None:
                        continue
                    if not entry.is_file():
                        # Looks like a photo but is not a regular file: report it, never open it
                        # (a FIFO blocks, /dev/zero never ends).
                        lst = entry.stat(follow_symlinks=False)
                        yield FileEntry(entry.path, "special", 0, lst.st_mtime_ns, special_reason(entry.path))
                        continue
                    st = entry.stat()
                    mtime = st.st_mtime_ns
                    if sidecars:
                        side = sidecar_entry(name, sidecars, stems)
                        if side is not None:
                            mtime = max(mtime, side.stat().st_mtime_ns)
                except OSError as exc:
                    if classify(name) is not None and entry.is_symlink():  # a link loop named like a photo
                        try:
                            lmtime = entry.stat(follow_symlinks=False).st_mtime_ns
                        except OSError:
                            lmtime = 0
                        yield FileEntry(entry.path, "special", 0, lmtime, special_reason(entry.path))
                        continue
                    report.errors.append((entry.path, f"not readable: {exc.strerror or exc}"))
                    continue
                yield FileEntry(entry.path, kind, st.st_size, mtime, inode=st.st_ino, no_sidecars=not sidecars)
            subdirs.sort(reverse=True)
            stack.extend(subdirs)
