"""What the grid shows: the scope chosen in the sidebar, the search box, the counts, and indexing.

The scope is exactly what the sidebar highlights: one smart list, one folder, one place of the
Places tree (country, region and city as a path) or one person; the search box narrows it. A click
in the sidebar replaces the whole scope, so no earlier list or folder stays in force unseen, and a
refresh of the counts keeps the highlighted item (and so the scope) where it was.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex

from app.ui import grounding_ops, queries
from app.ui.i18n import number
from app.ui.models.sidebar_model import KEY_ROLE, smart_label

log = logging.getLogger("albumwise.ui")
translate = QCoreApplication.translate  # the texts belong to the main window ("MainWindow" context)


def find_key(model: Any, key: Any, parent: QModelIndex | None = None) -> QModelIndex | None:
    """The sidebar item whose ``KEY_ROLE`` is ``key`` (depth first), or None."""
    parent = parent or QModelIndex()
    for row in range(model.rowCount(parent)):
        idx = model.index(row, 0, parent)
        if idx.data(KEY_ROLE) == key:
            return idx
        found = find_key(model, key, idx)
        if found is not None:
            return found
    return None


class BrowseMixin:
    """The main window's scope, search and loading (mixed into ``MainWindow``)."""

    smart: str
    folder: str | None
    place: tuple[str, str | None, str | None] | None
    person: str | None

    def _init_browse(self) -> None:
        self.smart = "all"
        self.folder = None
        self.place = None
        self.person = None
        self.search_text = ""
        self._search_typing = True
        self._sidebar_rebuilding = False
        self._counts_task: Any = None  # the count reload in flight
        self._counts_again = False  # asked for again meanwhile: one more reload when it ends

    # -- the scope --------------------------------------------------------------------------
    def scope(self) -> dict[str, Any]:
        """Keyword arguments of ``queries.photo_ids`` for what the sidebar shows."""
        return {"smart": self.smart, "folder": self.folder, "place": self.place, "person": self.person}

    def scope_key(self) -> tuple[str, Any]:
        """The sidebar key of the current scope (the item that is highlighted)."""
        if self.folder:
            return ("folder", self.folder)
        if self.place is not None:
            return ("place", self.place)
        if self.person is not None:
            return ("person", self.person)
        return ("smart", self.smart)

    def set_scope(self, kind: str, value: Any) -> bool:
        """Show one sidebar item's photos; the rest of the old scope goes. True if it changed."""
        new = {"smart": "all", "folder": None, "place": None, "person": None}
        if kind == "smart":
            new["smart"] = value
        elif kind in ("folder", "place", "person"):
            new[kind] = value
        else:
            return False
        if new == self.scope():
            return False
        self.smart, self.folder, self.place, self.person = new["smart"], new["folder"], new["place"], new["person"]
        return True

    def _on_sidebar(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if self._sidebar_rebuilding:
            return  # the counts are being refreshed; the highlighted item comes back right after
        key = current.data(KEY_ROLE) if current.isValid() else None
        if not key or key[0] == "section":
            return
        if self.set_scope(*key):
            self.reload_ids()

    # -- loading ----------------------------------------------------------------------------
    def start(self) -> None:
        """Kick off the first loads (called once the event loop runs)."""
        self.sidebar.setCurrentIndex(self.sidebar_model.smart_index(self.smart))  # the scope already: no load
        self.reload_ids()  # once (100k ids cost)
        self.reload_counts()

    def reload_ids(self) -> None:
        self.ctx.spawn(self._reload_ids(), name="reload ids")

    async def _reload_ids(self) -> None:
        text = self.search.text().strip()
        self.search_text = text
        keep = self.current_id()
        scope = self.scope()
        if text:
            searcher = self.services.get("search")
            if searcher is None:
                log.warning("Search is not available in this build.")
                return
            try:
                ids = await searcher.search_ids(text, typing=self._search_typing)
            except Exception as exc:  # noqa: BLE001 - a bad query is a message, not a crash
                self.status.say(translate("MainWindow", "Search: {error}").format(error=exc), search=True)
                log.warning("search %r: %s", text, exc)
                return
            if text != self.search.text().strip():
                return  # the person kept typing; a newer search is coming
            ids = await self.ctx.aread(queries.filter_ids, ids, *scope.values())
            notices = getattr(searcher, "last_notices", [])
            self.model.matches = dict(getattr(searcher, "last_matches", {}))
            found = translate("MainWindow", "%Ln found for “{text}”", None, len(ids)).format(text=text)
            self.status.say(notices[0] if notices else found, search=True)
        else:
            self.status.search_cleared()
            self.model.matches = {}
            ids = await self.ctx.aread(queries.photo_ids, *scope.values())
        if scope != self.scope() or text != self.search.text().strip():
            return  # another list was chosen meanwhile: its own load is on the way
        shown = await self.group_ops.apply(ids)  # bursts stacked into one tile
        if scope != self.scope() or text != self.search.text().strip():
            return
        self.model.set_ids(shown, stacked=set(self.group_ops.tiles))
        self.grid.set_empty_text(self._empty_text(text))
        self.first_load.set()
        if ids:
            row = self.model.row_of(self.group_ops.tile_for(keep)) if keep is not None else None
            self.select_row(row if row is not None else 0)
        else:
            self.detail.show_photo(None)

    def _empty_text(self, search: str) -> str:
        """What an empty grid tells the person (and what to do about it)."""
        if search:
            if self._search_typing:
                return translate("MainWindow", "Nothing found for “{text}”. Press Enter to search by meaning too."
                                 ).format(text=search)
            return translate("MainWindow", "Nothing found for “{text}”.").format(text=search)
        if self.folder:
            return translate("MainWindow", "No photos here ({folder}).").format(
                folder=os.path.basename(self.folder) or self.folder)
        if self.place is not None:
            return translate("MainWindow", "No photos in {place}.").format(
                place=", ".join(p for p in reversed(self.place) if p))
        if self.person is not None:
            return translate("MainWindow", "No photos of {person}.").format(person=self.person)
        if self.smart != "all":
            return translate("MainWindow", "No photos in “{list}”.").format(list=smart_label(self.smart))
        return translate("MainWindow", "No photos yet.\nAdd a folder of photos: File → Add photo folder… (Ctrl+O).")

    def reload_counts(self) -> None:
        """Re-read the sidebar's counts. Asked for after every caption change: while one reload
        runs, further asks make one more after it, not one each (five reads each, then the layout)."""
        if self._counts_task is not None and not self._counts_task.done():
            self._counts_again = True
            return
        self._counts_task = self.ctx.spawn(self._reload_counts_until_current(), name="reload counts")

    async def _reload_counts_until_current(self) -> None:
        while True:
            self._counts_again = False
            await self._reload_counts()
            if not self._counts_again:
                return

    async def _reload_counts(self) -> None:
        smart = await self.ctx.aread(queries.smart_counts)
        roots = await self.ctx.aread(queries.root_paths)
        folders = await self.ctx.aread(queries.folder_counts)
        places, people = await grounding_ops.sidebar_counts(self)
        self._sidebar_rebuilding = True  # rows are replaced: the highlight must not wander meanwhile
        try:
            rebuilt = self.sidebar_model.set_counts(smart, roots, folders)
            rebuilt = grounding_ops.update_sidebar(self, places, people) or rebuilt
            if rebuilt:  # new rows start folded; unchanged ones keep how the user left them
                self.sidebar.expandAll()
        finally:
            self._sidebar_rebuilding = False
        if rebuilt:
            self._keep_sidebar_item()

    def _keep_sidebar_item(self) -> None:
        """Highlight the scope's item again after a refresh; if it is gone, show All photos."""
        key = self.scope_key()
        idx = find_key(self.sidebar_model, key)
        if idx is None:
            log.info("%s is no longer in the library: showing all photos", key[1])
            idx = self.sidebar_model.smart_index("all")
        if self.sidebar.currentIndex() != idx:
            self.sidebar.setCurrentIndex(idx)  # same scope: no reload; a vanished one: All photos

    def refresh_photos(self, ids: list[int]) -> None:
        """Some photos changed in the DB: re-read their cells, the detail pane and the counts."""
        self.model.refresh(self.group_ops.tiles_of(ids))
        if self.current_id() in ids or self.current_id() in self.group_ops.tiles_of(ids):
            self._load_current_detail()
        self.reload_counts()
        embed = self.services.get("embed")
        if embed is not None:
            embed.wake()  # changed captions need new meaning vectors

    def _on_count(self, n: int) -> None:
        photos = len(self.group_ops.expand(self.model.ids())) if self.group_ops.tiles else n
        if photos == n:
            text = (translate("MainWindow", "%Ln found", None, photos) if self.search_text
                    else translate("MainWindow", "%Ln photo(s)", None, photos))
        elif self.search_text:
            text = translate("MainWindow", "{photos} found in %Ln tile(s)", None, n).format(photos=number(photos))
        else:
            text = translate("MainWindow", "{photos} photos in %Ln tile(s)", None, n).format(photos=number(photos))
        self.count_label.setText(text)

    def _on_search_text(self, _text: str) -> None:
        self._search_typing = True
        self._search_timer.start()

    def _on_search_enter(self) -> None:
        """Enter: search by meaning too (it may ask the embedding host), then go to the results."""
        self._search_timer.stop()
        self._search_typing = False
        self.reload_ids()
        self.grid.setFocus()

    # -- folders ----------------------------------------------------------------------------
    def add_folder_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415

        folder = QFileDialog.getExistingDirectory(self, translate("MainWindow", "Choose a photo folder"),
                                                  os.path.expanduser("~"))
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder: str) -> None:
        self.ctx.spawn(self._index([folder]), name="index folder")

    def rescan(self) -> None:
        self.ctx.spawn(self._index(None), name="rescan")

    async def _index(self, folders: list[str] | None) -> None:
        self.status.say(translate("MainWindow", "Looking for photos…"))
        await self.services_ready.wait()  # services attach right after the first paint
        lib = self.services.get("library")
        if lib is None:
            log.warning("Indexing is not available in this build.")
            return
        lib.on_progress = lambda p: self.status.say(
            translate("MainWindow", "Looking for photos… {done} of {total}").format(done=number(p.done),
                                                                                    total=number(p.total))
            if p.total else translate("MainWindow", "Looking for photos… {done}").format(done=number(p.done)))
        lib.on_batch = self._batch_timer.start
        try:
            summary = await lib.index(folders)
        except Exception as exc:  # noqa: BLE001
            log.error("Indexing failed: %s", exc)
            self.status.say(translate("MainWindow", "Indexing failed: {error}").format(error=exc))
            return
        self.status.say(summary or translate("MainWindow", "Library up to date"))
        self.reload_counts()
        self.reload_ids()
