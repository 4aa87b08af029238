"""Where Albumwise keeps its files, and the user's settings.

Paths come from platformdirs so each OS gets its native locations. Two environment variables
override them: ``ALBUMWISE_HOME`` puts *everything* (database, cache, settings, logs) under one
folder (tests and portable installs use it), ``ALBUMWISE_DB`` names the library database.

Settings are a plain dataclass saved as JSON next to the database's config dir. The core only ever
receives a ``Settings`` value; nothing below the UI reads global state.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "albumwise"
APP_AUTHOR = "Albumwise"


@dataclass(frozen=True)
class AppPaths:
    """The folders and files Albumwise owns. Nothing here is ever inside the photo library."""

    data_dir: Path
    cache_dir: Path
    config_dir: Path
    log_dir: Path
    db_path: Path

    @property
    def thumb_dir(self) -> Path:
        return self.cache_dir / "thumbnails"

    @property
    def settings_path(self) -> Path:
        return self.config_dir / "settings.json"

    def ensure(self) -> "AppPaths":
        for d in (self.data_dir, self.cache_dir, self.config_dir, self.log_dir, self.db_path.parent):
            d.mkdir(parents=True, exist_ok=True)
        return self


def thumbnail_dir(paths: AppPaths, settings: "Settings | None" = None) -> Path:
    """Where thumbnails are cached: the user's setting, else the platform cache dir."""
    if settings is not None and settings.thumbnail_cache_dir:
        return Path(settings.thumbnail_cache_dir).expanduser()
    return paths.thumb_dir


def app_paths(db: str | os.PathLike[str] | None = None) -> AppPaths:
    """Resolve the app's folders; ``db`` (the ``--db`` flag) wins over ``ALBUMWISE_DB``."""
    home = os.environ.get("ALBUMWISE_HOME")
    if home:
        base = Path(home).expanduser().resolve()
        data, cache, config, logs = base / "data", base / "cache", base / "config", base / "logs"
    else:
        dirs = platformdirs.PlatformDirs(APP_NAME, APP_AUTHOR)
        data = Path(dirs.user_data_dir)
        cache = Path(dirs.user_cache_dir)
        config = Path(dirs.user_config_dir)
        logs = Path(dirs.user_log_dir)
    env_cache = os.environ.get("ALBUMWISE_CACHE")
    if env_cache:
        cache = Path(env_cache).expanduser().resolve()
    db_value = db or os.environ.get("ALBUMWISE_DB")
    db_path = Path(db_value).expanduser().resolve() if db_value else data / "library.db"
    return AppPaths(data_dir=data, cache_dir=cache, config_dir=config, log_dir=logs, db_path=db_path)


@dataclass
class HostConfig:
    """One inference endpoint: an Ollama server or an OpenAI-compatible one (vLLM, llama.cpp)."""

    url: str = "http://127.0.0.1:11434"
    kind: str = "ollama"  # "ollama" | "openai"
    concurrency: int = 2
    headers: dict[str, str] = field(default_factory=dict)
    enabled: bool = True


@dataclass
class Settings:
    """User preferences. Unknown keys in the JSON file are ignored so old and new versions coexist."""

    hosts: list[HostConfig] = field(default_factory=list)
    model: str = ""  # empty: pick the first installed vision model from the preference list
    style: str = "caption"
    # The language captions are written in ("German"); "" = not chosen: the window's language in the
    # window, English on the command line (``caption_language``).
    language: str = ""
    keywords: bool = True
    max_edge: int = 1120
    temperature: float = 0.2
    num_predict: int = 300
    repeat_penalty: float = 1.1
    seed: int = 42
    keep_alive: str = "30m"
    first_token_timeout: float = 300.0
    stall_timeout: float = 60.0
    # A host with requests in flight and no token from any of them for this long is "stalled" (a hung
    # server holding its only slot): set aside, its photos go to other hosts or the queue pauses.
    host_stall_timeout: float = 300.0
    # A server that answered in this run and then stops (a restart) is retried with back-off this long
    # before the queue pauses.
    outage_grace: float = 60.0
    prompt_templates: dict[str, str] = field(default_factory=dict)  # style -> user's edited template
    embedding_model: str = "nomic-embed-text"
    write_on_approve: bool = True
    write_target: str = "auto"  # "auto" (in file where safe) | "sidecar" | "sidecar_only"
    sidecar_naming: str = "ext"  # "ext": NAME.EXT.xmp, "base": NAME.xmp (Lightroom); follows raw_app
    raw_app: str = ""  # the app used with RAW files (RAW_APPS); "" = not asked yet
    # True keeps the photo's modification time on write: Immich/darktable/Lightroom and backups that
    # compare size + time may then miss the change. False (default): the time changes like any edit.
    keep_file_dates: bool = False
    write_provenance: bool = True
    thumbnail_cache_dir: str = ""  # empty: the platform cache dir
    group_seconds: float = 5.0  # near-repeats: same camera, taken within this many seconds ...
    group_distance: int = 12  # ... and thumbnail hashes within this many bits (of 64)
    caption_every_frame: bool = False  # True: caption each photo of a group on its own
    # Grounding: model keywords a folder's vocabulary lacks are "keep" | "flag" | "drop";
    # resolved place names are written to the file's MWG location fields only when asked (off).
    vocabulary_outside: str = "keep"
    write_place_names: bool = False
    # A second language (a code or name, "" for none): each caption is also written in it (a second,
    # text-only request), reviewed with it and written as a language alternative beside the first.
    second_language: str = ""
    # The second language's keywords go into lr:hierarchicalSubject under a branch named after it.
    second_language_keywords: bool = False
    # Iptc4xmpCore:ExtDescrAccessibility (a long description for screen readers) gets the caption:
    # "detailed" for captions of the detailed style, "always", or "never".
    extended_description: str = "detailed"
    ui_language: str = ""  # the window's language ("de", "fr", "en"); "" = the system's

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Settings":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if "hosts" in values:
            host_keys = {f.name for f in fields(HostConfig)}
            values["hosts"] = [
                HostConfig(**{k: v for k, v in h.items() if k in host_keys})
                for h in values["hosts"]
                if isinstance(h, dict)
            ]
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


DEFAULT_CAPTION_LANGUAGE = "English"


def caption_language(settings: Settings) -> str:
    """The language captions are written in: the chosen one, else English (the window passes its own)."""
    return settings.language or DEFAULT_CAPTION_LANGUAGE


# "Which app do you use with RAW files?" -> the sidecar name that app reads.
RAW_APPS: dict[str, tuple[str, str]] = {
    "lightroom": ("Lightroom / Camera Raw / Bridge", "base"),
    "captureone": ("Capture One", "base"),
    "digikam": ("digiKam", "ext"),
    "darktable": ("darktable", "ext"),
    "other": ("Another app, or none", "ext"),
}


def sidecar_naming_for(raw_app: str, default: str = "ext") -> str:
    """``base`` (NAME.xmp) for Lightroom and Capture One, ``ext`` (NAME.EXT.xmp) for digiKam, darktable."""
    return RAW_APPS.get(raw_app, ("", default))[1]


def load_settings(paths: AppPaths) -> Settings:
    """Read settings; a missing or unreadable file gives defaults (and never raises)."""
    try:
        data = json.loads(paths.settings_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    try:
        return Settings.from_dict(data)
    except (TypeError, ValueError):
        return Settings()


def settings_delta(settings: Settings) -> dict[str, Any]:
    """Only what differs from the defaults: a value the person never set is not frozen into the
    file, so a better default (or ``OLLAMA_HOST``) still applies later."""
    defaults = Settings().to_dict()
    return {k: v for k, v in settings.to_dict().items() if defaults.get(k) != v}


def save_settings(paths: AppPaths, settings: Settings) -> None:
    """Write settings atomically (write a temp file, then rename) so a crash never leaves half a file."""
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    tmp = paths.settings_path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(settings_delta(settings), indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, paths.settings_path)
