"""Compare before a big run: caption a few photos with two models or two styles side by side, then
keep the winner as the default. Nothing is stored in the library; this is a try-out."""

from __future__ import annotations

import html
import os
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.fspath import from_row
from app.ui.dialogs.style_names import style_name


class CompareDialog(QDialog):
    def __init__(self, ctx: Any, photo_ids: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.captioning import prompts  # noqa: PLC0415

        self.ctx = ctx
        self.selected = len(photo_ids)
        self.photo_ids = photo_ids[:4]
        self.setWindowTitle(self.tr("Compare models or styles"))
        self.resize(980, 640)
        self.sides: list[tuple[QComboBox, QComboBox, QTextBrowser]] = []
        grid = QGridLayout()
        for col, name in enumerate(("A", "B")):
            model = QComboBox()
            model.setEditable(True)
            model.setAccessibleName(self.tr("Model {side}").format(side=name))
            model.addItem(ctx.settings.model or "", ctx.settings.model or "")
            style = QComboBox()
            style.setAccessibleName(self.tr("Style {side}").format(side=name))
            for s in prompts.STYLES:
                style.addItem(style_name(s), s)
            style.setCurrentIndex(max(0, style.findData(ctx.settings.style)) if col == 0 else min(1, style.count() - 1))
            out = QTextBrowser()
            keep = QPushButton(self.tr("Use {side} as my default").format(side=name))
            keep.setAutoDefault(False)  # Enter runs the comparison; keeping a winner is a deliberate click
            keep.clicked.connect(lambda _=False, m=model, s=style: self.keep(m.currentText().strip(), s.currentData()))
            row = QHBoxLayout()
            row.addWidget(QLabel(self.tr("<b>{side}</b> model:").format(side=name)))
            row.addWidget(model, 1)
            row.addWidget(QLabel(self.tr("style:")))
            row.addWidget(style)
            grid.addLayout(row, 0, col)
            grid.addWidget(out, 1, col)
            grid.addWidget(keep, 2, col)
            self.sides.append((model, style, out))
        n = len(self.photo_ids)
        if self.selected > n:
            intro = self.tr("Trying two models or styles on the first {shown} of the %Ln selected photos. Pick them "
                            "and press Run both.", "", self.selected).format(shown=n)
        else:
            intro = self.tr("Trying two models or styles on the %Ln selected photo(s). Pick them and press Run both.",
                            "", n)
        self.status = QLabel(intro)
        self.status.setWordWrap(True)
        self.thumbs = QHBoxLayout()
        self.thumb_labels: list[QLabel] = []
        for _pid in self.photo_ids:
            lab = QLabel()
            lab.setFixedSize(96, 96)
            lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lab.setStyleSheet("background: palette(midlight);")
            self.thumb_labels.append(lab)
            self.thumbs.addWidget(lab)
        self.thumbs.addStretch(1)
        run = QPushButton(self.tr("Run both"))
        run.setDefault(True)
        run.clicked.connect(self.run)
        self.run_btn = run
        lay = QVBoxLayout(self)
        lay.addWidget(self.status)
        lay.addLayout(self.thumbs)
        lay.addLayout(grid, 1)
        lay.addWidget(run)
        self._tasks = [ctx.spawn(self._fill_models(), name="compare models"),
                       ctx.spawn(self._load_thumbs(), name="compare thumbnails")]

    async def _load_thumbs(self) -> None:
        """Small pictures of the photos being compared (decoded off the main thread)."""
        import asyncio  # noqa: PLC0415

        from app.ui import queries  # noqa: PLC0415
        from app.ui.images import decode_preview  # noqa: PLC0415

        loop = asyncio.get_running_loop()
        for pid, lab in zip(self.photo_ids, self.thumb_labels):
            photo = await self.ctx.aread(queries.photo_detail, pid)
            if not photo:
                continue
            lab.setToolTip(photo.get("filename") or "")
            try:
                image = await loop.run_in_executor(self.ctx.cpu, decode_preview, photo["path"], 96)
            except Exception:  # noqa: BLE001 - unreadable: the name is enough
                lab.setText("?")
                continue
            lab.setPixmap(QPixmap.fromImage(image))

    async def _fill_models(self) -> None:
        from app.captioning.hosts import resolve_hosts  # noqa: PLC0415
        from app.services import captioning as capsvc  # noqa: PLC0415

        try:
            models = [m.name for m in await capsvc.list_models(resolve_hosts(self.ctx.settings)[0]) if m.vision is not False]
        except Exception as exc:  # noqa: BLE001
            self.status.setText(self.tr("Could not list models: {error}").format(error=exc))
            return
        for i, (combo, _s, _o) in enumerate(self.sides):
            current = combo.currentText()
            for m in models:
                if combo.findText(m) < 0:
                    combo.addItem(m, m)
            if not current and models:
                combo.setCurrentIndex(combo.findText(models[min(i, len(models) - 1)]))

    def run(self) -> None:
        self._tasks.append(self.ctx.spawn(self._run(), name="compare run"))

    def closeEvent(self, event: Any) -> None:
        for t in self._tasks:  # closed mid-run: stop asking (the dialog is deleted on close)
            t.cancel()
        super().closeEvent(event)

    async def _run(self) -> None:
        from app.captioning import prompts  # noqa: PLC0415
        from app.captioning.hosts import resolve_hosts  # noqa: PLC0415
        from app.captioning.pipeline import RunConfig  # noqa: PLC0415
        from app.services import captioning as capsvc  # noqa: PLC0415
        from app.ui import queries  # noqa: PLC0415

        host = resolve_hosts(self.ctx.settings)[0]
        photos = [await self.ctx.aread(queries.photo_detail, pid) for pid in self.photo_ids]
        for _m, _s, out in self.sides:
            out.clear()
        for n, photo in enumerate(p for p in photos if p):
            for model_box, style_box, out in self.sides:
                style = style_box.currentData() or "caption"
                cfg = RunConfig.from_settings(self.ctx.settings, model=model_box.currentText().strip() or None)
                cfg.prompt_templates = {"caption": prompts.load_template(style, self.ctx.settings.prompt_templates)}
                self.status.setText(self.tr("Photo {number} of {count}: {name} …").format(
                    number=n + 1, count=len(photos), name=os.path.basename(photo["path"])))
                out.append(f"<p><b>{html.escape(photo['filename'])}</b><br>")
                try:
                    res = await capsvc.ask(host, from_row(photo), "", cfg, photo=photo,
                                           on_token=lambda t, o=out: o.insertPlainText(t))
                    out.append("<small>" + self.tr("{tokens} tokens, {model}").format(
                        tokens=res.metrics.get("eval_count", ""), model=html.escape(res.model or "")) + "</small></p>")
                except Exception as exc:  # noqa: BLE001
                    out.append(f"<span style='color:#c62828'>{html.escape(str(exc))}</span></p>")
        self.status.setText(self.tr("Done. Keep the one you like as your default."))
        from app.ui.memory import trim_soon  # noqa: PLC0415

        trim_soon(self.ctx)

    def keep(self, model: str, style: str) -> None:
        self.ctx.settings.model = model
        self.ctx.settings.style = style or self.ctx.settings.style
        self.ctx.save_settings()
        self.status.setText(self.tr("Saved: new captions will use {model} with the “{style}” style.").format(
            model=model or self.tr("the default model"), style=style_name(style or self.ctx.settings.style)))
