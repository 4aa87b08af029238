"""HTTP clients for the model servers, made off the window's main thread.

Making a client loads the TLS certificate store (30-70 ms, more on a busy machine): done on the
main thread at every caption run and every host check, that froze the window each time. Here the
clients are made on the CPU pool and used (and closed) on the event loop.
"""

from __future__ import annotations

import asyncio
from typing import Any


def make_backends(hosts: list[Any]) -> dict[str, Any]:
    """Worker thread: one client per host, by URL."""
    from app.captioning.backends import make_backend  # noqa: PLC0415

    return {h.url: make_backend(h.url, h.kind, h.headers) for h in hosts}


async def server_version(ctx: Any, host: Any) -> str | None:
    """The host's version (None: it does not say); raises what the client raises when it is down."""
    backend = (await asyncio.get_running_loop().run_in_executor(ctx.cpu, make_backends, [host]))[host.url]
    try:
        return await backend.version()
    finally:
        await backend.close()
