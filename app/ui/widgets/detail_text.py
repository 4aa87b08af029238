"""What the detail pane says about a photo: its caption state, flags, failures and size, in plain
words that say what happened and what to do next."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.core.jsontext import json_list


def _tr(text: str) -> str:
    return QCoreApplication.translate("DetailPane", text)

STATE_TEXT = {
    "none": "No caption yet",
    "draft": "Draft — waiting for your review",
    "approved": "Approved — not yet written to the file",
    "written": "Written into the file",
    "rejected": "Rejected",
    "failed": "Captioning failed",
    "conflict": "Changed in another app after it was written: choose Resolve to keep yours or take theirs",
}

# a stack's members by state, after a count: "2 to review", "all in the file"
STACK_WORDS = {
    "none": "without a caption", "draft": "to review", "approved": "approved, not yet written",
    "written": "in the file", "rejected": "rejected", "failed": "failed", "conflict": "changed in another app",
    "error": "unreadable", "running": "being captioned",
}

FLAG_TEXT = {
    "loop_cut": "loop cut (the model repeated itself; the repeat was removed)",
    "truncated": "truncated (the model hit its length limit)",
    "refusal": "the model refused to describe the photo",
    "duplicate": "same caption as another photo in this batch",
    "empty": "the model returned nothing",
    "ungrounded_name": "a name nothing known about this photo holds (highlighted): check it",
    "old_context": "written before the folder's context changed: Regenerate to use it",
    "outside_vocabulary": "keywords outside the folder's vocabulary",
    "wrong_language": "not in the language asked for (kept out of approving all drafts)",
    "no_alt_text": "the model wrote no alt text: type one if the photo is published",
}


def file_size(n: int | None) -> str:
    """Bytes as a person reads them: "850 KB", "4.2 MB" (never "0.0 MB")."""
    n = int(n or 0)
    if n < 1000:
        return f"{n} byte{'s' if n != 1 else ''}"
    if n < 1_000_000:
        return f"{n / 1000:.0f} KB"
    if n < 1_000_000_000:
        return f"{n / 1e6:.1f} MB"
    return f"{n / 1e9:.2f} GB"


def _current_version(photo: dict[str, Any]) -> dict[str, Any]:
    cid = photo.get("caption_id")
    return next((h for h in photo.get("history") or [] if h.get("id") == cid), {})


def failure_text(photo: dict[str, Any]) -> str | None:
    """Why captioning this photo failed and what to do, or None when it did not fail."""
    if (photo.get("caption_state") or "none") != "failed":
        return None
    why = (photo.get("caption_error") or _current_version(photo).get("note") or "").strip().rstrip(".")
    what = f"Captioning failed: {why}." if why else "Captioning failed (the log says why)."
    return f"{what} Press C to try again, G to try another model, or type a caption yourself."


def placeholder_text(photo: dict[str, Any]) -> str:
    """The empty caption field's hint: what this photo needs next."""
    if photo.get("state") == "error":
        return "This photo cannot be read, so the model cannot caption it. You can still type a caption."
    if (photo.get("caption_state") or "none") == "failed":
        return "No caption: captioning failed (see above). Press C to try again, or type a caption."
    return "No caption yet. Press C to caption this photo, or type one."


def flag_texts(photo: dict[str, Any]) -> list[str]:
    """The current caption's flags in plain words; a wrong language says what was found."""
    out = []
    for flag in json_list(photo.get("caption_flags")):
        if flag == "wrong_language":
            from app.captioning.languages import describe  # noqa: PLC0415 - only for a flagged draft

            found = describe(_json(_current_version(photo).get("language_check")))
            out.append(_tr("not in the language asked for: %1").replace("%1", found) if found
                       else _tr(FLAG_TEXT[flag]))
        else:
            out.append(_tr(FLAG_TEXT[flag]) if flag in FLAG_TEXT else flag.replace("_", " "))
    return out


def _json(value: Any) -> Any:
    try:
        return json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return None

