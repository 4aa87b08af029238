"""Turning text into embedding vectors through the user's inference host.

Ollama: ``POST /api/embed`` (the ``ollama`` client's ``Client.embed``). OpenAI-compatible hosts
(vLLM, llama.cpp server, LM Studio): ``POST /v1/embeddings``. The model is
``Settings.embedding_model`` (nomic-embed-text, embeddinggemma, all-minilm, ...). Vectors are
untrusted input: wrong shapes, NaNs and empty lists become an ``EmbedError``, never bad rows.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any, Protocol, Sequence

from app.config import HostConfig, Settings

DEFAULT_OLLAMA = "http://127.0.0.1:11434"


class EmbedError(Exception):
    """The host could not embed the texts; the message is one plain line."""


class Embedder(Protocol):
    model: str
    host: str

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


def _check(vectors: Any, n: int) -> list[list[float]]:
    if not isinstance(vectors, list) or len(vectors) != n:
        raise EmbedError(f"the host returned {len(vectors) if isinstance(vectors, list) else 'no'} vectors for {n} texts")
    out: list[list[float]] = []
    dim = None
    for v in vectors:
        if not isinstance(v, (list, tuple)) or not v:
            raise EmbedError("the host returned an empty or malformed vector")
        try:
            vec = [float(x) for x in v]
        except (TypeError, ValueError):
            raise EmbedError("the host returned a vector with non-numbers") from None
        if not all(math.isfinite(x) for x in vec):
            raise EmbedError("the host returned a vector with NaN or infinity")
        if dim is not None and len(vec) != dim:
            raise EmbedError("the host returned vectors of different sizes")
        dim = len(vec)
        out.append(vec)
    return out


@dataclass
class OllamaEmbedder:
    host: str
    model: str
    headers: dict[str, str] | None = None
    timeout: float = 120.0

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        import httpx  # HTTP is loaded when a request is made, not by every search
        import ollama

        if not texts:
            return []
        try:
            client = ollama.Client(host=self.host, headers=self.headers or None, timeout=self.timeout)
            resp = client.embed(model=self.model, input=list(texts))
        except ollama.ResponseError as exc:
            raise EmbedError(f"{self.host}: {exc.error}") from exc
        except (httpx.HTTPError, ConnectionError, OSError) as exc:
            raise EmbedError(f"cannot reach {self.host}: {exc.__class__.__name__}") from exc
        except Exception as exc:  # noqa: BLE001 - pydantic validation of a broken answer, etc.
            raise EmbedError(f"{self.host}: unusable answer ({exc.__class__.__name__})") from exc
        return _check(list(resp.embeddings or []), len(texts))


@dataclass
class OpenAIEmbedder:
    host: str
    model: str
    headers: dict[str, str] | None = None
    timeout: float = 120.0

    @property
    def endpoint(self) -> str:
        base = self.host.rstrip("/")
        return base + ("/embeddings" if base.endswith("/v1") else "/v1/embeddings")

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        import httpx

        if not texts:
            return []
        try:
            r = httpx.post(
                self.endpoint, json={"model": self.model, "input": list(texts)},
                headers=self.headers or None, timeout=self.timeout,
            )
        except httpx.HTTPError as exc:
            raise EmbedError(f"cannot reach {self.host}: {exc.__class__.__name__}") from exc
        if r.status_code != 200:
            raise EmbedError(f"{self.endpoint}: HTTP {r.status_code} {r.text[:200].strip()}")
        try:
            data = r.json()["data"]
            data = sorted(data, key=lambda d: int(d.get("index", 0)))
            vectors = [d["embedding"] for d in data]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise EmbedError(f"{self.endpoint}: unusable answer") from None
        return _check(vectors, len(texts))


def make_embedder(settings: Settings) -> Embedder | None:
    """The embedder the settings ask for, or None when no embedding model is configured."""
    model = (settings.embedding_model or "").strip()
    if not model:
        return None
    hosts = [h for h in settings.hosts if h.enabled] or [HostConfig(url=os.environ.get("OLLAMA_HOST") or DEFAULT_OLLAMA)]
    host = hosts[0]
    url = host.url if "://" in host.url else f"http://{host.url}"
    if host.kind == "openai":
        return OpenAIEmbedder(url, model, dict(host.headers))
    return OllamaEmbedder(url, model, dict(host.headers))
