"""What every Albumwise process sets up before its first heavy import (``app/__init__.py`` calls ``install``).

numpy is used for small work only (a query vector against the vectors in memory, a 9×8 image hash,
a GPS lookup), yet importing it cost every command 50–150 ms and started one BLAS thread per core
that spins after each product. Two things keep it where it is used, and small:

- ``OPENBLAS_NUM_THREADS`` defaults to 1 (numpy's wheels use OpenBLAS; a user's own setting wins).
  Set before numpy loads, since OpenBLAS reads it once, and inherited by the pool workers.
- sqlite-utils imports numpy when it loads (``sqlite_utils/db.py``), only to know numpy's scalar
  types when it creates columns from inserted values. Albumwise never does that: every table comes
  from the SQL migrations and rows are written with SQL. So ``sqlite_utils.db`` is loaded with numpy
  hidden (its ``import numpy`` fails and sqlite-utils goes on without those types), unless numpy is
  loaded already or another thread could be importing it at that moment (then it loads as usual).
- sqlite-utils also imports ``dateutil.parser`` (and with it ``dateutil.tz``), only for a date
  recipe Albumwise never calls: it is loaded lazily, run on first use of one of its names.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing, threading and importlib.util load when used: `albumwise --version` loads this
if TYPE_CHECKING:
    import importlib.machinery
    from types import ModuleType
    from typing import Any, Sequence

BLAS_THREADS = "1"
_HIDE_NUMPY_FROM = "sqlite_utils.db"
#: Modules run when first used rather than when imported (``importlib.util.LazyLoader``).
_LOAD_ON_USE = frozenset({"dateutil.parser"})


class _LoaderWithoutNumpy:
    """Runs another loader's module with ``numpy`` marked unimportable (``sys.modules[...] = None``)."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def __getattr__(self, name: str) -> Any:  # get_source, get_filename, ...: the real loader's
        return getattr(self.loader, name)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        import threading

        if "numpy" in sys.modules or threading.active_count() > 1:
            self.loader.exec_module(module)
            return
        sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` raises ImportError
        try:
            self.loader.exec_module(module)
        finally:
            if sys.modules.get("numpy", 0) is None:
                del sys.modules["numpy"]


class _Finder:
    def find_spec(self, name: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if name != _HIDE_NUMPY_FROM and name not in _LOAD_ON_USE:
            return None
        import importlib.machinery
        import importlib.util

        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or spec.loader is None:
            return None
        if name in _LOAD_ON_USE:
            spec.loader = importlib.util.LazyLoader(spec.loader)
        else:
            spec.loader = _LoaderWithoutNumpy(spec.loader)
        return spec


def install() -> None:
    """Idempotent; called once per process by ``app/__init__.py``."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", BLAS_THREADS)
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
