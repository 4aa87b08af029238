"""When exiftool will not rewrite a file: write it without its EXIF block, else into a sidecar."""

from __future__ import annotations

from app.metadata import fields as F
from app.metadata.writer import MetadataWriter, Payload, PreparedWrite, Refused, WriteError


def still_shows(meta: F.FileMeta | None, text: str) -> list[tuple[str, str]]:
    """Description fields of the photo that will keep other text: (field name, text)."""
    if meta is None:
        return []
    out = []
    for tag in F.DESCRIPTION_FIELDS:
        t = F.as_text(meta.get(tag))
        if t and not F.is_boilerplate(t, *meta.camera) and F.norm_text(t) != F.norm_text(text):
            out.append((F.FIELD_NAMES.get(tag, tag), t))
    return out


def fallback(writer: MetadataWriter, path: str, payload: Payload, plan: PreparedWrite, exc: Refused,
              pre: dict[str, F.FileMeta] | None) -> tuple[list[PreparedWrite], str, str | None] | str:
    """exiftool will not rewrite this file (broken maker notes, IFDs out of order, a damaged file).

    First the file without its EXIF fields (XMP, IPTC, comments usually still go in). If the EXIF
    still shows other text (camera boilerplate counts as blank), or even that is refused, a sidecar
    takes the caption and the result is ``sidecar`` with a note of what the file still shows. A DNG
    never silently moves to a sidecar (Lightroom ignores those): it ends as an error instead.
    """
    reason = short_reason(str(exc))
    text = plan.expected[F.XMP_DESCRIPTION]
    if not plan.xmp_only:
        try:
            retry = [p for p in writer.prepare(path, payload, xmp_only=True, pre=pre) if p.kind == "file"]
        except WriteError as exc2:
            return str(exc2)
        meta = plan.meta or F.FileMeta(path=plan.path)
        exif_texts = [(F.FIELD_NAMES.get(t, t), F.as_text(meta.get(t)) or "") for t in F.EXIF_FIELDS
                      if t in F.DESCRIPTION_FIELDS and F.as_text(meta.get(t))]
        stale = [(n, v) for n, v in exif_texts
                 if not F.is_boilerplate(v, *meta.camera) and F.norm_text(v) != F.norm_text(text)]
        leftovers = [(n, v) for n, v in exif_texts if F.is_boilerplate(v, *meta.camera)]
        if not stale:
            note = f"the EXIF block was left as it was: {reason}"
            if leftovers:
                note += "; it still holds the camera's default text " + ", ".join(
                    f"{n} {' '.join(v.split())[:40]!r}" for n, v in leftovers)
            for p in retry:
                p.notes.append(note)
            return retry, "written", note
        if plan.file_type == "DNG":
            return (f"this DNG's EXIF cannot be rewritten ({reason}) and still says {stale[0][1][:60]!r} "
                    f"({stale[0][0]}); not written, and not moved to a sidecar (Lightroom ignores those for DNG)")
        side = sidecar_plans(writer, path, payload, pre)
        if isinstance(side, str):
            return side
        shows = "; ".join(f"{n}: {' '.join(v.split())[:60]!r}" for n, v in stale)
        return retry + side, "sidecar", f"the file itself still shows the old text ({shows}): {reason}"
    if plan.file_type == "DNG":
        return f"this DNG could not be written ({reason}); not moved to a sidecar (Lightroom ignores those for DNG)"
    side = sidecar_plans(writer, path, payload, pre)
    if isinstance(side, str):
        return side
    shows = still_shows(plan.meta, text)
    what = ("; ".join(f"{n}: {' '.join(v.split())[:60]!r}" for n, v in shows) if shows
            else "no caption")
    return side, "sidecar", f"only the sidecar has the caption; the file itself still shows {what}: {reason}"


def sidecar_plans(writer: MetadataWriter, path: str, payload: Payload,
                   pre: dict[str, F.FileMeta] | None) -> list[PreparedWrite] | str:
    try:
        return [p for p in writer.prepare(path, payload, force_sidecar=True, pre=pre) if p.kind == "sidecar"]
    except WriteError as exc:
        return str(exc)


def short_reason(message: str) -> str:
    return message.replace("exiftool refused the file: ", "exiftool: ")
