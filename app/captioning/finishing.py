"""What is left of a photo once the model has answered: the names check, the result, the draft stored.

Why apart from the request: a worker that got its answer takes the next prepared photo and sends it
at once, and this runs in the background (``Pipeline._finish``). The names check loads word lists and
place indexes on its first use (seconds of CPU in a new process): done in line, the GPU waited for it
after the first answer of every run. ``warm`` loads them (and the language check's word lists, which
the worker does need before its next request) while the first requests are generating.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from app.captioning import cleanup
from app.captioning import context as grounded_ctx
from app.captioning.run_types import PhotoResult
from app.captioning.streaming import Answer
from app.core import priority

log = logging.getLogger(__name__)

#: A caption, alt text and keywords that reach every part of the checks' data: a person's name, a
#: town, a lowercase place keyword, words of the language asked for.
_SAMPLE = ('{"caption": "Anna walks her dog along the beach at sunset in Brighton.", '
           '"alt_text": "A woman and a dog on a beach.", "keywords": ["beach", "dog", "sunset", "paris"]}')

class Warmup:
    """``warm`` on a daemon thread, started once: a command stopped meanwhile (Ctrl-C) exits at once
    instead of waiting for the loading; ``wait`` lets the names check start only after it (the same
    data is never loaded twice at once)."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, language: str) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, args=(language,), name="caption-warm", daemon=True)
            self._thread.start()

    def _run(self, language: str) -> None:
        priority.background_thread()
        try:
            warm(language)
        finally:
            self._done.set()

    def wait(self) -> None:
        if self._thread is not None:
            self._done.wait()


def checked(warmup: Warmup, cleaned: cleanup.Cleaned, photo: dict[str, Any], outside: str) -> list[str]:
    """``context.ground_result`` once the warm-up is over (on the pipeline's one checking thread)."""
    warmup.wait()
    return grounded_ctx.ground_result(cleaned, photo, outside)


def warm(language: str) -> None:
    """Load what the language check and the names check read on first use (any thread; each loads
    once per process, so a later check finds them ready)."""
    from app.captioning import languages  # noqa: PLC0415

    try:
        sample = cleanup.clean_output(_SAMPLE, "", structured=True, done=True, done_reason="stop", looped=False,
                                      max_chars=400, want_caption=True, want_alt_text=True)
        languages.check_cleaned(sample, language)
        photo = {"id": 0, "path": "", "filename": "", "folder": "", "grounding": None}
        grounded_ctx.ground_result(sample, photo)
    except Exception:  # noqa: BLE001 - only a head start: the real check reports its own errors
        log.debug("warming the caption checks failed", exc_info=True)


@dataclass
class Done:
    """A photo's answer, settled (language checked, translated), waiting for the names check."""

    job: dict[str, Any]
    photo: dict[str, Any]
    cleaned: cleanup.Cleaned
    answer: Answer
    model: str
    host: str
    style: Any  # prompts.Style
    language: str
    prompt: str
    options: dict[str, Any]
    check: dict[str, Any]
    translation: Any  # languages.Translation | None
    metrics: dict[str, Any]


def outcome(d: Done) -> tuple[PhotoResult, dict[str, Any]]:
    """The result the observers see and the record stored, once the names check flagged ``d.cleaned``."""
    cleaned = d.cleaned
    alt_text = cleaned.alt_text or (cleaned.caption if d.style.name == "alt_text" else "")
    check = dict(d.check)
    translations: dict[str, Any] = {}
    if d.translation is not None:
        cleaned.flags.extend(f for f in d.translation.flags if f not in cleaned.flags)
        check["translations"] = {d.translation.code: d.translation.check}
        if d.translation.text:
            translations[d.translation.code] = d.translation.stored()
    result = PhotoResult(d.job["id"], d.photo["id"], d.photo["path"], "draft", cleaned.caption, cleaned.keywords,
                         d.model, d.host, list(cleaned.flags), None, None, d.metrics, alt_text=alt_text,
                         translations=translations, language_check=check)
    if d.photo.get("grounding") is not None:
        result.place, result.people = d.photo["grounding"].place_public(), d.photo["grounding"].names()
    final = d.answer.final
    raw = d.answer.content if d.answer.content.strip() else d.answer.thinking
    record = dict(text=cleaned.caption, keywords=cleaned.keywords, model=d.model, host=d.host, style=d.style.name,
                  language=d.language, prompt=d.prompt, options=d.options, metrics=d.metrics,
                  done_reason=final.done_reason if final else None, flags=cleaned.flags, raw_text=raw,
                  alt_text=alt_text, translations=translations, language_check=check)
    return result, record
