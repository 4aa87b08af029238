"""Bursts and duplicates in the window: stacked tiles, expand with a key, split/merge/pick.

With stacking on (View → Stack bursts and duplicates, Ctrl+Shift+G) a group shows as one tile, its
best frame, with a count badge; X expands or collapses the current tile's group. Any action on a
stacked tile acts on every member the tile stands for (``expand``): approving, rejecting, editing
and captioning the group at once, each member keeping its own history. A change to any member
repaints its tile (``tiles_of``), and the tile's state badge sums up the whole group. Splitting,
merging and picking the best frame are in the Photo menu.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence

log = logging.getLogger("albumwise.ui")
translate = QCoreApplication.translate


def group_rows(db: Any, ids: list[int]) -> dict[int, tuple[int, int | None, float]]:
    """Reader thread: photo id → (group id, picked best frame, sharpness) for grouped photos among ``ids``.

    One query over the grouped photos only (an index), whatever the number of ids: a library of
    100,000 photos with few groups costs a few milliseconds before the grid fills."""
    wanted = set(ids)
    return {pid: (gid, best, sharp or 0.0) for pid, gid, best, sharp in db.execute(
        "SELECT p.id, p.group_id, g.best_photo_id, s.sharpness FROM photos p "
        "JOIN photo_groups g ON g.id = p.group_id LEFT JOIN photo_signatures s ON s.photo_id = p.id "
        "WHERE p.group_id IS NOT NULL").fetchall() if pid in wanted}


def stack(ids: list[int], rows: dict[int, tuple[int, int | None, float]], expanded: set[int]
          ) -> tuple[list[int], dict[int, list[int]]]:
    """One tile per group (at the place of its first member, showing its best frame); no Qt, testable.

    Returns (tile ids, tile id → member ids it stands for)."""
    members: dict[int, list[int]] = {}
    for pid in ids:
        r = rows.get(pid)
        if r is not None and r[0] not in expanded:
            members.setdefault(r[0], []).append(pid)
    best: dict[int, int] = {}
    for gid, mids in members.items():
        picked = rows[mids[0]][1]
        best[gid] = picked if picked in mids else max(mids, key=lambda m: (rows[m][2], -m))
    out: list[int] = []
    tiles: dict[int, list[int]] = {}
    placed: set[int] = set()
    for pid in ids:
        r = rows.get(pid)
        if r is None or r[0] in expanded:
            out.append(pid)
        elif r[0] not in placed:
            placed.add(r[0])
            tiles[best[r[0]]] = members[r[0]]
            out.append(best[r[0]])
    return out, tiles


class GroupOps:
    """Owns the stacking state and the group actions of one window."""

    def __init__(self, win: Any) -> None:
        self.win = win
        self.stacked = True
        self.expanded: set[int] = set()  # group ids shown frame by frame
        self.tiles: dict[int, list[int]] = {}  # tile id -> the member ids it stands for
        self._tile_of: dict[int, int] = {}  # member id -> its tile id
        self._groups_of: dict[int, int] = {}
        a = self._action("stack_groups", translate("MainWindow", "S&tack bursts and duplicates"), self.toggle_stack,
                         "Ctrl+Shift+G")
        a.setCheckable(True)
        a.setChecked(True)
        self._action("expand_group", translate("MainWindow", "E&xpand or collapse group"), self.toggle_expand, "X",
                     grid_only=True)
        self._action("split_group", translate("MainWindow", "Split from &group"), self.split)
        self._action("merge_group", translate("MainWindow", "&Merge into one group"), self.merge)
        self._action("pick_best", translate("MainWindow", "Use as the group's &best frame"), self.pick_best)
        self._add_to_menus()

    # -- setup ------------------------------------------------------------------------------
    def _action(self, name: str, text: str, slot: Any, shortcut: str | None = None, *, grid_only: bool = False
                ) -> QAction:
        a = QAction(text, self.win)
        a.setObjectName(name)
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
            if grid_only:
                a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.win.grid.addAction(a)
            else:
                self.win.addAction(a)
        a.triggered.connect(lambda _=False: slot())
        self.win.actions_by_name[name] = a
        return a

    def _add_to_menus(self) -> None:
        menus = {m.title(): m for m in (a.menu() for a in self.win.menuBar().actions()) if m}
        for title, names in ((translate("MainWindow", "&View"), ("stack_groups", "expand_group")),
                             (translate("MainWindow", "&Photo"), ("split_group", "merge_group", "pick_best"))):
            menu = menus.get(title)
            if menu is None:
                continue
            menu.addSeparator()
            for n in names:
                menu.addAction(self.win.actions_by_name[n])

    # -- the grid's ids ---------------------------------------------------------------------
    async def apply(self, ids: list[int]) -> list[int]:
        """The ids to show: stacked per group when stacking is on."""
        try:
            rows = await self.win.ctx.aread(group_rows, ids) if ids else {}
        except Exception as exc:  # noqa: BLE001 - an old database without groups: show every photo
            log.debug("groups: %s", exc)
            rows = {}
        self._groups_of = {pid: r[0] for pid, r in rows.items()}
        if not self.stacked:
            self.tiles, self._tile_of = {}, {}
            return ids
        out, tiles = stack(ids, rows, self.expanded)
        self.tiles = {t: m for t, m in tiles.items() if len(m) > 1}
        self._tile_of = {m: t for t, members in self.tiles.items() for m in members}
        return out

    def tile_for(self, photo_id: int) -> int:
        """The tile that shows this photo (itself when it is not stacked away)."""
        return self._tile_of.get(photo_id, photo_id)

    def tiles_of(self, ids: list[int]) -> list[int]:
        """``ids`` plus the tiles standing for any of them (their badges sum up the members)."""
        return list(dict.fromkeys([*ids, *(self._tile_of[i] for i in ids if i in self._tile_of)]))

    def expand(self, ids: list[int]) -> list[int]:
        """Tile ids → every member they stand for (other ids unchanged), once each."""
        out: list[int] = []
        for pid in ids:
            out += self.tiles.get(pid, [pid])
        return list(dict.fromkeys(out))

    # -- actions ----------------------------------------------------------------------------
    def toggle_stack(self) -> None:
        self.stacked = self.win.action("stack_groups").isChecked()
        self.win.reload_ids()

    def toggle_expand(self) -> None:
        pid = self.win.current_id()
        gid = self._groups_of.get(pid) if pid is not None else None
        if gid is None:
            self.win.status.say(translate("MainWindow", "This photo is not in a group"))
            return
        if gid in self.expanded:
            self.expanded.discard(gid)
        else:
            self.expanded.add(gid)
        self.win.reload_ids()

    def _shown_selection(self) -> list[int]:
        """The selected photos as shown (a stacked tile is its best frame, not its group)."""
        rows = sorted(i.row() for i in self.win.grid.selectionModel().selectedIndexes())
        ids = [i for i in (self.win.model.id_at(r) for r in rows) if i is not None]
        current = self.win.current_id()
        return ids or ([current] if current is not None else [])

    def _run(self, label: str, fn: Any, *args: Any) -> None:
        async def go() -> None:
            await self.win.ctx.write(fn, *args)
            self.win.reload_ids()
            self.win.reload_counts()

        self.win.run_op(label, go())

    def split(self) -> None:
        from app.library import groups  # noqa: PLC0415

        ids = [i for i in self._shown_selection() if i in self._groups_of]  # a tile: just its shown frame
        if ids:
            for gid in {self._groups_of[i] for i in ids}:
                self.expanded.add(gid)  # show what is left of the group frame by frame
            self._run(translate("MainWindow", "Split from group"), groups.split, ids)

    def merge(self) -> None:
        from app.library import groups  # noqa: PLC0415

        ids = self.win.selected_ids()
        if len(ids) < 2:
            self.win.status.say(translate("MainWindow", "Select at least two photos to merge into one group"))
            return
        self._run(translate("MainWindow", "Merge into one group"), groups.merge, ids)

    def pick_best(self) -> None:
        from app.library import groups  # noqa: PLC0415

        pid = self.win.current_id()
        if pid is not None and pid in self._groups_of:
            self._run(translate("MainWindow", "Best frame"), groups.pick_best, pid)

    async def edit(self, photo_id: int, text: str, keywords: list[str], alt_text: str | None = None,
                   translations: dict[str, Any] | None = None) -> None:
        """Save an edit on a tile: every member the tile stands for gets it (each in its own history)."""
        for pid in self.expand([photo_id]):
            await self.win._review().edit(pid, text, keywords, alt_text, translations)


async def start_intake(ctx: Any, ids: list[int], params: dict[str, Any], priority: int = 0,
                       if_still_missing: list[int] | tuple[()] = ()) -> Any:
    """The caption bridge's hook: photos on their way into the queue, one job per group, queued photo
    by photo while the run goes (``app.captioning.intake``: thumbnails and hashes are made alongside,
    on a CPU thread; the DB work goes through the owner). The caller runs it."""
    from app.services import captioning as capsvc  # noqa: PLC0415
    from app.services.library import thumb_dir  # noqa: PLC0415

    owner = await ctx.get_owner()
    return capsvc.intake(owner, ids, params, priority=priority,
                         every_frame=bool(getattr(ctx.settings, "caption_every_frame", False)), settings=ctx.settings,
                         thumb_dir=thumb_dir(ctx.paths, ctx.settings), if_still_missing=if_still_missing,
                         scoped=False)
