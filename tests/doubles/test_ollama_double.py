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


def test_a_wedged_request_keeps_the_slot_after_its_client_gives_up(ollama_double: OllamaDouble) -> None:
    """A hung server: the request never answers and its slot stays taken after the client leaves, so
    the next request waits behind it; the rest of the API still answers. ``unwedge`` lets it go."""
    import threading
    import time

    ollama_double.inject("wedge")
    client = ollama.Client(host=ollama_double.url, timeout=httpx.Timeout(5, read=0.3))
    msg = {"role": "user", "content": "x", "images": [jpeg()]}
    with pytest.raises(httpx.ReadTimeout):
        list(client.chat(model="llava", messages=[msg], stream=True))
    time.sleep(0.2)
    with pytest.raises(httpx.ReadTimeout):  # queued behind the hung one: no byte either
        list(client.chat(model="llava", messages=[msg], stream=True))
    assert "llava:latest" in [m.model for m in client.list().models]  # the API itself answers
    done: list = []
    later = threading.Thread(target=lambda: done.append(chat(ollama_double)))
    later.start()
    time.sleep(0.3)
    assert not done
    ollama_double.unwedge()
    later.join(5)
    assert done and "64x48" in done[0].message.content


def test_a_wedge_hangs_the_request_that_gets_the_slot_not_the_first_to_arrive(monkeypatch) -> None:
    """A hung runner hangs whatever it runs next. A request that arrived first but was still decoding
    its images when a later one took the slot must not be the one that hangs (the later one would then
    be answered by a server that is supposed to be wedged)."""
    import threading
    import time

    from tests.doubles import ollama_double as od

    decode = od._Handler._decode_images

    def slow_for_the_first(self, images, rec):
        if "first" in od.request_text(rec.body):
            time.sleep(0.6)  # a big photo: its decoding outlasts the next request's arrival
        return decode(self, images, rec)

    monkeypatch.setattr(od._Handler, "_decode_images", slow_for_the_first)
    with OllamaDouble(num_parallel=1) as d:
        d.inject("wedge")
        client = ollama.Client(host=d.url, timeout=httpx.Timeout(5, read=1.5))

        def ask(word: str) -> None:
            msg = {"role": "user", "content": word, "images": [jpeg()]}
            try:
                list(client.chat(model="llava", messages=[msg], stream=True))
            except httpx.ReadTimeout:
                pass

        first = threading.Thread(target=ask, args=("first",))
        first.start()
        time.sleep(0.2)
        ask("second")
        d.unwedge()
        first.join(5)
        by_word = {od.request_text(r.body).strip(): r for r in d.generation_requests()}
    assert by_word["second"].fault == "wedge" and by_word["second"].outcome == "cancelled"
    assert by_word["first"].fault is None


def test_restart_cuts_streams_refuses_then_comes_back_cold() -> None:
    import time

    with OllamaDouble(caption_seconds=2.0, load_seconds=0.3) as d:
        chat(d)  # loaded
        client = ollama.Client(host=d.url)
        msg = {"role": "user", "content": "x", "images": [jpeg()]}
        stream = client.chat(model="llava", messages=[msg], stream=True)
        next(stream)
        back = d.restart(down_seconds=0.5)
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            list(stream)
        time.sleep(0.1)
        with pytest.raises(ConnectionError):  # the client's own words for a refused connection
            client.list()
        back.join(5)
        r = client.chat(model="llava", messages=[msg])
        assert r.load_duration >= 0.3e9 and d.restarts == 1  # the model was unloaded by the restart


def test_surrogates_are_an_escaped_lone_surrogate_in_json_and_fffd_in_text(ollama_double: OllamaDouble) -> None:
    ollama_double.inject("surrogates", times=2)
    content = chat(ollama_double, format="json").message.content
    assert "\\ud83d at dusk" in content and json.loads(content)["caption"].endswith("\ud83d at dusk.")
    assert chat(ollama_double).message.content.endswith("\ufffd at dusk.")


def test_several_images_in_one_message_are_all_seen_in_order(ollama_double: OllamaDouble) -> None:
    client = ollama.Client(host=ollama_double.url)
    frames = [jpeg(64, 48, top=(220, 30, 30)), jpeg(80, 60, top=(30, 170, 40)), jpeg(96, 72, top=(235, 220, 40))]
    r = client.chat(model="qwen2.5vl:7b", messages=[{"role": "user", "content": "Caption this video.", "images": frames}])
    rec = ollama_double.requests[-1]
    assert [(i.width, i.top_colour) for i in rec.images] == [(64, "red"), (80, "green"), (96, "yellow")]
    text = r.message.content
    assert text.startswith("A sequence of 3 pictures") and text.index("64x48") < text.index("80x60") < text.index("96x72")


def test_mllama_refuses_several_images_like_ollama(ollama_double: OllamaDouble) -> None:
    client = ollama.Client(host=ollama_double.url)
    with pytest.raises(ollama.ResponseError) as err:
        client.chat(model="llama3.2-vision", messages=[{"role": "user", "content": "x", "images": [jpeg(), jpeg()]}])
    assert err.value.status_code == 500 and "only supports one image" in str(err.value.error)
    with pytest.raises(ollama.ResponseError) as err:
        client.generate(model="llama3.2-vision", prompt="x", images=[jpeg(), jpeg()])
    assert err.value.status_code == 400
    one = client.chat(model="llama3.2-vision", messages=[{"role": "user", "content": "x", "images": [jpeg()]}])
    assert "64x48" in one.message.content
