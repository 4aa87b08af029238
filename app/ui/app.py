"""Start the desktop app: QApplication + qasync loop, the main window, and a clean shutdown.

Python 3.11: ``asyncio.Runner(loop_factory=QtEventLoop)`` makes Qt's event loop the asyncio
loop. The app never uses asyncio's default executor (its own pools live in ``AppContext``), keeps
references to its tasks, and quits through an ``asyncio.Event`` set when the window closes (not
``QApplication.quit``, which would stop the loop under a running coroutine).
On the way out the caption queue is paused (it resumes at the next start), background tasks are
cancelled and awaited, and each thread closes what it opened.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import logging.handlers
import os
import sys
import traceback
from types import TracebackType
from typing import Any

from app.config import AppPaths, app_paths
from app.core import priority

log = logging.getLogger("albumwise.ui")


def _setup_logging(paths: AppPaths) -> Any:
    from app.ui.widgets.log_panel import QtLogHandler  # noqa: PLC0415

    handler = QtLogHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    try:
        paths.log_dir.mkdir(parents=True, exist_ok=True)
        fh = logging.handlers.RotatingFileHandler(paths.log_dir / "albumwise.log", maxBytes=2_000_000, backupCount=3,
                                                  encoding="utf-8")
        fh.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(fh)
    except OSError:
        pass
    return handler


def _excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Unexpected errors go to the log panel and the log file; the app keeps running."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log.error("Unexpected error: %s: %s", exc_type.__name__, exc)
    logging.getLogger("albumwise.trace").debug("".join(traceback.format_exception(exc_type, exc, tb)))


def make_qapp(argv: list[str] | None = None) -> Any:
    """The QApplication with name, icon, style and high-DPI settings (idempotent)."""
    from PySide6.QtCore import Qt  # noqa: PLC0415
    from PySide6.QtGui import QGuiApplication, QIcon  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from app.resources import resource_path  # noqa: PLC0415

    app = QApplication.instance()
    if app is None:
        from app.ui.memory import limit_arenas, map_big_blocks  # noqa: PLC0415

        limit_arenas()  # before the app's threads start: a long day must not grow the heap (memory.py)
        map_big_blocks()  # decoded pictures leave no holes in the heap
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv or sys.argv[:1])
    app.setApplicationName("Albumwise")
    app.setOrganizationName("Albumwise")
    app.setDesktopFileName("albumwise")
    app.setQuitOnLastWindowClosed(False)  # we quit through the window's closing signal
    app.setStyle("Fusion")  # Fusion follows the platform's light/dark palette (Qt ≥ 6.5)
    svg = resource_path("icons", "albumwise.svg")
    if svg.exists():
        app.setWindowIcon(QIcon(str(svg)))
    install_language(app)  # before any window exists: every text is translated when it is made
    return app


def install_translation(app: Any, locale: Any = None, folder: str | None = None) -> bool:
    """Load ``resources/i18n/albumwise_<lang>.qm`` for ``locale`` (the system's by default; ``pt_BR``
    falls back to ``pt``); without one the interface stays in English (``app.ui.i18n``)."""
    from app.ui import i18n  # noqa: PLC0415

    return i18n.install_translation(app, locale, folder)


def install_language(app: Any) -> str:
    """The window's language from ``ALBUMWISE_LANGUAGE``, the setting or the system (``app.ui.i18n``)."""
    from app.config import load_settings  # noqa: PLC0415
    from app.ui import i18n  # noqa: PLC0415

    return i18n.install(app, load_settings(app_paths()).ui_language)


def tune_for_ui() -> None:
    """Keep the main thread responsive (measured by tests/bench/bench_gui.py).

    - ``gc.freeze()``: the objects alive after startup (modules, Qt wrappers) are never garbage;
      moving them out of the collected generations turns 60 ms full collections into a few ms;
    - fewer young collections (threshold 10,000): the grid allocates small row dicts while scrolling;
    - a 0.5 ms GIL switch interval: worker threads (thumbnails, the reader) hand the GIL back to the
      main thread sooner, so a paint never waits ~5 ms per switch behind them;
    - background threads (preparing photos for the model, grouping, the caption checks, embeddings)
      at a lower CPU priority, so the main thread gets a core as soon as it wakes.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)
    sys.setswitchinterval(0.0005)
    priority.use_in_this_process()


async def open_window(args: Any, paths: AppPaths, log_handler: Any = None, *, check_hosts: bool = True,
                      defer_services: bool = False) -> tuple[Any, Any]:
    """Build the context and the window, show it, and start the first loads.

    ``defer_services``: attach captioning/search/indexing (whose imports take ~0.3 s) only once the
    first photos are on screen, so the window paints sooner (the app does this; tests need not).
    """
    from app.ui.context import AppContext  # noqa: PLC0415
    from app.ui.main_window import MainWindow  # noqa: PLC0415
    from app.ui.wiring import attach_services  # noqa: PLC0415

    ctx = AppContext(paths)
    window = MainWindow(ctx, log_handler=log_handler)
    window.show()
    window.start()
    if defer_services:
        async def later() -> None:
            await window.first_load.wait()
            await asyncio.sleep(0.05)  # let the grid paint first
            attach_services(window, check_hosts=check_hosts)
            tune_for_ui()

        ctx.spawn(later(), name="attach services")
    else:
        attach_services(window, check_hosts=check_hosts)
    return ctx, window


async def shutdown(ctx: Any, window: Any) -> None:
    """Pause the queue (persisted), cancel tasks, stop workers, close the database."""
    cap = window.services.get("captioning")
    if cap is not None:
        try:
            await asyncio.wait_for(cap.shutdown(), timeout=15)
        except Exception as exc:  # noqa: BLE001 - closing anyway
            log.warning("stopping the caption queue: %s", exc)
    await ctx.cancel_tasks()
    for name in ("embed", "review", "search", "library"):
        service = window.services.get(name)
        if service is not None and hasattr(service, "close"):
            await asyncio.get_running_loop().run_in_executor(ctx.cpu, service.close)
    window.thumbs.shutdown()
    await asyncio.get_running_loop().run_in_executor(ctx.cpu, lambda: None)
    ctx.close()


def stop_on_signals(closed: asyncio.Event) -> Any:
    """SIGTERM/SIGINT (a logout, ``kill``, Ctrl+C in the terminal) close the window the normal way, so
    the caption queue hands its running photos back before the process ends.

    Python runs signal handlers only when it gets control, and Qt may sit in its C++ event loop for
    long; a small timer gives Python that chance twice a second. Returns the timer (kept alive)."""
    import signal  # noqa: PLC0415

    from PySide6.QtCore import QTimer  # noqa: PLC0415

    loop = asyncio.get_running_loop()

    def handle(signum: int, _frame: Any) -> None:
        log.warning("stopped by %s: closing the window", signal.Signals(signum).name)
        loop.call_soon_threadsafe(closed.set)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, handle)
    wake = QTimer()
    wake.setInterval(500)
    wake.timeout.connect(lambda: None)
    wake.start()
    closed._wake_timer = wake  # type: ignore[attr-defined]  # lives as long as the event
    return wake


async def _main(args: Any, paths: AppPaths, handler: Any) -> int:
    from app.ui import queries  # noqa: PLC0415

    ctx, window = await open_window(args, paths, handler, defer_services=True)
    closed = asyncio.Event()
    window.closing.connect(closed.set)
    stop_on_signals(closed)
    folder = getattr(args, "folder", None)
    roots = await ctx.aread(queries.root_paths)
    if folder:
        window.add_folder(os.path.abspath(folder))
    elif not roots:
        from app.ui.dialogs.first_run import FirstRunDialog  # noqa: PLC0415

        dlg = FirstRunDialog(ctx, window)
        dlg.folderChosen.connect(window.add_folder)
        dlg.open()
    await closed.wait()
    await shutdown(ctx, window)
    return 0


def run(args: Any) -> int:
    """``albumwise gui [FOLDER]`` and bare ``albumwise``: open the window; returns the exit code."""
    from app.ui.event_loop import QtEventLoop  # noqa: PLC0415

    paths = app_paths(getattr(args, "db", None)).ensure()
    make_qapp()
    handler = _setup_logging(paths)
    sys.excepthook = _excepthook
    with asyncio.Runner(loop_factory=QtEventLoop) as runner:
        return runner.run(_main(args, paths, handler))


def main() -> int:
    """The ``albumwise-gui`` script."""
    import argparse  # noqa: PLC0415

    parser = argparse.ArgumentParser(prog="albumwise-gui")
    parser.add_argument("--db")
    parser.add_argument("folder", nargs="?")
    return run(parser.parse_args())


if __name__ == "__main__":
    raise SystemExit(main())
