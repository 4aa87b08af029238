"""OpenAI-compatible servers (vLLM, llama.cpp server, LM Studio, Ollama's ``/v1``): SSE streaming.

How a user outgrows one GPU: a batching server serves many requests at once. Images go as
``image_url`` data URIs. The parser tolerates a role-only first chunk, ``finish_reason`` on the last
content chunk or in its own chunk, a ``choices: []`` usage chunk, and ``:`` comment / blank lines;
EOF without ``data: [DONE]`` ends the stream without a final delta (treated like a cut stream).
"""

from __future__ import annotations

import base64
import json
from typing import Any, AsyncIterator

import httpx

from app.captioning.backend import Delta, GenRequest, ModelInfo, PullProgress, load_transport, plain_http
from app.captioning.errors import PermanentError, explain, explain_status

load_transport()  # with the client, off the event loop


def _base(url: str) -> str:
    url = url.rstrip("/")
    return url if url.endswith("/v1") else url + "/v1"


class OpenAIBackend:
    kind = "openai"

    def __init__(self, url: str, *, headers: dict[str, str] | None = None) -> None:
        self.url = url
        self._client = httpx.AsyncClient(
            base_url=_base(url), headers=dict(headers or {}),
            timeout=httpx.Timeout(connect=10.0, read=None, write=120.0, pool=None),
            **({"verify": False} if plain_http(url) else {}),  # no CA list to load for plain HTTP
        )

    async def close(self) -> None:
        await self._client.aclose()

    async def version(self) -> str | None:
        return None

    async def list_models(self) -> list[ModelInfo]:
        try:
            r = await self._client.get("/models")
        except Exception as exc:  # noqa: BLE001
            raise explain(exc, host=self.url) from exc
        if r.status_code >= 400:
            raise explain_status(r.status_code, _error_text(r), host=self.url)
        return [ModelInfo(name=str(m.get("id")), vision=None) for m in r.json().get("data", []) if isinstance(m, dict)]

    async def capabilities(self, model: str) -> set[str] | None:
        return None  # the OpenAI API does not say; the user chose a vision model for this server

    async def pull(self, model: str) -> AsyncIterator[PullProgress]:
        raise PermanentError("an OpenAI-compatible server cannot pull models; install it on the server")
        yield  # pragma: no cover

    async def stream(self, req: GenRequest) -> AsyncIterator[Delta]:
        content: list[dict[str, Any]] = [{"type": "text", "text": req.prompt}]
        for image in (req.images or ([req.image] if req.image is not None else [])):
            uri = "data:image/jpeg;base64," + base64.b64encode(image).decode()
            content.append({"type": "image_url", "image_url": {"url": uri}})
        messages: list[dict[str, Any]] = [{"role": "user", "content": content}]
        if req.system:
            messages.insert(0, {"role": "system", "content": req.system})
        opts = req.options
        body: dict[str, Any] = {"model": req.model, "messages": messages, "stream": True,
                                "stream_options": {"include_usage": True}}
        for ours, theirs in (("temperature", "temperature"), ("num_predict", "max_tokens"), ("seed", "seed"),
                             ("top_p", "top_p")):
            if opts.get(ours) is not None:
                body[theirs] = opts[ours]
        if opts.get("repeat_penalty") is not None:
            body["repetition_penalty"] = opts["repeat_penalty"]  # vLLM / llama.cpp extension; others ignore
        if req.schema is not None:
            body["response_format"] = {"type": "json_schema",
                                       "json_schema": {"name": "caption", "schema": req.schema}}
        try:
            async with self._client.stream("POST", "/chat/completions", json=body) as resp:
                if resp.status_code >= 400:
                    await resp.aread()
                    raise explain_status(resp.status_code, _error_text(resp), model=req.model, host=self.url)
                finish: str | None = None
                usage: dict[str, Any] = {}
                async for line in resp.aiter_lines():
                    if not line or line.startswith(":") or not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        yield Delta(done=True, done_reason=finish or "stop", metrics={
                            "prompt_eval_count": usage.get("prompt_tokens"),
                            "eval_count": usage.get("completion_tokens")})
                        return
                    obj = json.loads(data)
                    if isinstance(obj, dict) and "error" in obj:
                        err = obj["error"]
                        msg = err.get("message") if isinstance(err, dict) else str(err)
                        raise explain_status(500, str(msg), model=req.model, host=self.url)
                    if obj.get("usage"):
                        usage = obj["usage"]
                    for choice in obj.get("choices") or []:
                        delta = choice.get("delta") or {}
                        text = delta.get("content") or ""
                        thinking = delta.get("reasoning") or delta.get("reasoning_content") or ""
                        if choice.get("finish_reason"):
                            finish = choice["finish_reason"]
                        if text or thinking:
                            yield Delta(content=text, thinking=thinking)
        except Exception as exc:  # noqa: BLE001
            raise explain(exc, model=req.model, host=self.url) from exc


def _error_text(resp: httpx.Response) -> str:
    try:
        obj = resp.json()
    except ValueError:
        return resp.text.strip()
    err = obj.get("error") if isinstance(obj, dict) else None
    if isinstance(err, dict):
        return str(err.get("message") or err)
    return str(err or obj)
