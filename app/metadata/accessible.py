"""The texts a write puts beside the caption: alt text, the long description and other languages.

- ``Iptc4xmpCore:AltTextAccessibility`` (lang-alt) gets the alt text: x-default in the caption's
  language, plus one item per other language the caption has.
- ``Iptc4xmpCore:ExtDescrAccessibility`` gets the caption itself where a long description is wanted
  (``WritePolicy.extended_description``: captions of the detailed style, always, or never).
- ``dc:description`` gets one item per other language beside its x-default (``dc:description-de``).
- An item in the caption's own language (``dc:description-en`` beside an English x-default) is a copy of
  the caption and follows it, as long as it holds what x-default holds.
- With ``second_language_keywords``, the other language's keywords go into ``lr:hierarchicalSubject``
  under a branch named after the language ("Deutsch|Strand"); the flat keyword fields keep the first
  language only.

A text already in one of these fields that we did not write (the journal says what we wrote) and that
differs from ours is a person's: it is kept, and named in the write's note, unless the person asked
for it to be replaced (they typed the alt text or the translation themselves: ``Payload.replace``, or
``--force``). Other languages' items (``dc:description-fr``) are never touched.
"""

from __future__ import annotations

from typing import Any

from app.metadata import fields as F
from app.metadata import keywords as keywords_mod
from app.metadata.escape import clean_caption, clean_keywords
from app.metadata.plans import Payload, WritePolicy

KEPT_WHY = "written by a person; kept (replace it with --force)"
_OWN_ITEMS = (F.XMP_DESCRIPTION, F.XMP_ALT_TEXT, F.XMP_EXT_DESCR)


def one_line(text: str | None) -> str:
    return " ".join(clean_caption(text or "").split())


def _person(meta: F.FileMeta, tag: str, new: str, owned: dict[str, Any]) -> str | None:
    """The text a person left in ``tag`` (not blank, not ours, not the new text), else None."""
    old = F.as_text(meta.get(tag))
    if not old or not old.strip() or F.norm_text(old) == F.norm_text(new):
        return None
    if tag in owned and F.norm_text(F.as_text(owned[tag])) == F.norm_text(old):
        return None
    return old


def branch(code: str) -> str:
    """The keyword branch of a language: its name in itself ("de" → "Deutsch")."""
    from app.facts.language import name_for  # noqa: PLC0415 - facts sit below metadata

    name = name_for(code, code) or code
    return name[:1].upper() + name[1:]


def add_texts(exp: dict[str, Any], meta: F.FileMeta, payload: Payload, policy: WritePolicy, path: str,
              text: str) -> list[tuple[str, str, str]]:
    """Add the alt text, long description and language items to ``exp``; returns the fields left alone
    (field name, their text, why)."""
    owned = payload.owned.get(path) or {}
    left: list[tuple[str, str, str]] = []

    def put(tag: str, value: str, consent: str) -> None:
        if not value:
            return
        old = _person(meta, tag, value, owned)
        if old is not None and not (payload.force or consent in payload.replace):
            left.append((F.field_name(tag), old, KEPT_WHY))
            return
        exp[tag] = value

    alt = one_line(payload.alt_text)
    extended = policy.wants_extended(payload.style)
    put(F.XMP_ALT_TEXT, alt, "alt_text")
    if extended:
        put(F.XMP_EXT_DESCR, text, "extended")
    primary = (payload.language or "").lower()
    shown = F.norm_text(F.as_text(meta.get(F.XMP_DESCRIPTION)))
    for tag in list(meta.tags):  # the caption's own language, beside x-default: a copy of it
        base, code = F.lang_of(tag)
        if not code or not primary or base not in _OWN_ITEMS or code.split("-")[0].lower() != primary:
            continue
        value = {F.XMP_DESCRIPTION: text, F.XMP_ALT_TEXT: alt, F.XMP_EXT_DESCR: text if extended else ""}[base]
        copy = base == F.XMP_DESCRIPTION and F.norm_text(F.as_text(meta.get(tag))) == shown
        if value and copy:
            exp[tag] = value
        elif value:
            put(tag, value, "alt_text" if base == F.XMP_ALT_TEXT else "extended")
    for code, item in payload.translations.items():
        if not code or code.split("-")[0].lower() == primary:
            continue
        other = clean_caption(str(item.get("text") or ""))
        put(F.with_lang(F.XMP_DESCRIPTION, code), other, f"translation:{code}")
        if alt:
            put(F.with_lang(F.XMP_ALT_TEXT, code), one_line(str(item.get("alt_text") or "")), f"translation:{code}")
        if extended:
            put(F.with_lang(F.XMP_EXT_DESCR, code), other, f"translation:{code}")
    return left


def language_paths(payload: Payload, policy: WritePolicy) -> list[str]:
    """The other languages' keywords as hierarchical paths under their language's branch."""
    if not policy.second_language_keywords:
        return []
    out: list[str] = []
    for code, item in payload.translations.items():
        if code.split("-")[0].lower() == (payload.language or "").lower():
            continue
        root = branch(code)
        out += [f"{root}|{k.replace('|', '/')}" for k in clean_keywords(list(item.get("keywords") or []))]
    return out


def add_language_paths(exp: dict[str, Any], meta: F.FileMeta, payload: Payload, policy: WritePolicy) -> None:
    paths = language_paths(payload, policy)
    if not paths:
        return
    gone = {k.strip().casefold() for k in payload.removed}
    present = exp.get(F.XMP_HIER)
    if present is None:
        present = [e for e in meta.texts(F.XMP_HIER) if e.strip().casefold() not in gone]
    exp[F.XMP_HIER] = keywords_mod.merge_paths(list(present), paths, "|")
