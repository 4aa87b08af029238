"""Probe one video: what the index stores about it, from the container's headers (no frame is decoded).

Called by ``probe.probe_file`` for the video containers ``formats.VIDEO_FORMATS`` lists, in the
scanner's worker processes. FFmpeg (through PyAV, which ships its own FFmpeg in the wheel) reads the
streams and every metadata atom (QuickTime Keys, ItemList and UserData, XMP with ``export_xmp``,
RIFF INFO, Matroska tags); ``video_boxes`` checks what FFmpeg would round or hide: a file cut off
before its ``moov`` index, a display matrix that is not a right angle, a declared duration the
samples do not cover. Each of those is an error with a plain reason, and the scan goes on.

Rules (where the sources disagree):
- capture date: QuickTime ``CreationDate`` (``com.apple.quicktime.creationdate``, local time with its
  zone) first, else the movie header's ``CreateDate``, which the QuickTime specification defines as
  UTC (stored with ``Z``), else XMP, else a container's own date (RIFF/Matroska);
- description: the QuickTime description (Keys, ItemList, UserData) first, as EXIF comes first for a
  photo (an app that knows only QuickTime may have changed it), else XMP ``dc:description``, else a
  comment; a sidecar overrides, as for photos;
- size as displayed: the coded size with the sample aspect ratio, turned by the display matrix
  (which is also stored as the EXIF-equivalent ``orientation``, so thumbnails turn it the same way).
"""

from __future__ import annotations

import os
import re
from typing import Any

from app.facts import file_facts
from app.library import metadata as md
from app.library import video_boxes as boxes
from app.library import xmp as xmpmod

#: ftyp major brand (first three letters) -> our format name.
_BRANDS = {"qt ": "MOV", "M4V": "M4V", "3gp": "3GP", "3g2": "3G2"}
#: Declared length beyond the frames that is still "the same" (rounding, an audio tail, a last GOP).
LIE_SLACK_SECONDS = 2.0
LIE_SLACK_SHARE = 0.1

_DESCRIPTION_KEYS = ("com.apple.quicktime.description", "description", "synopsis")
_COMMENT_KEYS = ("com.apple.quicktime.comment", "comment")
_TITLE_KEYS = ("com.apple.quicktime.title", "title")
_KEYWORD_KEYS = ("com.apple.quicktime.keywords", "keywords")
_MAKE_KEYS = ("com.apple.quicktime.make", "make", "com.android.manufacturer")
_MODEL_KEYS = ("com.apple.quicktime.model", "model", "com.android.model")
_LOCATION_KEYS = ("com.apple.quicktime.location.ISO6709", "location", "location-eng")
CONTENT_ID_KEY = "com.apple.quicktime.content.identifier"


def probe_video(rec: dict[str, Any], path: str, head: bytes) -> None:
    """Fill ``rec`` (a probe record whose size, fingerprint and sidecar are known) for a video."""
    rec["orientation"] = None
    movie: boxes.Movie | None = None
    if boxes.looks_like_quicktime(head):
        try:
            with open(path, "rb") as fh:
                movie = boxes.read_movie(fh, rec["size"])
        except boxes.BoxError as exc:
            _error(rec, str(exc))
            return
        brand = movie.brand[:3]
        rec["format"] = _BRANDS.get(brand, "MP4" if movie.brand else "MOV")
    try:
        import av  # PyAV: FFmpeg with its codecs, shipped in the wheel
    except ImportError:  # pragma: no cover - a dependency
        _error(rec, "video support is not installed (PyAV)")
        return
    try:
        container = av.open(_av_path(path), options={"export_xmp": "1"}, metadata_errors="replace")
    except av.FFmpegError as exc:
        _error(rec, _av_reason(exc))
        return
    except (OSError, ValueError) as exc:
        _error(rec, f"cannot open the video: {exc}")
        return
    try:
        _fill(rec, container, movie)
    except Exception as exc:  # noqa: BLE001 - one odd file never stops the scan
        _error(rec, f"cannot read the video: {str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__}")
    finally:
        container.close()


def _av_path(path: str) -> str:
    """PyAV takes text paths; a name that is not valid UTF-8 goes through its surrogate escapes."""
    return os.fsdecode(path) if isinstance(path, bytes) else path


def _error(rec: dict[str, Any], reason: str) -> None:
    rec["state"] = "error"
    rec["error"] = reason


def _av_reason(exc: Exception) -> str:
    text = str(exc)
    low = text.lower()
    if "moov atom not found" in low:
        return "truncated video: no 'moov' index (the recording or the copy was cut off before the index was written)"
    if "invalid data" in low or "end of file" in low:
        return "damaged or truncated video: FFmpeg cannot read its container"
    first = text.splitlines()[0] if text else type(exc).__name__
    return f"cannot read the video: {first[:200]}"


def _video_stream(container: Any) -> Any:
    for s in container.streams.video:
        if not (s.disposition & 0x0400):  # AV_DISPOSITION_ATTACHED_PIC: a cover image, not the video
            return s
    return None


def _fill(rec: dict[str, Any], container: Any, movie: boxes.Movie | None) -> None:
    import av

    meta = {str(k): str(v) for k, v in (container.metadata or {}).items()}
    v = _video_stream(container)
    if v is None:
        _error(rec, "no video track in the file")
        return
    fmt = container.format.name or ""
    if not rec.get("format") or movie is None:
        rec["format"] = "AVI" if fmt == "avi" else "MKV" if "matroska" in fmt else rec.get("format") or fmt.upper()
    codec = _codec_name(v)
    ctx = v.codec_context
    cw, ch = (int(ctx.width or 0), int(ctx.height or 0)) if ctx is not None else (0, 0)
    sar = v.sample_aspect_ratio
    if sar and sar.numerator and sar.denominator and sar != 1:
        cw = int(round(cw * sar.numerator / sar.denominator))
    track = movie.video() if movie is not None else None
    orientation = 1
    if track is not None:
        angle = boxes.matrix_angle(track.matrix)
        found = boxes.orientation_of(track.matrix)
        if found is None:
            _error(rec, f"rotation matrix is not a right angle ({angle:.0f}°): the picture cannot be shown upright")
            orientation = 1
        else:
            orientation = found
        if not cw and track.width:
            cw, ch = int(track.width), int(track.height)
    rec["orientation"] = orientation if orientation != 1 else None
    rec["width"], rec["height"] = (ch, cw) if orientation >= 5 else (cw, ch)
    duration = _declared(container, v, movie)
    frames = _frames_seconds(v, movie)
    fps = float(v.average_rate or v.guessed_rate or 0) or None
    rec["video"] = {
        "duration": round(frames if frames is not None else duration, 3) if (frames or duration) else None,
        "declared": duration, "fps": round(fps, 3) if fps else None, "codec": codec,
        "stored_width": (int(ctx.width or 0) or None) if ctx is not None else None,
        "stored_height": (int(ctx.height or 0) or None) if ctx is not None else None,
        "rotation": round(boxes.matrix_angle(track.matrix)) if track is not None else 0,
        "audio": bool(container.streams.audio), "keyframes": _keyframe_count(v),
        "content_id": meta.get(CONTENT_ID_KEY) or None, "container": fmt,
    }
    _metadata(rec, meta, movie is not None)
    if rec["state"] == "error":
        return
    if codec is None:
        tag = (track.codec if track is not None else "") or getattr(ctx, "codec_tag", "") or "?"
        _error(rec, f"unknown video codec '{tag.strip() or '?'}': no decoder for it")
        return
    try:
        av.codec.Codec(codec, "r")
    except Exception:  # noqa: BLE001 - UnknownCodecError and friends: nothing can decode it
        _error(rec, f"unknown video codec '{codec}': no decoder for it")
        return
    if movie is not None and movie.mdat and sum(n for _, n in movie.mdat) == 0:
        _error(rec, "no media data: the file holds the video's index and metadata but none of its frames")
        return
    if movie is not None and not movie.mdat and not _has_packets(v):
        _error(rec, "no media data: the file holds the video's index and metadata but none of its frames")
        return
    if frames is None and duration is None:
        _error(rec, "no video frames in the file")
        return
    if frames is not None and frames <= 0:
        _error(rec, "no video frames in the file")
        return
    lie = _duration_lie(duration, frames, movie)
    if lie:
        _error(rec, lie)


def _codec_name(v: Any) -> str | None:
    try:
        name = v.codec_context.name if v.codec_context is not None else None
    except Exception:  # noqa: BLE001
        return None
    return name or None


def _declared(container: Any, v: Any, movie: boxes.Movie | None = None) -> float | None:
    """The length the container states: the movie and track headers for QuickTime (FFmpeg replaces
    them with its own estimate from the streams), else FFmpeg's answer."""
    if movie is not None:
        track = movie.video()
        stated = [s for s in (movie.seconds, track.seconds if track is not None else None) if s]
        if stated:
            return max(stated)
    if container.duration:
        return container.duration / 1_000_000
    if v.duration and v.time_base:
        return float(v.duration * v.time_base)
    return None


def _frames_seconds(v: Any, movie: boxes.Movie | None) -> float | None:
    """How long the frames really last: the sample table for QuickTime, else the index's last entry."""
    if movie is not None:
        track = movie.video()
        if track is not None and track.samples:
            return track.sample_seconds
    if "avi" not in (v.container.format.name or ""):
        return None  # Matroska reads its index (cues) only when it seeks: the frames cannot be counted here
    try:
        entries = v.index_entries
        n = len(entries)
    except Exception:  # noqa: BLE001
        return None
    if not n or not v.time_base:
        return None
    last = entries[n - 1].timestamp
    first = entries[0].timestamp
    step = 1 / float(v.average_rate) if v.average_rate else 0.0
    return float((last - min(first, 0)) * v.time_base) + step


def _keyframe_count(v: Any) -> int | None:
    try:
        entries = v.index_entries
        return sum(1 for e in entries if e.is_keyframe) if len(entries) else None
    except Exception:  # noqa: BLE001
        return None


def _has_packets(v: Any) -> bool:
    try:
        return len(v.index_entries) > 0
    except Exception:  # noqa: BLE001
        return True


def _duration_lie(declared: float | None, frames: float | None, movie: boxes.Movie | None) -> str | None:
    """A declared length the frames do not cover (another track may be longer: the longest counts)."""
    if declared is None or frames is None:
        return None
    longest = frames
    if movie is not None:
        longest = max([frames] + [t.sample_seconds or 0.0 for t in movie.tracks])
    if declared > longest + max(LIE_SLACK_SECONDS, LIE_SLACK_SHARE * longest):
        return (f"the container says the video lasts {clock(declared)} but its frames last {clock(longest)}: "
                "its duration cannot be trusted")
    return None


def clock(seconds: float | None) -> str:
    """0:07, 1:02:03: a duration as people read it."""
    if seconds is None:
        return "?"
    s = int(round(seconds))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


# -- metadata ----------------------------------------------------------------------------------

def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for k in keys:
        v = md.clean_text(meta.get(k))
        if v:
            return v
    return None


def _metadata(rec: dict[str, Any], meta: dict[str, str], quicktime: bool) -> None:
    x = xmpmod.parse(meta.get("xmp")) if meta.get("xmp") else {}
    if not x.get("subject"):
        kws = _first(meta, _KEYWORD_KEYS)
        if kws:
            x = dict(x, subject=[k.strip() for k in re.split(r"[,;]", kws) if k.strip()])
    f = {"exif_description": _first(meta, _DESCRIPTION_KEYS), "xmp": x, "iptc_caption": None,
         "xp_comment": _first(meta, _COMMENT_KEYS), "xp_title": _first(meta, _TITLE_KEYS)}
    side = md.read_sidecar(rec["sidecar_path"]) if rec.get("sidecar_path") else None
    texts = md.reconcile(f, side)
    rec["file_description"], rec["file_title"], rec["file_keywords"] = (
        texts["description"], texts["title"], texts["keywords"])
    rec["taken_at"] = capture_date(meta, x, side, quicktime=quicktime)
    rec["camera_make"] = _first(meta, _MAKE_KEYS) or md.clean_text(x.get("make")) or None
    rec["camera_model"] = _first(meta, _MODEL_KEYS) or md.clean_text(x.get("model")) or None
    lat, lon = None, None
    for k in _LOCATION_KEYS:
        if meta.get(k):
            lat, lon = iso6709(meta[k])
            if lat is not None:
                break
    if lat is None and x.get("gps_lat") is not None:
        lat, lon = x["gps_lat"], x["gps_lon"]
    rec["gps_lat"], rec["gps_lon"] = lat, lon
    stored = (rec["width"], rec["height"]) if rec.get("width") else None
    rec["file_place"], rec["file_people"] = file_facts.facts(x, None, side, rec.get("orientation"), stored)


_QT_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?")


def capture_date(meta: dict[str, str], x: dict[str, Any], side: dict[str, Any] | None = None, *,
                 quicktime: bool = True) -> str | None:
    """ISO 8601 capture time: CreationDate with its zone, else CreateDate as UTC (see the module doc).
    ``quicktime``: the movie header's time is UTC by the specification; AVI and Matroska dates are
    taken as they are written (RIFF's is local time; FFmpeg marks Matroska's UTC date with ``Z``)."""
    creation = meta.get("com.apple.quicktime.creationdate")
    if creation:
        d = _iso(creation, default_zone=None)
        if d:
            return d
    ct = meta.get("creation_time")
    if ct:
        d = _iso(ct, default_zone="Z" if quicktime else None)
        if d and not d.startswith(("1904-01-01", "1970-01-01")):  # zero dates: never set
            return d
    for cand in (x.get("date"), (side or {}).get("date"), meta.get("date")):
        d = md.iso_date(cand)
        if d:
            return d
    return None


def _iso(text: str, default_zone: str | None) -> str | None:
    m = _QT_DATE.match(text)
    if not m:
        return md.iso_date(text)
    y, mo, d, hh, mm, ss, tz = m.groups()
    if int(y) == 0 or not (1 <= int(mo) <= 12) or not (1 <= int(d) <= 31):
        return None
    out = f"{y}-{mo}-{d}T{hh}:{mm}:{ss or '00'}"
    zone = tz or default_zone
    if zone == "Z":
        out += "Z"
    elif zone:
        out += zone if ":" in zone else zone[:3] + ":" + zone[3:]
    return out


_ISO6709 = re.compile(r"^\s*([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)")


def iso6709(text: str) -> tuple[float | None, float | None]:
    """An ISO 6709 point ("+48.8584+002.2945+035.000/", also degrees-minutes forms) -> (lat, lon)."""
    m = _ISO6709.match(text or "")
    if not m:
        return None, None
    lat, lon = _iso_part(m.group(1), 2), _iso_part(m.group(2), 3)
    if lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180 or (lat == 0 and lon == 0):
        return None, None
    return round(lat, 7), round(lon, 7)


def _iso_part(s: str, deg_digits: int) -> float | None:
    sign = -1.0 if s[0] == "-" else 1.0
    body = s[1:]
    whole, _, frac = body.partition(".")
    try:
        if len(whole) <= deg_digits:
            return sign * float(body)
        if len(whole) == deg_digits + 2:  # DDMM.mmm
            return sign * (float(whole[:deg_digits]) + float(whole[deg_digits:] + ("." + frac if frac else "")) / 60)
        if len(whole) == deg_digits + 4:  # DDMMSS.sss
            return sign * (float(whole[:deg_digits]) + float(whole[deg_digits:deg_digits + 2]) / 60
                           + float(whole[deg_digits + 2:] + ("." + frac if frac else "")) / 3600)
    except ValueError:
        return None
    return None
