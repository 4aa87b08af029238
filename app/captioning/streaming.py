"""Stream one answer from a backend: collect content and thinking, stop on a loop, time the first token.

Closing the stream (always, in ``finally``) closes the HTTP connection, which makes the server stop
generating; the deadlines (first token, silence between tokens) come from ``backend.with_deadlines``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable

from app.captioning import cleanup
from app.captioning.backend import Backend, Delta, GenRequest, with_deadlines
from app.core.text import valid_text


@dataclass
class Answer:
    content: str
    thinking: str
    final: Delta | None  # the done delta with the server's metrics; None: the stream stopped without it
    looped: bool  # stopped early: the text repeats itself
    ttft: float | None  # seconds to the first token


async def stream_answer(backend: Backend, req: GenRequest, *, first_token: float, stall: float,
                        on_token: Callable[[str], Any], on_progress: Callable[[], Any] = lambda: None) -> Answer:
    """Stream ``req``; ``on_token`` gets each content piece (lone surrogates replaced, for display),
    ``on_progress`` is called for every delta that shows the server is working (text, thinking, done)."""
    content: list[str] = []
    thinking: list[str] = []
    final = None
    looped = False
    ttft = None
    t0 = time.perf_counter()
    n = 0
    stream = with_deadlines(backend.stream(req), first_token=first_token, stall=stall)
    try:
        async for d in stream:
            if d.content or d.thinking or d.done:
                on_progress()
                if ttft is None:
                    ttft = time.perf_counter() - t0
            if d.content:
                content.append(d.content)
                on_token(valid_text(d.content))  # display: no lone surrogates
            if d.thinking:
                thinking.append(d.thinking)
            if d.done:
                final = d
                break
            n += 1
            if n % 4 == 0 and cleanup.detect_loop("".join(content[-300:]) or "".join(thinking[-300:])):
                looped = True
                break
    finally:
        await stream.aclose()  # closes the HTTP stream: the server stops generating
    return Answer("".join(content), "".join(thinking), final, looped, ttft)
