"""The double must speak Ollama's protocol as the real ``ollama`` client sees it: shapes, streams, errors."""

from __future__ import annotations

import base64
import io
import json
import math

import httpx
import ollama
import pytest
from PIL import Image

from tests.doubles.ollama_double import BUSY_TEXT, MLLAMA_TEXT, OllamaDouble, embed_text


def jpeg(w: int = 64, h: int = 48, top=(220, 30, 30), bottom=(30, 60, 220)) -> bytes:
    img = Image.new("RGB", (w, h), bottom)
    img.paste(Image.new("RGB", (w, h // 2), top), (0, 0))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def chat(d: OllamaDouble, model: str = "llava", **kw):
    client = ollama.Client(host=d.url)
    msg = {"role": "user", "content": "Caption this.", "images": [jpeg()]}
    return client.chat(model=model, messages=[msg], **kw)


def test_chat_streams_ndjson_and_describes_the_image(ollama_double: OllamaDouble) -> None:
    parts = list(chat(ollama_double, stream=True, options={"num_predict": 100}))
    assert parts[-1].done and parts[-1].done_reason == "stop"
    assert parts[-1].eval_count == len(parts) - 1 and parts[-1].total_duration > 0
    text = "".join(p.message.content for p in parts)
    assert "64x48" in text and "red at the top" in text and "blue at the bottom" in text
    rec = ollama_double.requests[-1]
    assert rec.images[0].width == 64 and rec.options["num_predict"] == 100 and rec.outcome == "done"


def test_non_stream_and_json_schema(ollama_double: OllamaDouble) -> None:
    schema = {"type": "object", "properties": {"caption": {"type": "string"}, "keywords": {"type": "array"}}}
    r = chat(ollama_double, format=schema)
    obj = json.loads(r.message.content)
    assert "red" in obj["caption"] and "photo" in obj["keywords"]


def test_show_tags_ps_version_root(ollama_double: OllamaDouble) -> None:
    c = ollama.Client(host=ollama_double.url)
    names = [m.model for m in c.list().models]
    assert "llava:latest" in names and "llama3.2:latest" in names
    assert "vision" in c.show("llava").capabilities
    assert "vision" not in c.show("llama3.2").capabilities
    chat(ollama_double)
    assert [m.model for m in c.ps().models] == ["llava:latest"]
    assert httpx.get(ollama_double.url + "/api/version").json()["version"]
    assert httpx.get(ollama_double.url + "/").text == "Ollama is running"
    assert httpx.get(ollama_double.url + "/nope").text == "404 page not found"
    assert httpx.get(ollama_double.url + "/api/chat").status_code == 405


@pytest.mark.parametrize(
    "kind,status,text",
    [("not_found", 404, "model 'llava' not found"), ("not_found_old", 404, 'model "llava" not found, try pulling it first'),
     ("busy", 503, BUSY_TEXT), ("mllama", 500, MLLAMA_TEXT)],
)
def test_status_faults(ollama_double: OllamaDouble, kind: str, status: int, text: str) -> None:
    ollama_double.inject(kind)
    with pytest.raises(ollama.ResponseError) as err:
        list(chat(ollama_double, stream=True))
    assert err.value.status_code == status and err.value.error == text
    assert "Caption" not in str(err.value)
    list(chat(ollama_double, stream=True))  # consumed: the next request works


def test_midstream_error_reset_and_no_done(ollama_double: OllamaDouble) -> None:
    ollama_double.inject("error_midstream", after=2)
    with pytest.raises(ollama.ResponseError) as err:
        list(chat(ollama_double, stream=True))
    assert err.value.status_code == -1
    ollama_double.inject("reset", after=2)
    with pytest.raises(httpx.ReadError):
        list(chat(ollama_double, stream=True))
    ollama_double.inject("drop", after=2)
    with pytest.raises(httpx.RemoteProtocolError):
        list(chat(ollama_double, stream=True))
    ollama_double.inject("no_done", after=3)
    parts = list(chat(ollama_double, stream=True))
    assert len(parts) == 3 and not any(p.done for p in parts)


def test_stall_is_seen_as_a_read_timeout_and_the_server_notices_the_disconnect(ollama_double) -> None:
    ollama_double.inject("stall", after=1, seconds=5)
    client = ollama.Client(host=ollama_double.url, timeout=httpx.Timeout(5, read=0.3))
    msg = {"role": "user", "content": "x", "images": [jpeg()]}
    with pytest.raises(httpx.ReadTimeout):
        list(client.chat(model="llava", messages=[msg], stream=True))
    import time

    deadline = time.time() + 3
    while ollama_double.requests[-1].outcome != "cancelled" and time.time() < deadline:
        time.sleep(0.02)
    assert ollama_double.requests[-1].outcome == "cancelled"


def test_text_only_model_drops_images(ollama_double: OllamaDouble) -> None:
    r = chat(ollama_double, model="llama3.2")
    assert "don't see an image" in r.message.content and ollama_double.requests[-1].images == []


def test_thinking_only(ollama_double: OllamaDouble) -> None:
    ollama_double.inject("thinking_only")
    parts = list(chat(ollama_double, stream=True))
    assert "".join(p.message.content for p in parts) == ""
    assert "64x48" in "".join(p.message.thinking or "" for p in parts)


def test_pull_progress_and_unknown(ollama_double: OllamaDouble) -> None:
    c = ollama.Client(host=ollama_double.url)
    statuses = [p.status for p in c.pull("moondream", stream=True)]
    assert statuses[0] == "pulling manifest" and statuses[-1] == "success"
    assert "moondream:latest" in [m.model for m in c.list().models]
    with pytest.raises(ollama.ResponseError) as err:
        list(c.pull("no-such-model", stream=True))
    assert "file does not exist" in err.value.error


@pytest.mark.speed  # measures wall time against the double's busy time
def test_gpu_is_fifo_one_at_a_time_with_busy_accounting() -> None:
    import threading
    import time

    with OllamaDouble(caption_seconds=0.1) as d:
        threads = [threading.Thread(target=chat, args=(d,)) for _ in range(3)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        assert wall >= 0.3
        assert 0.28 <= d.busy_seconds <= wall
        spans = sorted((r.started_at, r.finished_at) for r in d.generation_requests())
        assert all(a[1] <= b[0] + 1e-6 for a, b in zip(spans, spans[1:]))


def test_embeddings_fold_synonyms(ollama_double: OllamaDouble) -> None:
    c = ollama.Client(host=ollama_double.url)
    vecs = c.embed(model="nomic-embed-text", input=["puppy on the sand", "a dog running on a beach", "tax receipt"]).embeddings

    def cos(a, b):
        return sum(x * y for x, y in zip(a, b))

    assert abs(math.sqrt(cos(vecs[0], vecs[0])) - 1) < 1e-9
    assert cos(vecs[0], vecs[1]) > 0.7 > cos(vecs[0], vecs[2])
    assert embed_text("dogs") == embed_text("puppy")


def test_openai_sse(openai_double) -> None:
    url = "data:image/jpeg;base64," + base64.b64encode(jpeg()).decode()
    body = {"model": "llava", "stream": True, "stream_options": {"include_usage": True},
            "messages": [{"role": "user", "content": [{"type": "text", "text": "Caption"},
                                                      {"type": "image_url", "image_url": {"url": url}}]}]}
    with httpx.stream("POST", openai_double.url + "/v1/chat/completions", json=body) as r:
        lines = [ln for ln in r.iter_lines() if ln.startswith("data: ")]
    assert lines[-1] == "data: [DONE]"
    chunks = [json.loads(ln[6:]) for ln in lines[:-1]]
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"])
    assert "64x48" in text and chunks[-1]["usage"]["completion_tokens"] > 0
    assert httpx.get(openai_double.url + "/api/tags").status_code == 404
    assert httpx.get(openai_double.url + "/v1/models").json()["data"]
