"""The window's review actions, run on the DB owner thread through the review lifecycle.

Approve, reject, edit and restore are the review engineer's functions (``app.review.lifecycle``);
writing into files and undo go through ``app.services.review.ReviewService`` (the CLI's service: one
thread owns the exiftool process, DB steps go to the DB owner). This adapter only batches them over
the selected ids, follows the settings' write policy and turns results into status-bar messages.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.ui.context import AppContext
from app.ui.i18n import number

log = logging.getLogger("albumwise.ui")
translate = QCoreApplication.translate


def _restore_by_id(db: Any, photo_id: int, caption_id: int) -> int:
    from app.review import lifecycle  # noqa: PLC0415

    for v in lifecycle.versions(db, photo_id):
        if int(v["id"]) == caption_id:
            return lifecycle.restore(db, photo_id, int(v["version"]))
    raise lifecycle.ReviewError(translate("ReviewOps", "that version is no longer in the history"))


def _ids_for_paths(db: Any, paths: list[str]) -> list[int]:
    out = []
    for p in paths:
        row = db.execute("SELECT id FROM photos WHERE path = ?", [p]).fetchone()
        if row:
            out.append(int(row[0]))
    return out


def _only_approved(db: Any, ids: list[int]) -> list[int]:
    approved = {r[0] for r in db.execute("SELECT id FROM photos WHERE caption_state = 'approved'").fetchall()}
    return [i for i in ids if i in approved]


def _last_written_photo(db: Any) -> int | None:
    row = db.execute("SELECT photo_id FROM writes WHERE state = 'done' ORDER BY id DESC LIMIT 1").fetchone()
    return int(row[0]) if row else None


def _flagged_drafts(db: Any, ids: list[int]) -> set[int]:
    """Photos whose current caption is a draft the captioner flagged (bad_json, loop, truncated, ...)."""
    from app.captioning.cleanup import held_flags  # noqa: PLC0415
    from app.core.jsontext import json_list  # noqa: PLC0415

    out = set()
    for pid in ids:
        row = db.execute("SELECT caption_state, caption_flags FROM photos WHERE id = ?", [pid]).fetchone()
        if row and row[0] == "draft" and held_flags(json_list(row[1])):
            out.add(pid)
    return out


def _approve_many(db: Any, ids: list[int], accept_flagged: bool = False,
                  names: list[str] | None = None) -> dict[str, Any]:
    from app.review import lifecycle  # noqa: PLC0415

    done, problems = [], []
    # Bulk approve skips flagged drafts (as `approve --all-drafts` does); one photo is a person's look,
    # and a draft naming people or places nothing supports is approved only after the window asked.
    flagged = _flagged_drafts(db, ids) if len(ids) > 1 else set()
    ids = [i for i in ids if i not in flagged]
    asked: dict[str, Any] | None = None
    for pid in ids:
        try:
            # The names guard runs on the reader thread (``_suspicious``), never on the writer's.
            lifecycle.approve(db, pid, accept_flagged=accept_flagged, names=names if names is not None else [])
            done.append(pid)
        except lifecycle.FlaggedDraft as exc:
            asked = {"id": pid, "flags": exc.flags, "names": exc.names}
        except lifecycle.ReviewError as exc:
            problems.append((pid, str(exc)))
    return {"done": done, "problems": problems, "skipped_flagged": len(flagged), "needs_confirmation": asked}


def _suspicious(db: Any, photo_id: int) -> list[str]:
    """The names the guard finds in the photo's draft (reader thread; the place index only if loaded)."""
    from app.facts import names_guard  # noqa: PLC0415
    from app.library import grounding, own_writes  # noqa: PLC0415
    from app.review import lifecycle  # noqa: PLC0415

    draft = lifecycle.draft_for_approval(db, photo_id)
    photo = db.execute("SELECT * FROM photos WHERE id = ?", [photo_id]).fetchone() if draft else None
    if draft is None or photo is None:
        return []
    cols = [d[0] for d in db.execute("SELECT * FROM photos LIMIT 0").description]
    row = dict(zip(cols, photo))
    own_writes.attach(db, row)
    kws = lifecycle._keywords(draft)
    return names_guard.check(draft.get("text") or "", kws, row, grounding.load(db, row), gazetteer=False)


def _resolve(db: Any, photo_id: int, keep_mine: bool) -> None:
    from app.review import conflicts  # noqa: PLC0415

    if keep_mine:
        conflicts.keep_mine(db, photo_id)
    else:
        conflicts.take_theirs(db, photo_id)


def _reject_many(db: Any, ids: list[int]) -> dict[str, Any]:
    from app.review import lifecycle  # noqa: PLC0415

    done, problems = [], []
    for pid in ids:
        try:
            lifecycle.reject(db, pid)
            done.append(pid)
        except lifecycle.ReviewError as exc:
            problems.append((pid, str(exc)))
    return {"done": done, "problems": problems}


def _where(written: int, sidecars: int) -> str:
    """Say where the caption went: the photo file, or a sidecar .xmp beside it."""
    if sidecars == written:
        return (translate("ReviewOps", "wrote it into a sidecar file (.xmp) beside the photo") if written == 1 else
                translate("ReviewOps", "wrote %Ln into sidecar files (.xmp)", None, written))
    if sidecars:
        return translate("ReviewOps", "wrote {written} (%Ln into sidecar .xmp files)", None, sidecars).format(
            written=number(written))
    return (translate("ReviewOps", "wrote it into its file") if written == 1 else
            translate("ReviewOps", "wrote %Ln into their files", None, written))


class ReviewOps:
    """Async review actions for the window; every write runs on the DB owner."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self._service: Any = None

    async def approve(self, ids: list[int], *, accept_flagged: bool = False,
                      names: list[str] | None = None) -> dict[str, Any]:
        """Approve drafts (and write them when set to). A single draft flagged ``ungrounded_name`` is not
        approved: ``needs_confirmation`` names it and its names, and the window asks before
        approving it again with ``accept_flagged`` and the names shown (the history records them)."""
        result = await self.ctx.write(_approve_many, ids, accept_flagged, names)
        self._report("approve", result, len(ids))
        n = len(result["done"])
        pending = result.get("needs_confirmation")
        if pending:
            pending["names"] = await self.ctx.aread(_suspicious, pending["id"])
        if pending and not n:
            result["message"] = translate("ReviewOps", "Not approved yet: the draft names people or places nothing "
                                                       "known about the photo holds")
            return result
        msg = translate("ReviewOps", "Approved %Ln photo(s)", None, n)
        if result.get("skipped_flagged"):
            msg = translate("ReviewOps", "{approved}; skipped %Ln flagged draft(s) (approve them one by one)", None,
                            result["skipped_flagged"]).format(approved=msg)
        if result["done"] and self.ctx.settings.write_on_approve:
            report = await self.write_approved(result["done"])
            if report.get("written"):
                msg = translate("ReviewOps", "{approved} and {written}").format(
                    approved=msg, written=_where(report["written"], report.get("sidecars", 0)))
            if report.get("failed"):
                msg = translate("ReviewOps", "{approved}; writing failed for %Ln (see the log)", None,
                                report["failed"]).format(approved=msg)
        result["message"] = msg
        return result

    async def reject(self, ids: list[int]) -> dict[str, Any]:
        result = await self.ctx.write(_reject_many, ids)
        self._report("reject", result, len(ids))
        return result

    async def edit(self, photo_id: int, text: str, keywords: list[str], alt_text: str | None = None,
                   translations: dict[str, dict[str, Any]] | None = None) -> int:
        """Save a person's caption (approved at once); ``alt_text`` None keeps the alt text as it is,
        ``translations`` names only the other-language parts the person changed."""
        from app.review import lifecycle  # noqa: PLC0415

        cid = await self.ctx.write(lifecycle.edit, photo_id, text, keywords, alt_text=alt_text,
                                   translations=translations)
        if self.ctx.settings.write_on_approve:
            await self.write_approved([photo_id])
        return cid

    async def restore(self, photo_id: int, caption_id: int) -> int:
        return await self.ctx.write(_restore_by_id, photo_id, caption_id)

    # -- writing (ReviewService's exiftool thread) -----------------------------------------------
    async def _writer(self) -> Any:
        """The review service, created once the database is open, with the current write policy.

        Its modules (the metadata writer, exiftool, the journal: ~50 ms of imports) load on a worker
        thread the first time, so the first write does not stall the window."""
        if self._service is None:
            owner = await self.ctx.get_owner()
            review = await asyncio.get_running_loop().run_in_executor(self.ctx.cpu, importlib.import_module,
                                                                     "app.services.review")
            if self._service is None:  # another write may have made it meanwhile
                self._service = review.ReviewService(owner, write_on_approve=False)
        from app.metadata.writer import WritePolicy  # noqa: PLC0415 - loaded above, with the service

        self._service.policy = WritePolicy.from_settings(self.ctx.settings)
        return self._service

    async def write_approved(self, ids: list[int] | None = None) -> dict[str, Any]:
        """Write approved captions (all, or those among ``ids``) into the files."""
        if ids is not None:
            ids = await self.ctx.write(_only_approved, ids)
            if not ids:
                return {"message": translate("ReviewOps", "Nothing to write: no approved captions here"), "ids": [],
                        "written": 0, "failed": 0}
        results = await (await self._writer()).write(ids)
        ok = [r for r in results if not r.error]
        bad = [r for r in results if r.error and r.result != "conflict"]
        clash = [r for r in results if r.result == "conflict"]
        side = [r for r in ok if r.result in ("sidecar", "partial")]
        for r in side:
            log.warning("Write %s: %s", r.path, r.note)
        for r in clash:
            log.warning("Write %s: conflict: %s", r.path, r.error)
        for r in bad:
            log.warning("Write %s: %s", r.path, r.error)
        done_ids = await self.ctx.write(_ids_for_paths, [r.path for r in results])
        if not results:
            msg = translate("ReviewOps", "Nothing to write: no approved captions")
        else:
            msg = translate("ReviewOps", "Wrote %Ln photo(s)", None, len(ok))
            if bad:
                msg = translate("ReviewOps", "{wrote}, %Ln failed (see the log)", None, len(bad)).format(wrote=msg)
            if side:
                msg = translate("ReviewOps", "{wrote}; %Ln with old text left in the file (see the log)", None,
                                len(side)).format(wrote=msg)
            if clash:
                msg = translate("ReviewOps", "{wrote}; %Ln changed in another app: Review → Resolve conflict…", None,
                                len(clash)).format(wrote=msg)
        return {"message": msg, "ids": done_ids, "written": len(ok), "failed": len(bad), "conflicts": len(clash),
                "sidecar": len(side), "sidecars": sum(1 for r in ok if r.target == "sidecar")}

    async def resolve(self, photo_id: int, *, keep_mine: bool) -> dict[str, Any]:
        """Settle a conflict: keep mine (written over the outside edit) or take theirs (written everywhere)."""
        await self.ctx.write(_resolve, photo_id, keep_mine)
        results = await (await self._writer()).write([photo_id], force=keep_mine)
        res = results[0] if results else None
        if res is not None and res.error:
            msg = (translate("ReviewOps", "Kept your caption, but writing failed: {error}") if keep_mine
                   else translate("ReviewOps", "Took the other app's text, but writing failed: {error}")
                   ).format(error=res.error)
            return {"message": msg, "ids": [photo_id]}
        return {"message": translate("ReviewOps", "Kept your caption and wrote it into the file") if keep_mine
                else translate("ReviewOps", "Took the other app's text and wrote it into the file"), "ids": [photo_id]}

    async def undo_last(self) -> dict[str, Any]:
        """Undo the most recent write (every tag it touched comes back)."""
        pid = await self.ctx.write(_last_written_photo)
        if pid is None:
            return {"message": translate("ReviewOps", "Nothing to undo"), "ids": []}
        res = await (await self._writer()).undo(pid)
        if res.error:
            raise RuntimeError(f"{res.path}: {res.error}")
        return {"message": translate("ReviewOps", "Undid the last write: {name} has its previous metadata again").format(
            name=os.path.basename(res.path)), "ids": [pid]}

    def close(self) -> None:
        """Stop exiftool and its thread (called off the event loop at shutdown)."""
        if self._service is not None:
            self._service.close()
            self._service = None

    @staticmethod
    def _report(what: str, result: dict[str, Any], asked: int) -> None:
        for pid, msg in result["problems"]:
            if asked == 1:
                raise RuntimeError(msg)
            log.info("%s photo %s: %s", what, pid, msg)
