"""What the command line prints cannot act on the terminal, and a file name's stray bytes never break it."""

from __future__ import annotations

import io
import os

from app.core.terminal import SafeStream, escape, one_line


def test_control_characters_are_shown_not_obeyed() -> None:
    assert escape("red\x1b[31m text\u202e") == "red\\x1b[31m text\\u202e"
    assert escape("line\nnext\ttab") == "line\nnext\ttab"  # our own layout stays
    assert one_line("a\nb") == "a\\nb"


def test_undecodable_bytes_of_a_file_name_print_as_their_byte() -> None:
    name = os.fsdecode(b"caf\xe9 \xff.jpg")  # lone surrogates, as the OS hands such a name over
    assert escape(name) == "caf\\xe9 \\xff.jpg" and one_line(name) == "caf\\xe9 \\xff.jpg"
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # strict: a lone surrogate would raise here
    SafeStream(out).write(f"undone (file): {name}\n")
    out.flush()
    assert out.buffer.getvalue().decode("utf-8") == "undone (file): caf\\xe9 \\xff.jpg\n"
