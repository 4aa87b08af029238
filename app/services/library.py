"""Library workflows shared by the CLI and the GUI: index folders, rescan, purge, thumbnails.

Thin on purpose: the work lives in ``app.library`` (``scanner``, ``thumbs``). The GUI, which must
not write from a worker thread, uses the split form instead:

    known = owner.call(scanner.load_known)
    summary = scanner.ScanSummary()
    planned = scanner.plan_scan(known, roots, summary, progress=..., cancel=token)
    for batch in ahead(planned, stop=token.cancel):    # planned on a thread of its own
        owner.call(scanner.apply_batch, batch)         # the DB owner writes meanwhile
    owner.call(scanner.finish_places)                  # the places the batches left for the end
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from sqlite_utils import Database

from app.config import AppPaths, Settings, thumbnail_dir
from app.core.progress import CancelToken, ProgressFn, no_progress
from app.library import scanner, thumbs
from app.library.scanner import ScanSummary
from app.library.thumbs import ThumbSummary
from app.store import photos as photos_store

__all__ = ["index_folders", "rescan", "purge_missing", "make_thumbnails", "thumb_dir", "ScanSummary", "ThumbSummary"]


class FolderError(ValueError):
    """A folder given by the user does not exist or is not a folder."""


def check_folders(folders: Iterable[str]) -> list[str]:
    out = []
    for f in folders:
        p = os.path.abspath(os.path.expanduser(f))
        if not os.path.exists(p):
            raise FolderError(f"folder not found: {f}")
        if not os.path.isdir(p):
            raise FolderError(f"not a folder: {f}")
        out.append(p)
    return out


def index_folders(db: Database, folders: Iterable[str], *, progress: ProgressFn = no_progress,
                  cancel: CancelToken | None = None, workers: int | None = None) -> ScanSummary:
    """Add folders as roots and scan them. Raises ``FolderError`` before touching the database."""
    return scanner.index_folders(db, check_folders(folders), progress=progress, cancel=cancel, workers=workers)


def rescan(db: Database, *, progress: ProgressFn = no_progress, cancel: CancelToken | None = None,
           workers: int | None = None) -> ScanSummary:
    return scanner.rescan(db, progress=progress, cancel=cancel, workers=workers)


def purge_missing(db: Database) -> int:
    return scanner.purge_missing(db)


def thumb_dir(paths: AppPaths, settings: Settings | None = None) -> Path:
    """Where thumbnails are cached: the user's setting, else the platform cache dir."""
    return thumbnail_dir(paths, settings)


def make_thumbnails(db: Database, directory: Path, *, sizes: Iterable[int] = (thumbs.GRID,),
                    progress: ProgressFn = no_progress, cancel: CancelToken | None = None,
                    workers: int | None = None) -> ThumbSummary:
    """Make the missing thumbnails of every indexed (state ok) photo."""
    rows = list(photos_store.iter_photos(db, state="ok"))
    return thumbs.make_missing(rows, directory, sizes=sizes, progress=progress, cancel=cancel, workers=workers)
