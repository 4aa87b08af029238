"""The grid's model: only the ids of the current query, rows fetched in pages off the main thread.

Anki's ``DataModel`` shape: ``set_ids`` is O(n) on plain ints; ``data()`` answers from an LRU cache
of small row dicts and, on a miss, asks the reader thread for the whole page around that row. When
the page arrives (through a queued signal) the model emits ``dataChanged`` for it. Thumbnails come
from a ``ThumbnailLoader`` the same way. Nothing here blocks on SQLite or a file.
"""

from __future__ import annotations

from collections import OrderedDict
from concurrent.futures import Future
from typing import Any, Callable

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from app.core.jsontext import json_list
from app.ui import queries
from app.ui.emoji_text import shown_name

Reader = Callable[..., "Future[Any]"]  # reader(fn, *args) runs fn(db, *args) on the reader thread
Index = QModelIndex | QPersistentModelIndex

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
STATE_ROLE = Qt.ItemDataRole.UserRole + 3
CAPTION_ROLE = Qt.ItemDataRole.UserRole + 4
PATH_ROLE = Qt.ItemDataRole.UserRole + 5
FLAGS_ROLE = Qt.ItemDataRole.UserRole + 6
GROUP_ROLE = Qt.ItemDataRole.UserRole + 7  # photos in the photo's group (0: in none)
MATCH_ROLE = Qt.ItemDataRole.UserRole + 8  # how a search found the photo: "words" | "meaning" | "both"
# what a grid cell draws, in one call: (state, caption, flagged, name, match, share); ``share`` is
# "k/n" on a stacked tile whose members are not all in ``state`` (else "")
CELL_ROLE = Qt.ItemDataRole.UserRole + 9
STACK_ROLE = Qt.ItemDataRole.UserRole + 10  # (state, share) of a stacked tile's whole group

# Which state a mixed stack shows: the one that needs the person first.
ATTENTION = ("running", "error", "failed", "conflict", "draft", "none", "rejected", "approved", "written")


class _Relay(QObject):
    """Carries results from worker threads to the main thread (queued connection)."""

    page = Signal(int, int, object, bool)  # generation, read number, {id: row}, drop live overrides of those ids


def first_line(text: str | None, limit: int = 160) -> str:
    """The caption's first line, trimmed; what a grid cell has room for."""
    if not text:
        return ""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line[:limit]


def row_state(row: dict[str, Any]) -> str:
    return "error" if row.get("state") == "error" else (row.get("caption_state") or "none")


def stack_state(row: dict[str, Any]) -> tuple[str, str]:
    """(state, share) for a tile that stands for its whole group: the state that needs the person
    first, and "k/n" when only k of the n members are in it (a stack of drafts and written frames
    is not "In file")."""
    own = row_state(row)
    states = [s for s in str(row.get("group_states") or "").split(",") if s]
    if own == "running" or len(states) < 2:
        return own, ""
    rank = {s: i for i, s in enumerate(ATTENTION)}
    first = min(states, key=lambda s: rank.get(s, len(ATTENTION)))
    k = states.count(first)
    return first, ("" if k == len(states) else f"{k}/{len(states)}")


class PhotoListModel(QAbstractListModel):
    """A list of photo ids; row data arrives lazily in pages of ``PAGE`` rows."""

    PAGE = 200
    countChanged = Signal(int)

    def __init__(self, reader: Reader, *, thumbs: Any = None, cache_size: int = 6000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reader = reader
        self._thumbs = thumbs
        self._ids: list[int] = []
        self._row_of: dict[int, int] | None = None
        self._cache: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self._cache_size = cache_size
        self._pending: set[int] = set()  # page numbers requested for this generation
        self._gen = 0
        # Reads run on a pool and may finish in any order: each carries the number it was asked
        # with, and a row read earlier than the one a photo shows is dropped (an old page arriving
        # after a refresh would otherwise show a photo as it was before the write).
        self._asked = 0  # number of the last read asked for
        self._shown: dict[int, int] = {}  # photo id -> number of the read its cached row came from
        self._floor = 0  # reads asked before the last full refresh carry nothing new
        self._overrides: dict[int, dict[str, Any]] = {}  # live changes (streaming text) over DB rows
        self.matches: dict[int, str] = {}  # set with each search result (empty when not searching)
        self.stacked: set[int] = set()  # tiles that stand for a whole group (set with the ids)
        self._relay = _Relay(self)
        self._relay.page.connect(self._on_page)
        if thumbs is not None:
            thumbs.ready.connect(self._on_thumb)

    # -- Qt API -----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        pid = self._ids[index.row()]
        if role == ID_ROLE:
            return pid
        if role == MATCH_ROLE:
            return self.matches.get(pid)
        row = self._row(index.row(), pid)
        if role == ROW_ROLE:
            return row
        if row is None:
            return None
        if role == CELL_ROLE:  # one call per painted cell instead of five (painting is the hot path)
            state, share = stack_state(row) if pid in self.stacked else (row_state(row), "")
            return (state, first_line(row.get("caption")), bool(json_list(row.get("caption_flags"))),
                    shown_name(row.get("filename") or ""), self.matches.get(pid), share)
        if role == Qt.ItemDataRole.DisplayRole:
            return shown_name(row.get("filename") or "")
        if role == Qt.ItemDataRole.ToolTipRole:
            line = first_line(row.get("caption"))
            return f"{row.get('path')}\n{line}" if line else row.get("path")
        if role == STATE_ROLE:
            return stack_state(row)[0] if pid in self.stacked else row_state(row)
        if role == STACK_ROLE:
            return stack_state(row) if pid in self.stacked else (row_state(row), "")
        if role == CAPTION_ROLE:
            return first_line(row.get("caption"))
        if role == PATH_ROLE:
            return row.get("path")
        if role == FLAGS_ROLE:
            return json_list(row.get("caption_flags"))
        if role == GROUP_ROLE:
            return int(row.get("group_size") or 0) if row.get("group_id") is not None else 0
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbs.pixmap(row) if self._thumbs is not None else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    # -- our API ----------------------------------------------------------------------------
    def set_ids(self, ids: list[int], stacked: set[int] | None = None) -> None:
        """Show these photos (a new query result); cached rows stay valid, they are keyed by id.
        ``stacked``: the ids that stand for a whole group (their state sums up the group's)."""
        self.beginResetModel()
        self._ids = list(ids)
        self.stacked = set(stacked or ())
        self._row_of = None
        self._gen += 1
        self._pending.clear()
        self.endResetModel()
        self.countChanged.emit(len(self._ids))

    def ids(self) -> list[int]:
        return self._ids

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, photo_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {pid: i for i, pid in enumerate(self._ids)}
        return self._row_of.get(photo_id)

    def cached_row(self, photo_id: int) -> dict[str, Any] | None:
        row = self._cache.get(photo_id)
        if row is not None and photo_id in self._overrides:
            return {**row, **self._overrides[photo_id]}
        return row

    def set_override(self, photo_id: int, **values: Any) -> None:
        """Show live values (e.g. the caption streaming in) until the row is re-read."""
        self._overrides.setdefault(photo_id, {}).update(values)
        self._changed(photo_id)

    def refresh(self, photo_ids: list[int] | None = None) -> None:
        """Re-read these rows (all cached rows when None) after the DB changed."""
        if photo_ids is None:
            self._cache.clear()
            self._shown.clear()
            self._floor = self._asked + 1
            self._overrides.clear()
            self._gen += 1
            self._pending.clear()
            if self._ids:
                self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1))
            return
        ids = [i for i in photo_ids if self.row_of(i) is not None]
        if not ids:
            return
        self._read(ids, True)

    # -- paging -----------------------------------------------------------------------------
    def _row(self, row: int, pid: int) -> dict[str, Any] | None:
        cached = self._cache.get(pid)
        if cached is not None:
            self._cache.move_to_end(pid)
            over = self._overrides.get(pid)
            return {**cached, **over} if over else cached
        page = row // self.PAGE
        if page not in self._pending:
            self._pending.add(page)
            self._read(self._ids[page * self.PAGE : (page + 1) * self.PAGE])
        return None

    def _read(self, ids: list[int], drop_overrides: bool = False) -> None:
        self._asked += 1
        gen, seq = self._gen, self._asked
        self._reader(queries.grid_rows, ids).add_done_callback(lambda f: self._deliver(gen, seq, f, drop_overrides))

    def _deliver(self, gen: int, seq: int, fut: "Future[Any]", drop_overrides: bool = False) -> None:
        """Worker thread: hand the rows to the main thread."""
        if fut.cancelled() or fut.exception() is not None:
            return
        try:
            self._relay.page.emit(gen, seq, fut.result(), drop_overrides)
        except RuntimeError:  # the model was deleted while the query ran
            pass

    def _on_page(self, gen: int, seq: int, rows: dict[int, dict[str, Any]], drop_overrides: bool) -> None:
        applied: list[int] = []
        for pid, row in rows.items():
            if seq < self._floor or seq < self._shown.get(pid, 0):
                continue  # asked before a full refresh, or a newer read of this photo arrived first
            applied.append(pid)
            self._shown[pid] = seq
            if drop_overrides:
                self._overrides.pop(pid, None)
            self._cache[pid] = row
            self._cache.move_to_end(pid)
        while len(self._cache) > self._cache_size:
            self._shown.pop(self._cache.popitem(last=False)[0], None)
        positions = sorted(r for r in (self.row_of(pid) for pid in rows) if r is not None)
        if gen == self._gen:  # the page is cached now; if evicted later, it may be asked for again
            self._pending.difference_update({r // self.PAGE for r in positions})
        if positions:
            self.dataChanged.emit(self.index(positions[0]), self.index(positions[-1]))

    def _changed(self, photo_id: int) -> None:
        r = self.row_of(photo_id)
        if r is not None:
            idx = self.index(r)
            self.dataChanged.emit(idx, idx)

    def _on_thumb(self, photo_id: int) -> None:
        self._changed(photo_id)
