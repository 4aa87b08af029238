"""What a caption write is made of: the policy (where and how), the payload (what), the prepared
per-target plan (exact exiftool arguments and the values they replace) and the errors a write can end in.

Shared by the planner (``metadata.args``), the writer (``metadata.writer``), undo (``metadata.restore``)
and the review layer that journals every plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.metadata import fields as F
from app.metadata.video_fields import VIDEO_TYPES

# exiftool FileType values we write into the file itself; GIF takes XMP only. MPO (a JPEG with a second
# picture) and JPEG XL are rewritten in place by exiftool like the others.
IN_FILE_FORMATS = frozenset({"JPEG", "MPO", "TIFF", "PNG", "WEBP", "HEIC", "HEIF", "AVIF", "DNG", "GIF", "JXL"}) | VIDEO_TYPES
EXIF_FORMATS = frozenset({"JPEG", "MPO", "TIFF", "PNG", "WEBP", "HEIC", "HEIF", "AVIF", "DNG", "JXL"})
IPTC_FORMATS = frozenset({"JPEG", "MPO", "TIFF"})
TARGETS = ("auto", "file", "sidecar", "sidecar_only")


class WriteError(Exception):
    """A per-photo failure with a one-line reason; nothing was changed unless ``changed`` says so."""

    def __init__(self, message: str, *, target: str | None = None, changed: bool = False) -> None:
        super().__init__(message)
        self.target = target
        self.changed = changed


class Refused(WriteError):
    """exiftool refused to rewrite the file (the file is unchanged): try XMP only, or a sidecar."""


class MinorRefusal(Refused):
    """exiftool refused the file with a ``[minor]`` error (either case): retried once with ``-m``."""


class DiskFull(WriteError):
    """exiftool could not write its copy of the file because the disk is (nearly) full."""


@dataclass(frozen=True)
class WritePolicy:
    """Where and how to write; built from ``Settings`` (CLI flags may override)."""

    target: str = "auto"  # auto | file | sidecar_only ("sidecar" is the same as sidecar_only)
    sidecar_naming: str = "ext"  # ext: NAME.EXT.xmp, base: NAME.xmp
    keep_file_dates: bool = False  # True: exiftool -P (other apps and backups may miss the change)
    provenance: bool = True
    place_names: bool = False  # fill empty MWG location fields with the resolved place
    extended_description: str = "detailed"  # ExtDescrAccessibility gets the caption: detailed | always | never
    second_language_keywords: bool = False  # a second language's keywords in lr:hierarchicalSubject

    @classmethod
    def from_settings(cls, settings: Any) -> "WritePolicy":
        return cls(
            target=getattr(settings, "write_target", "auto") or "auto",
            sidecar_naming=_naming(settings),
            keep_file_dates=bool(getattr(settings, "keep_file_dates", False)),
            provenance=bool(getattr(settings, "write_provenance", True)),
            place_names=bool(getattr(settings, "write_place_names", False)),
            extended_description=str(getattr(settings, "extended_description", "detailed") or "detailed"),
            second_language_keywords=bool(getattr(settings, "second_language_keywords", False)),
        )

    def wants_extended(self, style: str | None) -> bool:
        """Whether a caption of ``style`` also goes into Iptc4xmpCore:ExtDescrAccessibility."""
        return self.extended_description == "always" or (self.extended_description == "detailed"
                                                          and style == "detailed")

    @property
    def sidecar_only(self) -> bool:
        return self.target in ("sidecar", "sidecar_only")


@dataclass
class Payload:
    """What to write: the approved caption and who made it."""

    text: str
    keywords: list[str] = field(default_factory=list)
    title: str | None = None
    source: str = "model"  # model | human | file
    model: str | None = None
    style: str | None = None
    created_at: str | None = None
    approved: bool = True
    hierarchy: dict[str, list[str]] = field(default_factory=dict)  # keyword -> vocabulary path
    place: dict[str, Any] | None = None  # resolved place, written only with WritePolicy.place_names
    removed: list[str] = field(default_factory=list)  # keywords to take out of every keyword field
    alt_text: str | None = None  # Iptc4xmpCore:AltTextAccessibility (x-default)
    language: str | None = None  # the caption's language (ISO code): x-default is written in it
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)  # {"de": {"text", "alt_text", "keywords"}}
    # What we last wrote per target path (the journal): a text there that is neither ours nor the new
    # one is a person's, kept unless ``replace`` names its tag (the person's consent) or ``force``.
    owned: dict[str, dict[str, Any]] = field(default_factory=dict)
    replace: set[str] = field(default_factory=set)  # "alt_text", "translation:de": a person typed these
    force: bool = False


@dataclass
class PreparedWrite:
    """One target's planned write: the exact arguments and what they will replace."""

    photo: str
    kind: str  # file | sidecar
    path: str
    created: bool  # the sidecar does not exist yet
    args: list[str]
    expected: dict[str, Any]
    before: dict[str, Any]
    current_description: str | None
    file_type: str
    followup: list[str] = field(default_factory=list)
    meta: F.FileMeta | None = None  # what the target held when planned (conflict checks)
    xmp_only: bool = False  # EXIF fields left out (exiftool will not rewrite this file's EXIF)
    notes: list[str] = field(default_factory=list)  # e.g. "a [minor] warning was ignored"
    stale: list[tuple[str, str, str]] = field(default_factory=list)  # (field name, text, why) still showing old text
    left: list[tuple[str, str, str]] = field(default_factory=list)  # (field name, text, why) left alone on purpose
    kept: dict[str, Any] = field(default_factory=dict)  # description fields present but not written (journaled)

    def journal_before(self) -> dict[str, Any]:
        return {"tags": self.before, "created": self.created, "kind": self.kind}

    def journal_after(self) -> dict[str, Any]:
        return {"tags": self.expected}


def _naming(settings: Any) -> str:
    """``ext`` or ``base``; the settings dialog and the first-run question set it from the RAW app."""
    value = getattr(settings, "sidecar_naming", "ext") or "ext"
    return value if value in ("ext", "base") else "ext"
