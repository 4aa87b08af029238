"""Which backend serves a host: the one place that knows the concrete classes (the protocol and its
data types are ``app.captioning.backend``, which the backends import)."""

from __future__ import annotations

import importlib
import threading
from typing import Iterable

from app.captioning.backend import Backend

_MODULES = {"ollama": "app.captioning.ollama_backend", "openai": "app.captioning.openai_backend"}


def make_backend(url: str, kind: str = "ollama", headers: dict[str, str] | None = None) -> Backend:
    """A backend for one host; ``kind`` is ``ollama`` or ``openai``. The clients (ollama, httpx) are
    imported here, on first use, so commands that never talk to a server do not load them."""
    if kind == "openai":
        from app.captioning.openai_backend import OpenAIBackend  # noqa: PLC0415

        return OpenAIBackend(url, headers=headers)
    from app.captioning.ollama_backend import OllamaBackend  # noqa: PLC0415

    return OllamaBackend(url, headers=headers)


def load_soon(kinds: Iterable[str]) -> None:
    """Import the clients for ``kinds`` on a thread of their own, now. Why: the ollama client (pydantic
    models) takes ~0.35 s to import, and a caption run otherwise starts it only once the photos are
    picked and the first one prepared; those steps mostly wait on SQLite and image decoding, which
    leave the interpreter free, so the import overlaps them and the first request goes out sooner.
    ``make_backend`` later finds the module loaded (or waits for the import already under way)."""
    names = sorted({_MODULES.get(k, _MODULES["ollama"]) for k in kinds})
    if names:
        threading.Thread(target=_import_all, args=(names,), name="backend-import", daemon=True).start()


def _import_all(names: list[str]) -> None:
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - make_backend imports it again and reports the error there
            return
