"""Albumwise: local, private captions for a personal photo library."""

from app.core import lean_imports as _lean_imports

__version__ = "0.3.0"

_lean_imports.install()  # before any heavy import: numpy only where used, one BLAS thread
