"""Which servers to talk to: settings, ``--host`` flags and ``OLLAMA_HOST``, normalised.

``OLLAMA_HOST=0.0.0.0`` is meant for the *server* (listen everywhere); a client dialling it fails
on some systems, so it means 127.0.0.1 here. We also prefer 127.0.0.1 to ``localhost`` (IPv6-first
lookups add delays; Ollama binds 127.0.0.1 only).
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

from app.config import HostConfig, Settings

DEFAULT_PORT = 11434


def normalize_url(value: str, *, default_port: int = DEFAULT_PORT) -> str:
    """Like the ollama client: ``'1.2.3.4'`` → ``http://1.2.3.4:11434``, ``':5000'`` →
    ``http://127.0.0.1:5000``, ``http://h`` → port 80 (the scheme's default); paths are kept."""
    value = (value or "").strip()
    had_scheme = "://" in value
    if not had_scheme:
        value = "http://" + (value or f"127.0.0.1:{default_port}")
    parts = urlsplit(value)
    host = parts.hostname or "127.0.0.1"
    if host in ("0.0.0.0", "::", "localhost"):
        host = "127.0.0.1"
    port = parts.port
    if port is None and not had_scheme:
        port = default_port
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


def parse_host_flag(value: str) -> HostConfig:
    """A ``--host`` value: ``URL`` or ``openai+URL`` (OpenAI-compatible), optional ``#N`` concurrency."""
    kind = "ollama"
    concurrency = 2
    if value.startswith("openai+"):
        kind, value = "openai", value[len("openai+"):]
    if "#" in value:
        value, _, n = value.rpartition("#")
        concurrency = max(1, int(n))
    url = normalize_url(value, default_port=DEFAULT_PORT if kind == "ollama" else 8000)
    if kind == "ollama" and url.endswith("/v1"):
        kind = "openai"
    return HostConfig(url=url, kind=kind, concurrency=concurrency)


def host_origin(settings: Settings, env: dict[str, str] | None = None) -> str:
    """Where ``resolve_hosts`` (without flags) takes the hosts from: ``"settings"``, ``"OLLAMA_HOST"``
    or ``"default"`` (shown beside the host so a person knows why that address is used)."""
    env = os.environ if env is None else env
    if any(h.enabled for h in settings.hosts):
        return "settings"
    return "OLLAMA_HOST" if env.get("OLLAMA_HOST", "").strip() else "default"


def resolve_hosts(settings: Settings, flags: list[str] | None = None, env: dict[str, str] | None = None) -> list[HostConfig]:
    """``--host`` flags win, then settings' enabled hosts, then ``OLLAMA_HOST``, then the default."""
    env = os.environ if env is None else env
    if flags:
        return [parse_host_flag(f) for f in flags]
    hosts = [h for h in settings.hosts if h.enabled]
    if hosts:
        return [HostConfig(url=normalize_url(h.url), kind=h.kind, concurrency=max(1, h.concurrency),
                           headers=dict(h.headers), enabled=True) for h in hosts]
    return [HostConfig(url=normalize_url(env.get("OLLAMA_HOST", "")))]
