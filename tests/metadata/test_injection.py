"""Argument-injection payloads (newlines that would start new exiftool arguments, option-like text,
Perl-looking text) as captions, keywords and file names.

Each payload must arrive as exactly that text (after the documented clean-up: CRLF -> LF, C0/C1
controls other than LF/TAB dropped from captions, all controls from keywords), and nothing else may
change: the whole tmp dir is snapshotted, a marker file proves no Perl ran, a bystander file stays
byte-identical.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "review"))
from review_helpers import copy_corpus, diff, dump, make_photo, read_tags, tree  # noqa: E402

from app.metadata.escape import clean_caption, clean_keyword  # noqa: E402
from app.review import lifecycle, writeback  # noqa: E402
from app.metadata.writer import WritePolicy  # noqa: E402

pytestmark = [pytest.mark.exiftool, pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")]


def payloads(root: Path) -> list[str]:
    other = root / "bystander.jpg"
    marker = root / "PWNED"
    return [
        f"A cat\n{other}",
        "A dog\n-all=",
        f"Sunset\n-if\nsystem(q{{touch {marker}}}) || 1",
        "Beach\nV\n-execute\n-overwrite_original\n-XMP-dc:Description=INJECTED",
        f"x\n-execute\n-delete_original!\n{root}",
        "Line one\n  indented\n# hash\nline four",
        "-all= -execute ${FileName} #[CSTR]",
        " leading space \\ back\\slash \\n $dollar @at #hash ${Make}",
        "CR\rLF\r\nLS\u2028NEL\u0085 tab\t end",
        "base64:SGVsbG8gd29ybGQ=",
        "--",
        "\u22121 minus-sign option -ver",
        "-@\n-",
        "\"quoted\" 'single' <xml attr=\"1\"/> &amp; ]]>",
    ]


def _setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    root = tmp_path / "lib"
    photo = copy_corpus("Phone/Camera Roll/HTC Desire.jpg", root, "target.jpg")
    other = copy_corpus("Archive/Web copies/Nikon_D70.jpg", root, "bystander.jpg")
    return root, photo, other


def _write(db, photo: Path, text: str, keywords: list[str]) -> writeback.WriteOutcome:
    pid = make_photo(db, photo, text=text, keywords=keywords)
    lifecycle.approve(db, pid)
    with writeback.WriterSession(WritePolicy()) as s:
        return writeback.write_photo(writeback.direct(db), s.writer, pid)


def _check_only_target_changed(root: Path, photo: Path, snap: dict[str, str], before: dict) -> None:
    after_tree = tree(root)
    assert set(after_tree) == set(snap), set(after_tree) ^ set(snap)
    changed = {k for k in snap if snap[k] != after_tree[k]}
    assert changed == {photo.name}
    assert not (root / "PWNED").exists()
    allowed = {"XMP-dc:Description", "IFD0:ImageDescription", "XMP-dc:Subject", "XMP-lr:HierarchicalSubject"}
    changed_tags = {k for k in diff(before, dump(photo)) if not k.startswith("XMP-albumwise:")}
    assert changed_tags <= allowed | {"IFD0:YCbCrPositioning"}, changed_tags


@pytest.mark.parametrize("n", range(14))
def test_payload_as_caption(db, tmp_path: Path, n: int) -> None:
    root, photo, _ = _setup(tmp_path)
    text = payloads(root)[n]
    snap, before = tree(root), dump(photo)
    res = _write(db, photo, text, ["safe"])
    assert res.error is None, res.error
    tags = read_tags(photo, "XMP-dc:Description", "IFD0:ImageDescription")
    assert tags["XMP-dc:Description"] == clean_caption(text)
    assert tags["IFD0:ImageDescription"] == clean_caption(text)
    _check_only_target_changed(root, photo, snap, before)


def test_every_payload_as_keywords(db, tmp_path: Path) -> None:
    root, photo, _ = _setup(tmp_path)
    words = payloads(root)
    snap, before = tree(root), dump(photo)
    res = _write(db, photo, "A plain caption", words)
    assert res.error is None, res.error
    subject = read_tags(photo, "XMP-dc:Subject")["XMP-dc:Subject"]
    want = []
    for w in words:
        c = clean_keyword(w)
        if c and c.casefold() not in {x.casefold() for x in want}:
            want.append(c)
    assert [str(s) for s in subject] == want
    _check_only_target_changed(root, photo, snap, before)


NAMES = ["-1 Nikon D70s.jpg", "-all=.jpg", "#hash.jpg", " leading space.jpg", "-.jpg", "--.jpg",
         "$FileName.jpg", "-execute.jpg", "@.jpg", "a;b&c|d.jpg", "日本 שלום.jpg"]


@pytest.mark.parametrize("name", NAMES)
def test_hostile_file_names_are_written_as_files(db, tmp_path: Path, name: str) -> None:
    root = tmp_path / "lib"
    photo = copy_corpus("Phone/Camera Roll/HTC Desire.jpg", root, name)
    copy_corpus("Archive/Web copies/Nikon_D70.jpg", root, "bystander.jpg")
    snap, before = tree(root), dump(photo)
    res = _write(db, photo, "Named safely", ["k"])
    assert res.error is None, res.error
    assert read_tags(photo, "XMP-dc:Description")["XMP-dc:Description"] == "Named safely"
    _check_only_target_changed(root, photo, snap, before)


def test_file_name_with_line_breaks_is_refused_and_nothing_changes(db, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    photo = copy_corpus("Phone/Camera Roll/HTC Desire.jpg", root, "evil\n-all=\nx.jpg")
    copy_corpus("Archive/Web copies/Nikon_D70.jpg", root, "bystander.jpg")
    copy_corpus("Archive/Web copies/Kodak_CX7530.jpg", root, "x.jpg")
    snap = tree(root)
    res = _write(db, photo, "Never written", ["k"])
    assert res.error and "line break" in res.error
    assert "\n" not in res.error.replace(str(photo), "")  # one line apart from the echoed name
    assert tree(root) == snap
