"""Keyframes of a video, decoded by seeking: the poster for thumbnails, K frames for captioning.

Never a full decode. The container's index lists the keyframes (``stream.index_entries``); each
chosen one is reached by one seek and decoded alone (the decoder skips every non-key frame), and
its picture is scaled by FFmpeg straight to the size wanted, so a 2-hour 4K file costs a few dozen
keyframe decodes and a handful of small pictures in memory, whatever its length.

Choosing frames (``choose``): up to ``candidates_for(k)`` keyframes spread evenly over the clip are
decoded small; frames that are (nearly) black or flat are fades and lose; the clip is cut into
``k`` equal parts and each part gives the frame that differs most from the one before it (a scene
change), so the frames are spread over the clip and show its different scenes.
The poster (``poster``) is the first keyframe that is not part of a fade.

Pictures come out upright: the display matrix is applied as its EXIF-equivalent orientation
(``video_boxes.orientation_of``), the same way photos are turned.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Any, Iterator

from PIL import Image

#: Mean brightness (0-255) below which a frame counts as black, and spread below which as flat.
DARK_MEAN = 24.0
FLAT_STD = 6.0
#: Candidate keyframes decoded to choose K from.
MAX_CANDIDATES = 36
#: The poster is looked for among this many keyframes from the start.
POSTER_TRIES = 8

_TRANSPOSE = {2: (Image.Transpose.FLIP_LEFT_RIGHT,), 3: (Image.Transpose.ROTATE_180,),
              4: (Image.Transpose.FLIP_TOP_BOTTOM,), 5: (Image.Transpose.TRANSPOSE,),
              6: (Image.Transpose.ROTATE_270,), 7: (Image.Transpose.TRANSVERSE,), 8: (Image.Transpose.ROTATE_90,)}


class FrameError(Exception):
    """No picture could be decoded; ``str`` is a plain reason."""


@dataclass
class Keyframe:
    time: float  # seconds from the start
    image: Image.Image  # upright RGB
    dark: bool = False  # black or flat: part of a fade
    change: float = 0.0  # how much it differs from the keyframe before it (0..1)
    signature: Any = field(default=None, repr=False)


def frames_for(duration: float | None, limit: int = 8) -> int:
    """How many frames describe a clip: 3 for a Live Photo's few seconds, more for longer clips,
    growing with the square root of the length and never more than ``limit``."""
    if not duration or duration <= 0:
        return 1
    return max(1, min(limit, 2 + round(math.sqrt(duration / 5))))


def candidates_for(k: int) -> int:
    return min(MAX_CANDIDATES, max(12, 3 * k))


class Video:
    """An opened video: its first video stream, orientation and keyframe times. Use as a context manager."""

    def __init__(self, path: str | os.PathLike[str], orientation: int | None = None) -> None:
        import av

        self.path = os.fspath(path)
        try:
            self.container = av.open(self.path, metadata_errors="replace")
        except av.FFmpegError as exc:
            raise FrameError(f"cannot open the video: {str(exc).splitlines()[0][:160]}") from None
        except OSError as exc:
            raise FrameError(f"cannot read the video: {exc.strerror or exc}") from None
        streams = [s for s in self.container.streams.video if not (s.disposition & 0x0400)]
        if not streams or streams[0].codec_context is None:
            self.container.close()
            raise FrameError("no decodable video track")
        self.stream = streams[0]
        ctx = self.stream.codec_context
        ctx.skip_frame = "NONKEY"  # the decoder drops every frame that is not a keyframe
        ctx.thread_type = "SLICE"  # frame threads would hold several full frames each
        ctx.thread_count = 2
        self.orientation = orientation if orientation is not None else _orientation(self.path)
        tb = self.stream.time_base
        self.time_base = float(tb) if tb else 0.0
        self.duration = _duration(self.container, self.stream)
        self.nudge = 0.0

    def __enter__(self) -> "Video":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.container.close()

    def keyframe_times(self) -> list[float]:
        """Keyframe times in seconds from the container's index (evenly spaced guesses when it has none)."""
        out: list[float] = []
        if self.duration and self.duration > 1 and _entries(self.stream) <= 1:
            try:  # Matroska reads its cues on the first seek: one seek near the end fills the index
                self.container.seek(int(self.duration * 0.99 / self.time_base), stream=self.stream, backward=True)
            except Exception:  # noqa: BLE001 - no index: guesses below
                pass
        try:
            entries = self.stream.index_entries
            n = len(entries)
            for i in range(n):
                e = entries[i]
                if e.is_keyframe:
                    out.append(max(0.0, e.timestamp * self.time_base))
        except Exception:  # noqa: BLE001 - no index: guess below
            out = []
        if not out and self.duration:
            out = [self.duration * i / 12 for i in range(12)]
        times = sorted(set(round(t, 4) for t in out)) or [0.0]
        # The index holds decoding times, a little before the keyframe's presentation time (B-frames,
        # edit lists): seek a bit past each one, never as far as the next, so the seek lands on it.
        gaps = [b - a for a, b in zip(times, times[1:]) if b > a]
        self.nudge = min(0.5, 0.4 * min(gaps)) if gaps else 0.1
        return times

    def frame_at(self, seconds: float, max_edge: int) -> tuple[float, Image.Image] | None:
        """The keyframe at or before ``seconds``, decoded alone and scaled (long edge ≤ ``max_edge``)."""
        import av

        target = int((seconds + self.nudge) / self.time_base) if self.time_base else 0
        try:
            self.container.seek(target, stream=self.stream, backward=True, any_frame=False)
            self.stream.codec_context.flush_buffers()
            for packet in self.container.demux(self.stream):
                for frame in packet.decode():
                    return self._picture(frame, max_edge)
                if packet.size == 0:
                    break
        except av.FFmpegError:
            return None
        except (MemoryError, ValueError):
            return None
        return None

    def _picture(self, frame: Any, max_edge: int) -> tuple[float, Image.Image]:
        t = float(frame.pts * self.time_base) if frame.pts is not None and self.time_base else 0.0
        w, h = frame.width, frame.height
        sar = self.stream.sample_aspect_ratio
        if sar and sar.numerator and sar.denominator and sar != 1:
            w = max(1, round(w * sar.numerator / sar.denominator))
        scale = min(1.0, max_edge / max(w, h))
        tw, th = max(2, round(w * scale)), max(2, round(h * scale))
        img = frame.reformat(width=tw, height=th, format="rgb24", interpolation="AREA").to_image()
        for op in _TRANSPOSE.get(self.orientation or 1, ()):
            img = img.transpose(op)
        return max(0.0, t), img


def _entries(stream: Any) -> int:
    try:
        return len(stream.index_entries)
    except Exception:  # noqa: BLE001
        return 0


def _orientation(path: str) -> int:
    from app.library import video_boxes

    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
            if not video_boxes.looks_like_quicktime(head):
                return 1
            movie = video_boxes.read_movie(fh, os.fstat(fh.fileno()).st_size)
    except (OSError, video_boxes.BoxError):
        return 1
    track = movie.video()
    return (video_boxes.orientation_of(track.matrix) or 1) if track is not None else 1


def _duration(container: Any, stream: Any) -> float | None:
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return container.duration / 1_000_000
    return None


def _signature(img: Image.Image) -> tuple[list[float], float, float]:
    """A 16×9 grey thumbnail (values 0..1), its mean brightness and spread (0..255)."""
    import numpy as np

    small = np.asarray(img.convert("L").resize((16, 9), Image.Resampling.BILINEAR), dtype=np.float32)
    return (small / 255.0).ravel().tolist(), float(small.mean()), float(small.std())


def _brightness(img: Image.Image) -> tuple[float, float]:
    """Mean brightness and spread (0..255) of the same 16×9 grey thumbnail as ``_signature``, without
    numpy: the poster is made in the grid's thumbnail workers, where numpy would add 10 MB."""
    from PIL import ImageStat  # noqa: PLC0415

    stat = ImageStat.Stat(img.convert("L").resize((16, 9), Image.Resampling.BILINEAR))
    return float(stat.mean[0]), float(stat.stddev[0])


def _spread(times: list[float], n: int) -> list[float]:
    """``n`` of ``times`` evenly spread (first and last kept)."""
    if len(times) <= n:
        return list(times)
    step = (len(times) - 1) / (n - 1)
    return [times[round(i * step)] for i in range(n)]


def decode_candidates(video: Video, n: int, max_edge: int) -> Iterator[Keyframe]:
    """Up to ``n`` keyframes spread over the clip, decoded, each with its fade flag and change score."""
    import numpy as np

    prev = None
    seen: set[float] = set()
    for t in _spread(video.keyframe_times(), n):
        got = video.frame_at(t, max_edge)
        if got is None:
            continue
        time, img = got
        if round(time, 3) in seen:
            continue
        seen.add(round(time, 3))
        sig, mean, std = _signature(img)
        vec = np.asarray(sig)
        change = float(np.abs(vec - prev).mean()) if prev is not None else 1.0
        prev = vec
        yield Keyframe(time, img, dark=mean < DARK_MEAN or std < FLAT_STD, change=change, signature=vec)


def choose(cands: list[Keyframe], k: int, duration: float | None) -> list[Keyframe]:
    """``k`` keyframes: one per equal part of the clip, the biggest scene change in it, fades last."""
    if len(cands) <= k:
        lit = [c for c in cands if not c.dark]
        return lit if lit else cands[:1]
    end = duration or (cands[-1].time + 1e-3)
    picked: list[Keyframe] = []
    for i in range(k):
        lo, hi = end * i / k, end * (i + 1) / k
        part = [c for c in cands if lo <= c.time < hi or (i == k - 1 and c.time >= hi)]
        part = [c for c in part if c not in picked]
        if not part:
            continue
        best = max(part, key=lambda c: (not c.dark, c.change if i else -c.time))
        picked.append(best)
    if len(picked) < k:  # parts without a keyframe: fill with the biggest changes left
        rest = sorted((c for c in cands if c not in picked), key=lambda c: (not c.dark, c.change), reverse=True)
        picked += rest[: k - len(picked)]
    lit = [c for c in picked if not c.dark]
    return sorted(lit if lit else picked[:1], key=lambda c: c.time)


def keyframes(path: str | os.PathLike[str], k: int, max_edge: int, *, orientation: int | None = None) -> list[Keyframe]:
    """The ``k`` keyframes that describe the clip best (upright, long edge ≤ ``max_edge``)."""
    with Video(path, orientation) as video:
        cands = list(decode_candidates(video, candidates_for(k), max_edge))
        if not cands:
            raise FrameError("no keyframe could be decoded")
        return choose(cands, k, video.duration)


def poster(path: str | os.PathLike[str], max_edge: int | None = None, *, orientation: int | None = None
           ) -> Image.Image:
    """The picture that stands for the clip: the first keyframe that is not part of a fade (a clip
    that opens black shows its first real scene), else the brightest of the first few."""
    edge = max_edge or 1280
    with Video(path, orientation) as video:
        times = video.keyframe_times()
        tries = _spread(times, POSTER_TRIES) if len(times) > POSTER_TRIES else times
        best: tuple[float, Image.Image] | None = None
        for t in tries:
            got = video.frame_at(t, edge)
            if got is None:
                continue
            mean, std = _brightness(got[1])
            if mean >= DARK_MEAN and std >= FLAT_STD:
                return got[1]
            if best is None or mean > best[0]:
                best = (mean, got[1])
        if best is None:
            raise FrameError("no keyframe could be decoded")
        return best[1]
