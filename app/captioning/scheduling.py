"""Which host takes which photo: prepared photos wait in one ready queue, each host's state says
whether it may take one now.

A worker only takes a photo while its host is usable, so a host that is down (backing off) or
dead (a permanent error) never grabs work the healthy hosts could do; work spreads by availability.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable

from app.captioning.backend import Backend
from app.config import HostConfig


@dataclass
class Prepared:
    """A claimed job with its photo row and the image ready to send."""

    job: dict[str, Any]
    photo: dict[str, Any]
    image: Any  # JPEG bytes; a video: ``video_request.VideoImages`` (its keyframes and contact sheet)
    prep_ms: float


class ReadyQueue:
    """Prepared photos waiting for a host (at most ``maxsize``: the prefetch)."""

    def __init__(self, maxsize: int) -> None:
        self.items: deque[Prepared] = deque()
        self.maxsize = max(1, maxsize)
        self.cond = asyncio.Condition()

    async def put(self, item: Prepared) -> None:
        async with self.cond:
            await self.cond.wait_for(lambda: len(self.items) < self.maxsize)
            self.items.append(item)
            self.cond.notify_all()

    async def get(self, usable: Callable[[], bool]) -> Prepared:
        async with self.cond:
            while True:
                if self.items and usable():
                    item = self.items.popleft()
                    self.cond.notify_all()
                    return item
                try:
                    await asyncio.wait_for(self.cond.wait(), 0.1)
                except asyncio.TimeoutError:
                    pass


class HostState:
    """One server as this run sees it: its backend, resolved models, and whether it may take work
    (``hostwatch`` keeps the health fields)."""

    def __init__(self, cfg: HostConfig, backend: Backend) -> None:
        self.cfg = cfg
        self.backend = backend
        self.url = cfg.url
        self.models_ok: dict[str, str] = {}  # requested model -> resolved name
        self.dead: str | None = None  # permanent reason
        self.dead_kind = "error"  # the pause kind it causes: model (re-checked) | error
        self.stalled: str | None = None  # set aside for the rest of the run: no token for too long
        self.down_until = 0.0
        self.failures = 0  # consecutive connection failures
        self.errors = 0  # consecutive transient errors of any kind (a runner that keeps crashing)
        self.one_image: set[str] = set()  # models that refused several images: videos get a contact sheet
        self.reached = False  # answered at least once in this run (so a refused connection is an outage)
        self.outage_since: float | None = None  # monotonic start of the current run of failed connections
        self.produced = False  # some request produced a token in this run (the model is loaded)
        # Silence: seconds with requests in flight and no token. Counted across requests (one that
        # times out and its retry are one silence) and paused while the host has nothing in flight.
        self.quiet_banked = 0.0  # silence of earlier busy spells since the last token
        self.quiet_from = 0.0  # monotonic start of the current busy spell, or of the last token in it
        self.active: dict[object, asyncio.Timeout] = {}  # requests in flight (the stall watchdog cuts them)

    def silence(self) -> float:
        """Seconds of silence so far (see ``quiet_banked``)."""
        return self.quiet_banked + (time.monotonic() - self.quiet_from if self.active else 0.0)

    def usable(self) -> bool:
        return self.dead is None and self.stalled is None and time.monotonic() >= self.down_until
