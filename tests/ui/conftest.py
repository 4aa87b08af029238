"""GUI test fixtures: a qasync loop on the pytest-qt QApplication, and an open main window."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.ui.helpers import make_library, run


@pytest.hookimpl(trylast=True)  # after pytest-qt has chosen its Qt API
def pytest_configure(config: Any) -> None:
    """Create the QApplication at collection time: a test elsewhere that runs first may otherwise
    create a bare QGuiApplication (e.g. rendering icons), and widgets cannot live in that."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        QApplication(["pytest"])
    from app.ui import i18n

    i18n.install(QApplication.instance())  # English with its plural forms ("1 photo", "2 photos")
    # Compile pytest-qt's model tester now, while no app threads run: CPython 3.11's AST recursion
    # counter is shared between threads (gh-106905), and a compile racing the DB-open thread can
    # fail with "SystemError: AST constructor recursion depth mismatch".
    import pytestqt.modeltest  # noqa: F401


@pytest.fixture
def qloop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync event loop over the test QApplication (set as the current loop)."""
    from app.ui.event_loop import QtEventLoop

    loop = QtEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        try:
            pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
            for t in pending:
                t.cancel()
            if pending:
                loop.run_until_complete(asyncio.wait(pending, timeout=5))
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()
            asyncio.set_event_loop(None)


@pytest.fixture
def library(tmp_path: Path, corpus_dir: Path, isolated_home: Path) -> dict[str, Any]:
    from app.config import app_paths

    paths = app_paths().ensure()
    ids = make_library(corpus_dir, tmp_path / "photos", paths.db_path)
    return {"paths": paths, "ids": ids, "root": tmp_path / "photos"}


@pytest.fixture
def ollama() -> Iterator[Any]:
    """The Ollama-protocol double, streaming slowly enough to watch the words arrive."""
    from tests.doubles.ollama_double import OllamaDouble

    with OllamaDouble(token_delay=0.02) as d:
        yield d


@pytest.fixture
def settings_for_double(library: dict[str, Any], ollama: Any) -> Any:
    from app.config import HostConfig, Settings, save_settings

    s = Settings(hosts=[HostConfig(url=ollama.url, concurrency=1)], model="llava:latest")
    save_settings(library["paths"], s)
    return s


@pytest.fixture
def window(qloop: asyncio.AbstractEventLoop, library: dict[str, Any], qtbot: Any) -> Iterator[Any]:
    """The real main window on a real library DB (captioning host checks off)."""
    from app.ui.app import make_qapp, open_window, shutdown

    make_qapp()

    async def _open() -> Any:
        return await open_window(None, library["paths"], check_hosts=False)

    ctx, win = run(_open())
    qtbot.addWidget(win)
    win.library = library
    yield win
    run(shutdown(ctx, win))
