"""Scanner edge cases on generated libraries: incremental rescans, moves, renames, deletions,
missing/purge, unreachable roots, symlink loops, hidden files, caption versions, cancellation."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from PIL import Image

from app.core.progress import CancelToken, Progress
from app.library import scanner
from app.store import captions as captions_store
from app.store import photos as photos_store
from tests.library.gps_photos import jpeg_with_gps


def _jpeg(path: Path, color=(200, 30, 30), size=(64, 48), description: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    if description is not None:
        exif[0x010E] = description
    Image.new("RGB", size, color).save(path, "JPEG", exif=exif.tobytes())
    return path


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    root = tmp_path / "photos"
    _jpeg(root / "a" / "one.jpg", (255, 0, 0), description="A red square on a table")
    _jpeg(root / "a" / "two.jpg", (0, 255, 0))
    _jpeg(root / "b" / "three.jpg", (0, 0, 255), description="OLYMPUS DIGITAL CAMERA")
    return root


def _ids(db) -> dict[str, int]:
    return {r["path"]: r["id"] for r in db.query("SELECT id, path FROM photos")}


def test_first_scan_then_unchanged_rescan_reads_no_file(db, lib: Path) -> None:
    s = scanner.index_folders(db, [str(lib)])
    assert (s.added, s.errors) == (3, [])
    # Replace a file's bytes but keep size and mtime: an unchanged rescan must not even look inside.
    p = lib / "a" / "two.jpg"
    st = p.stat()
    data = bytearray(p.read_bytes())
    data[-3] ^= 0xFF
    p.write_bytes(bytes(data))
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    again = scanner.rescan(db)
    assert again.to_dict() == {"added": 0, "changed": 0, "moved": 0, "missing": 0, "unchanged": 3, "errors": []}


def test_changed_file_is_updated_and_its_caption_follows(db, lib: Path) -> None:
    scanner.index_folders(db, [str(lib)])
    one = photos_store.get_by_path(db, str(lib / "a" / "one.jpg"))
    assert one["caption"] == "A red square on a table" and one["caption_source"] == "file"
    assert len(captions_store.history(db, one["id"])) == 1
    # Same text, file rewritten (new mtime): updated row, but no new caption version.
    _jpeg(lib / "a" / "one.jpg", (255, 0, 0), description="A red square on a table")
    os.utime(lib / "a" / "one.jpg", ns=(1, 10**18))
    s = scanner.rescan(db)
    assert (s.changed, s.unchanged) == (1, 2)
    assert len(captions_store.history(db, one["id"])) == 1
    # The text changed in another app (same picture): a new file version becomes current.
    _jpeg(lib / "a" / "one.jpg", (255, 0, 0), description="A red square, edited elsewhere")
    s = scanner.rescan(db)
    assert (s.changed, s.added, s.replaced) == (1, 0, 0)
    row = photos_store.get(db, one["id"])
    assert row["caption"] == "A red square, edited elsewhere" and row["caption_state"] == "written"
    assert [c["source"] for c in captions_store.history(db, one["id"])] == ["file", "file"]


def test_boilerplate_and_plain_photos_stay_uncaptioned(db, lib: Path) -> None:
    scanner.index_folders(db, [str(lib)])
    three = photos_store.get_by_path(db, str(lib / "b" / "three.jpg"))
    assert three["file_description"] == "OLYMPUS DIGITAL CAMERA"  # kept as read
    assert three["caption_state"] == "none" and three["caption"] is None
    assert captions_store.history(db, three["id"]) == []


def test_move_and_rename_keep_the_id(db, lib: Path) -> None:
    scanner.index_folders(db, [str(lib)])
    before = _ids(db)
    (lib / "c").mkdir()
    os.rename(lib / "a" / "one.jpg", lib / "c" / "moved.jpg")
    os.rename(lib / "b" / "three.jpg", lib / "b" / "renamed.jpg")
    s = scanner.rescan(db)
    assert (s.moved, s.added, s.missing, s.unchanged) == (2, 0, 0, 1)
    after = _ids(db)
    assert after[str(lib / "c" / "moved.jpg")] == before[str(lib / "a" / "one.jpg")]
    assert after[str(lib / "b" / "renamed.jpg")] == before[str(lib / "b" / "three.jpg")]
    moved = photos_store.get(db, after[str(lib / "c" / "moved.jpg")])
    assert moved["folder"] == str(lib / "c") and moved["caption"] == "A red square on a table"


def test_deleted_files_are_marked_missing_then_purged(db, lib: Path) -> None:
    scanner.index_folders(db, [str(lib)])
    gone = photos_store.get_by_path(db, str(lib / "a" / "one.jpg"))
    (lib / "a" / "one.jpg").unlink()
    s = scanner.rescan(db)
    assert (s.missing, s.unchanged) == (1, 2)
    assert photos_store.get(db, gone["id"])["state"] == "missing"
    assert captions_store.history(db, gone["id"])  # nothing deleted yet
    assert scanner.rescan(db).missing == 0  # reported once
    assert scanner.purge_missing(db) == 1
    assert photos_store.get(db, gone["id"]) is None
    assert db.execute("SELECT count(*) FROM captions WHERE photo_id=?", [gone["id"]]).fetchone()[0] == 0


def test_missing_file_that_comes_back_is_ok_again(db, lib: Path, tmp_path: Path) -> None:
    scanner.index_folders(db, [str(lib)])
    pid = _ids(db)[str(lib / "a" / "two.jpg")]
    shutil.move(lib / "a" / "two.jpg", tmp_path / "aside.jpg")
    scanner.rescan(db)
    assert photos_store.get(db, pid)["state"] == "missing"
    shutil.move(tmp_path / "aside.jpg", lib / "a" / "two.jpg")
    s = scanner.rescan(db)
    assert s.changed == 1
    assert photos_store.get(db, pid)["state"] == "ok"


def test_unplugged_root_wipes_nothing(db, lib: Path, tmp_path: Path) -> None:
    scanner.index_folders(db, [str(lib)])
    os.rename(lib, tmp_path / "unplugged")
    s = scanner.rescan(db)
    assert s.missing == 0
    assert s.errors == [{"path": str(lib), "error": s.errors[0]["error"]}]
    assert s.errors[0]["error"].startswith("folder not reachable")
    assert photos_store.counts(db)["index"] == {"ok": 3, "error": 0, "missing": 0}


def test_symlink_loops_hidden_and_junk_files(db, lib: Path) -> None:
    os.symlink(lib, lib / "a" / "loop")  # a loop back to the root
    os.symlink(lib / "b", lib / "b-again")  # a second way into a folder
    _jpeg(lib / ".hidden" / "secret.jpg")
    _jpeg(lib / "a" / ".dotfile.jpg")
    (lib / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (lib / "Thumbs.db").write_bytes(b"junk")
    (lib / "notes.txt").write_text("not a photo")
    s = scanner.index_folders(db, [str(lib)])
    assert s.added == 3 and s.errors == []
    assert len(_ids(db)) == 3


def test_bad_files_are_reported_and_the_scan_goes_on(db, lib: Path) -> None:
    (lib / "zero.jpg").write_bytes(b"")
    (lib / "text.png").write_text("hello")
    good = (lib / "a" / "one.jpg").read_bytes()
    (lib / "cut.jpg").write_bytes(good[: len(good) // 2])
    (lib / "pic.jxl").write_bytes(b"\xff\x0a" + b"\x00" * 100)
    s = scanner.index_folders(db, [str(lib)])
    errors = {os.path.basename(e["path"]): e["error"] for e in s.errors}
    assert errors == {"zero.jpg": "empty file (0 bytes)", "text.png": "not an image or unsupported format",
                      "cut.jpg": "truncated file", "pic.jxl": "unsupported format: JPEG XL"}
    assert s.added == 7
    assert photos_store.counts(db)["index"]["ok"] == 3


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files regardless of permissions")
def test_unreadable_file_and_folder(db, lib: Path) -> None:
    (lib / "a" / "two.jpg").chmod(0)
    (lib / "b").chmod(0)
    try:
        scanner.index_folders(db, [str(lib)])
        s = scanner.rescan(db)
    finally:
        (lib / "a" / "two.jpg").chmod(0o644)
        (lib / "b").chmod(0o755)
    assert any("not readable" in e["error"] for e in s.errors)
    assert photos_store.counts(db)["index"]["missing"] == 0  # below an unreadable folder: unknown, not missing


def test_pool_probing_matches_inline(db, tmp_path: Path) -> None:
    root = tmp_path / "many"
    src = _jpeg(tmp_path / "src.jpg", description="Shared caption text")
    for i in range(scanner.POOL_THRESHOLD + 50):
        d = root / f"d{i // 100}"
        d.mkdir(parents=True, exist_ok=True)
        os.link(src, d / f"p{i}.jpg")
    s = scanner.index_folders(db, [str(root)], workers=2)
    assert s.added == scanner.POOL_THRESHOLD + 50 and not s.errors
    widths = {r[0] for r in db.execute("SELECT width FROM photos")}
    assert widths == {64}


def test_cancel_stops_and_marks_nothing_missing(db, lib: Path) -> None:
    scanner.index_folders(db, [str(lib)])
    for i in range(30):
        _jpeg(lib / "new" / f"n{i}.jpg", (i, i, i))
    (lib / "a" / "two.jpg").unlink()
    token = CancelToken()

    def progress(p: Progress) -> None:
        if p.phase == "reading":
            token.cancel()

    s = scanner.rescan(db, progress=progress, cancel=token)
    assert s.cancelled and s.missing == 0
    assert photos_store.counts(db)["index"]["missing"] == 0
    done = scanner.rescan(db)  # a later scan finishes the job
    assert done.missing == 1 and done.added == 30


def test_split_plan_and_apply_through_the_owner(tmp_path: Path, lib: Path) -> None:
    from app.store.owner import DbOwner

    owner = DbOwner(tmp_path / "lib.db")
    try:
        rid = owner.call(photos_store.add_root, str(lib))
        known = owner.call(scanner.load_known)
        summary = scanner.ScanSummary()
        for batch in scanner.plan_scan(known, [(rid, str(lib))], summary):
            owner.call(scanner.apply_batch, batch)
        assert summary.added == 3
        assert owner.call(lambda d: d.execute("SELECT count(*) FROM photos").fetchone()[0]) == 3
    finally:
        owner.close()


SIDECAR = """<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt>
<rdf:li xml:lang="x-default">{text}</rdf:li></rdf:Alt></dc:description>
<dc:subject><rdf:Bag><rdf:li>sidecar</rdf:li></rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta>"""


def test_sidecar_overrides_and_its_edits_are_picked_up(db, lib: Path) -> None:
    photo = lib / "a" / "one.jpg"
    side = lib / "a" / "one.jpg.xmp"
    side.write_text(SIDECAR.format(text="From the sidecar"), encoding="utf-8")
    scanner.index_folders(db, [str(lib)])
    row = photos_store.get_by_path(db, str(photo))
    assert (row["file_description"], row["file_keywords"], row["sidecar_path"]) == (
        "From the sidecar", '["sidecar"]', str(side))
    assert row["caption"] == "From the sidecar"
    # another app edits only the sidecar: the photo is changed, the new text becomes the caption
    side.write_text(SIDECAR.format(text="Edited in darktable"), encoding="utf-8")
    later = photo.stat().st_mtime_ns + 10**10
    os.utime(side, ns=(later, later))
    s = scanner.rescan(db)
    assert (s.changed, s.unchanged) == (1, 2)
    assert photos_store.get(db, row["id"])["caption"] == "Edited in darktable"
    assert scanner.rescan(db).unchanged == 3  # stable afterwards
    side.unlink()  # sidecar removed: back to the embedded text
    assert scanner.rescan(db).changed == 1
    assert photos_store.get(db, row["id"])["file_description"] == "A red square on a table"


def test_refresh_photo_makes_the_next_rescan_quiet(db, lib: Path) -> None:
    scanner.index_folders(db, [str(lib)])
    photo = lib / "a" / "two.jpg"
    pid = photos_store.get_by_path(db, str(photo))["id"]
    _jpeg(photo, (0, 255, 0), description="Written by our writer")  # as if the writer changed it
    rec = scanner.refresh_photo(db, pid)
    assert rec["file_description"] == "Written by our writer"
    assert photos_store.get(db, pid)["caption"] == "Written by our writer"
    assert scanner.rescan(db).to_dict()["unchanged"] == 3


def test_folder_that_cannot_be_listed_is_reported_and_the_scan_goes_on(db, lib: Path) -> None:
    """Works as root too: a folder nested past PATH_MAX cannot be opened by its path (ENAMETOOLONG)."""
    fd = os.open(lib, os.O_RDONLY)
    try:
        depth = 0
        while len(str(lib)) + depth * 201 < 4200:
            os.mkdir("d" * 200, dir_fd=fd)
            nxt = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
            depth += 1
    finally:
        os.close(fd)
    s = scanner.index_folders(db, [str(lib)])
    assert s.added == 3
    assert len(s.errors) == 1 and "too long" in s.errors[0]["error"].lower()
    assert s.errors[0]["path"].startswith(str(lib / ("d" * 200)))


@pytest.mark.exiftool
@pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool not installed")
def test_raw_read_by_exiftool_with_lightroom_sidecar(db, tmp_path: Path, corpus_dir: Path) -> None:
    root = tmp_path / "raw"
    root.mkdir()
    shutil.copy(corpus_dir / "Raw/Nikon.nef", root / "DSC_0001.NEF")
    shutil.copy(corpus_dir / "Raw/CanonRaw.cr2", root / "IMG_0002.CR2")
    (root / "IMG_0002.xmp").write_text(SIDECAR.format(text="Canon with a Lightroom sidecar"), encoding="utf-8")
    s = scanner.index_folders(db, [str(root)])
    assert (s.added, s.errors) == (2, [])
    nef = photos_store.get_by_path(db, str(root / "DSC_0001.NEF"))
    assert (nef["format"], nef["width"], nef["height"], nef["camera_model"]) == ("NEF", 3040, 2014, "NIKON D70")
    assert nef["file_description"] == "A caption" and nef["caption_source"] == "file"
    cr2 = photos_store.get_by_path(db, str(root / "IMG_0002.CR2"))
    assert cr2["file_description"] == "Canon with a Lightroom sidecar"
    assert cr2["file_keywords"] == '["sidecar"]' and cr2["sidecar_path"] == str(root / "IMG_0002.xmp")


def test_probing_goes_on_while_a_batch_is_written(db, tmp_path: Path, monkeypatch) -> None:
    """The planner (walk, probe) and the writer do not share a thread: while the first batch is
    written, the files of the next batch are already being read."""
    root = tmp_path / "many"
    for i in range(12):  # 6 batches: the planner can be at most 3 batches ahead of the writer
        _jpeg(root / f"{i}.jpg", (i * 20, 0, 0))
    monkeypatch.setattr(scanner, "BATCH", 2)
    monkeypatch.setattr(scanner, "CHUNK", 1)
    writing, read_meanwhile = threading.Event(), threading.Event()
    real_probe, real_apply = scanner.probe_chunk, scanner.apply_batch
    writer_threads: set[int] = set()

    def probe(chunk):
        if writing.is_set():
            read_meanwhile.set()
        return real_probe(chunk)

    def apply(db_, batch, **kw):
        writer_threads.add(threading.get_ident())
        if not writing.is_set():  # the first batch: held until a file is read meanwhile
            writing.set()
            assert read_meanwhile.wait(10), "reading waited for the database write"
        return real_apply(db_, batch, **kw)

    monkeypatch.setattr(scanner, "probe_chunk", probe)
    monkeypatch.setattr(scanner, "apply_batch", apply)
    s = scanner.index_folders(db, [str(root)], workers=1)
    assert (s.added, s.errors) == (12, [])
    assert writer_threads == {threading.get_ident()}  # the caller's thread owns the connection
    assert db.execute("SELECT count(*) FROM photos").fetchone()[0] == 12


def test_places_are_loaded_from_the_first_photo_with_gps_on_and_never_without_one(db, lib: Path,
                                                                                    monkeypatch) -> None:
    """Loading the place index costs seconds of CPU on a machine that has not cached it yet: a scan of
    photos without a GPS fix never starts it (a short command also left it half done at exit, so the
    next one paid again); the first photo with a fix starts it on a helper thread, once."""
    from app.library import grounding

    calls: list[int] = []
    monkeypatch.setattr(grounding, "load_soon", lambda: calls.append(1))
    scanner.index_folders(db, [str(lib)])
    assert calls == []  # no GPS in these photos
    jpeg_with_gps(lib / "c" / "paris.jpg")
    jpeg_with_gps(lib / "c" / "paris2.jpg")
    scanner.rescan(db)
    assert calls == [1]  # started while the files are read, once
    assert db.execute("SELECT gps_lat FROM photos WHERE path LIKE '%paris.jpg'").fetchone()[0] > 48
    scanner.rescan(db)
    assert calls == [1]  # nothing to read: nothing to look up


SCAN_WITH_PLACES = r"""
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from app.facts import geocoder
from app.library import scanner
from app.store import db as dbmod
assert not geocoder.loaded()
db = dbmod.connect(Path(sys.argv[2]) / "lib.db")
s = scanner.index_folders(db, [sys.argv[3]], workers=1)
row = db.execute("SELECT g.country_code FROM photo_grounding g JOIN photos p ON p.id = g.photo_id "
                 "WHERE p.filename = 'paris.jpg'").fetchone()
print(s.added, row[0] if row else None, flush=True)
"""


@pytest.mark.skipif(not shutil.which("exiftool"), reason="exiftool missing")
def test_the_place_loading_thread_and_exiftool_start_together_without_a_hang(tmp_path: Path) -> None:
    """The real helper thread (no stand-in) starts from the first photo with a fix, in the same batch
    that starts exiftool for a file Pillow cannot open (a fork beside a thread that imports: this hung
    once, when exiftool was started with a ``preexec_fn``). A process of its own, so a hang is a timeout."""
    import signal
    import subprocess
    import sys

    root = tmp_path / "photos"
    jpeg_with_gps(root / "paris.jpg")
    (root / "broken.jpg").write_bytes(b"not a picture at all" * 10)
    repo = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-c", SCAN_WITH_PLACES, str(repo), str(tmp_path), str(root)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the scan hung with the place-loading thread beside exiftool's start")
    assert proc.returncode == 0, err[-2000:]
    assert out.split() == ["2", "FR"]
