"""Shared fixtures: an isolated app home per test, copies of the test photos, a fresh database.

The session-wide isolation (temporary HOME and XDG folders, OLLAMA_HOST on a closed port, the network
guard) is set up by tests/session_env.py, imported here before any test runs.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.session_env import (  # noqa: E402,F401  (re-exported for the tests)
    CLOSED_URL,
    CORPUS,
    DATA,
    EXTENDED,
    NETLOG,
    REPO,
    cleanup,
    corpus_manifest,
)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A connection the guard refused fails the run, even if the test that made it passed."""
    if NETLOG.exists() and NETLOG.read_text(encoding="utf-8").strip():
        session.config.pluginmanager.get_plugin("terminalreporter").write_line(
            "network guard: the suite tried to reach services it did not start:\n"
            + NETLOG.read_text(encoding="utf-8"), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config: pytest.Config) -> None:
    from tests.exiftool_cli import close_all

    close_all()
    cleanup()


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own ALBUMWISE_HOME so nothing touches the user's real files."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ALBUMWISE_HOME", str(home))
    monkeypatch.delenv("ALBUMWISE_DB", raising=False)
    monkeypatch.delenv("ALBUMWISE_CACHE", raising=False)
    monkeypatch.setenv("OLLAMA_HOST", CLOSED_URL)
    return home


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The core test photos (read-only: copy before writing)."""
    return CORPUS


@pytest.fixture
def corpus_copy(tmp_path: Path, corpus_dir: Path) -> Path:
    """A private, writable copy of the core test photos (never write into the originals)."""
    dest = tmp_path / "library"
    shutil.copytree(corpus_dir, dest, symlinks=False)
    for p in dest.rglob("*"):
        if p.is_file():
            p.chmod(0o644)
        elif p.is_dir():
            p.chmod(0o755)
    return dest


@pytest.fixture
def db():
    """A fresh, migrated in-memory library database."""
    from app.store import db as dbmod

    database = dbmod.memory()
    yield database
    database.conn.close()


@pytest.fixture
def ollama_double():
    """A running Ollama-protocol double on 127.0.0.1 (see tests/doubles/ollama_double.py)."""
    from tests.doubles.ollama_double import OllamaDouble

    double = OllamaDouble().start()
    yield double
    double.stop()


@pytest.fixture
def openai_double():
    """A running OpenAI-compatible double (``/v1`` only, like vLLM or llama.cpp server)."""
    from tests.doubles.ollama_double import OpenAIDouble

    double = OpenAIDouble().start()
    yield double
    double.stop()
