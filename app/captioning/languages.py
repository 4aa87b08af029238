"""The language of a draft, checked rather than hoped for, and the caption in a second language.

After clean-up the caption, the alt text and the keyword list (judged together) are run through
``facts.language.check``. When one of them is not in the language asked for, the photo is asked for
once more with a firmer instruction; if that answer is still not right (or worse), the draft keeps the
better answer and is flagged ``wrong_language``, and its ``language_check`` says what was found.

A second language is a second request, text only: the model translates the cleaned caption, alt text
and keywords. Why not one request for both: small vision models follow one target language per
answer far better than two (the usual failure is a second half in English), a translation of a
checked caption cannot describe anything the first answer did not, and the translation is checked and
retried on its own without sending the photo again.
"""

from __future__ import annotations

import asyncio

from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

from app.captioning import cleanup, prompts
from app.captioning.backend import GenRequest
from app.captioning.streaming import Answer
from app.facts import language as lang

FLAG = "wrong_language"
NO_TRANSLATION = "no_translation"
PART_NAMES = {"caption": "caption", "alt_text": "alt text", "keywords": "keywords"}

Generate = Callable[[GenRequest], Awaitable[Answer]]


def language_name(value: str | None) -> str:
    """What the prompt says for a language given as a name or a code ("de" → "German")."""
    code = lang.code_for(value)
    return lang.name_for(code) if code and (value or "").strip().casefold() == code else (value or "English")


def check_cleaned(cleaned: cleanup.Cleaned, requested: str | None) -> lang.LanguageCheck:
    return lang.check(requested, caption=cleaned.caption, alt_text=cleaned.alt_text, keywords=cleaned.keywords)


def describe(check: dict[str, Any] | lang.LanguageCheck | None, requested_name: str = "") -> str:
    """"keywords in English (German was asked for)": for the CLI, the window and the history."""
    data = check.to_dict() if isinstance(check, lang.LanguageCheck) else (check or {})
    wrong = data.get("wrong") or []
    if not wrong:
        return ""
    detected = data.get("detected") or {}
    parts = ", ".join(f"{PART_NAMES.get(p, p)} in {lang.name_for(detected.get(p)) or 'another language'}"
                      for p in wrong)
    asked = requested_name or lang.name_for(data.get("requested"))
    return f"{parts} ({asked} was asked for)"


def firmer(prompt: str, requested_name: str, check: lang.LanguageCheck) -> str:
    """The prompt again, ending with a firm instruction about the language and what went wrong."""
    found = describe(check, requested_name)
    return (f"{prompt}\n\nImportant: write the caption, the alt text and every keyword in {requested_name} only, "
            f"never in another language. Your last answer had the {found}.")


@dataclass
class Settled:
    answer: Answer
    cleaned: cleanup.Cleaned
    check: lang.LanguageCheck
    retried: bool = False


async def settle(generate: Generate, req: GenRequest, clean: Callable[[Answer], cleanup.Cleaned],
                 answer: Answer, cleaned: cleanup.Cleaned, requested: str,
                 on_retry: Callable[[str], None] = lambda _m: None) -> Settled:
    """Check the draft's language; one retry with a firmer instruction when it is wrong. The better of
    the two answers is kept (the retry unless it is worse), flagged when still wrong."""
    # off the event loop: the detector's first use loads word lists (most of a second on a busy machine)
    check = await asyncio.to_thread(check_cleaned, cleaned, requested)
    out = Settled(answer, cleaned, check)
    if check.ok or not check.checked:
        return out
    on_retry(f"not in {language_name(requested)} ({describe(check)}), retrying once with a firmer instruction")
    retry = GenRequest(model=req.model, prompt=firmer(req.prompt, language_name(requested), check), image=req.image,
                       images=req.images, system=req.system, schema=req.schema, options=req.options,
                       keep_alive=req.keep_alive)
    answer2 = await generate(retry)
    cleaned2 = clean(answer2)
    check2 = await asyncio.to_thread(check_cleaned, cleaned2, requested)
    usable = bool(cleaned2.caption or cleaned2.keywords) and "bad_json" not in cleaned2.flags
    if usable and len(check2.wrong) <= len(check.wrong):
        out = Settled(answer2, cleaned2, check2, retried=True)
    else:
        out.retried = True
    if not out.check.ok and FLAG not in out.cleaned.flags:
        out.cleaned.flags.append(FLAG)
    return out


@dataclass
class Translation:
    code: str
    text: str = ""
    alt_text: str = ""
    keywords: list[str] = field(default_factory=list)
    check: dict[str, Any] | None = None
    flags: list[str] = field(default_factory=list)
    retried: bool = False

    def stored(self) -> dict[str, Any]:
        return {"text": self.text, "alt_text": self.alt_text, "keywords": list(self.keywords)}


async def translate(generate: Generate, *, model: str, options: dict[str, Any], keep_alive: Any,
                    cleaned: cleanup.Cleaned, source: str, second: str,
                    on_retry: Callable[[str], None] = lambda _m: None) -> Translation:
    """The draft in the ``second`` language (a code or a name): one text-only request, checked, retried
    once when it is not in that language. An answer with no usable caption gives ``no_translation``."""
    code = lang.code_for(second) or second
    name = language_name(second)
    out = Translation(code)
    prompt = prompts.translation_prompt(cleaned.caption, cleaned.alt_text, cleaned.keywords,
                                        source=language_name(source), language=name)
    req = GenRequest(model=model, prompt=prompt, schema=prompts.TRANSLATION_SCHEMA, options=dict(options),
                     keep_alive=keep_alive)

    def clean(a: Answer) -> cleanup.Cleaned:
        return cleanup.clean_output(a.content, a.thinking, structured=True, done=a.final is not None,
                                    done_reason=a.final.done_reason if a.final else None, looped=a.looped,
                                    want_alt_text=True)

    answer = await generate(req)
    got = clean(answer)
    settled = await settle(generate, req, clean, answer, got, code, on_retry)
    got, check = settled.cleaned, settled.check
    out.retried = settled.retried
    if not got.caption or "bad_json" in got.flags:
        out.flags.append(NO_TRANSLATION)
        return out
    out.text, out.alt_text, out.keywords = got.caption, got.alt_text, got.keywords
    out.check = check.to_dict()
    if not check.ok:
        out.flags.append(FLAG)
    return out
