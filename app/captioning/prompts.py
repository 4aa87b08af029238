"""Caption styles and their prompt templates, filled with what we know about the photo.

Templates are plain text files in ``resources/prompts/<style>.txt`` so a user (or translator) can
edit them; ``Settings.prompt_templates`` overrides one per style. Placeholders: ``{language}``,
``{context}`` (a block listing the known facts, empty when nothing is known), ``{filename}``,
``{folder}`` (the photo's folder name), ``{folders}`` (its last two folders), ``{date}``, ``{camera}``, ``{keywords}``, ``{place}``; ``{question}`` for ``ask``.
Unknown placeholders are left as written, so a typo in a user's template never crashes a run;
``unknown_placeholders`` lists them so the template editor can show them as an error.

Caption, alt text and keywords come back in one request through Ollama's ``format`` JSON schema.
A second language is a second, text-only request (``translation_request``): the model translates the
cleaned caption, alt text and keywords, and the language check judges the result on its own.
"""

from __future__ import annotations

import os
import string
from dataclasses import dataclass
from typing import Any

from app.core.camera import camera_name
from app.facts import provenance
from app.resources import resource_path


@dataclass(frozen=True)
class Style:
    name: str
    label: str
    want_caption: bool = True
    want_keywords: bool = True
    max_chars: int | None = None  # alt text: 125
    num_predict: int | None = None  # per-style cap (None: the setting)
    want_alt_text: bool = False  # ask for alt text beside the caption (the alt_text style's caption is one)


ALT_TEXT_MAX = 250  # characters: IPTC's recommendation for Alt Text (Accessibility)


STYLES: dict[str, Style] = {
    "caption": Style("caption", "Caption (one or two sentences)", want_alt_text=True),
    "detailed": Style("detailed", "Detailed description", num_predict=600, want_alt_text=True),
    "alt_text": Style("alt_text", "Alt text (≤ 125 characters)", max_chars=125, num_predict=120),
    "keywords": Style("keywords", "Keywords only", want_caption=False),
}
ALIASES = {"alt": "alt_text", "alt-text": "alt_text", "detail": "detailed", "description": "detailed",
           "detailed_description": "detailed", "keyword": "keywords"}

FALLBACK_TEMPLATE = (
    "Write a short caption for this photo in {language}. Start directly with the subject.\n{context}\n"
    'Answer only with JSON: {{"caption": "...", "keywords": ["..."]}}'
)


def get_style(name: str) -> Style:
    key = ALIASES.get(name.strip().lower().replace(" ", "_"), name.strip().lower().replace("-", "_"))
    if key not in STYLES:
        raise ValueError(f"unknown style {name!r}; choose one of: {', '.join(STYLES)}")
    return STYLES[key]


def load_template(style: str, overrides: dict[str, str] | None = None) -> str:
    """The user's edited template if any, else the shipped file, else a built-in fallback."""
    if overrides and overrides.get(style):
        return overrides[style]
    try:
        return resource_path("prompts", f"{style}.txt").read_text(encoding="utf-8")
    except OSError:
        return FALLBACK_TEMPLATE


def schema_for(style: Style) -> dict[str, Any]:
    props: dict[str, Any] = {}
    if style.want_caption:
        cap: dict[str, Any] = {"type": "string"}
        if style.max_chars:
            cap["maxLength"] = style.max_chars
        props["caption"] = cap
    if style.want_alt_text:
        props["alt_text"] = {"type": "string", "maxLength": ALT_TEXT_MAX}
    if style.want_keywords:
        props["keywords"] = {"type": "array", "items": {"type": "string"}}
    return {"type": "object", "properties": props, "required": list(props)}


def _clip(value: Any, limit: int = 120) -> str:
    text = " ".join(str(value).split())
    return text[:limit]


def photo_facts(photo: dict[str, Any]) -> dict[str, str]:
    """Context values from a photo row (missing ones are empty strings)."""
    path = photo.get("path") or ""
    folder = photo.get("folder") or os.path.dirname(path)
    folders = [p for p in folder.replace("\\", "/").split("/") if p][-2:]
    taken = (photo.get("taken_at") or "")[:10]
    camera = camera_name(photo.get("camera_make"), photo.get("camera_model"))
    kws = provenance.file_keywords(photo)  # the file's own keywords; never the ones we wrote into it
    return {
        "filename": _clip(photo.get("filename") or os.path.basename(path)),
        "folder": _clip(folders[-1] if folders else ""),
        "folders": _clip(" / ".join(folders)),
        "date": taken,
        "camera": _clip(camera),
        "keywords": _clip(", ".join(str(k) for k in kws if k), 300),
        "place": _clip(photo.get("place") or ""),
    }


def context_block(facts: dict[str, str]) -> str:
    labels = [("filename", "File name"), ("folders", "Folder"), ("date", "Date taken"), ("camera", "Camera"),
              ("keywords", "Existing keywords"), ("place", "Place")]
    lines = [f"- {label}: {facts[key]}" for key, label in labels if facts.get(key)]
    if not lines:
        return ""
    return "What is known about the photo (use it only if it fits what you see):\n" + "\n".join(lines)


class _Lenient(string.Formatter):
    def get_value(self, key: Any, args: Any, kwargs: dict[str, Any]) -> Any:
        if isinstance(key, str):
            return kwargs.get(key, "{" + key + "}")
        return super().get_value(key, args, kwargs)


PLACEHOLDERS = ("language", "context", "filename", "folder", "folders", "date", "camera", "keywords", "place",
                "question", "source", "caption", "alt_text")


def unknown_placeholders(template: str) -> list[str]:
    """Placeholders in ``template`` that nothing fills (``{fodler}``), in order, each once."""
    out: list[str] = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return out
    for _lit, name, _spec, _conv in parsed:
        if name is not None and name not in PLACEHOLDERS and name not in out:
            out.append(name)
    return out


def render(template: str, values: dict[str, str]) -> str:
    """Fill placeholders; unknown ones stay, a malformed template is used as written."""
    try:
        text = _Lenient().format(template, **values)
    except (ValueError, IndexError, KeyError, AttributeError):
        text = template
    lines = [ln.rstrip() for ln in text.strip().splitlines()]
    out: list[str] = []
    for ln in lines:  # no double blank lines when {context} was empty
        if ln or (out and out[-1]):
            out.append(ln)
    return "\n".join(out).strip()


def build_prompt(style: Style, photo: dict[str, Any], *, language: str = "English",
                 overrides: dict[str, str] | None = None, question: str = "") -> str:
    facts = photo_facts(photo)
    block = context_block(facts)
    g = photo.get("grounding")  # place, people, when, occasion (app.facts.grounding.Grounding)
    if g is not None:
        from app.captioning import context as grounded  # noqa: PLC0415
        from app.facts import vocabulary  # noqa: PLC0415

        facts["place"] = grounded.quote(g.place_label()).strip('"')
        if g.clock_wrong:  # the camera's date is not a fact: {date} says what the folder says, or nothing
            facts["date"] = g.folder_date or ""
        block = grounded.grounded_block(facts, g, vocabulary.offer(g.context.vocabulary, photo))
    values = dict(facts, language=language or "English", context=block, question=question)
    return render(load_template(style.name if not question else "ask", overrides), values)


TRANSLATION_FALLBACK = (
    "Translate this photo caption, its alt text and its keywords from {source} into {language}.\n"
    "Caption: {caption}\nAlt text: {alt_text}\nKeywords: {keywords}\n"
    'Answer only with JSON: {{"caption": "...", "alt_text": "...", "keywords": ["...", "..."]}}'
)
TRANSLATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"caption": {"type": "string"}, "alt_text": {"type": "string", "maxLength": ALT_TEXT_MAX},
                   "keywords": {"type": "array", "items": {"type": "string"}}},
    "required": ["caption", "alt_text", "keywords"],
}


def translation_prompt(caption: str, alt_text: str, keywords: list[str], *, source: str, language: str) -> str:
    """The second-language request: the cleaned draft, quoted as data, to be translated (no photo)."""
    try:
        template = resource_path("prompts", "translate.txt").read_text(encoding="utf-8")
    except OSError:
        template = TRANSLATION_FALLBACK
    import json  # noqa: PLC0415

    def q(value: str, limit: int) -> str:  # JSON strings: quotes and line breaks stay, as inert data
        return json.dumps(" ".join(value.split())[:limit] if "\n" not in value else value[:limit], ensure_ascii=False)

    values = {"source": source, "language": language, "caption": q(caption, 4000), "alt_text": q(alt_text, 400),
              "keywords": json.dumps([k[:60] for k in keywords], ensure_ascii=False)}
    return render(template, values)
