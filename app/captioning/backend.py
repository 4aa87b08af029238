"""The one interface every inference server hides behind, and the deadlines around a stream.

A backend turns a ``GenRequest`` into an async stream of ``Delta`` values: token pieces as they
arrive, then one final delta with ``done=True`` and the server's metrics. A stream that ends
without that final delta (Ollama's repeat guard does this) simply stops; the caller notices.

Deadlines instead of an overall timeout: a cold model load can take minutes, so we only bound the
wait for the *first* token and the silence *between* tokens. Closing the stream (``aclose``) closes
the HTTP connection, which makes the server stop generating.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Protocol

from app.captioning.errors import TimeoutError_


@dataclass
class GenRequest:
    """One generation: a prompt, its images (JPEG bytes), options kept constant per run.

    ``image`` is the one picture of a photo (or a video's contact sheet); ``images``, when set, are a
    video's frames sent together in one message (models that take several images) and win."""

    model: str
    prompt: str
    image: bytes | None = None
    images: list[bytes] | None = None
    system: str | None = None
    schema: dict[str, Any] | None = None  # JSON schema for structured output
    options: dict[str, Any] = field(default_factory=dict)
    keep_alive: str | float | None = None


@dataclass
class Delta:
    content: str = ""
    thinking: str = ""
    done: bool = False
    done_reason: str | None = None
    metrics: dict[str, Any] = field(default_factory=dict)


@dataclass
class ModelInfo:
    name: str
    size: int | None = None
    vision: bool | None = None  # None: unknown (the server does not say)
    family: str | None = None
    parameter_size: str | None = None


@dataclass
class PullProgress:
    status: str
    completed: int | None = None
    total: int | None = None


class Backend(Protocol):
    url: str
    kind: str

    async def list_models(self) -> list[ModelInfo]: ...

    async def capabilities(self, model: str) -> set[str] | None: ...

    def pull(self, model: str) -> AsyncIterator[PullProgress]: ...

    def stream(self, req: GenRequest) -> AsyncIterator[Delta]: ...

    async def version(self) -> str | None: ...

    async def close(self) -> None: ...


async def with_deadlines(
    stream: AsyncIterator[Delta], *, first_token: float, stall: float
) -> AsyncIterator[Delta]:
    """Re-yield ``stream``, raising ``TimeoutError_`` when a deadline passes; always closes it."""
    it = stream.__aiter__()
    first = True
    try:
        while True:
            limit = first_token if first else stall
            try:
                # asyncio.timeout, not wait_for: the stream must keep running in *this* task (httpx/anyio
                # cancel scopes break when each step runs in a task of its own, as wait_for does on 3.11)
                async with asyncio.timeout(limit):
                    delta = await it.__anext__()
            except StopAsyncIteration:
                return
            except TimeoutError:
                what = "no answer within" if first else "the answer stalled for"
                raise TimeoutError_(f"{what} {limit:g} s") from None
            if delta.content or delta.thinking or delta.done:
                first = False
            yield delta
    finally:
        aclose = getattr(it, "aclose", None)
        if aclose is not None:
            try:
                await aclose()
            except Exception:  # noqa: BLE001 - closing a broken stream may raise; it is closed anyway
                pass


def load_transport() -> None:
    """Load what httpx loads on a client's first request (anyio's asyncio backend, sniffio). Called where
    the clients are imported, which is off the event loop: otherwise the first request imports them on
    the window's main thread (~25 ms, more while other threads hold the interpreter)."""
    import importlib  # noqa: PLC0415

    for name in ("sniffio", "anyio._backends._asyncio", "httpcore._backends.anyio"):
        try:
            importlib.import_module(name)
        except ImportError:  # another httpx version: its first request loads what it needs
            pass


def plain_http(url: str) -> bool:
    """Whether a host URL is plain HTTP (as Ollama's client reads it: no scheme means http, except on
    port 443). A client for it needs no CA certificates; anything else keeps full TLS verification."""
    u = url.strip().lower()
    if "://" in u:
        return u.startswith("http://")
    return not u.split("/", 1)[0].endswith(":443")
