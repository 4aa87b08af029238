"""Window parts for grounding: the sidebar's Places tree and People list, the names highlighter
of the caption editor, and the folder context dialog.

Selecting a place or a person shows its photos like a folder does: the place's path in the tree
(country, region, city) or the person's name, matched exactly; the search box narrows it further.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
    QTextEdit, QVBoxLayout, QWidget,
)

from app.ui.i18n import number
from app.ui.models.sidebar_model import COUNT_ROLE, KEY_ROLE

translate = QCoreApplication.translate
# the sections' keys; their titles are translated when shown
PLACES, PEOPLE = QT_TRANSLATE_NOOP("SidebarModel", "Places"), QT_TRANSLATE_NOOP("SidebarModel", "People")


def _section(model: QStandardItemModel, title: str) -> QStandardItem:
    for row in range(model.rowCount()):
        item = model.item(row)
        if item is not None and item.data(KEY_ROLE) == ("section", title):
            return item
    item = QStandardItem(translate("SidebarModel", title))
    item.setSelectable(False)
    item.setEditable(False)
    item.setData(("section", title), KEY_ROLE)
    model.appendRow(item)
    return item


def _leaf(text: str, count: int, key: tuple[str, str], tip: str = "") -> QStandardItem:
    item = QStandardItem(f"{text}  ({number(count)})")
    item.setEditable(False)
    item.setData(key, KEY_ROLE)
    item.setData(count, COUNT_ROLE)
    if tip:
        item.setToolTip(tip)
    return item


PlaceKey = tuple[str, "str | None", "str | None"]


def place_key(country: str, region: str | None = None, city: str | None = None) -> PlaceKey:
    """A place of the tree as a path: (country, None, None) for a country, (country, region, None)
    for a region, (country, region or "", city) for a city ("" where the photos name no region).
    ``queries.photo_ids`` matches each level exactly, never a part of a name."""
    return (country, region, city)


def update_sidebar(model: QStandardItemModel, places: list[tuple[str, str, str, int]],
                   people: list[tuple[str, int]]) -> bool:
    """Rebuild the Places (country → region → city) and People sections with their counts; returns
    whether they were rebuilt. Unchanged data leaves the items alone (no flicker, nothing to
    re-highlight, no layout)."""
    sig = (tuple(places), tuple(people))
    if getattr(model, "_grounding_sig", None) == sig:
        return False
    model._grounding_sig = sig  # type: ignore[attr-defined]
    sec = _section(model, PLACES)
    sec.removeRows(0, sec.rowCount())
    tree: dict[str, dict[str, dict[str, int]]] = {}
    for country, region, city, n in places:
        tree.setdefault(country, {}).setdefault(region, {})
        tree[country][region][city] = tree[country][region].get(city, 0) + n
    for country in sorted(tree, key=str.casefold):
        regions = tree[country]
        c_item = _leaf(country, sum(sum(c.values()) for c in regions.values()), ("place", place_key(country)))
        for region in sorted(regions, key=str.casefold):
            cities = regions[region]
            parent = c_item
            if region:
                parent = _leaf(region, sum(cities.values()), ("place", place_key(country, region)),
                               f"{region}, {country}")
                c_item.appendRow(parent)
            for city in sorted(cities, key=str.casefold):
                if city:
                    where = ", ".join(p for p in (city, region, country) if p)
                    parent.appendRow(_leaf(city, cities[city], ("place", place_key(country, region, city)), where))
        sec.appendRow(c_item)
    sec = _section(model, PEOPLE)
    sec.removeRows(0, sec.rowCount())
    for name, n in people:
        sec.appendRow(_leaf(name, n, ("person", name)))
    return True


class NamesHighlighter:
    """Marks the caption's ungrounded names (no context, file text or vocabulary holds them).

    Extra selections on the editor, set when the photo is shown (their cursors follow later edits).
    Nothing here is called back by Qt: a ``QSyntaxHighlighter`` override, or a slot on the editor's
    ``textChanged``, runs while the editor is being destroyed and crashed the window on close."""

    def __init__(self, editor: Any) -> None:
        self.editor = editor
        self._names: list[str] = []
        self.fmt = QTextCharFormat()
        self.fmt.setBackground(QColor("#ffe0b2"))
        self.fmt.setForeground(QColor("#bf360c"))
        self.fmt.setFontUnderline(True)
        self.fmt.setToolTip(translate("NamesHighlighter",
                                      "Not in this photo's context, file or vocabulary: check this name"))

    def set_names(self, names: list[str]) -> None:
        self._names = list(names)
        self.apply()

    def ranges(self) -> list[tuple[int, int]]:
        text = self.editor.toPlainText()
        return [(m.start(), m.end()) for name in self._names for m in re.finditer(re.escape(name), text)]

    def apply(self) -> None:
        sels = []
        for start, end in self.ranges():
            sel = QTextEdit.ExtraSelection()
            cur = QTextCursor(self.editor.document())
            cur.setPosition(start)
            cur.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cur
            sel.format = self.fmt
            sels.append(sel)
        self.editor.setExtraSelections(sels)


class ContextDialog(QDialog):
    """Folder → Context…: event, place, people, notes and a keyword vocabulary for a folder."""

    def __init__(self, folder: str, current: dict[str, Any], inherited: dict[str, Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Folder context"))
        self.folder = folder
        self.vocabulary_path: str | None = None
        self.vocabulary_terms: list[dict[str, Any]] | None = None
        self.clear_vocabulary = False
        form = QFormLayout()
        self.event = QLineEdit(current.get("event") or "")
        self.place = QLineEdit(current.get("place") or "")
        self.people = QLineEdit(", ".join(current.get("people") or []))
        self.notes = QPlainTextEdit(current.get("notes") or "")
        self.notes.setMaximumHeight(80)
        for w, key, hint in ((self.event, "event", self.tr("e.g. Anna & Ben's wedding")),
                             (self.place, "place", self.tr("e.g. Florence, Tuscany, Italy")),
                             (self.people, "people", self.tr("names, separated by commas"))):
            inh = inherited.get(key)
            w.setPlaceholderText(self.tr("inherited: {value}").format(
                value=", ".join(inh) if isinstance(inh, list) else inh) if inh else hint)
        form.addRow(self.tr("Event:"), self.event)
        form.addRow(self.tr("Place:"), self.place)
        form.addRow(self.tr("People:"), self.people)
        form.addRow(self.tr("Notes:"), self.notes)
        self.vocab_label = QLabel(self.tr("%Ln keyword(s)", "", int(current.get("vocabulary_terms") or 0)))
        self.vocab_label.setWordWrap(True)
        pick = QPushButton(self.tr("Import keyword list…"))
        pick.clicked.connect(self._pick)
        clear = QPushButton(self.tr("Clear"))
        clear.clicked.connect(self._clear_vocab)
        row = QHBoxLayout()
        row.addWidget(self.vocab_label)
        row.addWidget(pick)
        row.addWidget(clear)
        form.addRow(self.tr("Vocabulary:"), row)
        info = QLabel(self.tr("Applies to {folder} and its sub-folders. Drafts written before a change are marked "
                              "“old context”; regenerate them when you like.").format(folder=folder))
        info.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(info)
        lay.addLayout(form)
        lay.addWidget(buttons)

    def _pick(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Keyword list"), "",
                                              self.tr("Keyword lists (*.txt);;All files (*)"))
        if path:
            self.load_vocabulary(path)

    def load_vocabulary(self, path: str) -> None:
        """Read the list now, so what was taken (and what was not, and why) shows before OK."""
        from app.facts import vocabulary_file  # noqa: PLC0415

        try:
            report = vocabulary_file.read(path)
        except (OSError, vocabulary_file.VocabularyError) as exc:
            self.vocabulary_path, self.vocabulary_terms = None, None
            self.vocab_label.setText(self.tr("Not imported: {error}").format(
                error=getattr(exc, "strerror", None) or exc))
            return
        self.vocabulary_path, self.vocabulary_terms, self.clear_vocabulary = path, report.terms, False
        self.vocab_label.setText(report.summary())
        self.vocab_label.setToolTip("\n".join(report.examples))

    def _clear_vocab(self) -> None:
        self.vocabulary_path, self.vocabulary_terms, self.clear_vocabulary = None, None, True
        self.vocab_label.setText(self.tr("no vocabulary"))

    def values(self) -> dict[str, Any]:
        """Keyword arguments for ``context.set_context`` ("" clears a field)."""
        out: dict[str, Any] = {"event": self.event.text(), "place": self.place.text(), "people": self.people.text(),
                               "notes": self.notes.toPlainText()}
        if self.vocabulary_path and self.vocabulary_terms is not None:
            out["vocabulary"] = self.vocabulary_terms
        elif self.clear_vocabulary:
            out["vocabulary"] = []
        return out


class SettingsRows:
    """Settings → Writing: place names into files (off by default), keywords outside a vocabulary."""

    OUTSIDE = [("keep", QT_TRANSLATE_NOOP("SettingsDialog", "keep them")),
               ("flag", QT_TRANSLATE_NOOP("SettingsDialog", "keep them, flagged")),
               ("drop", QT_TRANSLATE_NOOP("SettingsDialog", "leave them out"))]

    def __init__(self, settings: Any, form: QFormLayout) -> None:
        from PySide6.QtWidgets import QCheckBox, QComboBox  # noqa: PLC0415

        self.place_names = QCheckBox(translate("SettingsDialog",
                                               "Also write resolved place names into empty location fields (MWG)"))
        self.place_names.setChecked(bool(getattr(settings, "write_place_names", False)))
        self.outside = QComboBox()
        for key, label in self.OUTSIDE:
            self.outside.addItem(translate("SettingsDialog", label), key)
        self.outside.setCurrentIndex(max(0, self.outside.findData(getattr(settings, "vocabulary_outside", "keep"))))
        form.addRow("", self.place_names)
        form.addRow(translate("SettingsDialog", "Keywords outside a folder's vocabulary:"), self.outside)

    def apply(self, settings: Any) -> None:
        settings.write_place_names = self.place_names.isChecked()
        settings.vocabulary_outside = self.outside.currentData()
