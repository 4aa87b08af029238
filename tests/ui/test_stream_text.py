"""The live caption view reads the caption out of partial JSON, plain text passes through."""

from __future__ import annotations

from hypothesis import given, strategies as st

from app.ui.stream_text import visible_caption, visible_keywords
import json


def test_partial_json_shows_only_the_caption():
    raw = '{"caption": "A dog runs on the beach,\\n then \\"stops\\"'
    assert visible_caption(raw) == 'A dog runs on the beach,\n then "stops"'
    assert visible_caption('{"capt') == ""
    assert visible_caption("<think>hmm</think>A red car") == "A red car"
    assert visible_caption("<think>still thinking") == ""
    done = '{"caption": "A red car.", "keywords": ["car", "red", "str'
    assert visible_caption(done) == "A red car."
    assert visible_keywords(done) == ["car", "red"]


@given(st.text(max_size=80), st.lists(st.text(min_size=1, max_size=10), max_size=4), st.integers(0, 200))
def test_every_prefix_of_a_json_answer_is_a_prefix_of_the_caption(caption, keywords, cut):
    raw = json.dumps({"caption": caption, "keywords": keywords})
    shown = visible_caption(raw[:cut])
    assert caption.startswith(shown) or shown == caption.lstrip()
    assert visible_caption(raw) == caption or visible_caption(raw) == caption.lstrip()
