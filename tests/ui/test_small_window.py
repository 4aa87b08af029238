"""The window works at 800×560 with nothing
cut off, the preview scales, buttons stay put between portrait and landscape photos, the sidebar
folds, the first-run text is never clipped, and grid names keep their underscores."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QLabel, QStyle, QStyleOptionViewItem, QWidget

from tests.ui.helpers import run, until

pytestmark = pytest.mark.gui


def _settle(window, w, h):
    window.resize(w, h)
    for _ in range(5):
        QApplication.processEvents()


def _inside(widget: QWidget, outer: QWidget) -> bool:
    """The widget is fully within ``outer``'s visible rectangle."""
    top_left = widget.mapTo(outer, QPoint(0, 0))
    return outer.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("size", [(800, 560), (1024, 700)])
def test_nothing_cut_off_in_small_windows(window, size):
    window.show()
    pid = window.library["ids"][0]

    async def load():
        await until(lambda: window.model.rowCount() == 3)
        window.select_id(pid)
        await until(lambda: window.detail.photo_id == pid and window.detail.preview._pixmap is not None, timeout=15)

    run(load())
    _settle(window, *size)
    assert (window.width(), window.height()) == size  # nothing forces the window to grow
    d = window.detail
    assert not d.scroll.horizontalScrollBar().isVisible()
    viewport = d.scroll.viewport()
    for b in (d.save_btn, d.approve_btn, d.next_btn, d.reject_btn):
        assert _inside(b, viewport), f"{b.text()} is cut off or needs scrolling"
        assert b.width() >= b.minimumSizeHint().width(), f"{b.text()} squeezed"
    shown = d.preview.shown_rect()  # the preview is scaled into its box, not cropped
    assert not shown.isEmpty() and d.preview.rect().contains(shown)
    assert d.preview.width() <= viewport.width()
    assert window.grid.width() >= 200  # at least one column of photos
    if size[0] < 1000:
        assert window.splitter.sizes()[0] == 0  # the sidebar folds itself away in a narrow window


def test_sidebar_folds_and_comes_back(window):
    window.show()
    _settle(window, 1400, 860)
    assert window.splitter.sizes()[0] > 0
    window.action("toggle_sidebar").trigger()
    QApplication.processEvents()
    assert window.splitter.sizes()[0] == 0 and not window.action("toggle_sidebar").isChecked()
    window.action("toggle_sidebar").trigger()
    QApplication.processEvents()
    assert window.splitter.sizes()[0] > 0 and window.action("toggle_sidebar").isChecked()


def test_buttons_stay_put_between_portrait_and_landscape(window):
    window.show()
    _settle(window, 1400, 860)
    d = window.detail
    d.show_photo({"id": 1, "filename": "x.jpg", "caption": "A caption", "caption_state": "draft"})
    positions = []
    for w, h in ((1200, 800), (600, 1200)):
        pm = QPixmap(w, h)
        pm.fill(QColor("teal"))
        d.set_preview(1, pm)
        QApplication.processEvents()
        positions.append(d.approve_btn.mapTo(d, QPoint(0, 0)))
        shown = d.preview.shown_rect()
        assert abs(shown.width() / shown.height() - w / h) < 0.02  # aspect kept, scaled to fit
    assert positions[0] == positions[1]


def test_first_run_text_is_never_clipped(qloop, library, ollama, qtbot):
    from app.config import HostConfig, Settings
    from app.ui.context import AppContext
    from app.ui.dialogs.first_run import FirstRunDialog

    ctx = AppContext(library["paths"], Settings(hosts=[HostConfig(url=ollama.url)]))
    try:
        dlg = FirstRunDialog(ctx)
        qtbot.addWidget(dlg)
        dlg.show()
        run(until(lambda: dlg.checks_done, timeout=20))
        for _ in range(5):
            QApplication.processEvents()
        assert dlg.host_row.ok is True and dlg.model_pick.isVisible()  # "Ollama found": the long case
        labels = [lab for lab in dlg.findChildren(QLabel) if lab.isVisible() and lab.text()]
        for lab in labels:
            assert _inside(lab, dlg), lab.text()[:60]
            if lab.wordWrap():
                assert lab.height() >= lab.heightForWidth(lab.width()), lab.text()[:60]
        step1 = next(lab for lab in labels if lab.text().startswith("<b>1."))
        field_top = dlg.folder.mapTo(dlg, QPoint(0, 0)).y()
        assert step1.mapTo(dlg, QPoint(0, 0)).y() + step1.height() <= field_top  # not behind the folder field
        assert _inside(dlg.model_pick, dlg)
    finally:
        ctx.close()


def _paint_cell(name: str, *, dpr: float, selected: bool = False, focus: bool = False) -> QImage:
    from app.ui.delegate import CELL, PhotoDelegate

    model = QStandardItemModel()
    model.appendRow(QStandardItem(name))
    img = QImage(int(CELL.width() * dpr), int(CELL.height() * dpr), QImage.Format.Format_RGB32)
    img.setDevicePixelRatio(dpr)
    img.fill(QColor("white"))
    opt = QStyleOptionViewItem()
    opt.rect = QRect(0, 0, CELL.width(), CELL.height())
    pal = QPalette()
    pal.setColor(QPalette.ColorRole.Text, QColor("black"))
    pal.setColor(QPalette.ColorRole.Highlight, QColor("#3daee9"))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    opt.palette = pal
    font = QFont()
    font.setPointSizeF(10)
    opt.font = font
    if selected:
        opt.state |= QStyle.StateFlag.State_Selected
    if focus:
        opt.state |= QStyle.StateFlag.State_HasFocus
    p = QPainter(img)
    PhotoDelegate().paint(p, opt, model.index(0, 0))
    p.end()
    return img


def _dark(img: QImage, top: int) -> int:
    return sum(1 for y in range(top, img.height()) for x in range(img.width())
               if QColor(img.pixel(x, y)).lightness() < 160)


@pytest.mark.parametrize("dpr", [1.0, 1.25, 1.5])
def test_underscores_are_drawn_in_grid_names(dpr):
    from app.ui.delegate import THUMB

    name = "a_b__c_d.jpg"
    img = _paint_cell(name, dpr=dpr)
    # reference: the same text drawn where the cell draws it, with nothing that could clip it
    ref = QImage(img.size(), QImage.Format.Format_RGB32)
    ref.setDevicePixelRatio(dpr)
    ref.fill(QColor("white"))
    p = QPainter(ref)
    font = QFont()
    font.setPointSizeF(10)
    p.setFont(font)
    p.setPen(QColor("black"))
    fm = p.fontMetrics()
    p.drawText(QPoint(8, 4 + 4 + (THUMB - 28) + 4 + fm.ascent()), name)
    p.end()
    top = int((THUMB - 28) * dpr)
    assert _dark(img, top) >= _dark(ref, top) * 0.95


def test_focus_ring_shows_on_a_selected_cell():
    img = _paint_cell("x.jpg", dpr=1.0, selected=True, focus=True)
    ring = QColor(img.pixel(4, 60))  # the cell's left edge (rect adjusted by 4)
    fill = QColor(img.pixel(20, 180))
    assert ring.rgb() != fill.rgb()
