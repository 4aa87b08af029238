"""A video's caption request: K keyframes, sent as several images or as one contact sheet, and its prompt.

Preparation (``prepare_video``, in the pipeline's CPU executor) decodes the K keyframes once
(``library.video_frames``: scene changes, spread over the clip, K by duration and capped, fades
skipped) and makes both forms, upright JPEG like a photo's:

- the frames one by one, for models that take several images in one message (Ollama's ``images``
  list): with K frames each is shrunk so the request carries about the pixels of two photos
  (``frame_edge``), since every image costs the model's context;
- one contact sheet (frames in a grid, in time order, each with its time), for models that take a
  single image (llama3.2-vision refuses more: "this model only supports one image while more than
  one image requested") and for OpenAI-compatible servers, which often take one image per prompt.

``takes_several`` decides per model; a server that answers with that refusal gets the sheet from then
on (``is_one_image_refusal``). The prompt (``video_prompt``) says it is a video of N seconds and asks
for one caption of the clip; grounding is the same block as for a photo.
"""

from __future__ import annotations

import io
import math
import os
from dataclasses import dataclass, field
from typing import Any

from PIL import Image, ImageDraw

from app.captioning.errors import PhotoError
from app.captioning.models import base_name

JPEG_QUALITY = 85
#: Models known to take one image per message.
ONE_IMAGE_MODELS = frozenset({"llama3.2-vision", "moondream"})
ONE_IMAGE_REFUSAL = "only supports one image"
SHEET_GAP = 4


@dataclass
class VideoImages:
    """What a video sends: frames (JPEG) with their times, and the same frames as one contact sheet."""

    frames: list[bytes]
    times: list[float]
    sheet: bytes
    duration: float | None
    size: tuple[int, int] = (0, 0)  # one frame, upright
    sheet_grid: tuple[int, int] = (1, 1)  # columns, rows
    notes: list[str] = field(default_factory=list)

    def parts(self, several: bool) -> tuple[bytes | None, list[bytes] | None]:
        """(image, images) for a ``GenRequest``."""
        if several and len(self.frames) > 1:
            return None, list(self.frames)
        return (self.frames[0] if len(self.frames) == 1 else self.sheet), None


def is_video_row(photo: dict[str, Any]) -> bool:
    return photo.get("media") == "video"


def prepare(photo: dict[str, Any], max_edge: int) -> "bytes | VideoImages":
    """What a request carries for a photo row: its JPEG, or a video's keyframes and contact sheet."""
    from app.captioning.prep import prepare_image  # noqa: PLC0415
    from app.core.fspath import from_row  # noqa: PLC0415

    if is_video_row(photo):
        return prepare_video(from_row(photo), max_edge, duration=photo.get("duration"),
                             orientation=photo.get("orientation"))
    return prepare_image(from_row(photo), max_edge)


def frame_edge(max_edge: int, k: int) -> int:
    """Each of ``k`` frames gets about 2/k of a photo's pixels (never below 448 px on the long edge)."""
    if k <= 2:
        return max_edge
    return max(448, min(max_edge, round(max_edge * math.sqrt(2 / k))))


def prepare_video(path: str | os.PathLike[str], max_edge: int = 1120, *, duration: float | None = None,
                  orientation: int | None = None, limit: int = 8) -> VideoImages:
    """Decode the clip's K keyframes (seeking only) and make its frames and contact sheet."""
    from app.library import video_frames

    k = video_frames.frames_for(duration, limit)
    edge = frame_edge(max_edge, k)
    try:
        picked = video_frames.keyframes(path, k, edge, orientation=orientation)
    except video_frames.FrameError as exc:
        raise PhotoError(f"cannot read the video: {exc}") from None
    except (OSError, ValueError) as exc:
        raise PhotoError(f"cannot read the video: {exc}") from None
    if not picked:
        raise PhotoError("cannot read the video: no keyframe could be decoded")
    images = [p.image for p in picked]
    times = [p.time for p in picked]
    sheet, grid = contact_sheet(images, times, max_edge)
    return VideoImages([_jpeg(i) for i in images], times, _jpeg(sheet), duration, images[0].size, grid)


def _jpeg(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False)
    return buf.getvalue()


def contact_sheet(images: list[Image.Image], times: list[float], max_edge: int) -> tuple[Image.Image, tuple[int, int]]:
    """The frames in a grid (left to right, top to bottom), each labelled with its time; long edge ≤ max_edge."""
    from app.library.video_probe import clock

    n = len(images)
    w, h = images[0].size
    cols = max(1, math.ceil(math.sqrt(n * h / w))) if w and h else math.ceil(math.sqrt(n))
    cols = min(cols, n)
    rows = math.ceil(n / cols)
    full_w, full_h = cols * w + (cols - 1) * SHEET_GAP, rows * h + (rows - 1) * SHEET_GAP
    scale = min(1.0, max_edge / max(full_w, full_h))
    cw, ch = max(8, int(w * scale)), max(8, int(h * scale))
    gap = max(1, round(SHEET_GAP * scale))
    sheet = Image.new("RGB", (cols * cw + (cols - 1) * gap, rows * ch + (rows - 1) * gap), (255, 255, 255))
    draw = ImageDraw.Draw(sheet)
    for i, (img, t) in enumerate(zip(images, times)):
        x, y = (i % cols) * (cw + gap), (i // cols) * (ch + gap)
        sheet.paste(img.resize((cw, ch), Image.Resampling.LANCZOS), (x, y))
        label = clock(t)
        box = draw.textbbox((0, 0), label)
        draw.rectangle((x, y, x + box[2] + 6, y + box[3] + 4), fill=(0, 0, 0))
        draw.text((x + 3, y + 2), label, fill=(255, 255, 255))
    return sheet, (cols, rows)


def takes_several(backend_kind: str, model: str) -> bool:
    """Whether the model is sent the frames as several images (else one contact sheet)."""
    if backend_kind != "ollama":
        return False
    return base_name(model) not in ONE_IMAGE_MODELS


def is_one_image_refusal(exc: BaseException) -> bool:
    return ONE_IMAGE_REFUSAL in str(exc)


def seconds_words(seconds: float | None) -> str:
    if seconds is None:
        return "unknown length"
    s = max(1, round(seconds))
    if s < 90:
        return f"{s} second{'s' if s != 1 else ''}"
    m, sec = divmod(s, 60)
    if m < 90:
        return f"{m} minute{'s' if m != 1 else ''}" + (f" {sec} seconds" if sec else "")
    h, m = divmod(m, 60)
    return f"{h} hour{'s' if h != 1 else ''}" + (f" {m} minutes" if m else "")


def video_prompt(style_prompt: str, video: VideoImages, several: bool,
                 overrides: dict[str, str] | None = None) -> str:
    """The style's prompt, preceded by what the pictures are: frames of a video of N seconds."""
    from app.captioning import prompts

    n = len(video.frames)
    if n == 1:
        layout = "(one frame)"
    elif several:
        layout = "in this message"
    else:
        cols, rows = video.sheet_grid
        layout = f"in one contact sheet ({cols} by {rows}, left to right, top to bottom, each with its time)"
    head = prompts.render(prompts.load_template("video", overrides),
                          {"seconds": seconds_words(video.duration), "frames": str(n), "layout": layout})
    body = style_prompt
    for a, b in (("this photo", "this video"), ("This photo", "This video"), ("the photo", "the video"),
                 ("The photo", "The video")):
        body = body.replace(a, b)
    return f"{head}\n{body}"
