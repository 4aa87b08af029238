"""The sidebar: smart lists (All, Uncaptioned, To review, ...) and the library's folders as a tree.

A ``QStandardItemModel`` is enough here: a few hundred folders at most, rebuilt from two count
queries that run on the reader thread. Each item carries ``(kind, key)`` in ``KEY_ROLE``.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from app.ui.emoji_text import shown_name
from app.ui.i18n import number
from app.ui.queries import SMART_LISTS

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2

# The smart lists' names as the window shows them (``queries.SMART_LISTS`` holds their SQL).
SMART_LABELS = {
    "all": QT_TRANSLATE_NOOP("SidebarModel", "All photos"),
    "uncaptioned": QT_TRANSLATE_NOOP("SidebarModel", "Uncaptioned"),
    "review": QT_TRANSLATE_NOOP("SidebarModel", "To review"),
    "approved": QT_TRANSLATE_NOOP("SidebarModel", "Approved"),
    "written": QT_TRANSLATE_NOOP("SidebarModel", "In file"),
    "failed": QT_TRANSLATE_NOOP("SidebarModel", "Failed"),
    "flagged": QT_TRANSLATE_NOOP("SidebarModel", "Flagged"),
    "duplicates": QT_TRANSLATE_NOOP("SidebarModel", "Duplicates"),
    "conflict": QT_TRANSLATE_NOOP("SidebarModel", "Changed elsewhere"),
}


def smart_label(key: str) -> str:
    """A smart list's name in the window's language."""
    return QCoreApplication.translate("SidebarModel", SMART_LABELS.get(key) or SMART_LISTS.get(key, (key,))[0])


def _label(name: str, count: int) -> str:
    return f"{name}  ({number(count)})"


def folder_tree(roots: list[str], counts: dict[str, int]) -> dict[str, dict]:
    """``{root: {"count": n, "children": {name: {...}}}}`` with sub-folder counts summed up."""
    tree: dict[str, dict] = {}
    for root in roots:
        node = {"count": 0, "path": root, "children": {}}
        tree[root] = node
        prefix = root.rstrip(os.sep) + os.sep
        for folder, n in counts.items():
            if folder != root and not folder.startswith(prefix):
                continue
            node["count"] += n
            rel = "" if folder == root else folder[len(prefix):]
            cur = node
            path = root.rstrip(os.sep)
            for part in [p for p in rel.split(os.sep) if p]:
                path = path + os.sep + part
                cur = cur["children"].setdefault(part, {"count": 0, "path": path, "children": {}})
                cur["count"] += n
    return tree


class SidebarModel(QStandardItemModel):
    """Two sections: Library (smart lists) and Folders."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001 - Qt parent
        super().__init__(parent)
        self.setHorizontalHeaderLabels([self.tr("Library")])
        self._smart = QStandardItem(self.tr("Library"))
        self._smart.setSelectable(False)
        self._smart.setEditable(False)
        self._folders = QStandardItem(self.tr("Folders"))
        self._folders.setSelectable(False)
        self._folders.setEditable(False)
        self.appendRow(self._smart)
        self.appendRow(self._folders)
        self._smart_items: dict[str, QStandardItem] = {}
        self._folders_sig: tuple | None = None
        for key in SMART_LISTS:
            item = QStandardItem(smart_label(key))
            item.setEditable(False)
            item.setData(("smart", key), KEY_ROLE)
            item.setData(0, COUNT_ROLE)
            self._smart.appendRow(item)
            self._smart_items[key] = item

    def smart_index(self, key: str):  # noqa: ANN201 - QModelIndex
        return self._smart_items[key].index()

    def set_counts(self, smart: dict[str, int], roots: list[str], folders: dict[str, int]) -> bool:
        """Show new counts; returns whether the folder rows were made anew (the caller expands them).

        Called after every change of a caption: an item whose count did not change is left alone,
        and the folder tree is rebuilt only when the folders or their counts changed (each rebuild
        lays the whole sidebar out again on the window's thread)."""
        for key, item in self._smart_items.items():
            n = smart.get(key, 0)
            text = _label(smart_label(key), n)
            if item.text() != text or item.data(COUNT_ROLE) != n:
                item.setData(n, COUNT_ROLE)
                item.setText(text)
        sig = (tuple(roots), tuple(sorted(folders.items())))
        if sig == self._folders_sig:
            return False
        self._folders_sig = sig
        self._folders.removeRows(0, self._folders.rowCount())
        for root, node in folder_tree(roots, folders).items():
            self._folders.appendRow(self._folder_item(root, node, top=True))
        return True

    def _folder_item(self, name: str, node: dict, *, top: bool = False) -> QStandardItem:
        label = name if top else name
        item = QStandardItem(_label(shown_name(os.path.basename(label.rstrip(os.sep)) or label), node["count"]))
        item.setToolTip(node["path"])
        item.setEditable(False)
        item.setData(("folder", node["path"]), KEY_ROLE)
        item.setData(node["count"], COUNT_ROLE)
        for child_name in sorted(node["children"], key=str.lower):
            item.appendRow(self._folder_item(child_name, node["children"][child_name]))
        return item
