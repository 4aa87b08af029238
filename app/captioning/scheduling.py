"""Which host takes which photo: prepared photos wait in one ready queue, each host's state says
whether it may take one now.

A worker only takes a photo while its host is usable, so a host that is down (backing off) or
dead (a permanent error) never grabs work the healthy hosts could do; work spreads by availability.

Work stealing: each host keeps a second request waiting in the server's own queue (so its GPU never
idles between photos). When the ready queue is empty, typically near the end of a run, an idle host
takes such a waiting request from a busy one (``steal_from``): the waiting request is cut before it
started (no GPU time is lost) and sent to the idle host, so no host finishes early while another
still has two photos to do.
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

    async def get(self, usable: Callable[[], bool], steal: Callable[[], Prepared | None] | None = None) -> Prepared:
        """The next prepared photo while ``usable()``; with nothing ready, ``steal()`` may hand over a
        photo waiting on another host."""
        async with self.cond:
            while True:
                if self.items and usable():
                    item = self.items.popleft()
                    self.cond.notify_all()
                    return item
                if steal is not None and not self.items and usable():
                    taken = steal()
                    if taken is not None:
                        return taken
                # In this task, not ``wait_for``'s inner one: a worker cancelled twice (the run's end)
                # left that inner task re-taking the lock after the worker had gone, so the lock stayed
                # held, the next waiter never woke, and the command could not exit.
                try:
                    async with asyncio.timeout(0.05 if steal is not None else 0.1):
                        await self.cond.wait()
                except TimeoutError:
                    pass


class Stolen(Exception):
    """A request waiting in a server's queue was handed to an idle host (not an error of the photo's)."""


@dataclass(eq=False)  # each request is itself (a dict key), whatever its fields
class Flight:
    """A request in flight on a host: its photo, and whether the server has answered anything yet."""

    item: Prepared
    sent_at: float
    progressed: bool = False  # a token (or any answer) came: it is generating, never stolen then
    stolen: bool = False
    cut: Callable[[], None] = lambda: None


def steal_from(hosts: list["HostState"], thief: "HostState") -> Prepared | None:
    """Take the newest request that waits behind another one on a busy host (nothing received yet,
    an older request of that host still running) and cut it there; None when there is none."""
    best: tuple[float, Flight] | None = None
    for h in hosts:
        if h is thief or len(h.flights) < 2:
            continue
        for f in h.flights.values():
            if f.progressed or f.stolen:
                continue
            older = any(g is not f and g.sent_at < f.sent_at for g in h.flights.values())
            if older and (best is None or f.sent_at > best[0]):
                best = (f.sent_at, f)
    if best is None:
        return None
    f = best[1]
    f.stolen = True
    f.cut()
    return f.item


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
        self.flights: dict[object, Flight] = {}  # the same requests with their photos (work stealing)

    def silence(self) -> float:
        """Seconds of silence so far (see ``quiet_banked``)."""
        return self.quiet_banked + (time.monotonic() - self.quiet_from if self.active else 0.0)

    def usable(self) -> bool:
        return self.dead is None and self.stalled is None and time.monotonic() >= self.down_until
