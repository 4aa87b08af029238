"""The desktop app (PySide6 + qasync): the only package that imports Qt."""

from app.ui.qtfix import pin_singletons

pin_singletons()  # before any Qt call: see app/ui/qtfix.py
