"""An Ollama-protocol test double: a real HTTP server on 127.0.0.1 that speaks Ollama's API.

Why: no real Ollama runs here, and a mock of the client would test nothing. The double follows
Ollama's API as real servers answer it (wire shapes, NDJSON streaming, error texts and statuses) so the real
``ollama`` Python client and our own code talk to it exactly as to a real server. It can also play
an OpenAI-compatible server (``/v1/chat/completions`` SSE, ``/v1/models``, ``/v1/embeddings``).

Quick use::

    from tests.doubles.ollama_double import OllamaDouble
    with OllamaDouble() as d:                       # starts on 127.0.0.1:<free port>
        client = ollama.Client(host=d.url)
        d.inject("busy")                            # next matching request gets 503
        d.inject("stall", after=3, seconds=5)       # then one that stalls after 3 tokens
        ...
        d.requests[-1].images[0].width              # what the request carried

Constructor keywords (all also attributes you may change while running):
- ``models``: installed models, ``{name: ModelSpec}``; default ``default_models()`` (llava,
  llama3.2-vision, qwen2.5vl, gemma3 vision models; llama3.2 text-only; nomic-embed-text).
- ``pullable``: names ``/api/pull`` can "download" (others: error line inside the 200 stream).
- ``token_delay``: seconds per generated token; ``tokens_per_s``: the same as a decode speed (wins
  over ``token_delay``); ``image_ms_per_mpix``: GPU time to encode the request's images before the
  first token, per megapixel sent (reported in ``prompt_eval_duration``), so a larger image costs
  more, as on a real GPU; ``caption_seconds``: fixed generation time per request (spread over its
  tokens; wins over the speeds when set); ``load_seconds``: extra time on the first request for a
  model (cold load, reported in ``load_duration``).
- ``num_parallel``: requests generating at once (default 1, like one GPU running mllama); further
  requests wait FIFO. ``max_queue``: pending requests beyond this get 503 busy.
- ``port``: listen there (default 0: a free port).
- ``version``: ``/api/version`` answer; ``not_found_style``: ``"new"`` (``model 'x' not found``)
  or ``"old"`` (``model "x" not found, try pulling it first``) for ``/api/chat``.
- ``native`` (default True) serves ``/api/*``; ``openai`` (default True) serves ``/v1/*``.
  ``OpenAIDouble`` is the same server with ``native=False`` (a vLLM / llama.cpp look-alike).
- ``fail_rate``/``fail_kinds``/``fail_seed``: fail that share of chat/generate requests with a
  random fault from ``fail_kinds`` (deterministic for a seed).

Scripted faults (``inject(kind, *, model=None, path=None, times=1, after=2, seconds=..., text=...,
prompt=None)``), consumed FIFO by the next chat/generate request they match (``prompt``: only requests
whose text holds that string, e.g. a translation request beside photo requests):
- statuses: ``not_found`` (404, per ``not_found_style``), ``not_found_old``, ``busy`` (503, two
  spaces), ``crash`` (500 runner stopped), ``mllama`` (500 ``unknown model architecture: 'mllama'``),
  ``oom`` (500 system memory), ``bad_format`` (500 invalid format);
- in-stream: ``error_midstream`` (error line after ``after`` tokens, status 200), ``reset``
  (TCP RST after ``after`` tokens → ``httpx.ReadError``; ``after=0`` resets before any byte), ``drop``
  (connection closed mid-chunked-body → ``httpx.RemoteProtocolError``), ``no_done`` (stream
  stops without ``done``, like Ollama's repeat guard), ``hang`` (nothing for ``seconds`` before the
  first token), ``stall`` (``seconds`` of silence after ``after`` tokens), ``delay`` (extra
  ``seconds`` of GPU time), ``wedge`` (a hung server: the request takes its GPU slot and never
  answers, *and keeps the slot after the client gives up*, so every later request waits behind
  it; the HTTP API still answers ``/api/tags``, ``/api/show``... Ends with ``unwedge()`` or a restart);
- output: ``thinking_only`` (text only in ``message.thinking``), ``think_tags`` (``<think>…</think>``
  then the caption), ``preamble`` ("The image shows …"), ``markdown``, ``quoted``, ``refusal``
  (the privacy boilerplate), ``loop`` (a repeated phrase until ``num_predict``, ``done_reason``
  ``length``), ``length`` (truncated at ``num_predict``), ``empty``, ``text`` (``text=`` as the caption),
  ``raw`` (``text=`` as the whole content, JSON format or not: broken JSON, ``\ud800`` escapes, a
  caption that is a list...), ``surrogates`` (a broken emoji: in JSON format the model writes the
  escape of a lone high surrogate, ``\ud83d``, into the caption; as plain text the server sends the
  U+FFFD that Go's encoder puts in place of invalid UTF-8), ``repeat_guard`` (the caption, then one
  word repeated until Ollama's token-repeat guard ends the stream after 30 identical tokens: no
  ``done`` line, no error).
Server life: ``restart(down_seconds)`` plays ``systemctl restart ollama`` in the background: open
connections are cut (a stream in flight ends mid-body, a waiting request gets no answer), new
connections are refused for ``down_seconds``, then the server listens again on the same port with
the models unloaded (the next request pays the cold load) and any wedge gone; ``restarts`` counts them.
A model can carry a permanent behaviour: ``ModelSpec(error="mllama")`` fails every request that
way; a model without ``"vision"`` in ``capabilities`` silently drops images, like Ollama.

Several images per message (Ollama's ``images`` list, e.g. a video's frames) are all decoded and
recorded in order; the caption then describes each (``describe_images``). An mllama model (llama3.2-
vision) refuses more than one image per message as Ollama does: 500 on ``/api/chat``, 400 on
``/api/generate``, ``this model only supports one image while more than one image requested``.

What the double writes: the caption describes the image actually sent (``describe_image``):
its pixel size, format, mean colour and the colour names of its top and bottom halves, so a test
can check the image is upright and within the size limit. With a ``format`` JSON schema the
content is a JSON object: string properties get the caption, array properties get keywords.

Records: ``requests`` (list of ``Recorded``: path, model, body, options, headers, images (list of
``ImageInfo``), format, stream, keep_alive, outcome, fault, timings). ``outcome`` is one of
``done``, ``error``, ``cancelled`` (client went away), ``reset``, ``no_done``, ``rejected``.
``busy_seconds`` is the time at least one request was generating (the "GPU busy" time for the
duty-cycle benchmark); ``reset_stats()`` clears records and counters.

Embeddings: ``embed_text(text)`` is a deterministic bag-of-concepts vector (``EMBED_DIM`` floats,
L2-normalised). ``SYNONYMS`` maps related words to one concept (puppy → dog, sand → beach, running →
run...), so "puppy on the sand" is close to "a dog running on a beach". The search engineer may
reuse ``embed_text``, ``concepts`` and ``SYNONYMS`` (extend ``SYNONYMS`` in place if needed).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import math
import random
import re
import select
import socket
import struct
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

# ----------------------------------------------------------------------------------------------
# Error texts exactly as Ollama's servers send them

BUSY_TEXT = "server busy, please try again.  maximum pending requests exceeded"
CRASH_TEXT = (
    "model runner has unexpectedly stopped, this may be due to resource limitations or an internal error, "
    "check ollama server logs for details"
)
MLLAMA_TEXT = "unknown model architecture: 'mllama'"
OOM_TEXT = "model requires more system memory (9.8 GiB) than is available (3.1 GiB)"
MIDSTREAM_TEXT = "an error was encountered while running the model: unexpected EOF"
PRIVACY_REFUSAL = (
    "I'm unable to provide information that could compromise your privacy or the privacy of others."
)
UNKNOWN_IMAGE_TEXT = "Failed to create new sequence: failed to process inputs: image: unknown format"
PULL_MISSING_TEXT = "pull model manifest: file does not exist"
ONE_IMAGE_TEXT = "this model only supports one image while more than one image requested"

STATUS_FAULTS = {
    "busy": (503, BUSY_TEXT),
    "crash": (500, CRASH_TEXT),
    "mllama": (500, MLLAMA_TEXT),
    "oom": (500, OOM_TEXT),
    "bad_format": (500, 'invalid format: "x"; expected "json" or a valid JSON Schema object'),
}
SLOT_FAULTS = {"wedge"}  # taken by the request that gets the slot, see OllamaDouble._take_fault
STREAM_FAULTS = {"error_midstream", "reset", "drop", "no_done", "hang", "stall", "delay", "repeat_guard", "wedge"}
REPEAT_GUARD_TOKENS = 30  # Ollama's repeat guard: >30 identical consecutive tokens end the stream silently
OUTPUT_FAULTS = {
    "thinking_only", "think_tags", "preamble", "markdown", "quoted", "refusal", "loop", "length", "empty", "text",
    "raw", "surrogates",
}
ALL_FAULTS = set(STATUS_FAULTS) | STREAM_FAULTS | OUTPUT_FAULTS | {"not_found", "not_found_old"}
#: kinds a "10 % mixed failures" run draws from: every one is transient or recoverable.
MIXED_FAULTS = ("busy", "crash", "error_midstream", "reset", "drop", "no_done", "stall", "hang")


# ----------------------------------------------------------------------------------------------
# Models


@dataclass
class ModelSpec:
    """One installed model. ``error`` names a permanent fault (e.g. ``"mllama"``)."""

    name: str
    capabilities: list[str] = field(default_factory=lambda: ["completion", "vision"])
    family: str = "llama"
    families: list[str] = field(default_factory=lambda: ["llama", "clip"])
    parameter_size: str = "7B"
    size: int = 4_683_075_271
    error: str | None = None
    text: str | None = None  # fixed output instead of describing the image

    @property
    def vision(self) -> bool:
        return "vision" in self.capabilities

    @property
    def one_image(self) -> bool:
        """mllama (llama3.2-vision) takes one image per message; Ollama refuses more."""
        return "mllama" in self.families or self.family == "mllama"


def default_models() -> dict[str, ModelSpec]:
    specs = [
        ModelSpec("llava:latest"),
        ModelSpec("llama3.2-vision:latest", family="mllama", families=["mllama"], parameter_size="10.7B",
                  size=7_901_829_417),
        ModelSpec("qwen2.5vl:7b", family="qwen25vl", families=["qwen25vl"], parameter_size="8.3B", size=6_000_000_000),
        ModelSpec("gemma3:4b", family="gemma3", families=["gemma3"], parameter_size="4.3B", size=3_300_000_000),
        ModelSpec("llama3.2:latest", capabilities=["completion", "tools"], families=["llama"], parameter_size="3.2B",
                  size=2_019_393_189),
        ModelSpec("nomic-embed-text:latest", capabilities=["embedding"], family="nomic-bert",
                  families=["nomic-bert"], parameter_size="137M", size=274_302_450),
    ]
    return {s.name: s for s in specs}


def normalize_name(name: str) -> str:
    """``llava`` → ``llava:latest`` (Ollama's tag default)."""
    return name if ":" in name.rsplit("/", 1)[-1] else name + ":latest"


# ----------------------------------------------------------------------------------------------
# Image analysis: what the "model" sees


@dataclass
class ImageInfo:
    """What a request's image really was (after decoding the bytes sent, no EXIF transpose)."""

    width: int
    height: int
    format: str
    nbytes: int
    mean: tuple[int, int, int]
    top: tuple[int, int, int]
    bottom: tuple[int, int, int]
    exif_orientation: int | None

    @property
    def top_colour(self) -> str:
        return colour_name(self.top)

    @property
    def bottom_colour(self) -> str:
        return colour_name(self.bottom)


_COLOURS = {
    "black": (0, 0, 0), "white": (255, 255, 255), "grey": (128, 128, 128), "red": (220, 30, 30),
    "green": (30, 170, 40), "blue": (30, 60, 220), "yellow": (235, 220, 40), "orange": (240, 140, 20),
    "purple": (130, 40, 160), "brown": (120, 80, 40), "pink": (240, 150, 190), "cyan": (40, 200, 220),
}


def colour_name(rgb: tuple[int, int, int]) -> str:
    return min(_COLOURS, key=lambda n: sum((a - b) ** 2 for a, b in zip(_COLOURS[n], rgb)))


def analyse_image(data: bytes) -> ImageInfo:
    """Decode the bytes as sent (raises ValueError if not an image Ollama could decode)."""
    from PIL import Image

    try:
        img = Image.open(io.BytesIO(data))
        fmt = img.format or "?"
        width, height = img.size
        try:
            orientation = img.getexif().get(0x0112)
        except Exception:  # noqa: BLE001
            orientation = None
        img.draft("RGB", (64, 64))
        small = img.convert("RGB").resize((16, 16))
    except Exception as exc:  # noqa: BLE001 - anything undecodable is "unknown format"
        raise ValueError(str(exc)) from exc
    raw = small.tobytes()
    px = [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]

    def avg(pixels: list[tuple[int, int, int]]) -> tuple[int, int, int]:
        n = max(1, len(pixels))
        return tuple(int(sum(p[i] for p in pixels) / n) for i in range(3))  # type: ignore[return-value]

    return ImageInfo(width, height, fmt, len(data), avg(px), avg(px[: len(px) // 2]), avg(px[len(px) // 2 :]),
                     orientation)


def describe_images(infos: list[ImageInfo]) -> tuple[str, list[str]]:
    """The double's caption and keywords for the images of a request: one image is described as a
    photo; several (a video's frames in one message) each get a clause, in the order sent."""
    if len(infos) <= 1:
        return describe_image(infos[0] if infos else None)
    parts = [f"{i.width}x{i.height} {colour_name(i.mean)} with {i.top_colour} at the top and {i.bottom_colour} "
             f"at the bottom" for i in infos]
    text = f"A sequence of {len(infos)} pictures: " + "; then ".join(parts) + "."
    keywords = ["sequence", *(colour_name(i.mean) for i in infos), *(i.top_colour for i in infos)]
    return text, list(dict.fromkeys(keywords))


def describe_image(info: ImageInfo | None) -> tuple[str, list[str]]:
    """The double's caption and keywords for an image (or for no image)."""
    if info is None:
        return ("I don't see an image [img-0] in your message. Could you describe what you would like me to do?", [])
    shape = "landscape" if info.width > info.height else "portrait" if info.height > info.width else "square"
    text = (
        f"A {shape} photo of {info.width}x{info.height} pixels, mostly {colour_name(info.mean)}, "
        f"with {info.top_colour} at the top and {info.bottom_colour} at the bottom."
    )
    keywords = [shape, colour_name(info.mean), info.top_colour, "photo"]
    return text, list(dict.fromkeys(keywords))


# ----------------------------------------------------------------------------------------------
# Embeddings: a deterministic bag of concepts

EMBED_DIM = 256
STOPWORDS = set(
    "a an the of on in at to and or with by for from is are was were be been it its this that these those "
    "there here some very into over under near photo picture image shot".split()
)
#: word → concept. Related words share a concept so their vectors are close.
SYNONYMS: dict[str, str] = {
    "puppy": "dog", "puppies": "dog", "dogs": "dog", "hound": "dog", "doggy": "dog", "canine": "dog",
    "kitten": "cat", "kitty": "cat", "cats": "cat", "feline": "cat",
    "sand": "beach", "shore": "beach", "seaside": "beach", "coast": "beach", "beaches": "beach",
    "ocean": "sea", "waves": "sea", "wave": "sea",
    "running": "run", "runs": "run", "ran": "run", "jogging": "run", "sprinting": "run",
    "walking": "walk", "walks": "walk", "hiking": "walk", "hike": "walk",
    "automobile": "car", "cars": "car", "vehicle": "car",
    "kid": "child", "kids": "child", "children": "child", "boy": "child", "girl": "child",
    "man": "person", "woman": "person", "people": "person", "men": "person", "women": "person",
    "mountains": "mountain", "hills": "mountain", "hill": "mountain", "peak": "mountain",
    "forest": "tree", "woods": "tree", "trees": "tree",
    "sunset": "dusk", "sundown": "dusk", "evening": "dusk", "twilight": "dusk",
    "snowy": "snow", "snowing": "snow", "flowers": "flower", "blossom": "flower",
    "birds": "bird", "falcon": "bird", "eagle": "bird",
    "city": "town", "street": "town", "urban": "town",
    "receipt": "document", "invoice": "document", "paper": "document",
}


def concepts(text: str) -> list[str]:
    """Lowercase words → concepts (synonyms folded, stop-words dropped, naive plural strip)."""
    out = []
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word in STOPWORDS:
            continue
        if word in SYNONYMS:
            out.append(SYNONYMS[word])
            continue
        if len(word) > 3 and word.endswith("s") and word[:-1] in SYNONYMS.values():
            word = word[:-1]
        out.append(word)
    return out


def embed_text(text: str, dim: int = EMBED_DIM) -> list[float]:
    """A normalised vector: each concept hashes to one dimension (with a sign)."""
    vec = [0.0] * dim
    for c in concepts(text):
        h = hashlib.blake2b(c.encode(), digest_size=8).digest()
        idx = int.from_bytes(h[:4], "little") % dim
        vec[idx] += 1.0 if h[4] & 1 else -1.0
    norm = math.sqrt(sum(v * v for v in vec))
    if norm == 0:
        vec[0] = 1.0
        return vec
    return [v / norm for v in vec]


# ----------------------------------------------------------------------------------------------
# Records and faults


@dataclass
class Fault:
    kind: str
    model: str | None = None
    path: str | None = None
    after: int = 2
    seconds: float = 30.0
    text: str | None = None
    times: int = 1
    prompt: str | None = None

    def matches(self, path: str, model: str, prompt: str = "") -> bool:
        return ((self.model is None or normalize_name(self.model) == model) and (self.path is None or self.path == path)
                and (self.prompt is None or self.prompt in prompt))


def request_text(body: dict[str, Any]) -> str:
    """The words of a generation request (the prompt, or every message's text)."""
    parts = [str(body.get("prompt") or ""), str(body.get("system") or "")]
    for m in body.get("messages") or []:
        content = m.get("content") if isinstance(m, dict) else None
        if isinstance(content, str):
            parts.append(content)
        elif isinstance(content, list):
            parts += [str(c.get("text") or "") for c in content if isinstance(c, dict)]
    return "\n".join(parts)


@dataclass
class Recorded:
    path: str
    method: str
    body: dict[str, Any]
    headers: dict[str, str]
    model: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    images: list[ImageInfo] = field(default_factory=list)
    format: Any = None
    stream: bool = True
    keep_alive: Any = None
    think: Any = None
    fault: str | None = None
    outcome: str = "pending"
    tokens_sent: int = 0
    received_at: float = 0.0
    started_at: float | None = None  # when it got the "GPU"
    finished_at: float | None = None


class _Gpu:
    """A FIFO semaphore with busy-time accounting (the union of intervals with ≥1 holder)."""

    def __init__(self, parallel: int) -> None:
        self.parallel = max(1, parallel)
        self._cond = threading.Condition()
        self._waiting: deque[object] = deque()
        self._active = 0
        self._busy_since: float | None = None
        self.busy_seconds = 0.0

    def pending(self) -> int:
        with self._cond:
            return len(self._waiting)

    def acquire(self, cancelled: Callable[[], bool]) -> bool:
        ticket = object()
        with self._cond:
            self._waiting.append(ticket)
            while not (self._waiting[0] is ticket and self._active < self.parallel):
                self._cond.wait(0.02)
                if cancelled():
                    self._waiting.remove(ticket)
                    self._cond.notify_all()
                    return False
            self._waiting.popleft()
            if self._active == 0:
                self._busy_since = time.perf_counter()
            self._active += 1
            self._cond.notify_all()
            return True

    def release(self) -> None:
        with self._cond:
            self._active -= 1
            if self._active == 0 and self._busy_since is not None:
                self.busy_seconds += time.perf_counter() - self._busy_since
                self._busy_since = None
            self._cond.notify_all()

    def current_busy(self) -> float:
        with self._cond:
            extra = time.perf_counter() - self._busy_since if self._busy_since is not None else 0.0
            return self.busy_seconds + extra


class _Abort(Exception):
    """The client went away (or we reset the connection): stop writing."""


def _now_rfc3339() -> str:
    now = datetime.now(timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond * 1000:09d}Z"


def _tokens(text: str) -> list[str]:
    return re.findall(r"\S+\s*|\s+", text) or []


# ----------------------------------------------------------------------------------------------
# The server


class OllamaDouble:
    """See the module docstring. Use as a context manager or call ``start()``/``stop()``."""

    def __init__(
        self,
        *,
        models: dict[str, ModelSpec] | None = None,
        pullable: tuple[str, ...] = ("llava:latest", "llama3.2-vision:latest", "qwen2.5vl:7b", "moondream:latest"),
        token_delay: float = 0.0,
        tokens_per_s: float | None = None,
        image_ms_per_mpix: float = 0.0,
        caption_seconds: float | None = None,
        load_seconds: float = 0.0,
        num_parallel: int = 1,
        max_queue: int = 512,
        version: str = "0.12.3",
        not_found_style: str = "new",
        native: bool = True,
        openai: bool = True,
        fail_rate: float = 0.0,
        fail_kinds: tuple[str, ...] = MIXED_FAULTS,
        fail_seed: int = 1,
        stall_seconds: float = 30.0,
        port: int = 0,
    ) -> None:
        self.models = models if models is not None else default_models()
        self.pullable = set(normalize_name(p) for p in pullable)
        self.token_delay = 1.0 / tokens_per_s if tokens_per_s else token_delay
        self.image_ms_per_mpix = image_ms_per_mpix
        self.caption_seconds = caption_seconds
        self.load_seconds = load_seconds
        self.max_queue = max_queue
        self.version = version
        self.not_found_style = not_found_style
        self.native = native
        self.openai = openai
        self.fail_rate = fail_rate
        self.fail_kinds = fail_kinds
        self.stall_seconds = stall_seconds
        self._rng = random.Random(fail_seed)
        self._gpu = _Gpu(num_parallel)
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._loaded: dict[str, float] = {}  # model -> expires (monotonic)
        self.requests: list[Recorded] = []
        self._stopping = threading.Event()
        self._unwedge = threading.Event()
        self._conns: set[socket.socket] = set()  # open client connections (a restart cuts them)
        self.restarts = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = port  # 0: any free port (a fixed one lets a test start "Ollama" where a client already looks)

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> "OllamaDouble":
        double = self

        class Handler(_Handler):
            owner = double

        self._stopping.clear()
        self._unwedge.clear()
        self._server = _Server(("127.0.0.1", self.port), Handler)  # after stop(): the same port again
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="ollama-double", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._unwedge.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def unwedge(self) -> None:
        """End a ``wedge``: the hung request lets go of its slot (its client got no answer)."""
        self._unwedge.set()

    def restart(self, down_seconds: float = 5.0) -> threading.Thread:
        """Stop like a killed server (connections cut, new ones refused), come back after
        ``down_seconds`` on the same port with no model loaded. Runs in the background; returns its
        thread (``join()`` it to wait until the server listens again)."""

        def go() -> None:
            self.stop()
            with self._lock:
                conns = list(self._conns)
            for c in conns:  # the process died: the kernel closes its sockets
                try:
                    c.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            self._loaded.clear()
            time.sleep(down_seconds)
            self.restarts += 1
            self.start()

        t = threading.Thread(target=go, name="ollama-double-restart", daemon=True)
        t.start()
        return t

    def __enter__(self) -> "OllamaDouble":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- scripting -------------------------------------------------------------------------

    @property
    def num_parallel(self) -> int:
        return self._gpu.parallel

    @num_parallel.setter
    def num_parallel(self, value: int) -> None:
        self._gpu.parallel = max(1, value)

    def inject(self, kind: str, *, model: str | None = None, path: str | None = None, times: int = 1,
               after: int = 2, seconds: float | None = None, text: str | None = None,
               prompt: str | None = None) -> None:
        """Queue a fault for the next ``times`` chat/generate requests that match."""
        if kind not in ALL_FAULTS:
            raise ValueError(f"unknown fault {kind!r}; known: {sorted(ALL_FAULTS)}")
        with self._lock:
            self._faults.append(Fault(kind, model, path, after, self.stall_seconds if seconds is None else seconds,
                                      text, times, prompt))

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def add_model(self, name: str, **kwargs: Any) -> ModelSpec:
        spec = ModelSpec(normalize_name(name), **kwargs)
        self.models[spec.name] = spec
        return spec

    def remove_model(self, name: str) -> None:
        self.models.pop(normalize_name(name), None)

    def set_text_only(self) -> None:
        """Make every installed model text-only (no vision capability)."""
        for spec in self.models.values():
            spec.capabilities = [c for c in spec.capabilities if c != "vision"]

    @property
    def busy_seconds(self) -> float:
        return self._gpu.current_busy()

    def reset_stats(self) -> None:
        with self._lock:
            self.requests.clear()
        self._gpu.busy_seconds = 0.0

    def generation_requests(self) -> list[Recorded]:
        return [r for r in list(self.requests) if r.path in ("/api/chat", "/api/generate", "/v1/chat/completions")]

    def _take_fault(self, path: str, model: str, prompt: str = "", *, at_slot: bool = False) -> Fault | None:
        """The next matching fault. A ``wedge`` is a state of the runner, so it goes to whichever request
        gets the GPU slot next (``at_slot``), not to whichever arrived first: a request that arrived first
        but spent longer decoding its images would otherwise let a later one through."""
        with self._lock:
            for f in self._faults:
                if (f.kind in SLOT_FAULTS) == at_slot and f.matches(path, model, prompt):
                    f.times -= 1
                    if f.times <= 0:
                        self._faults.remove(f)
                    return f
            if not at_slot and self.fail_rate and self._rng.random() < self.fail_rate:
                return Fault(self._rng.choice(self.fail_kinds), after=2, seconds=self.stall_seconds)
        return None

    def _record(self, rec: Recorded) -> None:
        with self._lock:
            self.requests.append(rec)

    def _generate_text(self, spec: ModelSpec, rec: Recorded, fault: Fault | None) -> tuple[str, str, str]:
        """(content, thinking, done_reason) for a generation request."""
        caption, keywords = describe_images(rec.images if spec.vision else [])
        if spec.text is not None:
            caption = spec.text
        kind = fault.kind if fault else None
        num_predict = int(rec.options.get("num_predict", -1) or -1)
        done_reason = "stop"
        thinking = ""
        if kind == "preamble":
            caption = "The image shows " + caption[0].lower() + caption[1:]
        elif kind == "markdown":
            caption = "**Caption:** " + caption
        elif kind == "quoted":
            caption = '"' + caption + '"'
        elif kind == "refusal":
            caption = PRIVACY_REFUSAL
        elif kind == "text":
            caption = fault.text or ""  # type: ignore[union-attr]
        elif kind == "empty":
            caption = ""
        elif kind == "loop":
            caption = caption + " " + " ".join(["and the sky and the sea"] * 200)
        elif kind == "repeat_guard":
            caption = caption + " " + " ".join(["photo"] * 200)
        structured = isinstance(rec.format, dict) or rec.format == "json"
        if kind == "surrogates":  # half an emoji: an escaped lone surrogate in JSON, U+FFFD in plain text
            caption = caption.rstrip(".") + (" \\ud83d at dusk." if structured else " \ufffd at dusk.")
        if structured:
            content = self._format_json(rec.format, caption, keywords)
            if kind == "surrogates":
                content = content.replace("\\\\ud83d", "\\ud83d")  # the model wrote the escape itself
        else:
            content = caption
        if kind == "raw":
            content = fault.text or ""  # type: ignore[union-attr]
        if kind == "thinking_only":
            thinking, content = "Let me look at the photo. " + content, ""
        elif kind == "think_tags":
            content = "<think>The user wants a caption. I see colours.</think>\n" + content
        toks = _tokens(content)
        if kind in ("loop", "length") or (num_predict > 0 and len(toks) > num_predict):
            limit = num_predict if num_predict > 0 else max(3, len(toks) // 2)
            if kind == "length" and limit >= len(toks):
                limit = max(1, len(toks) // 2)
            if len(toks) > limit:
                content = "".join(toks[:limit])
                done_reason = "length"
        return content, thinking, done_reason

    @staticmethod
    def _format_json(fmt: Any, caption: str, keywords: list[str]) -> str:
        if isinstance(fmt, dict) and isinstance(fmt.get("properties"), dict):
            obj: dict[str, Any] = {}
            for name, prop in fmt["properties"].items():
                typ = prop.get("type") if isinstance(prop, dict) else None
                if typ == "array":
                    obj[name] = keywords
                elif typ in ("number", "integer"):
                    obj[name] = 1
                elif typ == "boolean":
                    obj[name] = True
                else:
                    obj[name] = caption
            return json.dumps(obj, ensure_ascii=False)
        return json.dumps({"caption": caption, "keywords": keywords}, ensure_ascii=False)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up (resets, cancelled streams) are normal here: stay quiet."""
        import sys

        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, OSError)):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    owner: OllamaDouble
    server_version = "ollama-double"

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def setup(self) -> None:
        super().setup()
        with self.owner._lock:
            self.owner._conns.add(self.connection)

    def finish(self) -> None:
        with self.owner._lock:
            self.owner._conns.discard(self.connection)
        try:
            super().finish()
        except OSError:
            pass

    # -- plumbing --------------------------------------------------------------------------

    def _wedged(self) -> None:
        """A hung runner: hold the slot, send nothing, ignore the client leaving, until let go."""
        while not self.owner._unwedge.wait(0.02):
            pass
        raise _Abort()

    def _client_gone(self) -> bool:
        if self.owner._stopping.is_set():
            return True
        try:
            r, _, _ = select.select([self.connection], [], [], 0)
            if r:
                return self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True
        return False

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            if self._client_gone():
                raise _Abort()
            time.sleep(min(0.01, left))

    def _send_plain(self, status: int, text: str, ctype: str = "text/plain; charset=utf-8") -> None:
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_json(self, status: int, obj: Any) -> None:
        self._send_plain(status, json.dumps(obj), "application/json; charset=utf-8")

    def _error(self, status: int, text: str) -> None:
        self._send_json(status, {"error": text})

    def _start_stream(self, ctype: str = "application/x-ndjson") -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def _chunk(self, data: bytes) -> None:
        try:
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()
        except OSError as exc:
            raise _Abort() from exc

    def _line(self, obj: Any) -> None:
        self._chunk(json.dumps(obj).encode() + b"\n")

    def _end_stream(self) -> None:
        try:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except OSError:
            pass

    def _reset(self) -> None:
        """Abort the TCP connection with RST (what a crashing server or proxy looks like)."""
        try:
            self.wfile.flush()
        except OSError:
            pass
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass
        self.wfile = io.BytesIO()
        self.close_connection = True

    def _drop(self) -> None:
        """Close the connection cleanly (FIN) in the middle of a chunked body."""
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.wfile = io.BytesIO()
        self.close_connection = True

    def _read_body(self) -> tuple[bytes, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not raw:
            return raw, None
        try:
            return raw, json.loads(raw)
        except ValueError:
            return raw, ValueError("invalid character looking for beginning of value")

    # -- routing ---------------------------------------------------------------------------

    GET_ROUTES = {"/": "root", "/api/tags": "tags", "/api/version": "version", "/api/ps": "ps", "/v1/models": "v1_models",
                  "/_double/stats": "double_stats"}
    POST_ROUTES = {
        "/api/chat": "chat", "/api/generate": "generate", "/api/show": "show", "/api/pull": "pull",
        "/api/embed": "embed", "/api/embeddings": "embeddings_legacy", "/v1/chat/completions": "v1_chat",
        "/v1/embeddings": "v1_embeddings",
    }

    def _route(self, method: str) -> None:
        path = self.path.split("?", 1)[0]
        native_ok = self.owner.native or not (path.startswith("/api/") or path == "/") or path.startswith("/_double/")
        openai_ok = self.owner.openai or not path.startswith("/v1/")
        known = path in self.GET_ROUTES or path in self.POST_ROUTES
        if not known or not native_ok or not openai_ok:
            self._send_plain(404, "404 page not found")
            return
        routes = self.GET_ROUTES if method in ("GET", "HEAD") else self.POST_ROUTES
        name = routes.get(path)
        if name is None:
            self._send_plain(405, "405 method not allowed")
            return
        try:
            getattr(self, "do_" + name)()
        except _Abort:
            self.close_connection = True

    def do_GET(self) -> None:  # noqa: N802
        self._route("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._route("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        self._route("POST")

    def do_DELETE(self) -> None:  # noqa: N802
        self._route("DELETE")

    # -- simple endpoints ------------------------------------------------------------------

    def do_root(self) -> None:
        self._send_plain(200, "Ollama is running")

    def do_double_stats(self) -> None:
        """Not Ollama: lets a test in another process read the GPU busy time and request outcomes."""
        reqs = self.owner.generation_requests()
        ran = sorted((r for r in reqs if r.started_at and r.finished_at), key=lambda r: r.started_at or 0.0)
        pairs = list(zip(ran, ran[1:]))
        self._send_json(200, {
            "busy_seconds": self.owner.busy_seconds, "requests": len(reqs), "outcomes": [r.outcome for r in reqs],
            # idle time between one request finishing and the next starting, and how many of those
            # next requests had not even arrived yet (the client's fault, not the server's hand-off)
            "gap_seconds": sum(max(0.0, b.started_at - a.finished_at) for a, b in pairs),  # type: ignore[operator]
            "late_arrivals": sum(1 for a, b in pairs if b.received_at > a.finished_at),  # type: ignore[operator]
            # time.perf_counter() values (CLOCK_MONOTONIC: comparable across processes on Linux)
            "first_received": min((r.received_at for r in reqs), default=None),
            "first_start": ran[0].started_at if ran else None,
            "last_finish": ran[-1].finished_at if ran else None,
        })

    def do_version(self) -> None:
        self._send_json(200, {"version": self.owner.version})

    def _details(self, spec: ModelSpec) -> dict[str, Any]:
        return {"parent_model": "", "format": "gguf", "family": spec.family, "families": spec.families,
                "parameter_size": spec.parameter_size, "quantization_level": "Q4_K_M"}

    def _digest(self, name: str) -> str:
        return hashlib.sha256(name.encode()).hexdigest()

    def do_tags(self) -> None:
        models = [
            {"name": s.name, "model": s.name, "modified_at": "2025-05-10T08:06:48.639712648-07:00", "size": s.size,
             "digest": self._digest(s.name), "details": self._details(s)}
            for s in list(self.owner.models.values())
        ]
        self._send_json(200, {"models": models})

    def do_ps(self) -> None:
        now = time.monotonic()
        out = []
        for name, expires in list(self.owner._loaded.items()):
            spec = self.owner.models.get(name)
            if spec is None or (expires != math.inf and expires < now):
                continue
            out.append({"name": name, "model": name, "size": spec.size, "digest": self._digest(name),
                        "details": self._details(spec), "expires_at": "2300-01-01T00:00:00Z" if expires == math.inf
                        else "2030-01-01T00:00:00Z", "size_vram": spec.size, "context_length": 4096})
        self._send_json(200, {"models": out})

    def _body_or_error(self) -> dict[str, Any] | None:
        raw, body = self._read_body()
        if not raw:
            self._error(400, "missing request body")
            return None
        if isinstance(body, ValueError) or not isinstance(body, dict):
            self._error(400, "invalid character looking for beginning of value")
            return None
        return body

    def do_show(self) -> None:
        body = self._body_or_error()
        if body is None:
            return
        name = normalize_name(str(body.get("model") or body.get("name") or ""))
        self.owner._record(Recorded("/api/show", "POST", body, dict(self.headers), model=name, outcome="done"))
        spec = self.owner.models.get(name)
        if spec is None:
            self._error(404, f"model '{name.removesuffix(':latest')}' not found")
            return
        info: dict[str, Any] = {"general.architecture": spec.family, "general.parameter_count": 7_000_000_000}
        resp: dict[str, Any] = {
            "license": "", "modelfile": f"FROM {spec.name}\n", "parameters": "temperature 0.8",
            "template": "{{ .Prompt }}", "details": self._details(spec), "model_info": info,
            "capabilities": spec.capabilities, "modified_at": "2025-05-10T08:06:48.639712648-07:00",
        }
        if "clip" in spec.families:
            resp["projector_info"] = {"general.architecture": "clip"}
        self._send_json(200, resp)

    def do_pull(self) -> None:
        body = self._body_or_error()
        if body is None:
            return
        name = normalize_name(str(body.get("model") or body.get("name") or ""))
        self.owner._record(Recorded("/api/pull", "POST", body, dict(self.headers), model=name, outcome="done"))
        stream = body.get("stream", True) is not False
        ok = name in self.owner.pullable or name in self.owner.models
        if not stream:
            if ok:
                self._install(name)
                self._send_json(200, {"status": "success"})
            else:
                self._error(500, PULL_MISSING_TEXT)
            return
        self._start_stream()
        self._line({"status": "pulling manifest"})
        if not ok:
            self._line({"error": PULL_MISSING_TEXT})
            self._end_stream()
            return
        digest = self._digest(name)
        total = 4_000_000
        for done in (0, 1_000_000, 2_500_000, total):
            line: dict[str, Any] = {"status": f"pulling {digest[:12]}", "digest": f"sha256:{digest}", "total": total}
            if done:
                line["completed"] = done
            self._line(line)
            self._sleep(0.005)
        for status in ("verifying sha256 digest", "writing manifest", "removing unused layers", "success"):
            self._line({"status": status})
        self._install(name)
        self._end_stream()

    def _install(self, name: str) -> None:
        if name not in self.owner.models:
            vision = not name.startswith(("llama3.2:", "mistral", "nomic"))
            self.owner.models[name] = ModelSpec(name, capabilities=["completion", "vision"] if vision else ["completion"])

    def do_embed(self) -> None:
        body = self._body_or_error()
        if body is None:
            return
        name = normalize_name(str(body.get("model") or ""))
        self.owner._record(Recorded("/api/embed", "POST", body, dict(self.headers), model=name, outcome="done"))
        if name not in self.owner.models:
            self._error(404, f"model '{name.removesuffix(':latest')}' not found")
            return
        inp = body.get("input", "")
        texts = [inp] if isinstance(inp, str) else list(inp or [])
        dims = int(body.get("dimensions") or EMBED_DIM)
        self._send_json(200, {"model": name, "embeddings": [embed_text(str(t), dims) for t in texts],
                              "total_duration": 1_000_000, "load_duration": 0,
                              "prompt_eval_count": sum(len(concepts(str(t))) for t in texts)})

    def do_embeddings_legacy(self) -> None:
        body = self._body_or_error()
        if body is None:
            return
        self._send_json(200, {"embedding": embed_text(str(body.get("prompt", "")))})

    # -- generation ------------------------------------------------------------------------

    def _decode_images(self, images: Any, rec: Recorded) -> str | None:
        """Fill rec.images; return an error text for bad base64 / undecodable data."""
        for item in images or []:
            if not isinstance(item, str):
                return "illegal base64 data at input byte 0"
            try:
                data = base64.b64decode(item, validate=True)
            except (binascii.Error, ValueError):
                pos = next((i for i, ch in enumerate(item) if not (ch.isalnum() or ch in "+/=")), 0)
                return f"illegal base64 data at input byte {pos}"
            try:
                rec.images.append(analyse_image(data))
            except ValueError:
                return UNKNOWN_IMAGE_TEXT
        return None

    def _prepare(self, path: str) -> tuple[Recorded, ModelSpec, Fault | None] | None:
        body = self._body_or_error()
        if body is None:
            return None
        name = normalize_name(str(body.get("model") or ""))
        rec = Recorded(path, "POST", body, dict(self.headers), model=name, received_at=time.perf_counter())
        rec.options = dict(body.get("options") or {})
        rec.format = body.get("format")
        rec.stream = body.get("stream", True) is not False
        rec.keep_alive = body.get("keep_alive")
        rec.think = body.get("think")
        self.owner._record(rec)
        if not body.get("model"):
            rec.outcome = "rejected"
            self._error(400, "model is required")
            return None
        spec = self.owner.models.get(name)
        fault = self.owner._take_fault(path, name, request_text(body))
        rec.fault = fault.kind if fault else None
        short = name.removesuffix(":latest")
        if fault and fault.kind in ("not_found", "not_found_old"):
            spec = None
        if spec is None:
            rec.outcome = "rejected"
            style = "old" if (fault and fault.kind == "not_found_old") else self.owner.not_found_style
            if path == "/api/chat" and style == "old":
                self._error(404, f'model "{short}" not found, try pulling it first')
            else:
                self._error(404, f"model '{short}' not found")
            return None
        if spec.error in STATUS_FAULTS or (fault and fault.kind in STATUS_FAULTS):
            kind = fault.kind if fault and fault.kind in STATUS_FAULTS else spec.error
            status, text = STATUS_FAULTS[kind]  # type: ignore[index]
            rec.outcome = "rejected"
            self._error(status, text)
            return None
        if rec.think and "thinking" not in spec.capabilities:
            rec.outcome = "rejected"
            self._error(400, f'"{short}" does not support thinking')
            return None
        if self.owner._gpu.pending() >= self.owner.max_queue:
            rec.outcome = "rejected"
            self._error(503, BUSY_TEXT)
            return None
        return rec, spec, fault

    def _run_generation(self, rec: Recorded, spec: ModelSpec, fault: Fault | None,
                        emit: Callable[[str, str], None], final: Callable[[str, dict[str, Any]], None],
                        start: Callable[[], None], error_line: Callable[[str], None]) -> None:
        """Shared by /api/chat, /api/generate and /v1: schedule on the GPU, stream tokens."""
        owner = self.owner
        t0 = time.perf_counter()
        if not owner._gpu.acquire(self._client_gone):
            rec.outcome = "cancelled"
            return
        rec.started_at = time.perf_counter()
        started_stream = False
        try:
            if fault is None:
                fault = owner._take_fault(rec.path, rec.model, request_text(rec.body), at_slot=True)
                rec.fault = fault.kind if fault else None
            load = 0.0
            if spec.name not in owner._loaded and owner.load_seconds:
                load = owner.load_seconds
                self._sleep(load)
            ka = rec.keep_alive
            owner._loaded[spec.name] = math.inf if (isinstance(ka, (int, float)) and ka < 0) else time.monotonic() + 3600
            kind = fault.kind if fault else None
            if kind == "wedge":
                self._wedged()
            if kind == "hang":
                self._sleep(fault.seconds)  # type: ignore[union-attr]
            if kind == "delay":
                self._sleep(fault.seconds)  # type: ignore[union-attr]
            if kind == "reset" and fault.after == 0:  # type: ignore[union-attr]
                rec.outcome = "reset"
                self._reset()
                return
            encode = 0.0
            if owner.image_ms_per_mpix and owner.caption_seconds is None:  # image encoding on the "GPU"
                encode = owner.image_ms_per_mpix / 1000 * sum(i.width * i.height for i in rec.images) / 1e6
                self._sleep(encode)
            content, thinking, done_reason = owner._generate_text(spec, rec, fault)
            pieces = _tokens(thinking) if thinking else _tokens(content)
            if owner.caption_seconds is not None:
                per_token = owner.caption_seconds / max(1, len(pieces))
            else:
                per_token = owner.token_delay
            gen_start = time.perf_counter()
            if rec.stream:
                start()
                started_stream = True
            same = 0
            for i, piece in enumerate(pieces):
                same = same + 1 if i and piece == pieces[i - 1] else 1
                if kind == "repeat_guard" and same > REPEAT_GUARD_TOKENS:
                    rec.outcome = "no_done"
                    if rec.stream:
                        self._end_stream()
                    else:
                        final("".join(pieces[:i]), {"done": False})
                    return
                if kind in ("error_midstream", "reset", "drop", "no_done", "stall") and i == fault.after:  # type: ignore[union-attr]
                    if kind == "error_midstream":
                        rec.outcome = "error"
                        if rec.stream:
                            error_line(MIDSTREAM_TEXT)
                        else:
                            self._error(500, MIDSTREAM_TEXT)
                        return
                    if kind == "reset":
                        rec.outcome = "reset"
                        self._reset()
                        return
                    if kind == "drop":
                        rec.outcome = "reset"
                        self._drop()
                        return
                    if kind == "no_done":
                        rec.outcome = "no_done"
                        if rec.stream:
                            self._end_stream()
                        else:
                            final("".join(pieces[:i]), {"done": False})
                        return
                    if kind == "stall":
                        self._sleep(fault.seconds)  # type: ignore[union-attr]
                if per_token:  # absolute schedule: a loaded CPU must not stretch the "GPU" time
                    self._sleep(gen_start + (i + 1) * per_token - time.perf_counter())
                elif self._client_gone():
                    raise _Abort()
                if rec.stream:
                    emit(piece if not thinking else "", piece if thinking else "")
                rec.tokens_sent = i + 1
            if not pieces and owner.caption_seconds:
                self._sleep(owner.caption_seconds)
            end = time.perf_counter()
            metrics = {
                "done": True, "done_reason": done_reason,
                "total_duration": int((end - t0) * 1e9), "load_duration": int(load * 1e9),
                "prompt_eval_count": 26 + 6 * len(rec.images), "prompt_eval_duration": int((0.001 + encode) * 1e9),
                "eval_count": len(pieces), "eval_duration": int((end - gen_start) * 1e9),
            }
            if rec.stream:
                final("", metrics)
            else:
                final(content, {**metrics, "_thinking": thinking})
            rec.outcome = "done"
        except _Abort:
            rec.outcome = "cancelled"
            raise
        finally:
            rec.finished_at = time.perf_counter()
            owner._gpu.release()
            if started_stream and rec.outcome in ("done", "error"):
                self._end_stream()

    def do_chat(self) -> None:
        prepared = self._prepare("/api/chat")
        if prepared is None:
            return
        rec, spec, fault = prepared
        messages = rec.body.get("messages") or []
        if not messages:  # preload / unload
            reason = "unload" if rec.keep_alive in (0, "0", "0s") else "load"
            self.owner._loaded[spec.name] = time.monotonic() + 3600
            rec.outcome = "done"
            self._send_json(200, {"model": spec.name, "created_at": _now_rfc3339(),
                                  "message": {"role": "assistant", "content": ""}, "done": True, "done_reason": reason})
            return
        images = [img for m in messages if isinstance(m, dict) for img in (m.get("images") or [])]
        if spec.one_image and any(isinstance(m, dict) and len(m.get("images") or []) > 1 for m in messages):
            rec.outcome = "rejected"  # Ollama's chat prompt builder refuses it for mllama: 500
            self._error(500, ONE_IMAGE_TEXT)
            return
        err = self._decode_images(images, rec)
        if err:
            rec.outcome = "rejected"
            self._error(400 if err.startswith("illegal") else 500, err)
            return
        if not spec.vision:
            rec.images = []  # silently dropped, like Ollama
        base = {"model": spec.name}

        def emit(content: str, thinking: str) -> None:
            msg: dict[str, Any] = {"role": "assistant", "content": content}
            if thinking:
                msg["thinking"] = thinking
            self._line({**base, "created_at": _now_rfc3339(), "message": msg, "done": False})

        def final(content: str, metrics: dict[str, Any]) -> None:
            thinking = metrics.pop("_thinking", "")
            msg = {"role": "assistant", "content": content}
            if thinking:
                msg["thinking"] = thinking
            obj = {**base, "created_at": _now_rfc3339(), "message": msg, **metrics}
            if rec.stream:
                self._line(obj)
            else:
                self._send_json(200, obj)

        self._run_generation(rec, spec, fault, emit, final, self._start_stream,
                             lambda text: self._line({"error": text}))

    def do_generate(self) -> None:
        prepared = self._prepare("/api/generate")
        if prepared is None:
            return
        rec, spec, fault = prepared
        if not rec.body.get("prompt") and not rec.body.get("images"):
            reason = "unload" if rec.keep_alive in (0, "0", "0s") else "load"
            rec.outcome = "done"
            self._send_json(200, {"model": spec.name, "created_at": _now_rfc3339(), "response": "", "done": True,
                                  "done_reason": reason})
            return
        if spec.one_image and len(rec.body.get("images") or []) > 1:
            rec.outcome = "rejected"  # /api/generate refuses it with 400
            self._error(400, ONE_IMAGE_TEXT)
            return
        err = self._decode_images(rec.body.get("images"), rec)
        if err:
            rec.outcome = "rejected"
            self._error(400, err)
            return
        if not spec.vision:
            rec.images = []
        base = {"model": spec.name}

        def emit(content: str, thinking: str) -> None:
            obj: dict[str, Any] = {**base, "created_at": _now_rfc3339(), "response": content, "done": False}
            if thinking:
                obj["thinking"] = thinking
            self._line(obj)

        def final(content: str, metrics: dict[str, Any]) -> None:
            thinking = metrics.pop("_thinking", "")
            obj = {**base, "created_at": _now_rfc3339(), "response": content, **metrics}
            if thinking:
                obj["thinking"] = thinking
            if metrics.get("done"):
                obj["context"] = [1, 2, 3]
            if rec.stream:
                self._line(obj)
            else:
                self._send_json(200, obj)

        self._run_generation(rec, spec, fault, emit, final, self._start_stream,
                             lambda text: self._line({"error": text}))

    # -- OpenAI-compatible -----------------------------------------------------------------

    def _oa_error(self, status: int, message: str, typ: str = "api_error") -> None:
        self._send_json(status, {"error": {"message": message, "type": typ, "param": None, "code": None}})

    def do_v1_models(self) -> None:
        data = [{"id": s.name, "object": "model", "created": 1735689600, "owned_by": "library"}
                for s in list(self.owner.models.values())]
        self._send_json(200, {"object": "list", "data": data})

    def do_v1_embeddings(self) -> None:
        raw, body = self._read_body()
        if not isinstance(body, dict):
            self._oa_error(400, "invalid request", "invalid_request_error")
            return
        inp = body.get("input", "")
        texts = [inp] if isinstance(inp, str) else list(inp or [])
        self._send_json(200, {"object": "list", "model": body.get("model"), "data": [
            {"object": "embedding", "index": i, "embedding": embed_text(str(t))} for i, t in enumerate(texts)],
            "usage": {"prompt_tokens": 1, "total_tokens": 1}})

    def do_v1_chat(self) -> None:
        raw, body = self._read_body()
        if not isinstance(body, dict):
            self._oa_error(400, "invalid request", "invalid_request_error")
            return
        name = normalize_name(str(body.get("model") or ""))
        rec = Recorded("/v1/chat/completions", "POST", body, dict(self.headers), model=name,
                       received_at=time.perf_counter())
        rec.stream = bool(body.get("stream", False))
        rec.options = {"num_predict": body.get("max_tokens") or -1, "temperature": body.get("temperature")}
        rf = body.get("response_format")
        if isinstance(rf, dict) and rf.get("type") == "json_schema":
            rec.format = (rf.get("json_schema") or {}).get("schema") or "json"
        elif isinstance(rf, dict) and rf.get("type") == "json_object":
            rec.format = "json"
        self.owner._record(rec)
        spec = self.owner.models.get(name)
        fault = self.owner._take_fault("/v1/chat/completions", name, request_text(body))
        rec.fault = fault.kind if fault else None
        if spec is None or (fault and fault.kind in ("not_found", "not_found_old")):
            rec.outcome = "rejected"
            self._oa_error(404, f"model '{name.removesuffix(':latest')}' not found", "not_found_error")
            return
        status_kind = fault.kind if fault and fault.kind in STATUS_FAULTS else spec.error
        if status_kind in STATUS_FAULTS:
            status, text = STATUS_FAULTS[status_kind]
            rec.outcome = "rejected"
            self._oa_error(status, text)
            return
        images = []
        for m in body.get("messages") or []:
            content = m.get("content") if isinstance(m, dict) else None
            if isinstance(content, list):
                for part in content:
                    if isinstance(part, dict) and part.get("type") == "image_url":
                        url = part.get("image_url")
                        url = url.get("url") if isinstance(url, dict) else url
                        if not isinstance(url, str):
                            continue
                        if url.startswith(("http://", "https://")):
                            rec.outcome = "rejected"
                            self._oa_error(400, "image URLs are not currently supported, please use base64 encoded "
                                                "data instead", "invalid_request_error")
                            return
                        m_ = re.match(r"data:(image/(jpeg|jpg|png|webp))?;base64,(.*)$", url, re.S)
                        if not m_:
                            rec.outcome = "rejected"
                            self._oa_error(400, "invalid image input", "invalid_request_error")
                            return
                        images.append(m_.group(3))
        err = self._decode_images(images, rec)
        if err:
            rec.outcome = "rejected"
            self._oa_error(400 if err.startswith("illegal") else 500, err)
            return
        if not spec.vision:
            rec.images = []
        cid = f"chatcmpl-{random.randint(0, 998)}"
        created = int(time.time())
        first = [True]

        def chunk(delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
            return {"id": cid, "object": "chat.completion.chunk", "created": created, "model": spec.name,
                    "system_fingerprint": "fp_ollama", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

        def sse(obj: Any) -> None:
            self._chunk(b"data: " + json.dumps(obj).encode() + b"\n\n")

        def emit(content: str, thinking: str) -> None:
            delta: dict[str, Any] = {"content": content}
            if thinking:
                delta = {"content": "", "reasoning": thinking}
            if first[0]:
                delta["role"] = "assistant"
                first[0] = False
            sse(chunk(delta, None))

        def final(content: str, metrics: dict[str, Any]) -> None:
            metrics.pop("_thinking", None)
            reason = metrics.get("done_reason") or "stop"
            usage = {"prompt_tokens": metrics.get("prompt_eval_count", 0), "completion_tokens": metrics.get("eval_count", 0)}
            usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
            if rec.stream:
                sse(chunk({}, reason if metrics.get("done") else None))
                if (body.get("stream_options") or {}).get("include_usage"):
                    sse({"id": cid, "object": "chat.completion.chunk", "created": created, "model": spec.name,
                         "system_fingerprint": "fp_ollama", "choices": [], "usage": usage})
                self._chunk(b"data: [DONE]\n\n")
            else:
                self._send_json(200, {"id": cid, "object": "chat.completion", "created": created, "model": spec.name,
                                      "system_fingerprint": "fp_ollama",
                                      "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                                                   "finish_reason": reason}], "usage": usage})

        def error_line(text: str) -> None:
            # a native error mid-stream becomes an empty chunk and the stream ends without [DONE]
            sse(chunk({"content": ""}, None))

        self._run_generation(rec, spec, fault, emit, final, lambda: self._start_stream("text/event-stream"),
                             error_line)


class OpenAIDouble(OllamaDouble):
    """An OpenAI-compatible server only (``/v1/*``; ``/api/*`` answers 404), like vLLM or llama.cpp."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("native", False)
        super().__init__(**kwargs)


def main(argv: list[str] | None = None) -> None:
    """Run the double as its own process (like a real server): prints its URL, serves until killed.

    ``python -m tests.doubles.ollama_double --caption-seconds 0.2 [--num-parallel 1] [--token-delay 0]``,
    or a GPU by its speeds: ``--tokens-per-s 60 --image-ms-per-mpix 40``.
    ``GET /_double/stats`` gives ``busy_seconds`` and the request outcomes.
    """
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--caption-seconds", type=float, default=None)
    ap.add_argument("--token-delay", type=float, default=0.0)
    ap.add_argument("--tokens-per-s", type=float, default=None, help="decode speed (wins over --token-delay)")
    ap.add_argument("--image-ms-per-mpix", type=float, default=0.0, help="image encoding time per megapixel sent")
    ap.add_argument("--num-parallel", type=int, default=1)
    ap.add_argument("--version", default="0.12.3")
    args = ap.parse_args(argv)
    import sys

    sys.setswitchinterval(0.0002)  # hand the "GPU" to the next waiting request promptly (Ollama has no GIL)
    d = OllamaDouble(caption_seconds=args.caption_seconds, token_delay=args.token_delay,
                     tokens_per_s=args.tokens_per_s, image_ms_per_mpix=args.image_ms_per_mpix,
                     num_parallel=args.num_parallel, version=args.version).start()
    print(d.url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        d.stop()


if __name__ == "__main__":
    main()
