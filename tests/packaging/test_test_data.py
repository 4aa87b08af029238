"""The test photos in the repository: small, every file listed with its source and licence, unchanged."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.conftest import CORPUS, DATA, corpus_manifest

LIMIT = 15_000_000  # bytes: the repository must stay light to clone


def test_every_photo_is_listed_with_source_and_licence_and_nothing_else_is() -> None:
    rows = corpus_manifest()
    listed = {r["path"] for r in rows}
    on_disk = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file()}
    assert on_disk == listed
    for r in rows:
        assert r["source_repo"] and r["license"], r["path"]
        assert r["source_path"] or r["source_repo"].startswith("(created"), r["path"]


def test_photos_are_byte_for_byte_the_listed_files() -> None:
    for r in corpus_manifest():
        data = (CORPUS / r["path"]).read_bytes()
        assert len(data) == int(r["size_bytes"]), r["path"]
        assert hashlib.sha256(data).hexdigest() == r["sha256"], f"{r['path']} was changed"


def test_the_set_stays_small_and_attributed() -> None:
    total = sum(p.stat().st_size for p in DATA.rglob("*") if p.is_file())
    assert total <= LIMIT, f"tests/data is {total / 1e6:.1f} MB (limit {LIMIT / 1e6:.0f} MB)"
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for row in corpus_manifest():
        owner = row["source_repo"].split("/")[0]
        assert owner in readme or row["source_repo"].startswith("(created"), row["path"]


def test_every_kind_of_file_the_suite_needs_is_here() -> None:
    formats = {r["format"] for r in corpus_manifest()}
    assert {"JPEG", "PNG", "TIFF", "WEBP", "HEIC", "GIF", "AVIF", "MPO", "DNG", "CR2", "NEF", "RW2", "XMP",
            "MP4", "MOV", "AVI", "MKV"} <= formats
    orientations = {r["orientation"] for r in corpus_manifest()}
    assert {str(i) for i in range(9)} <= orientations
