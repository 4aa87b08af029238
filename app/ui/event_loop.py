"""The asyncio loop the window runs on: qasync's Qt loop, plus the async-generator hooks it lacks.

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
