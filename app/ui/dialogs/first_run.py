"""First run: choose a photo folder, then check exiftool and Ollama and say what is missing."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.ui.checks import check_exiftool, check_host


def recommended(model: str) -> str:
    return QCoreApplication.translate("FirstRunDialog", "{model}  (recommended)").format(model=model)


def is_suggested(model: str) -> bool:
    from app.captioning.models import SUGGESTED_PULL, base_name  # noqa: PLC0415

    return base_name(model) == SUGGESTED_PULL


def recommended_order(models: list[str]) -> list[str]:
    """Installed vision models, the one the documentation recommends (qwen2.5vl) first, then the
    others in the app's preference order; the first is preselected."""
    from app.captioning.models import PREFERENCE, base_name  # noqa: PLC0415

    def rank(m: str) -> tuple[int, int]:
        pref = PREFERENCE.index(base_name(m)) if base_name(m) in PREFERENCE else len(PREFERENCE)
        return (0 if is_suggested(m) else 1, pref)

    return sorted(models, key=rank)


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


class CheckRow(QWidget):
    """One check: a status mark, a headline, and how to fix it (selectable, so commands can be copied)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mark = QLabel("…")  # then a drawn check mark or cross
        self.mark.setFixedWidth(24)
        self.mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.text = QLabel(self.tr("<b>{title}</b>: checking…").format(title=title))
        self.text.setWordWrap(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.text.setMinimumWidth(200)
        self.fix = QLabel()
        self.fix.setWordWrap(True)
        self.fix.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.fix.setMinimumWidth(200)
        self.fix.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fix.hide()
        self.title = title
        col = QVBoxLayout()
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.text)
        col.addWidget(self.fix)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 4, 0, 4)
        row.addWidget(self.mark)
        row.addLayout(col, 1)
        self.ok: bool | None = None

    def set_result(self, ok: bool, headline: str, fix: str = "") -> None:
        self.ok = ok
        from app.ui.glyphs import mark_pixmap  # noqa: PLC0415

        self.mark.setPixmap(mark_pixmap(ok, 18, self.devicePixelRatioF()))
        self.mark.setAccessibleName(self.tr("OK") if ok else self.tr("Problem"))
        self.text.setText(self.tr("<b>{title}</b>: {result}").format(title=self.title, result=headline))
        self.fix.setText(self.tr("How to fix: {fix}").format(fix=fix) if fix else "")
        self.fix.setVisible(bool(fix))


class FirstRunDialog(QDialog):
    """Welcome: pick the photo folder; see at a glance whether writing and captioning will work."""

    folderChosen = Signal(str)

    def __init__(self, ctx: Any, parent: QWidget | None = None, *, auto_check: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Welcome to Albumwise"))
        self.setMinimumWidth(640)
        # Separate plain labels (not one rich-text block): a word-wrapped label whose height was
        # computed for another width ran behind the folder field below it.
        heading = QLabel(self.tr("<h2>Welcome to Albumwise</h2>"))
        intro = _wrapped(self.tr("Albumwise writes a caption and keywords for each of your photos with a vision model "
                                 "that runs on your own computer. You review every caption before it is saved into the "
                                 "photo."))
        step1 = _wrapped(self.tr("<b>1. Choose the folder where your photos are.</b> Albumwise reads it; it changes a "
                                 "file only when you approve a caption."))
        self.folder = QLineEdit(os.path.expanduser("~/Pictures") if os.path.isdir(os.path.expanduser("~/Pictures")) else "")
        self.folder.setPlaceholderText(self.tr("Photo folder"))
        self.folder.setAccessibleName(self.tr("Photo folder"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        frow = QHBoxLayout()
        frow.addWidget(self.folder, 1)
        frow.addWidget(browse)
        checks_title = _wrapped(self.tr("<b>2. What Albumwise found on this computer:</b>"))
        self.exif_row = CheckRow(self.tr("Writing into files"))
        self.host_row = CheckRow(self.tr("Captioning"))
        self.model_pick = QComboBox()
        self.model_pick.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model_pick.setMinimumContentsLength(20)
        self.model_pick.setAccessibleName(self.tr("Vision model"))
        self.model_pick.hide()
        note = QLabel(self.tr("Browsing, search and review work without Ollama; captioning needs it."))
        note.setWordWrap(True)
        self.recheck = QPushButton(self.tr("Check again"))
        self.recheck.clicked.connect(self.run_checks)
        buttons = QDialogButtonBox()
        self.start_btn = buttons.addButton(self.tr("Open my photos"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Later"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(intro)
        lay.addSpacing(6)
        lay.addWidget(step1)
        lay.addLayout(frow)
        lay.addSpacing(6)
        lay.addWidget(checks_title)
        lay.addWidget(self.exif_row)
        lay.addWidget(self.host_row)
        self.model_label = QLabel(self.tr("Model to use for captions:"))
        self.model_label.hide()
        lay.addWidget(self.model_label)
        lay.addWidget(self.model_pick)
        lay.addWidget(note)
        lay.addWidget(self.recheck, 0, Qt.AlignmentFlag.AlignLeft)
        from app.ui.dialogs.raw_app import RawAppQuestion  # noqa: PLC0415 - asked once

        self.raw_app = RawAppQuestion(ctx.settings)
        lay.addWidget(self.raw_app)
        lay.addWidget(buttons)
        self.checks_done = False
        if auto_check:
            self.run_checks()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose your photo folder"),
                                                  self.folder.text() or os.path.expanduser("~"))
        if folder:
            self.folder.setText(folder)

    def run_checks(self) -> None:
        self.checks_done = False
        self.ctx.spawn(self._checks(), name="first-run checks")

    async def _checks(self) -> None:
        from app.captioning.hosts import resolve_hosts  # noqa: PLC0415

        ok, headline, fix = await check_exiftool(self.ctx.cpu, self.ctx.paths, self.ctx.settings)
        self.exif_row.set_result(ok, headline, fix)
        host = resolve_hosts(self.ctx.settings)[0]
        ok, headline, fix, models = await check_host(host, self.ctx.settings.model)
        self.host_row.set_result(ok, headline, fix)
        self.model_pick.clear()
        if models:
            ranked = recommended_order(models)
            for name in ranked:
                self.model_pick.addItem(recommended(name) if name == ranked[0] and is_suggested(name) else name, name)
            chosen = self.ctx.settings.model if self.ctx.settings.model in models else ranked[0]
            self.model_pick.setCurrentIndex(max(0, self.model_pick.findData(chosen)))
            self.model_pick.show()
            self.model_label.show()
        else:
            self.model_pick.hide()
            self.model_label.hide()
        self.checks_done = True
        self._fit_height()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._fit_height()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        """Tall enough for every wrapped line at the current width (a dialog's layout sizes itself
        from the labels' one-line hints, which clipped the welcome text)."""
        lay = self.layout()
        need = lay.totalHeightForWidth(self.width()) if lay.hasHeightForWidth() else lay.totalSizeHint().height()
        if need > 0 and self.minimumHeight() != need:
            self.setMinimumHeight(need)
            if self.height() < need:
                self.resize(self.width(), need)
    def _accept(self) -> None:
        folder = self.folder.text().strip()
        if not self.model_pick.isHidden() and self.model_pick.currentData():
            self.ctx.settings.model = self.model_pick.currentData()
        self.raw_app.apply(self.ctx.settings)
        self.ctx.save_settings()
        if folder and os.path.isdir(folder):
            self.folderChosen.emit(os.path.abspath(folder))
            self.accept()
        else:
            self.folder.setFocus()
            self.folder.setPlaceholderText(self.tr("Choose an existing folder first"))
