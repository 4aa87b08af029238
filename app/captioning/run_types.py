"""What a captioning run takes and gives back: its settings (``RunConfig``), one result per photo
(``PhotoResult``), the run's totals (``RunSummary``) and the callbacks a front end listens to
(``Observer``). Plain data, so the CLI, the window and the tests share one vocabulary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.captioning import prompts
from app.config import caption_language


@dataclass
class RunConfig:
    """Everything constant through a run (changing load-time options would reload the model)."""

    model: str = ""  # empty: each host's default vision model
    style: str = "caption"
    language: str = "English"
    max_edge: int = 1120
    temperature: float = 0.2
    num_predict: int = 300
    repeat_penalty: float = 1.1
    seed: int = 42
    num_ctx: int = 4096
    keep_alive: str | float = "30m"
    first_token_timeout: float = 300.0  # one request: queue wait + model load + image encoding
    stall_timeout: float = 60.0  # one request: silence between two tokens
    host_stall_timeout: float = 300.0  # a host: no token from any of its requests in flight → stalled
    outage_grace: float = 60.0  # a host that answered, then cannot be reached: retried this long
    prompt_templates: dict[str, str] = field(default_factory=dict)
    prefetch: int = 2
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    host_down_limit: int = 3  # a host never reached in this run: this many failures on every host → pause
    prep_workers: int = 1
    vocabulary_outside: str = "keep"  # keep | flag | drop keywords outside a folder's vocabulary

    @classmethod
    def from_settings(cls, settings: Any, **overrides: Any) -> "RunConfig":
        cfg = cls(
            model=settings.model, style=settings.style, language=caption_language(settings), max_edge=settings.max_edge,
            temperature=settings.temperature, num_predict=settings.num_predict,
            repeat_penalty=settings.repeat_penalty, seed=settings.seed, keep_alive=settings.keep_alive,
            first_token_timeout=settings.first_token_timeout, stall_timeout=settings.stall_timeout,
            host_stall_timeout=getattr(settings, "host_stall_timeout", cls.host_stall_timeout),
            outage_grace=getattr(settings, "outage_grace", cls.outage_grace),
            prompt_templates=dict(settings.prompt_templates or {}),
            vocabulary_outside=getattr(settings, "vocabulary_outside", "keep"),
        )
        for k, v in overrides.items():
            if v is not None:
                setattr(cfg, k, v)
        return cfg

    def options(self, style: prompts.Style) -> dict[str, Any]:
        return {
            "temperature": self.temperature,
            "num_predict": min(self.num_predict, style.num_predict) if style.num_predict else self.num_predict,
            "repeat_penalty": self.repeat_penalty,
            "seed": self.seed,
            "num_ctx": self.num_ctx,
        }

    def backoff(self, n: int) -> float:
        """Seconds to wait before the ``n``-th retry (doubling, capped)."""
        return min(self.backoff_max, self.backoff_base * (2 ** max(0, n - 1)))


@dataclass
class PhotoResult:
    """What happened to one photo (the CLI's ``--json`` object is built from it)."""

    job_id: int
    photo_id: int
    path: str
    state: str  # draft | failed | kept (a protected caption stayed current) | cancelled
    caption: str = ""
    keywords: list[str] = field(default_factory=list)
    model: str | None = None
    host: str | None = None
    flags: list[str] = field(default_factory=list)
    error: str | None = None
    caption_id: int | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    place: dict[str, Any] | None = None  # {"city","region","country","source"}
    people: list[str] = field(default_factory=list)


class Observer:
    """Subclass and override what you need; every method is called on the event loop thread."""

    def on_start(self, total: int) -> None: ...

    def on_photo_started(self, photo_id: int, path: str, host: str) -> None: ...

    def on_token(self, photo_id: int, text: str) -> None: ...

    def on_result(self, result: PhotoResult) -> None: ...

    def on_retry(self, photo_id: int, path: str, message: str) -> None: ...

    def on_host(self, host: str, state: str, message: str) -> None:
        """``state``: ``up`` (answers; again, after an outage), ``down`` (cannot be reached or keeps
        failing: retried with back-off), ``stalled`` (requests in flight but no token for
        ``host_stall_timeout``: set aside for the rest of the run), ``dead`` (a permanent error)."""

    def on_paused(self, reason: str) -> None: ...


@dataclass
class RunSummary:
    total: int = 0
    done: int = 0
    failed: int = 0
    retries: int = 0
    paused_reason: str | None = None
    cancelled: bool = False
    tokens: int = 0
    wall_seconds: float = 0.0
    busy_seconds: float = 0.0  # Σ server total_duration
    rules: dict[str, int] = field(default_factory=dict)
    flags: dict[str, int] = field(default_factory=dict)
    hosts: dict[str, int] = field(default_factory=dict)
    generations: int = 0  # captions the model wrote (stored)
    covered: int = 0  # photos those captions went to (a group's draft goes to all its members)
