"""The asyncio loop the window runs on: qasync's Qt loop, plus the async-generator hooks it lacks,
and a ``close`` that leaves no Qt timer behind.

Why: ``asyncio.BaseEventLoop.run_forever`` registers hooks so that an async generator nobody closed
(an HTTP stream abandoned when a caption is cancelled) is closed *on the loop*, and so that
``shutdown_asyncgens()`` can find it. qasync's ``run_forever`` skips that, so such generators were
finalised by the garbage collector on whatever thread it ran: "async generator ignored
GeneratorExit", "no running event loop", and on CPython 3.11 a traceback formatted off the main
thread can even break ``ast.parse`` elsewhere (gh-106905).
"""

from __future__ import annotations

import sys
from typing import Any

import qasync


class QtEventLoop(qasync.QEventLoop):  # type: ignore[misc]
    """``qasync.QEventLoop`` that tracks and finalises async generators like asyncio's own loops."""

    def run_forever(self) -> Any:
        old = sys.get_asyncgen_hooks()
        sys.set_asyncgen_hooks(firstiter=self._asyncgen_firstiter_hook,
                               finalizer=self._asyncgen_finalizer_hook)
        try:
            return super().run_forever()
        finally:
            sys.set_asyncgen_hooks(*old)

    def close(self) -> None:
        """Close, then kill the Qt timers of callbacks still scheduled (``call_later``, ``asyncio.sleep``).

        Why: qasync's ``close`` only marks its timer object stopped; each pending Qt timer stays
        registered until it fires (up to minutes for a heartbeat or a timeout). When the closed loop is
        then freed by the garbage collector on another thread, Qt cannot kill those timers there and
        later fires one on the deleted object: a segfault in ``QTimerInfoList::activateTimers`` (seen
        in the GUI tests, which open and close a loop per test). Killing them here, on the loop's own
        thread, leaves nothing to fire.
        """
        timer = getattr(self, "_timer", None)
        super().close()
        if timer is None:
            return
        callbacks = getattr(timer, "_SimpleTimer__callbacks", None)
        if callbacks is None:
            return
        for timer_id in list(callbacks):
            timer.killTimer(timer_id)
        callbacks.clear()
