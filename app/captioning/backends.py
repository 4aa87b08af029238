"""Which backend serves a host: the one place that knows the concrete classes (the protocol and its
data types are ``app.captioning.backend``, which the backends import)."""

from __future__ import annotations

from app.captioning.backend import Backend


def make_backend(url: str, kind: str = "ollama", headers: dict[str, str] | None = None) -> Backend:
    """A backend for one host; ``kind`` is ``ollama`` or ``openai``. The clients (ollama, httpx) are
    imported here, on first use, so commands that never talk to a server do not load them."""
    if kind == "openai":
        from app.captioning.openai_backend import OpenAIBackend  # noqa: PLC0415

        return OpenAIBackend(url, headers=headers)
    from app.captioning.ollama_backend import OllamaBackend  # noqa: PLC0415

    return OllamaBackend(url, headers=headers)
