"""Ollama through the official ``ollama.AsyncClient`` with ``stream=True``.

No overall timeout (a model load may take minutes; ollama-python's default is none too): the
pipeline applies first-token and stall deadlines (``backend.with_deadlines``). Errors are turned
into our three kinds by ``errors.explain``. Images go as raw JPEG bytes; the client base64-encodes.
"""

from __future__ import annotations

import os
from typing import Any, AsyncIterator

import httpx
import ollama

from app.captioning.backend import Delta, GenRequest, ModelInfo, PullProgress, load_transport, plain_http
from app.captioning.errors import explain, explain_status

load_transport()  # with the client, off the event loop


class OllamaBackend:
    kind = "ollama"

    def __init__(self, url: str, *, headers: dict[str, str] | None = None) -> None:
        self.url = url
        hdrs = dict(headers or {})
        key = os.environ.get("OLLAMA_API_KEY")
        if key and not any(k.lower() == "authorization" for k in hdrs):
            hdrs["Authorization"] = f"Bearer {key}"
        # A plain-HTTP host needs no certificates: loading the system's CA list costs ~60 ms of CPU on
        # the way to a run's first request (https hosts keep full verification).
        tls: dict[str, Any] = {"verify": False} if plain_http(url) else {}
        self._client = ollama.AsyncClient(
            host=url, headers=hdrs, timeout=httpx.Timeout(connect=10.0, read=None, write=120.0, pool=None), **tls
        )

    async def close(self) -> None:
        await self._client.close()

    async def version(self) -> str | None:
        try:
            r = await self._client._client.get("/api/version")
            r.raise_for_status()
            return str(r.json().get("version"))
        except Exception as exc:  # noqa: BLE001
            raise explain(exc, host=self.url) from exc

    async def list_models(self) -> list[ModelInfo]:
        try:
            resp = await self._client.list()
        except Exception as exc:  # noqa: BLE001
            raise explain(exc, host=self.url) from exc
        out = []
        for m in resp.models:
            details = m.details
            out.append(ModelInfo(name=m.model or "", size=int(m.size or 0),
                                 family=details.family if details else None,
                                 parameter_size=details.parameter_size if details else None))
        return out

    async def capabilities(self, model: str) -> set[str] | None:
        """The model's capabilities (``vision``...), or None when the server is too old to say."""
        try:
            show = await self._client.show(model)
        except Exception as exc:  # noqa: BLE001
            raise explain(exc, model=model, host=self.url) from exc
        caps = show.capabilities
        if caps is None:
            fams = (show.details.families or []) if show.details else []
            if "clip" in fams or "mllama" in fams:
                return {"completion", "vision"}
            return None
        return set(caps)

    async def pull(self, model: str) -> AsyncIterator[PullProgress]:
        try:
            async for p in await self._client.pull(model, stream=True):
                yield PullProgress(status=p.status or "", completed=p.completed, total=p.total)
        except Exception as exc:  # noqa: BLE001
            raise explain(exc, model=model, host=self.url) from exc

    async def stream(self, req: GenRequest) -> AsyncIterator[Delta]:
        msg: dict[str, Any] = {"role": "user", "content": req.prompt}
        if req.images:
            msg["images"] = list(req.images)  # several images in one message (Ollama's /api/chat ``images`` list)
        elif req.image is not None:
            msg["images"] = [req.image]
        messages = [{"role": "system", "content": req.system}, msg] if req.system else [msg]
        kwargs: dict[str, Any] = {"options": dict(req.options)}
        if req.schema is not None:
            kwargs["format"] = req.schema
        if req.keep_alive is not None:
            kwargs["keep_alive"] = req.keep_alive
        try:
            gen = await self._client.chat(model=req.model, messages=messages, stream=True, **kwargs)
            try:
                async for part in gen:
                    m = part.message
                    if part.done:
                        metrics = {k: getattr(part, k) for k in (
                            "total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration",
                            "eval_count", "eval_duration") if getattr(part, k, None) is not None}
                        yield Delta(content=m.content or "", thinking=m.thinking or "", done=True,
                                    done_reason=part.done_reason, metrics=metrics)
                    else:
                        yield Delta(content=m.content or "", thinking=m.thinking or "")
            finally:
                await gen.aclose()
        except GeneratorExit:
            raise
        except ollama.ResponseError as exc:
            raise explain_status(exc.status_code if exc.status_code != -1 else 500, str(exc.error),
                                 model=req.model, host=self.url) from exc
        except Exception as exc:  # noqa: BLE001 - anything the client raises gets plain words
            if exc.__class__.__name__ == "CancelledError":
                raise
            raise explain(exc, model=req.model, host=self.url) from exc
