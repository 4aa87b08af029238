"""The health of the hosts in one run: outages waited out, stalls noticed, pauses decided.

Three kinds of trouble, each told apart because each needs its own answer:
- **Outage**: a host that answered in this run now refuses connections (a restart, a crash). It is
  retried with a growing back-off for ``outage_grace`` seconds before the run gives up on it; it is
  described as an outage ("went away during the run"), never as "not installed". A host never
  reached in this run gets ``host_down_limit`` quick tries (a server that is simply not started
  should not hold the command for a minute).
- **Stall**: a host with requests in flight and no token from any of them for ``host_stall_timeout``
  (a hung server holding its only slot, while every later request waits behind it). The silence is
  counted across requests (a request that gives up and its retry are one silence). The watchdog
  cuts its requests, their photos go back to the queue (attempt not counted) for the other hosts,
  and the host is set aside for the rest of the run. Before the host's first token in this run
  the limit is at least ``first_token_timeout``, so a slow cold load is not a stall.
- **Errors** that keep coming (a runner that keeps crashing): with several hosts, the host is set
  aside for a while so the others take the work.

When no host can go on, the run pauses the queue: kind ``server`` for outages and stalls (re-checked,
so it ends by itself once a server answers), ``model`` or ``error`` for permanent errors.
Observers hear every change through ``on_host`` (``up``, ``down``, ``stalled``, ``dead``).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import AsyncIterator, Callable

from app.captioning.errors import HostStalled, TimeoutError_
from app.captioning.install import outage_advice, unreachable_advice
from app.captioning.run_types import Observer, RunConfig
from app.captioning.scheduling import HostState


class HostWatch:
    def __init__(self, hosts: list[HostState], config: RunConfig, observer: Observer,
                 pause: Callable[[str, str], None]) -> None:
        self.hosts = hosts
        self.config = config
        self.observer = observer
        self._pause = pause  # (reason, kind): ends the run and pauses the queue

    # -- what happened on a host ---------------------------------------------------------------

    def answered(self, h: HostState) -> None:
        """The host answered (a model check, an error reply, a token): an outage, if any, is over."""
        h.reached = True
        if h.outage_since is not None:
            gone = time.monotonic() - h.outage_since
            self.observer.on_host(h.url, "up", f"answers again after {gone:.0f} s")
        h.outage_since = None
        h.failures = 0
        h.down_until = 0.0

    def progress(self, h: HostState) -> None:
        """A request on the host produced a token (or its final message): the silence is over."""
        h.quiet_banked, h.quiet_from = 0.0, time.monotonic()
        h.produced = True
        if h.outage_since is not None or not h.reached:
            self.answered(h)

    def connection_failed(self, h: HostState, exc: BaseException) -> None:
        """The host could not be reached at all: back off, describe it, maybe give up on it."""
        now = time.monotonic()
        if h.outage_since is None:
            h.outage_since = now
        h.failures += 1
        h.errors += 1
        wait = self.config.backoff(h.failures)
        h.down_until = now + wait
        if h.reached:
            message = (f"went away during the run ({exc}): an outage, retrying in {wait:g} s "
                       f"(for up to {self.config.outage_grace:g} s)")
        else:
            message = str(exc)
        self.observer.on_host(h.url, "down", message)
        self.check_left()

    def errored(self, h: HostState, exc: BaseException) -> None:
        """A transient error other than a refused connection (busy, crashed runner, cut answer)."""
        h.errors += 1
        if h.errors >= 3 and len(self.hosts) > 1:  # let the other hosts take the work for a while
            h.down_until = time.monotonic() + self.config.backoff(h.errors - 2)
            self.observer.on_host(h.url, "down", str(exc))

    def dead(self, h: HostState, reason: str, kind: str = "error") -> None:
        """A permanent error: the host takes no more work in this run."""
        h.dead, h.dead_kind = reason, kind
        self.observer.on_host(h.url, "dead", reason)
        self.check_left()

    # -- stalls --------------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def request(self, h: HostState) -> AsyncIterator[None]:
        """Around one request: the watchdog may cut it; ``HostStalled`` then comes out of the block."""
        key = object()
        if not h.active:  # a busy spell starts: silence counts again
            h.quiet_from = time.monotonic()
        try:
            async with asyncio.timeout(None) as deadline:
                h.active[key] = deadline
                try:
                    yield
                finally:
                    h.active.pop(key, None)
                    if not h.active:  # idle: bank the silence of this spell
                        h.quiet_banked += time.monotonic() - h.quiet_from
        except TimeoutError:  # only our deadline raises the builtin one (the stream's own is TimeoutError_)
            raise HostStalled(h.stalled or f"{h.url} stalled") from None
        except TimeoutError_:  # one request gave up waiting; if the whole host is silent that long, it stalled
            if h.stalled is None and h.dead is None and h.silence() >= self.stall_limit(h):
                self.stall(h, h.silence())
            if h.stalled is not None:
                raise HostStalled(h.stalled) from None
            raise

    def stall_limit(self, h: HostState) -> float:
        if h.produced:
            return self.config.host_stall_timeout
        return max(self.config.host_stall_timeout, self.config.first_token_timeout)  # a cold load is slow

    async def watch(self) -> None:
        """Run for the whole run: set aside every host whose requests have all gone quiet too long."""
        tick = max(0.02, min(1.0, self.config.host_stall_timeout / 10))
        while True:
            await asyncio.sleep(tick)
            for h in self.hosts:
                if h.active and h.stalled is None and h.dead is None and h.silence() >= self.stall_limit(h):
                    self.stall(h, h.silence())

    def stall(self, h: HostState, silent: float) -> None:
        n = len(h.active)
        what = (f"stopped answering: no token for {silent:.0f} s while {n} request{'s' if n != 1 else ''} "
                f"waited (a hung server holds its slot); restart it (ollama serve, or systemctl restart ollama)")
        h.stalled = f"the captioning server at {h.url} {what}"
        self.observer.on_host(h.url, "stalled", what)
        loop = asyncio.get_running_loop()
        for deadline in list(h.active.values()):
            deadline.reschedule(loop.time())  # cut now: the request's photo goes back to the queue
        self.check_left()

    # -- can the run go on? --------------------------------------------------------------------

    def _given_up(self, h: HostState) -> bool:
        if h.failures == 0 or h.outage_since is None:
            return False
        if h.reached:
            return time.monotonic() - h.outage_since >= self.config.outage_grace
        return h.failures >= self.config.host_down_limit

    def check_left(self) -> None:
        """Pause when no host can take work: all dead or stalled, or every other one unreachable."""
        alive = [h for h in self.hosts if h.dead is None and h.stalled is None]
        if not alive:
            dead = [h for h in self.hosts if h.dead is not None]
            stalled = [h for h in self.hosts if h.stalled is not None]
            reasons = sorted({h.dead for h in dead if h.dead}) + [h.stalled for h in stalled if h.stalled]
            if not stalled:
                kind = "model" if all(h.dead_kind == "model" for h in dead) else "error"
            else:
                kind = "error" if any(h.dead_kind == "error" for h in dead) else "server"
            self._pause("; ".join(dict.fromkeys(reasons)), kind)
            return
        if all(self._given_up(h) for h in alive):
            reached = [h for h in alive if h.reached]
            if reached:
                reason = "; ".join(outage_advice(h.url, time.monotonic() - (h.outage_since or 0.0))
                                   for h in reached)
            else:
                reason = (f"cannot reach any captioning server ({', '.join(h.url for h in alive)}): "
                          f"{unreachable_advice(alive[0].url)}")
            self._pause(reason, "server")
