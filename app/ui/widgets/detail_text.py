"""What the detail pane says about a photo: its caption state, flags, failures and size, in plain
words that say what happened and what to do next (in the window's language)."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QDateTime, QLocale, QTime, QTimeZone

from app.ui.i18n import number

translate = QCoreApplication.translate

STATE_TEXT = {
    "none": QT_TRANSLATE_NOOP("DetailText", "No caption yet"),
    "draft": QT_TRANSLATE_NOOP("DetailText", "Draft — waiting for your review"),
    "approved": QT_TRANSLATE_NOOP("DetailText", "Approved — not yet written to the file"),
    "written": QT_TRANSLATE_NOOP("DetailText", "Written into the file"),
    "rejected": QT_TRANSLATE_NOOP("DetailText", "Rejected"),
    "failed": QT_TRANSLATE_NOOP("DetailText", "Captioning failed"),
    "conflict": QT_TRANSLATE_NOOP(
        "DetailText", "Changed in another app after it was written: choose Resolve to keep yours or take theirs"),
}

FLAG_TEXT = {
    "loop_cut": QT_TRANSLATE_NOOP("DetailText", "loop cut (the model repeated itself; the repeat was removed)"),
    "truncated": QT_TRANSLATE_NOOP("DetailText", "truncated (the model hit its length limit)"),
    "refusal": QT_TRANSLATE_NOOP("DetailText", "the model refused to describe the photo"),
    "duplicate": QT_TRANSLATE_NOOP("DetailText", "same caption as another photo in this batch"),
    "empty": QT_TRANSLATE_NOOP("DetailText", "the model returned nothing"),
    "ungrounded_name": QT_TRANSLATE_NOOP(
        "DetailText", "a name nothing known about this photo holds (highlighted): check it"),
    "old_context": QT_TRANSLATE_NOOP("DetailText", "written before the folder's context changed: Regenerate to use it"),
    "outside_vocabulary": QT_TRANSLATE_NOOP("DetailText", "keywords outside the folder's vocabulary"),
}

# a stack's members by state: "all to review", or a count ("2 to review"; French makes the words agree)
_STACK_ALL = {
    "none": QT_TRANSLATE_NOOP("DetailText", "all without a caption"),
    "draft": QT_TRANSLATE_NOOP("DetailText", "all to review"),
    "approved": QT_TRANSLATE_NOOP("DetailText", "all approved, not yet written"),
    "written": QT_TRANSLATE_NOOP("DetailText", "all in the file"),
    "rejected": QT_TRANSLATE_NOOP("DetailText", "all rejected"),
    "failed": QT_TRANSLATE_NOOP("DetailText", "all failed"),
    "conflict": QT_TRANSLATE_NOOP("DetailText", "all changed in another app"),
    "error": QT_TRANSLATE_NOOP("DetailText", "all unreadable"),
    "running": QT_TRANSLATE_NOOP("DetailText", "all being captioned"),
}
_STACK_SOME: dict[str, Callable[[int], str]] = {
    "none": lambda k: translate("DetailText", "%Ln without a caption", None, k),
    "draft": lambda k: translate("DetailText", "%Ln to review", None, k),
    "approved": lambda k: translate("DetailText", "%Ln approved, not yet written", None, k),
    "written": lambda k: translate("DetailText", "%Ln in the file", None, k),
    "rejected": lambda k: translate("DetailText", "%Ln rejected", None, k),
    "failed": lambda k: translate("DetailText", "%Ln failed", None, k),
    "conflict": lambda k: translate("DetailText", "%Ln changed in another app", None, k),
    "error": lambda k: translate("DetailText", "%Ln unreadable", None, k),
    "running": lambda k: translate("DetailText", "%Ln being captioned", None, k),
}


def state_text(state: str) -> str:
    """A caption state in words ("Draft — waiting for your review")."""
    return translate("DetailText", STATE_TEXT[state]) if state in STATE_TEXT else state


def flag_text(flag: str) -> str:
    """A caption flag in words; an unknown flag as its name ("bad json")."""
    return translate("DetailText", FLAG_TEXT[flag]) if flag in FLAG_TEXT else flag.replace("_", " ")


def stack_words(state: str, some: int | None = None) -> str:
    """What a stack's members are: "all to review", or with ``some`` of them "2 to review"."""
    if some is None:
        return translate("DetailText", _STACK_ALL[state]) if state in _STACK_ALL else state
    return _STACK_SOME[state](some) if state in _STACK_SOME else f"{number(some)} {state}"


def file_size(n: int | None) -> str:
    """Bytes as a person reads them: "850 KB", "4.2 MB" (never "0.0 MB"), decimals as the language writes them."""
    n = int(n or 0)
    if n < 1000:
        return translate("DetailText", "%Ln byte(s)", None, n)
    if n < 1_000_000:
        return translate("DetailText", "{size} KB").format(size=number(round(n / 1000)))
    if n < 1_000_000_000:
        return translate("DetailText", "{size} MB").format(size=number(n / 1e6, 1))
    return translate("DetailText", "{size} GB").format(size=number(n / 1e9, 2))


def taken_text(taken_at: str | None) -> str:
    """A capture date ("2019-07-14T15:20:00") in the window's language: the date in long form and the
    time ("Sunday, 14 July 2019, 15:20"); "" when it is not a date."""
    s = str(taken_at or "")
    locale = QLocale()
    day = QDate.fromString(s[:10], "yyyy-MM-dd")
    if not day.isValid():
        return ""
    text = locale.toString(day, QLocale.FormatType.LongFormat)
    if len(s) >= 16 and s[10] in "T ":
        time = QTime.fromString(s[11:16], "HH:mm")
        if time.isValid():
            text = translate("DetailText", "{date}, {time}").format(
                date=text, time=locale.toString(time, QLocale.FormatType.ShortFormat))
    return text


# a caption version's state and source in the history list ("draft", "by the model")
_HISTORY_STATE = {
    "draft": QT_TRANSLATE_NOOP("DetailText", "draft"),
    "approved": QT_TRANSLATE_NOOP("DetailText", "approved"),
    "written": QT_TRANSLATE_NOOP("DetailText", "written"),
    "rejected": QT_TRANSLATE_NOOP("DetailText", "rejected"),
    "failed": QT_TRANSLATE_NOOP("DetailText", "failed"),
    "conflict": QT_TRANSLATE_NOOP("DetailText", "conflict"),
}
_HISTORY_SOURCE = {
    "model": QT_TRANSLATE_NOOP("DetailText", "model"),
    "human": QT_TRANSLATE_NOOP("DetailText", "you"),
    "file": QT_TRANSLATE_NOOP("DetailText", "file"),
}


def history_words(version: dict[str, Any], first_line: str) -> str:
    """One line of the caption history: "14.07.19 15:20 · draft · model (llava): A dog on a beach"."""
    stamp = str(version.get("created_at") or "")
    moment = QDateTime.fromString(stamp[:16].replace(" ", "T"), "yyyy-MM-dd'T'HH:mm")
    if moment.isValid():
        moment.setTimeZone(QTimeZone.utc())  # stored in UTC ("…Z"): shown in the computer's time
        when = QLocale().toString(moment.toLocalTime(), QLocale.FormatType.ShortFormat)
    else:
        when = stamp[:16].replace("T", " ")
    state = str(version.get("state") or "")
    source = str(version.get("source") or "")
    who = translate("DetailText", _HISTORY_SOURCE[source]) if source in _HISTORY_SOURCE else source
    if version.get("model"):
        who = translate("DetailText", "{source} ({model})").format(source=who, model=version["model"])
    what = translate("DetailText", _HISTORY_STATE[state]) if state in _HISTORY_STATE else state
    return f"{when} · {what} · {who}: {first_line}"


def _current_version(photo: dict[str, Any]) -> dict[str, Any]:
    cid = photo.get("caption_id")
    return next((h for h in photo.get("history") or [] if h.get("id") == cid), {})


def failure_text(photo: dict[str, Any]) -> str | None:
    """Why captioning this photo failed and what to do, or None when it did not fail."""
    if (photo.get("caption_state") or "none") != "failed":
        return None
    why = (photo.get("caption_error") or _current_version(photo).get("note") or "").strip().rstrip(".")
    if why:
        return translate("DetailText", "Captioning failed: {reason}. Press C to try again, G to try another model, "
                                       "or type a caption yourself.").format(reason=why)
    return translate("DetailText", "Captioning failed (the log says why). Press C to try again, G to try another "
                                   "model, or type a caption yourself.")


def placeholder_text(photo: dict[str, Any]) -> str:
    """The empty caption field's hint: what this photo needs next."""
    if photo.get("state") == "error":
        return translate("DetailText", "This photo cannot be read, so the model cannot caption it. "
                                       "You can still type a caption.")
    if (photo.get("caption_state") or "none") == "failed":
        return translate("DetailText", "No caption: captioning failed (see above). Press C to try again, "
                                       "or type a caption.")
    return translate("DetailText", "No caption yet. Press C to caption this photo, or type one.")
