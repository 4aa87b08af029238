"""Escaping for exiftool's argument pipe: no value or path may ever become two arguments."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, strategies as st

from app.metadata.escape import UnsafePathError, clean_caption, clean_keyword, clean_keywords, ec, safe_path


def test_ec_escapes_every_control_character_and_backslash() -> None:
    assert ec("a\nb") == "a\\x0ab"
    assert ec("a\r\nb\tc") == "a\\x0d\\x0ab\\x09c"
    assert ec("back\\slash") == "back\\\\slash"
    assert ec(" lead") == "\\x20lead"
    assert ec("in side") == "in side"
    assert ec("del\x7f") == "del\\x7f"
    assert ec("日本語 😀 $x @y #z") == "日本語 😀 $x @y #z"


def test_ec_bytes_escapes_high_bytes_for_exact_restore() -> None:
    assert ec(b"caf\xe9\n") == "caf\\xe9\\x0a"


@given(st.text())
def test_ec_output_never_contains_a_raw_control_character(text: str) -> None:
    out = ec(text)
    assert not any(ord(c) < 0x20 or ord(c) == 0x7F for c in out)
    assert not out.startswith(" ")


def test_clean_caption_normalises_line_ends_and_drops_controls() -> None:
    assert clean_caption("one\r\ntwo\rthree\x00\x1b[31m\u0085") == "one\ntwo\nthree[31m"
    assert clean_caption("  tabs\tstay \n") == "tabs\tstay"


def test_clean_keyword_is_one_line() -> None:
    assert clean_keyword("Night\n-all=") == "Night -all="
    assert clean_keyword(" a\tb\u2028c ") == "a b c"
    assert clean_keywords(["Dog", "dog", " DOG ", "", "\n", "Cat"]) == ["Dog", "Cat"]


def test_safe_path_is_absolute_and_rejects_line_breaks(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # undone after the test: later tests run where they started
    assert safe_path("-all=.jpg") == str(tmp_path / "-all=.jpg")
    for bad in ("a\n-all=\nb.jpg", "a\rb.jpg", "a\0b.jpg"):
        with pytest.raises(UnsafePathError):
            safe_path(tmp_path / bad)
