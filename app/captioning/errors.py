"""Captioning failures, sorted by what the queue should do about them, with plain-words messages.

Three kinds, because each needs a different reaction:
- ``TransientError``: try again later (server busy, crashed runner, dropped connection, stall).
- ``PhotoError``: this photo cannot be captioned (undecodable file, image rejected); others can.
- ``PermanentError``: nothing will work until the user acts (model missing, no vision, mllama on a
  new Ollama, out of memory); the queue pauses with the reason.
"""

from __future__ import annotations

import json

import httpx


class CaptionError(Exception):
    """Base class; ``str(exc)`` is one line for the user."""


class TransientError(CaptionError):
    """Worth retrying after a back-off."""


class HostDown(TransientError):
    """The server cannot be reached at all (connection refused, DNS, reset before any byte)."""


class TimeoutError_(TransientError):
    """No first token within the deadline, or the stream stalled between tokens."""


class HostStalled(TransientError):
    """The request was cut because its host stalled: no token from any of its requests for
    ``host_stall_timeout``. Not the photo's fault: it goes back to the queue, attempt not counted."""


class PhotoError(CaptionError):
    """This one photo cannot be captioned."""


class UnreadablePhoto(PhotoError):
    """The file is there and readable, but holds no picture we can decode or describe. It is not
    queued again by ``--all-missing`` until the file changes (``app.captioning.due``)."""


class PermanentError(CaptionError):
    """Every request will fail until the user fixes something; pause the queue."""


class ModelMissing(PermanentError):
    """The model (or any vision model) is not installed. Pulling it is the fix, so the pause this
    causes is re-checked and ends by itself (``app.captioning.pauses``)."""


def pause_kind(exc: BaseException) -> str:
    """The queue's pause kind for a permanent error: ``model`` (re-checked) or ``error`` (a person acts)."""
    return "model" if isinstance(exc, ModelMissing) else "error"


MLLAMA_HINT = (
    "llama3.2-vision cannot run on Ollama 0.30 or newer (unknown model architecture 'mllama'): "
    "pull another vision model (albumwise models pull qwen2.5vl) or use Ollama 0.24 or older"
)


def final_message(error: str, attempts: int) -> str:
    """The last word on a job that will not be retried: what happened, and what the person can do."""
    what = error.replace(", will retry", "").replace(" will retry", "").strip().rstrip(".,;")
    return (f"{what}; gave up after {attempts} attempts. Check that the server is healthy (ollama ps, its log), "
            f"then run: albumwise queue retry-failed")


def explain_status(status: int, text: str, *, model: str = "", host: str = "") -> CaptionError:
    """Map a server error (HTTP status + the server's text) to one of our errors."""
    low = text.lower()
    where = f" on {host}" if host else ""
    if "mllama" in low and "architecture" in low:
        if not model or model.split(":", 1)[0].rsplit("/", 1)[-1] == "llama3.2-vision":
            return PermanentError(MLLAMA_HINT)
        # only llama3.2-vision is an mllama model: for any other, say what the server said
        return PermanentError(f"the server{where} cannot load {model} ({text[:160]}): update Ollama, or download "
                              f"the model again (ollama pull {model})")
    if "no longer compatible" in low:
        return PermanentError(f"{model} must be downloaded again for this Ollama: ollama pull {model}")
    if status == 404 or "not found" in low:
        name = model or "the model"
        return ModelMissing(f"model {name} is not installed{where}: run albumwise models pull {name}")
    if "does not support thinking" in low:
        return PermanentError(f"{model} does not support thinking; turn thinking off")
    if "system memory" in low or "out of memory" in low:
        return PermanentError(
            f"not enough memory to load {model or 'the model'}{where}: close other models or pick a smaller one"
        )
    if status == 503 or "server busy" in low:
        return TransientError(f"server busy{where}, will retry")
    if "illegal base64" in low or "unknown format" in low or "image input" in low or "failed to process inputs" in low:
        return PhotoError(f"the server could not read the image: {text}")
    if "only supports one image" in low or "single image" in low:
        return PhotoError(text)
    if "runner" in low or "unexpectedly stopped" in low or "error was encountered" in low:
        return TransientError(f"the model runner crashed{where}, will retry ({text[:120]})")
    if status == 400:
        return PhotoError(f"the server rejected the request: {text[:200]}")
    if status == 401 or status == 403:
        return PermanentError(f"the server{where} refused access (HTTP {status}): check the host's token")
    return TransientError(f"server error{where} (HTTP {status}): {text[:200]}")


def explain(exc: BaseException, *, model: str = "", host: str = "") -> CaptionError:
    """Turn whatever a client raised into a CaptionError with a clear message."""
    if isinstance(exc, CaptionError):
        return exc
    where = f" {host}" if host else ""
    try:
        import ollama

        if isinstance(exc, ollama.ResponseError):
            if exc.status_code == -1:  # an error line inside a 200 stream
                err = explain_status(500, str(exc.error), model=model, host=host)
                return err
            return explain_status(exc.status_code, str(exc.error), model=model, host=host)
    except ImportError:  # pragma: no cover
        pass
    if isinstance(exc, httpx.ConnectError) or isinstance(exc, ConnectionError):
        return HostDown(f"cannot connect to{where or ' the server'}: is Ollama running?")
    if isinstance(exc, httpx.TimeoutException):
        return TimeoutError_(f"the server{where} timed out")
    if isinstance(exc, httpx.RemoteProtocolError):
        return TransientError(f"the server{where} closed the connection mid-answer")
    if isinstance(exc, (httpx.ReadError, httpx.WriteError)):
        return TransientError(f"the connection to{where or ' the server'} was reset")
    if isinstance(exc, httpx.TransportError):
        return TransientError(f"network error talking to{where or ' the server'}: {exc.__class__.__name__}")
    if isinstance(exc, (json.JSONDecodeError,)):
        return TransientError(f"the server{where} sent a malformed answer")
    if isinstance(exc, ValueError):  # pydantic ValidationError is a ValueError too
        return TransientError(f"the server{where} sent an unexpected answer: {str(exc).splitlines()[0][:150]}")
    return TransientError(f"{exc.__class__.__name__}: {str(exc)[:200]}")
