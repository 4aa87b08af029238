"""Ollama health check for ``albumwise doctor``: reachable, version, vision models, known traps.

Synchronous plain HTTP with short timeouts (doctor may run inside the GUI's event loop, so no
``asyncio.run`` here). Returns ``(ok, detail, fix)``; never raises.
"""

from __future__ import annotations

from typing import Any

import httpx

from app.captioning.hosts import resolve_hosts
from app.captioning.install import unreachable_advice
from app.captioning.models import PREFERENCE, SUGGESTED_PULL, base_name, mllama_unsupported


def check_hosts(settings: Any, timeout: float = 3.0) -> tuple[bool, str, str]:
    details: list[str] = []
    fixes: list[str] = []
    ok_all = True
    for host in resolve_hosts(settings):
        if host.kind != "ollama":
            try:
                r = httpx.get(host.url.rstrip("/") + ("/models" if host.url.endswith("/v1") else "/v1/models"),
                              headers=host.headers, timeout=timeout)
                names = [m.get("id") for m in r.json().get("data", [])]
                details.append(f"{host.url}: OpenAI-compatible, models: {', '.join(map(str, names)) or 'none'}")
            except Exception as exc:  # noqa: BLE001
                ok_all = False
                details.append(f"{host.url}: not reachable ({exc.__class__.__name__})")
                fixes.append(f"start the server at {host.url}")
            continue
        try:
            with httpx.Client(base_url=host.url, headers=host.headers, timeout=timeout) as c:
                version = c.get("/api/version").json().get("version", "?")
                models = [m.get("model") or m.get("name") for m in c.get("/api/tags").json().get("models") or []]
                vision = []
                for name in models:
                    r = c.post("/api/show", json={"model": name})
                    if r.status_code == 200 and "vision" in (r.json().get("capabilities") or []):
                        vision.append(name)
        except Exception as exc:  # noqa: BLE001 - any failure is "not reachable" in plain words
            ok_all = False
            details.append(f"{host.url}: not reachable ({exc.__class__.__name__})")
            fixes.append(unreachable_advice(host.url))  # not installed (how to install) / not running (how to start)
            continue
        line = f"{host.url}: Ollama {version}, vision models: {', '.join(vision) or 'none'}"
        usable = [v for v in vision if not (base_name(v) == "llama3.2-vision" and mllama_unsupported(version))]
        if any(base_name(v) == "llama3.2-vision" for v in vision) and mllama_unsupported(version):
            line += " (llama3.2-vision cannot run on Ollama 0.30 or newer: unknown model architecture 'mllama')"
            fixes.append(f"pull another vision model (ollama pull {SUGGESTED_PULL}) or use Ollama 0.24 or older")
        if not usable:
            ok_all = False
            fixes.append(f"pull a vision model: albumwise models pull {SUGGESTED_PULL}")
        else:
            ranked = sorted(usable, key=lambda v: PREFERENCE.index(base_name(v)) if base_name(v) in PREFERENCE else 99)
            line += f"; default: {ranked[0]}"
        details.append(line)
    return ok_all, "; ".join(details), "; ".join(dict.fromkeys(fixes))
