"""Clean-up rules, prompts, hosts, the queue's state machine and image preparation, one by one."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from PIL import Image

from app.captioning import cleanup, prompts
from app.captioning import queue as jobq
from app.captioning.errors import HostDown, PermanentError, PhotoError, TransientError, explain_status
from app.captioning.hosts import normalize_url, parse_host_flag, resolve_hosts
from app.captioning.prep import prepare_image
from app.config import HostConfig, Settings
from tests.doubles.library import add_photo, make_jpeg

# -- clean-up ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw,expected,rule",
    [
        ("The image shows a dog on a beach.", "A dog on a beach.", "preamble"),
        ("This image depicts two children playing.", "Two children playing.", "preamble"),
        ("Here is a description of the image: A red bus.", "A red bus.", "preamble"),
        ("In this image, we can see a bridge.", "A bridge.", "preamble"),
        ('"A cat asleep on a sofa."', "A cat asleep on a sofa.", "wrapping_quotes"),
        ("**A lighthouse** at dusk", "A lighthouse at dusk", "markdown"),
        ("<think>colours…</think>A tram in the snow.", "A tram in the snow.", "think_block"),
        ("I'm unable to provide information that could compromise your privacy. A man on a bench.",
         "A man on a bench.", "privacy_boilerplate"),
    ],
)
def test_cleanup_rules_are_named(raw: str, expected: str, rule: str) -> None:
    c = cleanup.clean_output(raw, structured=False)
    assert c.caption == expected and rule in c.rules and not c.flags


def test_structured_output_and_keyword_flags() -> None:
    raw = json.dumps({"caption": "The photo shows a harbour.", "keywords": ["harbour", "2019", "42", "Harbour", "boats",
                                                                           "12 June 2019"]})
    c = cleanup.clean_output(raw)
    assert c.caption == "A harbour." and c.keywords == ["harbour", "2019", "42", "boats", "12 June 2019"]
    assert {"date_keyword", "digit_keyword"} <= set(c.flags) and "keyword_duplicate" in c.rules


def test_flags_for_what_cannot_be_fixed() -> None:
    assert "truncated" in cleanup.clean_output('{"caption": "A dog", "keywords": []}', done_reason="length").flags
    assert "truncated" in cleanup.clean_output('{"caption": "A dog"}', done=False).flags
    assert "refusal" in cleanup.clean_output('{"caption": "I\'m sorry, I cannot help with that."}').flags
    assert "empty" in cleanup.clean_output('{"caption": ""}').flags
    assert "bad_json" in cleanup.clean_output("A dog on a beach").flags
    c = cleanup.clean_output("", "A dog on a beach.", structured=False)
    assert c.caption == "A dog on a beach." and "use_thinking" in c.rules
    long = cleanup.clean_output(json.dumps({"caption": "word " * 60}), max_chars=125)
    assert len(long.caption) <= 125 and "shortened" in long.flags


def test_loop_detection() -> None:
    assert cleanup.detect_loop("A beach with " + "the sky and the sea " * 6)
    assert cleanup.detect_loop("so " * 10)
    assert not cleanup.detect_loop("A dog runs on the beach with its owner on a sunny day, the sea calm behind them.")


def test_duplicate_of_recent() -> None:
    r = cleanup.RecentCaptions(window=10, threshold=3)
    assert [r.check("A dog."), r.check("a  dog."), r.check("A dog."), r.check("A cat.")] == [False, False, True, False]
    # the same words for the same picture (one group of identical photos) are right, not a stuck model
    same = cleanup.RecentCaptions(window=10, threshold=3)
    assert [same.check("A dog.", ("group", 7)) for _ in range(9)] == [False] * 9
    assert same.check("A dog.", ("photo", 1)) is True  # another picture with those words: flagged


# -- prompts -----------------------------------------------------------------------------------


def test_prompt_context_and_user_templates() -> None:
    photo = {"path": "/p/2019/Holiday/IMG_1.jpg", "folder": "/p/2019/Holiday", "filename": "IMG_1.jpg",
             "taken_at": "2019-07-08T10:00:00", "camera_make": "Canon", "camera_model": "S30",
             "file_keywords": '["Budapest"]'}
    text = prompts.build_prompt(prompts.get_style("caption"), photo, language="French")
    for needle in ("French", "IMG_1.jpg", "2019 / Holiday", "2019-07-08", "Canon S30", "Budapest", '{"caption"'):
        assert needle in text
    own = prompts.build_prompt(prompts.get_style("caption"), photo,
                               overrides={"caption": "Say {language} about {filename} {unknown} {"})
    assert own.startswith("Say English about IMG_1.jpg") or "{unknown}" in own
    assert prompts.schema_for(prompts.get_style("keywords"))["required"] == ["keywords"]
    assert prompts.schema_for(prompts.get_style("alt")).get("properties")["caption"]["maxLength"] == 125
    with pytest.raises(ValueError):
        prompts.get_style("sonnet")
    for style in prompts.STYLES:
        assert prompts.load_template(style) != prompts.FALLBACK_TEMPLATE  # shipped as editable files


# -- hosts and errors --------------------------------------------------------------------------


def test_hosts() -> None:
    assert normalize_url("0.0.0.0") == "http://127.0.0.1:11434"
    assert normalize_url("localhost:1234") == "http://127.0.0.1:1234"
    assert normalize_url("https://gpu.example/ollama/") == "https://gpu.example/ollama"
    h = parse_host_flag("openai+http://10.0.0.2:8000/v1#8")
    assert (h.kind, h.concurrency, h.url) == ("openai", 8, "http://10.0.0.2:8000/v1")
    assert resolve_hosts(Settings(), None, env={"OLLAMA_HOST": "0.0.0.0:11434"})[0].url == "http://127.0.0.1:11434"
    s = Settings(hosts=[HostConfig(url="1.2.3.4", headers={"Authorization": "Bearer x"})])
    assert resolve_hosts(s, None, env={})[0].headers == {"Authorization": "Bearer x"}
    assert resolve_hosts(s, ["5.6.7.8"], env={})[0].url == "http://5.6.7.8:11434"


def test_error_mapping() -> None:
    assert isinstance(explain_status(404, "model 'x' not found", model="x"), PermanentError)
    assert isinstance(explain_status(500, "unknown model architecture: 'mllama'"), PermanentError)
    assert isinstance(explain_status(503, "server busy, please try again.  maximum pending requests exceeded"),
                      TransientError)
    assert isinstance(explain_status(500, "model runner has unexpectedly stopped, this may be due to ..."),
                      TransientError)
    assert isinstance(explain_status(400, "illegal base64 data at input byte 4"), PhotoError)
    assert not isinstance(explain_status(503, "server busy"), HostDown)


# -- queue -------------------------------------------------------------------------------------


def test_queue_state_machine(db, tmp_path: Path) -> None:
    ids = [add_photo(db, make_jpeg(tmp_path / f"{i}.jpg", (64, 48))) for i in range(3)]
    jobs = jobq.enqueue(db, ids, {"style": "caption"})
    assert jobq.enqueue(db, ids[:1], {"style": "detailed"}, priority=5) == jobs[:1]  # reused, not duplicated
    first = jobq.claim(db, "h1")
    assert first["photo_id"] == ids[0] and first["params"] == {"style": "detailed"} and first["attempts"] == 1
    assert jobq.retry_later(db, first["id"], "busy", 0.2) == "queued"
    second = jobq.claim(db)
    assert second["id"] != first["id"]  # the retried one waits for its back-off
    time.sleep(0.25)
    assert jobq.claim(db)["id"] in (first["id"], jobs[2])
    assert jobq.recover(db) >= 1 and jobq.summary(db)["counts"]["running"] == 0
    jobq.pause(db, "model missing")
    assert jobq.summary(db)["paused_reason"] == "model missing"
    jobq.resume(db)
    assert jobq.paused_reason(db) is None
    j = jobq.claim(db)
    for _ in range(jobq.MAX_ATTEMPTS):
        jobq.retry_later(db, j["id"], "crash", 0)
        db.execute("UPDATE jobs SET state='running', attempts = attempts + 1 WHERE id = ?", [j["id"]])
    assert jobq.retry_later(db, j["id"], "crash", 0) == "failed"
    assert jobq.retry_failed(db) == 1
    jobq.set_scope(db, [jobs[1]])
    assert jobq.claim(db)["id"] == jobs[1] and jobq.claim(db) is None
    jobq.set_scope(db, None)


# -- image preparation -------------------------------------------------------------------------


def _decoded(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    assert img.format == "JPEG" and img.mode == "RGB"
    return img


def test_prep_shrinks_orients_and_never_touches_the_file(tmp_path: Path) -> None:
    p = make_jpeg(tmp_path / "big.jpg", (4000, 3000), orientation=6)
    before = p.read_bytes()
    img = _decoded(prepare_image(p, 1120))
    assert img.size == (1120, 840)  # upright: the stored pixels were 3000×4000 with orientation 6
    top = img.crop((0, 0, 1120, 100)).resize((1, 1)).getpixel((0, 0))
    assert top[0] > 150 and top[2] < 100  # red on top
    assert p.read_bytes() == before
    assert max(_decoded(prepare_image(p, 640)).size) == 640


@pytest.mark.parametrize(
    "rel",
    ["Phone/HEIC/IMG_2682.heic", "Formats", "Misc/Orientation/Landscape_8.jpg"],
)
def test_prep_every_format(corpus_dir: Path, rel: str) -> None:
    target = corpus_dir / rel
    files = [target] if target.is_file() else sorted(p for p in target.iterdir() if p.suffix.lower() in (
        ".png", ".tif", ".tiff", ".gif", ".webp", ".avif", ".mpo", ".heic"))
    assert files
    for f in files:
        img = _decoded(prepare_image(f, 1120))
        assert max(img.size) <= 1120


def test_prep_raw_preview_and_broken(corpus_dir: Path) -> None:
    raf = corpus_dir / "Raw" / "FujiFilm.raf"  # a stub whose small embedded preview is a real picture
    assert _decoded(prepare_image(raf, 1120)).size == (160, 120)
    dng = next((corpus_dir / "Raw").glob("*.dng"))  # its only preview is one flat colour: nothing to describe
    with pytest.raises(PhotoError, match="no picture in this file"):
        prepare_image(dng, 1120)
    with pytest.raises(PhotoError, match="cannot read the photo"):
        prepare_image(corpus_dir / "Broken" / "not_an_image.jpg")
    with pytest.raises(PhotoError):
        prepare_image(corpus_dir / "Broken" / "empty.jpg")


def test_partial_caption_for_live_display() -> None:
    assert cleanup.partial_caption('{"caption": "A dog \\"Rex\\" runs on the be') == 'A dog "Rex" runs on the be'
    assert cleanup.partial_caption('{"capt') == ""
    assert cleanup.partial_caption("<think>x</think> A dog") == "A dog"
