"""Shared fixtures: an isolated app home per test, copies of the shared corpus, a fresh database."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
CORPUS = (REPO.parent / "shared" / "corpus").resolve()


def corpus_manifest() -> list[dict[str, str]]:
    with open(CORPUS / "manifest.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own PHOTOSCRIBE_HOME so nothing touches the user's real files."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PHOTOSCRIBE_HOME", str(home))
    monkeypatch.delenv("PHOTOSCRIBE_DB", raising=False)
    monkeypatch.delenv("PHOTOSCRIBE_CACHE", raising=False)
    monkeypatch.delenv("OLLAMA_HOST", raising=False)
    return home


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture
def corpus_copy(tmp_path: Path, corpus_dir: Path) -> Path:
    """A private, writable copy of the whole corpus (never write into the shared one)."""
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
