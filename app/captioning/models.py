"""Which model to use: installed models, their ``vision`` capability, and the default choice.

Never send photos to a model without ``vision``: Ollama silently drops the image and the model
invents a caption. The default is the first installed vision model from ``PREFERENCE``
(llama3.2-vision first, the model most guides suggest, but skipped on Ollama ≥ 0.30, which cannot load it).
"""

from __future__ import annotations

import asyncio

import re

from app.captioning.backend import Backend, ModelInfo
from app.captioning.errors import CaptionError, ModelMissing, PermanentError

PREFERENCE = (
    "llama3.2-vision", "qwen2.5vl", "qwen3-vl", "gemma3", "llava", "llava-llama3", "minicpm-v",
    "granite3.2-vision", "mistral-small3.1", "moondream",
)
SUGGESTED_PULL = "qwen2.5vl"


def base_name(model: str) -> str:
    return model.split(":", 1)[0].rsplit("/", 1)[-1]


def same_model(a: str, b: str) -> bool:
    def norm(m: str) -> str:
        return m if ":" in m.rsplit("/", 1)[-1] else m + ":latest"

    return norm(a) == norm(b)


def version_tuple(v: str | None) -> tuple[int, ...]:
    nums = re.findall(r"\d+", v or "")[:3]
    return tuple(int(n) for n in nums) if nums else ()


def mllama_unsupported(version: str | None) -> bool:
    """Ollama 0.30+ dropped the mllama engine (llama3.2-vision)."""
    vt = version_tuple(version)
    return bool(vt) and vt >= (0, 30)


async def installed_with_vision(backend: Backend) -> list[ModelInfo]:
    """Installed models with their ``vision`` flag filled in (None when the server cannot say)."""
    models = await backend.list_models()

    async def fill(m: ModelInfo) -> None:
        try:
            caps = await backend.capabilities(m.name)
        except CaptionError:
            caps = None
        m.vision = None if caps is None else "vision" in caps

    # asked all at once: one round trip per model in a row delayed the first caption of every run
    await asyncio.gather(*(fill(m) for m in models if m.vision is None))
    return models


async def choose_default(backend: Backend) -> str:
    """The first installed vision model by preference; PermanentError naming what to pull."""
    async def server_version() -> str | None:
        try:
            return await backend.version()
        except CaptionError:
            return None

    models, version = await asyncio.gather(installed_with_vision(backend), server_version())
    vision = [m for m in models if m.vision]
    if backend.kind != "ollama":
        vision = vision or [m for m in models if m.vision is None]
    for pref in PREFERENCE:
        if pref == "llama3.2-vision" and mllama_unsupported(version):
            continue
        for m in vision:
            if base_name(m.name) == pref:
                return m.name
    for m in vision:
        if not (base_name(m.name) == "llama3.2-vision" and mllama_unsupported(version)):
            return m.name
    raise ModelMissing(
        f"no vision model is installed on {backend.url}: run albumwise models pull {SUGGESTED_PULL}"
    )


async def check_vision(backend: Backend, model: str) -> None:
    """PermanentError if the model is missing or cannot see images."""
    caps = await backend.capabilities(model)
    if caps is not None and "vision" not in caps:
        raise PermanentError(
            f"model {model} cannot see images (no vision capability) and would invent captions: "
            f"pick a vision model such as {SUGGESTED_PULL} (albumwise models)"
        )
